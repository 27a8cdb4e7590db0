import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, screenshot, startPortal } from './harness.ts';
import { ingestRows, poll, processEvents, signedInContext, trackErrors } from './investigation-helpers.ts';
import type { RunningPortal } from './harness.ts';
import { adminEmail, adminPassword, apiSignIn, newTrackedPage, signInThroughPage } from './auth-helpers.ts';

const ENCODED = 'powershell.exe -nop -w hidden -enc SQBFAFgAKABOAGUAdwAtAE8AYgBqAGUAYwB0ACkA';
const QUERY = 'DeviceProcessEvents\n| where FileName =~ "powershell.exe" and ProcessCommandLine has "-enc"\n| project Timestamp, DeviceId, DeviceName, AccountName, FileName, ProcessCommandLine, InitiatingProcessFileName';

/** Replaces the editor's text the way a person does: select all, delete, type. */
async function typeQuery(page: Page, text: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: /Query editor/ });
  await editor.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

describe('custom detection rules in a real browser', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    const at = (minutesAgo: number): string => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const encoded = (device: string, minutesAgo: number) => ({
      Table: 'DeviceProcessEvents',
      Timestamp: at(minutesAgo),
      DeviceId: `id-${device}`,
      DeviceName: device,
      ActionType: 'ProcessCreated',
      FileName: 'powershell.exe',
      ProcessCommandLine: ENCODED,
      AccountName: 'dana',
      InitiatingProcessFileName: 'winword.exe',
    });
    await ingestRows(portal.url, [...processEvents(300), encoded('ws-rule-1.contoso.test', 30), encoded('ws-rule-1.contoso.test', 20), encoded('ws-rule-2.contoso.test', 10)]);
    context = await signedInContext(browser, portal.url);
    page = await context.newPage();
    errors = trackErrors(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.stop();
  });

  it('creates a rule from a hunting query: the rule form opens with the query and the mapping suggested from the result columns', async () => {
    await page.goto(`${portal.url}/advanced-hunting`);
    await page.getByRole('textbox', { name: /Query editor/ }).waitFor();
    await typeQuery(page, QUERY);
    await poll(() => page.getByLabel('Problems').count()).toBe(0);
    await page.getByRole('button', { name: 'Run query' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: /rows$/ }).textContent()).toBe('3 rows');

    await page.getByRole('button', { name: 'Create detection rule' }).click();
    await page.getByRole('heading', { name: 'Create detection rule', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Rule settings' });
    // The query came along, in the same Kusto editor.
    await poll(async () => ((await form.locator('.view-lines').textContent()) ?? '').replaceAll('\u00a0', ' ')).toContain('ProcessCommandLine has "-enc"');
    // The mapping is filled in from the result's columns.
    await page.getByText('The entity mapping is filled in from the result columns: Device (DeviceName, DeviceId), Account (AccountName), Process (FileName, ProcessCommandLine, InitiatingProcessFileName).').waitFor();
    const mapped = async (label: string): Promise<string> => form.getByRole('combobox', { name: label, exact: true }).inputValue();
    expect(await mapped('Device name')).toBe('DeviceName');
    expect(await mapped('Device id')).toBe('DeviceId');
    expect(await mapped('Account name')).toBe('AccountName');
    expect(await mapped('Process file name')).toBe('FileName');
    expect(await mapped('Command line')).toBe('ProcessCommandLine');
    expect(await mapped('Parent file name')).toBe('InitiatingProcessFileName');
    expect(await mapped('File name')).toBe('');
    expect(await mapped('IP address')).toBe('');
    // Every mapping choice lists the compiled query's columns.
    await poll(() => form.getByRole('combobox', { name: 'IP address', exact: true }).locator('option').allTextContents()).toEqual([
      'Not mapped',
      'Timestamp',
      'DeviceId',
      'DeviceName',
      'AccountName',
      'FileName',
      'ProcessCommandLine',
      'InitiatingProcessFileName',
    ]);

    await form.getByRole('textbox', { name: 'Name' }).fill('Encoded PowerShell launch');
    expect(await form.getByRole('textbox', { name: 'Rule id' }).inputValue()).toBe('encoded-powershell-launch');
    await form.getByRole('combobox', { name: 'Frequency' }).selectOption('1h');
    await form.getByRole('textbox', { name: 'Alert title' }).fill('Encoded PowerShell on {{DeviceName}}');
    await form.getByRole('combobox', { name: 'Severity' }).selectOption('high');
    await form.getByRole('combobox', { name: 'Category' }).selectOption('Execution');
    // A well-formed id that is not an ATT&CK technique: the server's message lands on the field.
    await form.getByRole('textbox', { name: 'MITRE ATT&CK techniques' }).fill('T1059.001, T0000');
    await form.getByRole('combobox', { name: 'Suppression window' }).selectOption('240');
    await screenshot(page, 'rules-create-from-hunting');
    expect(await accessibilityViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('alert').filter({ hasText: 'The rule was not saved' }).waitFor();
    // On the field itself (the message bar above the buttons repeats the server's whole message).
    await form.getByText('"T0000" is not an ATT&CK technique id.', { exact: true }).waitFor();
    await screenshot(page, 'rules-validation-error');

    await form.getByRole('textbox', { name: 'MITRE ATT&CK techniques' }).fill('T1059.001, T1027');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('heading', { name: 'Encoded PowerShell launch', level: 1 }).waitFor();
    await page.getByText(/The rule is saved\. It runs every hour/).waitFor();
    expect(page.url()).toMatch(/\/custom-detection-rules\/encoded-powershell-launch$/);
    await page.getByText('Entities: Device (DeviceName, DeviceId), Account (AccountName), Process (FileName, ProcessCommandLine, InitiatingProcessFileName)').waitFor();
    // The one refused save above is the browser's only complaint.
    expect(errors).toEqual([expect.stringMatching(/status of 400 \(Bad Request\) \(http:\/\/[^)]+\/api\/detections\/rules\)$/)]);
    errors.length = 0;
  });

  it('runs the rule now: the run and its alerts show in the run history', async () => {
    await page.getByRole('button', { name: 'Run now' }).click();
    const done = page.getByText(/^3 rows, 2 new alerts, 0 updated, in \d+ ms\.$/);
    await done.waitFor();
    // The rule has run: the hint to run it is gone.
    expect(await page.getByText(/Run it now to see its alerts/).count()).toBe(0);
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.waitFor();
    expect(await runs.getByRole('row').count()).toBe(2);
    const cells = await runs.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(cells[1]).toBe('Run now');
    expect(cells[3]).toBe('3');
    expect(cells[4]).toBe('2 alerts');
    await page.getByRole('img', { name: 'Alerts per run: 1 runs, 2 new alerts; the busiest run raised 2.' }).waitFor();
    // The rows again: nothing new, so the second run raises nothing.
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByText(/^3 rows, 0 new alerts, 0 updated/).waitFor();
    await poll(() => runs.getByRole('row').count()).toBe(3);
    await page.getByRole('tab', { name: 'Run history (2)' }).waitFor();
    await screenshot(page, 'rules-run-history');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The alerts are real: the alert queue lists them with the rule's title.
    await page.getByRole('button', { name: 'View alerts' }).waitFor({ state: 'detached' });
    await page.goto(`${portal.url}/alerts`);
    const alerts = page.getByRole('table', { name: 'Alerts' });
    await poll(() => alerts.getByRole('link', { name: /^Encoded PowerShell on ws-rule-/ }).allTextContents()).toEqual(
      expect.arrayContaining(['Encoded PowerShell on ws-rule-1.contoso.test', 'Encoded PowerShell on ws-rule-2.contoso.test']),
    );
  });

  it('edits the rule: the change is saved and shown', async () => {
    await page.goto(`${portal.url}/custom-detection-rules/encoded-powershell-launch`);
    const form = page.getByRole('form', { name: 'Rule settings' });
    await form.getByRole('combobox', { name: 'Severity' }).selectOption('medium');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByText('Saved.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Encoded PowerShell launch' }).waitFor();
    await poll(() => page.locator('h1 ~ *', { hasText: /^Medium$/ }).count()).toBe(1);
    expect(await form.getByRole('textbox', { name: 'Rule id' }).getAttribute('readonly')).not.toBeNull();
    // A summarize without a time column: the form warns (its alerts would be dated at the run). Not saved.
    const noTime = page.getByText('No time column', { exact: true });
    expect(await noTime.count()).toBe(0);
    const shown = async (): Promise<string> => ((await form.locator('.view-lines').textContent()) ?? '').replaceAll('\u00a0', ' ');
    await form.locator('.view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('DeviceProcessEvents\n| summarize n = count() by DeviceName');
    await poll(shown).toBe('DeviceProcessEvents| summarize n = count() by DeviceName');
    await noTime.waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('End');
    await page.keyboard.insertText(', Timestamp = max(Timestamp)');
    await poll(shown).toBe('DeviceProcessEvents| summarize n = count() by DeviceName, Timestamp = max(Timestamp)');
    await noTime.waitFor({ state: 'detached' });
  });

  it('lists the rule with its schedule and last result, and disables it in place', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Custom detection rules' }).click();
    await page.getByRole('heading', { name: 'Custom detection rules', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Detection rules' });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'Encoded PowerShell launch' }) });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[2]).toBe('Every hour');
    expect(cells[3]).toBe('Medium');
    expect(cells[4]).not.toBe('Not run yet');
    expect(cells[5]).toBe('0 alerts');
    expect(cells[6]).toBe('Custom');
    // Built-in rules are listed too, and the source filter keeps only custom ones.
    expect(await table.getByRole('row').count()).toBeGreaterThan(30);
    await page.getByRole('combobox', { name: 'Source' }).click();
    await page.getByRole('option', { name: 'Custom' }).click();
    await poll(() => table.getByRole('row').count()).toBe(2);
    await page.getByRole('status').filter({ hasText: /^1 of \d+ rules · 1 custom$/ }).waitFor();

    const enabled = row.getByRole('switch', { name: 'Enabled: Encoded PowerShell launch' });
    expect(await enabled.isChecked()).toBe(true);
    await enabled.click();
    await poll(() => enabled.isChecked()).toBe(false);
    await poll(() => enabled.isDisabled()).toBe(false);
    await screenshot(page, 'rules-list');
    expect(await accessibilityViolations(page)).toEqual([]);
    // The change is the server's: a reload shows it.
    await page.reload();
    await page.getByRole('switch', { name: 'Enabled: Encoded PowerShell launch' }).waitFor();
    expect(await page.getByRole('switch', { name: 'Enabled: Encoded PowerShell launch' }).isChecked()).toBe(false);

    // A built-in rule is read-only; copying it opens a new custom rule with its query, alert and mapping.
    await page.goto(`${portal.url}/custom-detection-rules/pal-encoded-powershell`);
    await page.getByRole('heading', { level: 1, name: 'Encoded PowerShell command line' }).waitFor();
    await page.getByText(/Built-in rules are written by Palisade/).waitFor();
    expect(await page.getByRole('form', { name: 'Rule settings' }).getByRole('button', { name: /Save changes/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Copy to a custom rule' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create detection rule' }).waitFor();
    const copy = page.getByRole('form', { name: 'Rule settings' });
    expect(await copy.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('Encoded PowerShell command line (custom)');
    expect(await copy.getByRole('textbox', { name: 'Rule id' }).inputValue()).toBe('encoded-powershell-command-line-custom');
    await poll(async () => ((await copy.locator('.view-lines').textContent()) ?? '').replaceAll('\u00a0', ' ')).toContain('DeviceProcessEvents');
    expect(await copy.getByRole('combobox', { name: 'Device name', exact: true }).inputValue()).toBe('DeviceName');
    expect(errors).toEqual([]);
  });

  it('a Security Reader reads rules and their runs but cannot create, change or run them', async () => {
    const admin = await apiSignIn(portal.url, adminEmail, adminPassword);
    const password = 'a long and unusual passphrase 42';
    await admin.call('POST', '/api/users', { email: 'reader@example.test', displayName: 'Rule Reader', password, roles: ['security-reader'] });
    const { page: reader, errors: readerErrors } = await newTrackedPage(browser);
    await signInThroughPage(reader, portal.url, 'reader@example.test', password);
    await reader.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Custom detection rules' }).click();
    await reader.getByRole('link', { name: 'Encoded PowerShell launch' }).waitFor();
    expect(await reader.getByRole('button', { name: 'Create rule' }).isDisabled()).toBe(true);
    expect(await reader.getByRole('switch', { name: 'Enabled: Encoded PowerShell launch' }).isDisabled()).toBe(true);
    await reader.getByRole('link', { name: 'Encoded PowerShell launch' }).click();
    await reader.getByText(/creating, changing and running them needs the detections\.manage permission/).waitFor();
    expect(await reader.getByRole('button', { name: 'Run now' }).isDisabled()).toBe(true);
    expect(await reader.getByRole('button', { name: /Create rule|Save changes/ }).count()).toBe(0);
    await reader.getByRole('tab', { name: /Run history/ }).click();
    await poll(() => reader.getByRole('table', { name: 'Runs' }).getByRole('row').count()).toBe(3);
    await screenshot(reader, 'rules-reader');
    // Advanced hunting offers the rule but says why it cannot be used.
    await reader.goto(`${portal.url}/advanced-hunting`);
    await reader.getByRole('textbox', { name: /Query editor/ }).waitFor();
    expect(await reader.getByRole('button', { name: 'Create detection rule' }).isDisabled()).toBe(true);
    expect(readerErrors).toEqual([]);
    await reader.context().close();
  });
});
