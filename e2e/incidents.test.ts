import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { apiSession, ingestRows, mainRegionViolations, poll, signedInContext, trackErrors } from './investigation-helpers.ts';

/** The text a PDF shows: its Flate content streams inflated, the hex strings of each TJ/Tj decoded, wrapped lines joined. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1');
    } catch {
      continue;
    }
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hex = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '').join('') : (op[2] ?? '');
      out.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return out.join('\n').replaceAll(' \n', ' ');
}

const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();

/** A phishing story (mail -> click -> PowerShell on the device) and unrelated noise on other devices. */
function alerts(): object[] {
  const mail = { type: 'mailMessage', networkMessageId: 'msg-1', sender: 'billing@evil.test', recipient: 'ana@contoso.test', subject: 'Invoice overdue' };
  return [
    { externalId: 'phish-1', title: 'Phishing email delivered to a user', severity: 'high', category: 'InitialAccess', techniques: ['T1566'], serviceSource: 'microsoftDefenderForOffice365', detectionSource: 'microsoftDefenderForOffice365', timestamp: minutesAgo(90), entities: [mail, { type: 'mailbox', address: 'ana@contoso.test' }, { type: 'url', url: 'https://evil.test/invoice' }] },
    { externalId: 'phish-2', title: 'User clicked a malicious link', severity: 'high', category: 'InitialAccess', techniques: ['T1204'], serviceSource: 'microsoftDefenderForOffice365', detectionSource: 'microsoftDefenderForOffice365', timestamp: minutesAgo(80), entities: [{ type: 'mailbox', address: 'ana@contoso.test' }, { type: 'url', url: 'https://evil.test/invoice' }, { type: 'user', accountName: 'ana', upn: 'ana@contoso.test' }] },
    {
      externalId: 'phish-3',
      title: 'Suspicious PowerShell command line',
      severity: 'medium',
      category: 'Execution',
      techniques: ['T1059.001'],
      serviceSource: 'microsoftDefenderForEndpoint',
      detectionSource: 'edr',
      timestamp: minutesAgo(70),
      entities: [
        { type: 'user', accountName: 'ana', upn: 'ana@contoso.test' },
        { type: 'device', deviceName: 'ws-001.contoso.test' },
        { type: 'process', deviceName: 'ws-001.contoso.test', processId: 4242, fileName: 'powershell.exe', commandLine: 'powershell -enc SQBFAFgA', parentFileName: 'winword.exe', parentProcessId: 4100 },
      ],
    },
    ...[2, 3, 4].map((n) => ({ externalId: `noise-${n}`, title: `Unwanted software on ws-00${n}`, severity: 'low', category: 'Malware', techniques: [], serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', timestamp: minutesAgo(60 - n), entities: [{ type: 'device', deviceName: `ws-00${n}.contoso.test` }] })),
  ];
}

describe('incidents in a real browser', () => {
  let portal: RunningPortal;
  let browser: Browser;
  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    const call = await apiSession(portal.url);
    const res = await call('POST', '/api/ingest/alerts', JSON.stringify(alerts()), 'application/json');
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    // The raw events behind the phishing story (the attack story's timeline finds them), and one that is not.
    await ingestRows(portal.url, [
      { Table: 'DeviceInfo', Timestamp: minutesAgo(200), DeviceId: 'dev-ws-001', DeviceName: 'ws-001.contoso.test', OSPlatform: 'Windows11' },
      { Table: 'EmailEvents', Timestamp: minutesAgo(91), NetworkMessageId: 'msg-1', SenderFromAddress: 'billing@evil.test', RecipientEmailAddress: 'ana@contoso.test', Subject: 'Invoice overdue', DeliveryAction: 'Delivered', DeliveryLocation: 'Inbox/folder' },
      { Table: 'DeviceNetworkEvents', Timestamp: minutesAgo(79), DeviceId: 'dev-ws-001', DeviceName: 'ws-001.contoso.test', ActionType: 'ConnectionSuccess', RemoteUrl: 'evil.test', RemoteIP: '203.0.113.80', RemotePort: 443, InitiatingProcessFileName: 'msedge.exe', ReportId: 1 },
      { Table: 'DeviceProcessEvents', Timestamp: minutesAgo(71), DeviceId: 'dev-ws-001', DeviceName: 'ws-001.contoso.test', ActionType: 'ProcessCreated', FileName: 'powershell.exe', ProcessId: 4242, ProcessCommandLine: 'powershell -enc SQBFAFgA', InitiatingProcessFileName: 'winword.exe', AccountName: 'ana', ReportId: 2 },
      { Table: 'DeviceProcessEvents', Timestamp: minutesAgo(71), DeviceId: 'dev-ws-001', DeviceName: 'ws-001.contoso.test', ActionType: 'ProcessCreated', FileName: 'notepad.exe', ProcessId: 4243, ProcessCommandLine: 'notepad.exe', InitiatingProcessFileName: 'explorer.exe', AccountName: 'ana', ReportId: 3 },
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('filters the queue to high severity (in the URL), opens the phishing incident, reads its story, manages and resolves it', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/`);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Incidents' });
    await poll(() => table.getByRole('row').count()).toBe(5); // header + 4 incidents
    await poll(() => page.getByRole('status').filter({ hasText: / of / }).textContent()).toBe('1–4 of 4');
    await screenshot(page, 'incidents-queue');

    // Filter to high severity: the server filters, the URL keeps it.
    await page.getByRole('combobox', { name: 'Severity' }).click();
    // Fluent's multiselect dropdown is a menu of checkbox items.
    await page.getByRole('menu', { name: 'Severity' }).getByRole('menuitemcheckbox', { name: 'High' }).click();
    await page.keyboard.press('Escape');
    await poll(() => new URL(page.url()).searchParams.get('severity')).toBe('high');
    await poll(() => table.getByRole('row').count()).toBe(2);
    // Bookmarkable: a reload shows the same filtered queue.
    await page.reload();
    await poll(() => table.getByRole('row').count()).toBe(2);
    await screenshot(page, 'incidents-queue-high');

    const link = table.getByRole('link').first();
    const name = (await link.textContent()) ?? '';
    await link.click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('img', { name: /Attack story graph: 3 alerts linked through \d+ entities/ }).waitFor();
    await page.locator('canvas').first().waitFor();
    // The timeline: the 3 alerts, then (a request of its own) the raw events behind their evidence, interleaved.
    const timeline = page.getByRole('region', { name: 'Alert timeline' });
    await timeline.getByRole('status').getByText(/^3 raw events behind the evidence/).waitFor();
    const items = timeline.getByRole('listitem');
    expect(await items.count()).toBe(6);
    expect(await items.first().textContent()).toContain('Mail "Invoice overdue" from billing@evil.test to ana@contoso.test: Delivered');
    expect(await items.nth(1).textContent()).toContain('Phishing email delivered');
    expect(await timeline.textContent()).toContain('powershell -enc SQBFAFgA started by winword.exe');
    expect(await timeline.textContent()).not.toContain('notepad.exe');
    const ps = items.filter({ hasText: 'started by winword.exe' });
    await ps.getByRole('button', { name: 'Show record' }).click();
    expect(await ps.getByLabel('Record of the DeviceProcessEvents event').textContent()).toContain('"ProcessId": 4242');
    expect(await ps.getByRole('link', { name: 'ws-001.contoso.test' }).getAttribute('href')).toBe('/entities/device/ws-001.contoso.test');
    await screenshot(page, 'incident-attack-story');
    await timeline.getByRole('radio', { name: 'Alerts only' }).check();
    await poll(() => items.count()).toBe(3);
    expect(await items.first().textContent()).toContain('Phishing email delivered');
    await timeline.getByRole('radio', { name: 'Alerts and events' }).check();
    await poll(() => items.count()).toBe(6);

    await page.getByRole('tab', { name: /Alerts/ }).click();
    const alertsTable = page.getByRole('table', { name: 'Alerts of the incident' });
    await alertsTable.waitFor();
    expect(await alertsTable.getByRole('row').count()).toBe(4);
    expect(await alertsTable.textContent()).toMatch(/First alert of the incident/);
    await screenshot(page, 'incident-alerts');

    // The endpoint alert's process tree: Word started the encoded PowerShell.
    await alertsTable.getByRole('link', { name: 'Suspicious PowerShell command line' }).click();
    await page.getByRole('heading', { level: 1, name: 'Suspicious PowerShell command line' }).waitFor();
    const tree = page.getByRole('tree', { name: 'Process tree' });
    await tree.getByRole('treeitem', { name: /^winword\.exe PID 4100/ }).waitFor();
    await tree.getByRole('treeitem', { name: /^powershell\.exe PID 4242 powershell -enc/ }).waitFor();
    expect(await tree.textContent()).toContain('powershell -enc SQBFAFgA');
    expect(await page.getByRole('link', { name: 'Go hunt ws-001.contoso.test' }).getAttribute('href')).toContain('/advanced-hunting?query=');
    await screenshot(page, 'alert-process-tree');
    expect(await mainRegionViolations(page)).toEqual([]);
    await page.goBack();
    await page.getByRole('tab', { name: /Alerts/ }).waitFor();

    await page.getByRole('tab', { name: /Evidence/ }).click();
    // Devices are named short (as the Assets tab names them); go hunt and the entity page use the full name.
    const hunt = page.getByRole('link', { name: 'Go hunt ws-001', exact: true });
    expect(await hunt.getAttribute('href')).toContain('/advanced-hunting?query=DeviceProcessEvents');
    expect(decodeURIComponent(new URL((await hunt.getAttribute('href')) ?? '', portal.url).searchParams.get('query') ?? '')).toContain('ws-001.contoso.test');
    await page.getByRole('tab', { name: 'Assets' }).click();
    const devices = page.getByRole('group', { name: 'Devices' }).or(page.getByLabel('Devices', { exact: true })).first();
    await devices.waitFor();
    // Risk from this incident: ws-001 is named by the medium PowerShell alert only; ana's mailbox by the two high ones.
    await devices.getByLabel("Risk (from this incident's alerts): medium").waitFor();
    await page.getByLabel('Mailboxes', { exact: true }).getByLabel("Risk (from this incident's alerts): high").waitFor();
    await screenshot(page, 'incident-assets');
    await devices.getByRole('link', { name: 'ws-001' }).click();
    await page.waitForURL('**/entities/device/ws-001.contoso.test');
    await page.getByRole('heading', { level: 1, name: /ws-001/ }).waitFor();
    await page.goBack();
    await page.getByRole('button', { name: 'Manage incident' }).waitFor();

    // Assign, classify and resolve with a note.
    await page.getByRole('button', { name: 'Manage incident' }).click();
    const dialog = page.getByRole('dialog', { name: /Manage incident/ });
    await dialog.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Resolved' }).click();
    await dialog.getByRole('textbox', { name: 'Resolving comment' }).fill('User reset password; mail purged.');
    await dialog.getByRole('textbox', { name: /Assigned to/ }).fill('analyst@contoso.test');
    await dialog.getByRole('combobox', { name: 'Classification' }).click();
    await page.getByRole('option', { name: 'True positive' }).click();
    await dialog.getByRole('combobox', { name: 'Determination' }).click();
    await page.getByRole('option', { name: 'Phishing' }).click();
    await screenshot(page, 'incident-manage');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await poll(() => page.locator('header').filter({ hasText: 'Assigned to' }).textContent()).toMatch(/Resolved.*analyst@contoso\.test.*True positive – Phishing/);

    await page.getByRole('tab', { name: 'Activity log' }).click();
    const log = page.getByRole('region', { name: 'Activity log' });
    await page.getByRole('textbox', { name: 'Comment' }).fill('Closing after review.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await poll(() => log.textContent()).toContain('Commented: Closing after review.');
    expect(await log.textContent()).toMatch(/resolved/i);
    // Enum values are shown by their display labels, as everywhere else.
    expect(await log.textContent()).toContain('Classification → True positive');
    expect(await log.textContent()).toContain('Determination → Phishing');
    expect(await log.textContent()).not.toContain('truePositive');
    await screenshot(page, 'incident-activity');

    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tags several incidents at once from the queue', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/incidents?status=active,inProgress&severity=low`);
    const table = page.getByRole('table', { name: 'Incidents' });
    await poll(() => table.getByRole('row').count()).toBe(4);
    await table.getByRole('checkbox', { name: 'Select all incidents on this page' }).click();
    await page.getByRole('button', { name: 'Manage incidents (3)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Manage 3 incidents' });
    await dialog.getByRole('textbox', { name: 'Add tag' }).fill('pua-sweep');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await poll(() => table.getByRole('cell', { name: /pua-sweep/ }).count()).toBe(3);
    await screenshot(page, 'incidents-bulk-tagged');
    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists alerts with filters in the URL and opens one', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/`);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await page.goto(`${portal.url}/alerts?status=new,inProgress,resolved`);
    const table = page.getByRole('table', { name: 'Alerts' });
    await poll(() => table.getByRole('row').count()).toBe(7);
    await page.getByRole('combobox', { name: 'Severity' }).click();
    await page.getByRole('menu', { name: 'Severity' }).getByRole('menuitemcheckbox', { name: 'High' }).click();
    await page.keyboard.press('Escape');
    await poll(() => table.getByRole('row').count()).toBe(3);
    expect(new URL(page.url()).searchParams.get('severity')).toBe('high');
    await screenshot(page, 'alerts-queue');
    await table.getByRole('link', { name: 'Phishing email delivered to a user' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phishing email delivered to a user' }).waitFor();
    await poll(() => page.getByLabel('Email Invoice overdue').textContent()).toContain('billing@evil.test');
    await screenshot(page, 'alert-email');
    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('chooses and reorders columns (kept server-side), filters by tag and entity search, saves and applies a filter set, shows the 24 h chart', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/incidents`);
    const table = page.getByRole('table', { name: 'Incidents' });
    await poll(() => table.getByRole('row').count()).toBe(4); // the 3 open noise incidents
    // The chart counts every alert received and incident created in the last 24 h (the resolved one too).
    await page.getByRole('img', { name: /^Last 24 hours: 6 alerts received and 4 incidents created/ }).waitFor();
    await page.locator('[aria-labelledby="incidents-chart-title"] canvas').waitFor();

    // Columns: hide Service sources, show Determination, move Severity before the id.
    await page.getByRole('button', { name: 'Choose columns' }).click();
    const chooser = page.getByRole('dialog', { name: 'Choose columns' });
    await chooser.getByRole('checkbox', { name: 'Service sources' }).uncheck();
    await chooser.getByRole('checkbox', { name: 'Determination' }).check();
    await chooser.getByRole('button', { name: 'Move Severity up' }).click();
    expect(await chooser.getByRole('checkbox', { name: 'Incident name' }).isDisabled()).toBe(true);
    await screenshot(page, 'incidents-column-chooser');
    expect(await mainRegionViolations(page)).toEqual([]);
    await chooser.getByRole('button', { name: 'Save' }).click();
    await chooser.waitFor({ state: 'detached' });
    // (Chromium names the first <th> after the selection <td> a row header, so the cells are read as elements.)
    const headers = async (): Promise<string[]> => (await table.locator('thead th').allTextContents()).map((t) => t.trim());
    // A column shown again comes last unless moved.
    await poll(headers).toEqual(['Incident name', 'Severity', 'Incident Id', 'Status', 'Categories', 'Impacted assets', 'Alerts', 'Detection sources', 'Assigned to', 'Classification', 'First activity', 'Last activity', 'Tags', 'Determination']);
    await page.reload(); // kept for the person, server-side
    await poll(headers).toContain('Determination');
    expect(await headers()).not.toContain('Service sources');

    // Tag and entity search filters, in the URL.
    await page.getByRole('combobox', { name: 'Tags' }).click();
    await page.getByRole('menu', { name: 'Tags' }).getByRole('menuitemcheckbox', { name: 'pua-sweep' }).click();
    await page.keyboard.press('Escape');
    await poll(() => new URL(page.url()).searchParams.getAll('tag')).toEqual(['pua-sweep']);
    await poll(() => table.getByRole('row').count()).toBe(4);
    await page.getByRole('searchbox', { name: 'Search' }).fill('WS-003.contoso');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await poll(() => table.getByRole('row').count()).toBe(2);
    expect(await table.getByRole('row').nth(1).textContent()).toContain('ws-003');
    await screenshot(page, 'incidents-queue-filtered');

    // Save these filters under a name, clear them, apply the set again, delete it.
    await page.getByRole('button', { name: /^Filter sets/ }).click();
    const sets = page.getByRole('dialog', { name: 'Filter sets' });
    await sets.getByRole('textbox', { name: 'Save the current filters as' }).fill('PUA on ws-003');
    await sets.getByRole('button', { name: 'Save filters' }).click();
    await sets.getByRole('table', { name: 'Saved filter sets' }).getByRole('cell', { name: 'PUA on ws-003', exact: true }).waitFor();
    await screenshot(page, 'incidents-filter-sets');
    expect(await mainRegionViolations(page)).toEqual([]);
    await sets.getByRole('button', { name: 'Close' }).click();
    await page.goto(`${portal.url}/incidents`);
    await poll(() => table.getByRole('row').count()).toBe(4);
    await page.getByRole('button', { name: /^Filter sets/ }).click();
    await sets.getByRole('button', { name: 'Apply PUA on ws-003' }).click();
    await sets.waitFor({ state: 'detached' });
    await poll(() => new URL(page.url()).searchParams.get('search')).toBe('WS-003.contoso');
    await poll(() => table.getByRole('row').count()).toBe(2);
    await page.getByRole('button', { name: /^Filter sets/ }).click();
    await sets.getByRole('button', { name: 'Delete PUA on ws-003' }).click();
    await sets.getByText('No saved filter sets yet.').waitFor();
    await sets.getByRole('button', { name: 'Close' }).click();

    // Assigned to: Unassigned (all three open ones), then Me (nothing is the admin's).
    await page.goto(`${portal.url}/incidents`);
    const assigned = page.getByRole('combobox', { name: 'Assigned to' });
    await assigned.click();
    await page.getByRole('option', { name: 'Unassigned' }).click();
    await poll(() => new URL(page.url()).searchParams.get('assignedTo')).toBe('(unassigned)');
    await poll(() => table.getByRole('row').count()).toBe(4);
    await assigned.click();
    await page.getByRole('option', { name: 'Me (admin@example.test)' }).click();
    await poll(() => new URL(page.url()).searchParams.get('assignedTo')).toBe('admin@example.test');
    await page.getByText('No incidents match these filters.').waitFor();

    // A custom time range bounds the last update: a range in the future matches nothing.
    await page.goto(`${portal.url}/incidents`);
    await page.getByRole('combobox', { name: 'Updated' }).click();
    await page.getByRole('option', { name: 'Custom range' }).click();
    await poll(() => new URL(page.url()).searchParams.get('window')).toBe('custom');
    await poll(() => table.getByRole('row').count()).toBe(4);
    await page.getByLabel('From', { exact: true }).fill('2099-01-01T00:00');
    await page.getByText('No incidents match these filters.').waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toMatch(/^2099-01-0[12]T/);
    await screenshot(page, 'incidents-custom-range');

    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('merges incidents, moves an alert to a new incident and links it back, and exports a PDF summary', async () => {
    const call = await apiSession(portal.url);
    const alertList = (await (await call('GET', '/api/security/alerts_v2?$top=50')).json()) as { value: { id: string; title: string; incidentId: string }[] };
    const alertOf = (title: string) => alertList.value.find((a) => a.title === title)!;
    const [a2, a3, a4] = [alertOf('Unwanted software on ws-002'), alertOf('Unwanted software on ws-003'), alertOf('Unwanted software on ws-004')];
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/incidents/${a2.incidentId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();

    // Merge: pick the ws-003 and ws-004 incidents; the oldest (this one) keeps its id.
    await page.getByRole('button', { name: 'Merge' }).click();
    const merge = page.getByRole('dialog', { name: 'Merge incidents' });
    const find = merge.getByRole('searchbox', { name: 'Find incidents' });
    await find.fill('ws-003');
    await merge.getByRole('checkbox', { name: new RegExp(`^${a3.incidentId} · `) }).check();
    await find.fill('ws-004');
    await merge.getByRole('checkbox', { name: new RegExp(`^${a4.incidentId} · `) }).check();
    await merge.getByText(`3 incidents merge into incident ${a2.incidentId} (this one).`).waitFor();
    await screenshot(page, 'incident-merge');
    expect(await mainRegionViolations(page)).toEqual([]);
    await merge.getByRole('button', { name: 'Merge 3 incidents' }).click();
    await merge.waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Alerts (3)' }).click();
    const alertsTable = page.getByRole('table', { name: 'Alerts of the incident' });
    await poll(() => alertsTable.getByRole('row').count()).toBe(4);

    // Move the ws-004 alert out to a new incident, then link it back by its id.
    await alertsTable.getByRole('button', { name: `Move alert ${a4.id} to a new incident` }).click();
    await poll(() => alertsTable.getByRole('row').count()).toBe(3);
    const moved = (await (await call('GET', `/api/security/alerts_v2/${a4.id}`)).json()) as { incidentId: string };
    expect(moved.incidentId).not.toBe(a2.incidentId);
    await page.getByRole('button', { name: 'Link alert' }).click();
    const link = page.getByRole('dialog', { name: `Link an alert to incident ${a2.incidentId}` });
    await link.getByRole('textbox', { name: 'Alert id' }).fill(a4.id);
    await poll(() => link.getByRole('group', { name: 'Alert to link' }).textContent()).toContain(`now in incident ${moved.incidentId}`);
    await screenshot(page, 'incident-link-alert');
    expect(await mainRegionViolations(page)).toEqual([]);
    await link.getByRole('button', { name: 'Link to this incident' }).click();
    await link.waitFor({ state: 'detached' });
    await poll(() => alertsTable.getByRole('row').count()).toBe(4);
    await poll(() => alertsTable.textContent()).toContain('linked by admin@example.test');

    // A merged incident says where it went.
    await page.goto(`${portal.url}/incidents/${a3.incidentId}`);
    await page.getByText(`This incident was merged into incident ${a2.incidentId}.`).waitFor();
    expect(await page.getByRole('button', { name: 'Merge' }).isDisabled()).toBe(true);

    // The PDF summary downloads as a real PDF with the incident's name, alerts and assets in it.
    await page.goto(`${portal.url}/incidents/${a2.incidentId}`);
    const name = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export PDF' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`incident-${a2.incidentId}.pdf`);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(name);
    for (const host of ['ws-002', 'ws-003', 'ws-004']) expect(text).toContain(host);
    expect(text).toContain('Unwanted software on ws-004');
    expect(text).toMatch(/merged: Incident \d+ merged into this incident/);

    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
