import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, startPortal } from './harness.ts';
import { ingestRows, mainRegionViolations, poll, processEvents, signedInContext, trackErrors } from './investigation-helpers.ts';
import type { RunningPortal } from './harness.ts';

/** Replaces the editor's text (Monaco keeps its own model; typing is how a person does it). */
async function typeQuery(page: Page, text: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: /Query editor/ });
  await editor.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // Type line by line; Monaco's auto-indent and suggestions must not change what we typed.
  await page.keyboard.insertText(text);
}

/** The text Monaco shows (it renders spaces as no-break spaces). */
async function editorText(page: Page): Promise<string> {
  return ((await page.locator('.view-lines').textContent()) ?? '').replaceAll('\u00a0', ' ');
}

describe('advanced hunting in a real browser', () => {
  let portal: RunningPortal;
  let browser: Browser;
  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    await ingestRows(portal.url, [
      ...processEvents(1500),
      { Table: 'DeviceEvents', Timestamp: new Date(Date.now() - 60_000).toISOString(), DeviceId: 'dev-000', DeviceName: 'ws-000.contoso.test', ActionType: 'AntivirusDetection', FileName: 'evil.exe', AdditionalFields: { ThreatName: 'Trojan:Win32/Test', WasRemediated: true } },
      { Table: 'EmailEvents', Timestamp: new Date(Date.now() - 120_000).toISOString(), NetworkMessageId: 'msg-0001', SenderFromAddress: 'billing@invoices.example', RecipientEmailAddress: 'ann@contoso.test', Subject: 'Invoice 4471 overdue', EmailDirection: 'Inbound', DeliveryAction: 'Delivered', DeliveryLocation: 'Inbox/folder', AttachmentCount: 1, UrlCount: 0 },
      { Table: 'UrlClickEvents', Timestamp: new Date(Date.now() - 90_000).toISOString(), Url: 'https://invoices.example/view', ActionType: 'ClickAllowed', AccountUpn: 'ann@contoso.test', Workload: 'Email', NetworkMessageId: 'msg-0001', IsClickedThrough: true, IPAddress: '10.0.0.5' },
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('loads the Kusto editor with the server schema, browses tables and opens sample queries in tabs', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/`);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Advanced hunting' }).click();
    await page.getByRole('heading', { name: 'Advanced hunting', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: /Query editor/ }).waitFor();
    // Kusto colouring is on: the default query's table name is a token of its own.
    // The Kusto worker classifies the table name against the schema (a `Table` decoration colours it).
    await poll(() => page.locator('.view-line span span', { hasText: 'DeviceProcessEvents' }).first().getAttribute('class'), 20_000).toContain('Table');

    const schema = page.getByRole('tree', { name: 'Schema' });
    const table = schema.getByRole('treeitem', { name: /DeviceProcessEvents/ }).first();
    await table.click();
    await schema.getByRole('treeitem', { name: 'ProcessCommandLine string', exact: true }).waitFor();
    await page.getByRole('searchbox', { name: 'Search tables and columns' }).fill('EmailAttach');
    // Tables whose name or a column matches: EmailAttachmentInfo, and DataSecurityEvents (EmailAttachments...).
    await poll(() => schema.getByRole('treeitem', { expanded: false }).allTextContents()).toEqual(['DataSecurityEvents', 'EmailAttachmentInfo']);
    await screenshot(page, 'hunting-schema');

    await page.getByRole('tab', { name: 'Queries' }).click();
    await page.getByRole('button', { name: 'Process launches per hour' }).click();
    const tabs = page.getByRole('tablist', { name: 'Query tabs' });
    await tabs.getByRole('tab', { name: 'Process launches per hour' }).waitFor();
    expect(await tabs.getByRole('tab').count()).toBe(2);
    await poll(() => editorText(page)).toContain('render timechart');
    // Back to the first tab: its own text is kept.
    await tabs.getByRole('tab', { name: 'Query 1' }).click();
    await poll(() => editorText(page)).toContain('take 100');
    await screenshot(page, 'hunting-editor');
    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows compiler errors in place, runs a query, sorts, filters, inspects, charts and exports', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/advanced-hunting`);
    await page.getByRole('textbox', { name: /Query editor/ }).waitFor();

    // A typo: the compiler's message at the same line:column, a squiggle in the editor.
    await typeQuery(page, 'DeviceProcessEvents\n| where FileNme == "cmd.exe"');
    const problems = page.getByLabel('Problems');
    await poll(() => problems.textContent(), 10_000).toMatch(/Line 2, column 9: .*FileNme.*FileName/);
    await page.locator('.squiggly-error').first().waitFor();
    await screenshot(page, 'hunting-diagnostics');

    // Run with Shift+Enter; the grid shows the rows with count and time.
    await typeQuery(page, 'DeviceProcessEvents\n| project Timestamp, DeviceName, FileName, ProcessId, ProcessCommandLine');
    await poll(() => problems.count()).toBe(0);
    // Typing key by key opens Monaco's suggestion list; open, and closed again, it is no serious violation.
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n| where Fil');
    await page.locator('.suggest-widget.visible').waitFor();
    expect(await mainRegionViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('.suggest-widget.visible').waitFor({ state: 'detached' });
    expect(await mainRegionViolations(page)).toEqual([]);
    await typeQuery(page, 'DeviceProcessEvents\n| project Timestamp, DeviceName, FileName, ProcessId, ProcessCommandLine');
    await poll(() => problems.count()).toBe(0);
    await page.keyboard.press('Shift+Enter');
    const grid = page.getByRole('grid', { name: 'Query results' });
    await grid.waitFor();
    await poll(() => page.getByRole('status').filter({ hasText: /rows$/ }).textContent()).toBe('1,500 rows');
    await page.getByText(/^Query time \d/).waitFor();
    // Virtualised: far fewer rows in the DOM than in the result.
    expect(await grid.getByRole('row').count()).toBeLessThan(100);

    // Sort by ProcessId descending (two clicks), then filter by file name.
    await grid.getByRole('button', { name: /^Sort by ProcessId / }).click();
    await grid.getByRole('button', { name: /^Sort by ProcessId / }).click();
    expect(await grid.getByRole('columnheader', { name: /ProcessId/ }).getAttribute('aria-sort')).toBe('descending');
    expect(await grid.getByRole('row').nth(1).getByRole('gridcell').nth(3).textContent()).toBe('2499');
    // Times as the portal writes them elsewhere; the full value in the tooltip (and the inspect panel and CSV).
    const time = grid.getByRole('row').nth(1).getByRole('gridcell').first();
    expect(await time.textContent()).toMatch(/^\d{2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);
    expect(await time.getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    await grid.getByRole('textbox', { name: 'Filter FileName' }).fill('winword');
    await poll(() => page.getByRole('status').filter({ hasText: /rows$/ }).textContent()).toBe('250 of 1,500 rows');
    await screenshot(page, 'hunting-results');

    // Keyboard: focus the grid, move down, Enter opens the record panel.
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: /Inspect record 2/ });
    await panel.waitFor();
    await poll(() => panel.textContent()).toContain('winword.exe');
    await screenshot(page, 'hunting-inspect');
    await panel.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached' });

    // CSV export of what is shown.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = await new Response((await download.createReadStream()) as unknown as ReadableStream).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Timestamp,DeviceName,FileName,ProcessId,ProcessCommandLine');
    expect(lines).toHaveLength(251);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);

    // JSON cells expand in place.
    await page.getByRole('button', { name: 'New query tab' }).click();
    await typeQuery(page, 'DeviceEvents\n| project DeviceName, AdditionalFields');
    await page.getByRole('button', { name: 'Run query' }).click();
    await grid.getByRole('button', { name: 'Expand AdditionalFields of row 1' }).click();
    await poll(() => grid.getByRole('gridcell').filter({ hasText: '"ThreatName": "Trojan:Win32/Test"' }).count()).toBe(1);
    await screenshot(page, 'hunting-json-cell');

    // render columnchart opens the chart view; the toggle goes back to the table.
    await typeQuery(page, 'DeviceProcessEvents\n| summarize Launches = count() by FileName\n| render columnchart');
    await page.keyboard.press('Shift+Enter');
    const chart = page.getByRole('img', { name: /Column chart of 6 rows/ });
    await chart.waitFor();
    await page.locator('canvas').first().waitFor();
    await screenshot(page, 'hunting-chart');
    await page.getByRole('button', { name: 'Table' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: /rows$/ }).textContent()).toBe('6 rows');

    // Save it (shared, in a folder); it is listed under Shared queries, and the runs are in the history.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Save query' });
    await dialog.getByRole('textbox', { name: /Name/ }).fill('Launches by file');
    await dialog.getByRole('textbox', { name: /Folder/ }).fill('Triage');
    await dialog.getByRole('checkbox', { name: 'Share with everyone in the organisation' }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('tablist', { name: 'Query tabs' }).getByRole('tab', { name: 'Launches by file' }).waitFor();
    await page.getByRole('tab', { name: 'Queries' }).click();
    await page.getByRole('region', { name: 'Shared queries / Triage' }).getByRole('button', { name: 'Launches by file', exact: true }).waitFor();
    await page.getByRole('button', { name: /^History \(/ }).click();
    await poll(() => page.getByRole('list', { name: 'Query history' }).getByRole('listitem').count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'hunting-saved-and-history');

    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws only the columns in view of a wide result, and the others as it scrolls sideways', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/advanced-hunting?${new URLSearchParams({ query: 'DeviceProcessEvents\n| take 200' }).toString()}`);
    await page.getByRole('textbox', { name: /Query editor/ }).waitFor();
    await page.getByRole('button', { name: 'Run query' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: /rows$/ }).textContent()).toBe('200 rows');
    const grid = page.getByRole('grid', { name: 'Query results' });
    const columns = Number(await grid.getAttribute('aria-colcount'));
    expect(columns).toBeGreaterThan(40);
    const firstRow = grid.locator('[role="row"][data-index="0"]');
    const drawn = await firstRow.getByRole('gridcell').count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(columns / 2);
    expect(await firstRow.getByRole('gridcell').first().getAttribute('aria-colindex')).toBe('1');
    // Scrolled to the right end: the last columns are drawn, in their places, and the first ones are gone.
    await grid.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await poll(() => firstRow.getByRole('gridcell').last().getAttribute('aria-colindex')).toBe(String(columns));
    expect(await firstRow.locator('[aria-colindex="1"]').count()).toBe(0);
    const header = grid.getByRole('columnheader').last();
    const cell = firstRow.getByRole('gridcell').last();
    expect(Math.round((await header.boundingBox())!.x)).toBe(Math.round((await cell.boundingBox())!.x));
    await screenshot(page, 'hunting-wide-scrolled');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a device page from the entities API (a device known from its events only)', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/entities/device/ws-001.contoso.test`);
    await page.getByRole('heading', { level: 1, name: 'ws-001.contoso.test' }).waitFor();
    const timeline = page.getByRole('table', { name: 'Device timeline' });
    await timeline.waitFor();
    // processEvents(1500) puts every 40th event on ws-001.
    await poll(() => page.getByLabel('Timeline').getByRole('status').textContent()).toBe('38 events shown, newest first · no older events');
    expect(await timeline.getByRole('row').nth(1).textContent()).toContain('created process');
    await page.getByText('No alert names this device.').waitFor();
    await screenshot(page, 'entity-device');
    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a mailbox page: mail received, clicks', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/entities/mailbox/ann%40contoso.test`);
    await page.getByRole('heading', { level: 1, name: 'ann@contoso.test' }).waitFor();
    const received = page.getByRole('grid', { name: 'Mail received' });
    await received.waitFor();
    await poll(() => received.getByRole('row').nth(1).textContent()).toContain('Invoice 4471 overdue');
    await poll(() => page.getByLabel('Mail received').getByText(/^\d+ rows? · /).textContent()).toBe('1 row · Open in advanced hunting');
    await poll(() => page.getByRole('grid', { name: 'URL clicks' }).getByRole('row').nth(1).textContent()).toContain('https://invoices.example/view');
    await screenshot(page, 'entity-mailbox');
    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
