/**
 * The analyst's day on the demo organisation, in a real browser against `palisade demo`: the queue
 * filtered to high severity, the phishing incident and its attack story, an alert's process tree, go hunt,
 * a query edited, run, charted and saved, a detection rule from it, then the incident assigned, classified
 * and resolved and its activity log. Each step is one test on one page, in order; each saves a screenshot
 * (test-results/analyst-day-NN-*.png).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, resultsDir, screenshot } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { poll, signedInContext, trackErrors } from './investigation-helpers.ts';
import { editorText, settledScreenshot, startSmallDemo, typeQuery } from './analyst-day-helpers.ts';
import type { DemoStatus } from './analyst-day-helpers.ts';

const stories = ['insider-exfiltration', 'it-pentest-benign', 'kerberoasting-recon', 'linux-cryptominer', 'password-spray-bec', 'phish-macro-lateral', 'ransomware', 'url-click-persistence'];

describe("the analyst's day on the demo organisation", () => {
  let portal: RunningPortal;
  let status: DemoStatus;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  /** Set by the steps as the walk goes: the phishing incident's page, and the device the story started on. */
  let incidentUrl = '';
  let incidentName = '';
  let device = '';
  /** Devices the encoded PowerShell ran on (rows of the edited query). */
  let devices = 0;

  /** The walk is one story: once a step fails, the later ones say so instead of timing out one by one. */
  let broken: string | undefined;
  const step = (name: string, fn: () => Promise<void> | void): void => {
    it(name, async () => {
      if (broken !== undefined) throw new Error(`not run: the step "${broken}" failed`);
      try {
        await fn();
      } catch (err) {
        broken = name;
        await screenshot(page, 'analyst-day-failed').catch(() => undefined);
        // A blank page is usually a script error: say which.
        if (errors.length > 0 && err instanceof Error) err.message += `\nPage errors: ${errors.join('\n')}`;
        throw err;
      }
    });
  };

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    // This run's screenshots only: a stale one from an earlier run would pass for this run's screen.
    for (const f of readdirSync(resultsDir, { withFileTypes: true })) if (f.name.startsWith('analyst-day-') && f.name.endsWith('.png')) rmSync(join(resultsDir, f.name));
    [{ portal, status }, browser] = await Promise.all([startSmallDemo(), launchBrowser()]);
    context = await signedInContext(browser, portal.url);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    errors = trackErrors(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.stop();
  });

  step('starts from a seeded demo: every story, every rule run over it', () => {
    expect(status.seeding).toBe('done');
    expect(status.stories.map((s) => s.id).sort()).toEqual(stories);
    expect(status.rows).toBeGreaterThan(10_000);
    expect(status.detections.pending).toBe(0);
  });

  step('opens the incident queue and filters it to high severity', async () => {
    await page.goto(`${portal.url}/`);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Incidents' });
    await poll(() => table.getByRole('row').count()).toBeGreaterThan(4);
    const all = Number(/of (\d+)$/.exec((await page.getByRole('status').filter({ hasText: / of / }).textContent()) ?? '')?.[1]);
    await settledScreenshot(page, 'analyst-day-01-queue');

    await page.getByRole('combobox', { name: 'Severity' }).click();
    await page.getByRole('menu', { name: 'Severity' }).getByRole('menuitemcheckbox', { name: 'High' }).click();
    await page.keyboard.press('Escape');
    await poll(() => new URL(page.url()).searchParams.get('severity')).toBe('high');
    await poll(async () => Number(/of (\d+)$/.exec((await page.getByRole('status').filter({ hasText: / of / }).textContent()) ?? '')?.[1])).toBeLessThan(all);
    // Every row left is high severity (whichever columns the person chose to show).
    const rows = table.getByRole('row').filter({ has: page.getByRole('link') });
    expect(await rows.count()).toBeGreaterThan(0);
    // (textContent runs the cells together: no word boundaries around the severity)
    expect(await rows.filter({ hasText: /Medium|Low|Informational/ }).count()).toBe(0);
    expect(await rows.filter({ hasText: /High/ }).count()).toBe(await rows.count());
    await settledScreenshot(page, 'analyst-day-02-queue-high');
  });

  step('opens the phishing incident, found by its categories: initial access, execution (the macro) and lateral movement', async () => {
    const table = page.getByRole('table', { name: 'Incidents' });
    const row = table.getByRole('row').filter({ hasText: /Initial access/ }).filter({ hasText: /Execution/ }).filter({ hasText: /Lateral movement/ });
    await poll(() => row.count()).toBe(1);
    const link = row.getByRole('link');
    incidentName = (await link.textContent()) ?? '';
    await link.click();
    await page.getByRole('heading', { level: 1, name: incidentName }).waitFor();
    incidentUrl = page.url();
    // The macro mail is where it started: the timeline names the .docm attachment delivered to the user.
    const timeline = page.getByRole('region', { name: 'Alert timeline' });
    await timeline.getByRole('listitem').first().waitFor();
    await poll(() => timeline.getByRole('listitem').allTextContents()).toContainEqual(expect.stringMatching(/Macro attachment .+\.docm delivered to/));
  });

  step('reads the attack story graph: alerts linked through the device, the user and the mailbox', async () => {
    const graph = page.getByRole('img', { name: /^Attack story graph: \d+ alerts linked through \d+ entities/ });
    await graph.waitFor();
    await page.locator('canvas').first().waitFor();
    const name = (await graph.getAttribute('aria-label')) ?? '';
    expect(name).toMatch(/Devices: [1-9]\d*/);
    expect(name).toMatch(/Users: [1-9]\d*/);
    expect(name).toMatch(/Mailboxes: [1-9]\d*/);
    await settledScreenshot(page, 'analyst-day-03-attack-story');

    // The same entities by name on the Assets tab: the mail's recipient is a user with a mailbox and a device.
    await page.getByRole('tab', { name: 'Assets' }).click();
    const mailboxes = page.getByRole('group', { name: 'Mailboxes' }).or(page.getByLabel('Mailboxes'));
    // Each asset's name is its entity page link (risk and alert count follow it in the item).
    const recipient = (await mailboxes.getByRole('listitem').first().getByRole('link').textContent()) ?? '';
    expect(recipient).toMatch(/^[^@\s]+@[^@\s]+$/);
    const users = page.getByRole('group', { name: 'Users' }).or(page.getByLabel('Users'));
    expect(await users.getByRole('link').allTextContents()).toContain(recipient);
    expect(await page.getByRole('group', { name: 'Devices' }).or(page.getByLabel('Devices')).getByRole('listitem').count()).toBeGreaterThan(1);
    await settledScreenshot(page, 'analyst-day-04-assets');
  });

  step("opens the endpoint alert's process tree: Word started the encoded PowerShell", async () => {
    await page.getByRole('tab', { name: /^Alerts/ }).click();
    const alerts = page.getByRole('table', { name: 'Alerts of the incident' });
    const alert = alerts.getByRole('link', { name: /^WINWORD\.EXE spawned powershell\.exe on / });
    const title = (await alert.textContent()) ?? '';
    device = / on (\S+)$/.exec(title)?.[1] ?? '';
    expect(device).not.toBe('');
    await settledScreenshot(page, 'analyst-day-05-alerts');
    await alert.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const tree = page.getByRole('tree', { name: 'Process tree' });
    const parent = tree.getByRole('treeitem', { name: /^WINWORD\.EXE/i });
    await parent.waitFor();
    const child = parent.getByRole('treeitem', { name: /^powershell\.exe/i });
    await child.waitFor();
    expect(await child.textContent()).toMatch(/powershell(\.exe)? .*-e(nc|ncodedcommand)? \S+/i);
    await settledScreenshot(page, 'analyst-day-06-process-tree');
  });

  step('goes hunting from the alert: the prepared query for the device opens in its own tab', async () => {
    await page.getByRole('link', { name: `Go hunt ${device}` }).click();
    await page.getByRole('heading', { name: 'Advanced hunting', level: 1 }).waitFor();
    await page.getByRole('tablist', { name: 'Query tabs' }).getByRole('tab', { name: `Hunt: ${device}` }).waitFor();
    await poll(() => editorText(page)).toContain(`where DeviceName =~ "${device}"`);
    // The demo's day ended up to a week ago (see startSmallDemo): look back 30 days.
    await page.getByRole('combobox', { name: 'Time range' }).click();
    await page.getByRole('option', { name: 'Last 30 days' }).click();
    await page.getByRole('button', { name: 'Run query' }).click();
    const grid = page.getByRole('grid', { name: 'Query results' });
    await grid.waitFor();
    await poll(() => page.getByRole('status').filter({ hasText: /rows$/ }).textContent()).toMatch(/^[1-9][\d,]* rows$/);
    // Among the device's latest 500 process events, the encoded PowerShell the alert was about.
    await grid.getByRole('textbox', { name: 'Filter ProcessCommandLine' }).fill('-enc');
    await poll(() => page.getByRole('status').filter({ hasText: /rows$/ }).textContent()).toMatch(/^[1-9][\d,]* of [\d,]+ rows$/);
    expect(await grid.getByRole('row').filter({ hasText: /powershell\.exe/i }).count()).toBeGreaterThan(0);
    await settledScreenshot(page, 'analyst-day-07-go-hunt');
  });

  step('edits the query to where else the encoded PowerShell ran, runs it and charts it', async () => {
    await typeQuery(page, 'DeviceProcessEvents\n| where FileName =~ "powershell.exe" and ProcessCommandLine contains " -enc"\n| summarize Launches = count() by DeviceName\n| order by Launches desc');
    await poll(() => page.getByLabel('Problems').count()).toBe(0);
    await page.keyboard.press('Shift+Enter');
    const grid = page.getByRole('grid', { name: 'Query results' });
    await poll(() => grid.getByRole('columnheader', { name: /Launches/ }).count()).toBe(1);
    await poll(() => grid.textContent()).toContain(device);
    // The story moved on from the first device: the same command line ran on others.
    const rows = Number(/^(\d+) rows?$/.exec((await page.getByRole('status').filter({ hasText: /rows?$/ }).textContent()) ?? '')?.[1]);
    expect(rows).toBeGreaterThan(1);
    devices = rows;
    await settledScreenshot(page, 'analyst-day-08-query-edited');

    await page.getByRole('button', { name: 'Chart' }).click();
    await page.getByRole('img', { name: new RegExp(`chart of ${rows} rows`, 'i') }).waitFor();
    await page.locator('canvas').first().waitFor();
    await settledScreenshot(page, 'analyst-day-09-chart');
  });

  step('saves the query', async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Save query' });
    await dialog.getByRole('textbox', { name: /Name/ }).fill('Encoded PowerShell by device');
    await dialog.getByRole('textbox', { name: /Folder/ }).fill('Phishing');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('tablist', { name: 'Query tabs' }).getByRole('tab', { name: 'Encoded PowerShell by device' }).waitFor();
    await page.getByRole('tab', { name: 'Queries' }).click();
    await page.getByRole('region', { name: /My queries \/ Phishing/ }).getByRole('button', { name: 'Encoded PowerShell by device', exact: true }).waitFor();
    await settledScreenshot(page, 'analyst-day-10-saved');
  });

  step('creates a detection rule from the query: entity mapping from the result columns, first run raises alerts', async () => {
    await page.getByRole('tab', { name: 'Schema' }).click();
    await page.getByRole('button', { name: 'Create detection rule' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create detection rule' }).waitFor();
    await poll(() => page.getByText(/The entity mapping is filled in from the result columns/).textContent()).toMatch(/DeviceName/);
    expect(await page.getByRole('combobox', { name: 'Device name' }).inputValue()).toBe('DeviceName');
    const name = page.getByRole('textbox', { name: 'Name' });
    expect(await name.inputValue()).toBe('Encoded PowerShell by device');
    await page.getByRole('textbox', { name: 'Alert title' }).fill('Encoded PowerShell on {{DeviceName}}');
    await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
    await settledScreenshot(page, 'analyst-day-11-rule-form');
    await page.getByRole('button', { name: 'Create rule' }).click();
    const heading = page.getByRole('heading', { level: 1, name: 'Encoded PowerShell by device' });
    await heading.waitFor();
    // Run it now: the query's rows, one per device, and (a new rule looks back 30 days) an alert per device.
    await page.getByRole('button', { name: 'Run now' }).click();
    await poll(() => page.getByText(/^\d+ rows, \d+ new alerts?, \d+ updated/).textContent()).toMatch(new RegExp(`^${devices} rows, ${devices} new alerts, 0 updated`));
    await page.getByRole('tab', { name: /^Run history/ }).click();
    await poll(() => page.getByRole('table', { name: 'Runs' }).textContent()).toContain(`${devices} alerts`);
    await heading.scrollIntoViewIfNeeded();
    await settledScreenshot(page, 'analyst-day-12-rule-runs');
  });

  step('assigns, classifies and resolves the incident', async () => {
    await page.goto(incidentUrl);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Manage incident' }).click();
    const dialog = page.getByRole('dialog', { name: /Manage incident/ });
    await dialog.getByRole('textbox', { name: /Assigned to/ }).fill('analyst@halvorsen-maritime.com');
    await dialog.getByRole('combobox', { name: 'Classification' }).click();
    await page.getByRole('option', { name: 'True positive' }).click();
    await dialog.getByRole('combobox', { name: 'Determination' }).click();
    await page.getByRole('option', { name: 'Phishing' }).click();
    await dialog.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Resolved' }).click();
    await dialog.getByRole('textbox', { name: 'Resolving comment' }).fill('Macro mail purged, implant removed, admin credentials rotated.');
    await settledScreenshot(page, 'analyst-day-13-manage');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await poll(() => page.locator('header').filter({ hasText: 'Assigned to' }).textContent()).toMatch(/Resolved.*analyst@halvorsen-maritime\.com.*True positive – Phishing/);
    await settledScreenshot(page, 'analyst-day-14-resolved');
  });

  step('sees those changes in the activity log', async () => {
    await page.getByRole('tab', { name: 'Activity log' }).click();
    const log = page.getByRole('region', { name: 'Activity log' });
    await poll(() => log.textContent()).toMatch(/analyst@halvorsen-maritime\.com/);
    const text = (await log.textContent()) ?? '';
    expect(text).toMatch(/resolved/i);
    expect(text).toMatch(/true ?positive/i);
    expect(text).toMatch(/Macro mail purged/);
    await settledScreenshot(page, 'analyst-day-15-activity-log');
    expect(errors).toEqual([]);
  });
});
