/**
 * Issue 8, incident page: a big incident (10 alerts, 41 entities) whose attack story graph stays readable (a
 * layered layout, labels cut, big groups folded, keyboard access and the node detail panel), the Evidence tab
 * (one person named four ways is one entity; verdict and remediation badges; filter; set verdict for selected
 * rows; the activity log says so), and the alert page of an email alert and of an identity alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { apiSession, ingestRows, mainRegionViolations, poll, signedInContext, trackErrors } from './investigation-helpers.ts';

const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();
const host = 'fin-ws-0042.corp.halvorsen-maritime.com';

/** Ten alerts on one device, naming one person four ways, with processes, files (nine dropped by one), URLs and IPs. */
function bigIncident(): object[] {
  const userNames = [{ accountName: 'HALVORSEN\\jdoe' }, { accountName: 'jdoe', upn: 'jdoe@halvorsen-maritime.com', sid: 'S-1-5-21-4000-1001' }, { accountName: 'S-1-5-21-4000-1001', sid: 'S-1-5-21-4000-1001' }, { accountName: 'jdoe@halvorsen-maritime.com' }];
  const titles = [
    'Suspicious Office macro spawned PowerShell',
    'Encoded PowerShell command downloaded a payload',
    'Process injection into a system process',
    'Credential dumping from LSASS memory',
    'Suspicious scheduled task created for persistence',
    'Connection to a known command and control domain',
    'Lateral movement with remote service creation',
    'Ransomware-like mass file renames',
    'Security event log cleared',
    'Data staged in an archive for exfiltration',
  ];
  return titles.map((title, i) => {
    const entities: object[] = [
      { type: 'device', deviceName: i % 2 ? host : 'FIN-WS-0042' },
      { type: 'user', ...userNames[i % userNames.length] },
      { type: 'process', deviceName: host, processId: 5000 + i, fileName: ['winword.exe', 'powershell.exe', 'rundll32.exe', 'procdump64.exe', 'schtasks.exe', 'svchost.exe', 'psexesvc.exe', 'vssadmin.exe', 'wevtutil.exe', '7z.exe'][i], commandLine: `cmd-${i} --with a rather long command line for stage ${i}` },
      { type: 'url', url: `https://cdn-${i % 4}.update-service-check.example/payload/stage-${i % 4}.bin` },
      { type: 'ip', address: `203.0.113.${10 + (i % 5)}` },
    ];
    if (i === 7) for (let f = 0; f < 9; f++) entities.push({ type: 'file', fileName: `quarterly-report-${f}.xlsx.locked`, sha256: `${'ab'.repeat(31)}${String(f).padStart(2, '0')}` });
    if (i === 4) for (let r = 0; r < 3; r++) entities.push({ type: 'registry', key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', valueName: `Updater${r}` });
    if (i === 5) for (let n = 1; n <= 3; n++) entities.push({ type: 'ip', address: `198.51.100.${n}` });
    if (i === 6) for (let n = 3; n <= 5; n++) entities.push({ type: 'device', deviceName: `fin-ws-004${n}.corp.halvorsen-maritime.com` });
    if (i === 3) entities.push({ type: 'file', fileName: 'lsass.dmp', sha256: 'cd'.repeat(32) }, { type: 'device', deviceName: 'fin-dc-01.corp.halvorsen-maritime.com' });
    return { externalId: `big-${i}`, title, severity: i === 3 || i === 7 ? 'high' : 'medium', category: 'Execution', techniques: ['T1059.001'], serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'edr', timestamp: minutesAgo(200 - i * 10), entities };
  });
}

const nmid = '7f3c2a10-5b7e-4c2d-9a61-0e0f1b2c3d4e';
const emailAlert = {
  externalId: 'mail-1',
  title: 'Email messages containing malicious URL removed after delivery',
  severity: 'medium',
  category: 'InitialAccess',
  techniques: ['T1566.002'],
  serviceSource: 'microsoftDefenderForOffice365',
  detectionSource: 'microsoftDefenderForOffice365',
  timestamp: minutesAgo(30),
  entities: [
    { type: 'mailMessage', networkMessageId: nmid, sender: 'no-reply@parcel-tracking.example', recipient: 'kari.nord@halvorsen-maritime.com', subject: 'Your parcel could not be delivered' },
    { type: 'mailbox', address: 'kari.nord@halvorsen-maritime.com' },
    { type: 'url', url: 'https://parcel-tracking.example/track?id=5521' },
  ],
};
const identityAlert = {
  externalId: 'idp-1',
  title: 'Sign-in from an unfamiliar location',
  severity: 'high',
  category: 'InitialAccess',
  techniques: ['T1078'],
  serviceSource: 'azureAdIdentityProtection',
  detectionSource: 'azureAdIdentityProtection',
  timestamp: minutesAgo(20),
  entities: [
    { type: 'user', accountName: 'lars.berg', upn: 'lars.berg@halvorsen-maritime.com' },
    { type: 'ip', address: '198.51.100.23' },
    { type: 'cloudApp', name: 'Office 365 Exchange Online' },
  ],
};

/** The telemetry behind the email and identity alerts (the alert page reads its details from these tables). */
function telemetry(): Record<string, unknown>[] {
  const t = minutesAgo(31);
  return [
    {
      Table: 'EmailEvents',
      Timestamp: t,
      NetworkMessageId: nmid,
      SenderFromAddress: 'no-reply@parcel-tracking.example',
      SenderMailFromAddress: 'bounce@parcel-tracking.example',
      SenderDisplayName: 'Parcel Tracking',
      SenderIPv4: '192.0.2.44',
      RecipientEmailAddress: 'kari.nord@halvorsen-maritime.com',
      Subject: 'Your parcel could not be delivered',
      EmailDirection: 'Inbound',
      DeliveryAction: 'Delivered',
      DeliveryLocation: 'Inbox/folder',
      ThreatTypes: 'Phish',
      DetectionMethods: '{"Phish":["URL detonation reputation"]}',
      AttachmentCount: 1,
      UrlCount: 1,
      ReportId: 'mail-report-1',
    },
    { Table: 'EmailUrlInfo', Timestamp: t, NetworkMessageId: nmid, Url: 'https://parcel-tracking.example/track?id=5521', UrlDomain: 'parcel-tracking.example', UrlLocation: 'Body', ReportId: 'url-report-1' },
    { Table: 'EmailAttachmentInfo', Timestamp: t, NetworkMessageId: nmid, SenderFromAddress: 'no-reply@parcel-tracking.example', RecipientEmailAddress: 'kari.nord@halvorsen-maritime.com', FileName: 'label-5521.html', FileType: 'html', SHA256: 'ef'.repeat(32), FileSize: 18233, ReportId: 'att-report-1' },
    { Table: 'EmailPostDeliveryEvents', Timestamp: minutesAgo(29), NetworkMessageId: nmid, RecipientEmailAddress: 'kari.nord@halvorsen-maritime.com', Action: 'Moved to quarantine', ActionType: 'ZAP', ActionTrigger: 'SpecialAction', ActionResult: 'Success', DeliveryLocation: 'Quarantine', ReportId: 'zap-report-1' },
    {
      Table: 'AADSignInEventsBeta',
      Timestamp: minutesAgo(21),
      AccountUpn: 'lars.berg@halvorsen-maritime.com',
      AccountDisplayName: 'Lars Berg',
      Application: 'Office 365 Exchange Online',
      IPAddress: '198.51.100.23',
      Country: 'BR',
      City: 'Sao Paulo',
      ErrorCode: 0,
      LogonType: '["interactiveUser"]',
      ClientAppUsed: 'Browser',
      ReportId: 'signin-1',
    },
  ];
}

describe('incident evidence, a big attack story and alert details in a real browser', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let bigId = '';
  let emailAlertId = '';
  let identityAlertId = '';
  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    await ingestRows(portal.url, telemetry());
    const call = await apiSession(portal.url);
    const res = await call('POST', '/api/ingest/alerts', JSON.stringify([...bigIncident(), emailAlert, identityAlert]), 'application/json');
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const body = (await res.json()) as { alerts: { id: string; incidentId: string }[] };
    bigId = body.alerts[0]?.incidentId ?? '';
    emailAlertId = body.alerts[10]?.id ?? '';
    identityAlertId = body.alerts[11]?.id ?? '';
    expect(new Set(body.alerts.slice(0, 10).map((a) => a.incidentId)).size, 'the ten alerts correlate into one incident').toBe(1);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('draws a 51-node attack story readably, with keyboard access and a detail panel', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/incidents/${bigId}`);
    // One person met under four names is one user, a device named short and by FQDN one device: 10 alerts and 41 entities.
    const graph = page.getByRole('img', { name: /^Attack story graph: 10 alerts linked through 41 entities \(Devices: 5, Users: 1, IP addresses: 8, URLs: 4, Files: 10, Processes: 10, Registry: 3\)/ });
    await graph.waitFor();
    await page.locator('canvas').first().waitFor();
    // Nine files named by one alert are one group node, expandable.
    await page.getByRole('button', { name: 'Expand 1 group' }).waitFor();
    await screenshot(page, 'incident-story-big');
    // Keyboard: focus the graph, arrows select nodes, the panel shows the selection.
    await graph.focus();
    await page.keyboard.press('ArrowDown');
    const panel = page.getByRole('region', { name: 'Selected node' });
    await poll(() => panel.textContent()).toContain('Suspicious Office macro spawned PowerShell');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown');
    await poll(() => panel.getByRole('heading').textContent()).not.toContain('Suspicious Office macro');
    expect(await graph.getAttribute('aria-label')).toMatch(/Selected: /);
    // Walk to the folded group and expand it with Enter.
    for (let i = 0; i < 60 && !(await panel.textContent())?.includes('9 files'); i++) await page.keyboard.press('ArrowDown');
    expect(await panel.textContent()).toContain('quarterly-report-0.xlsx.locked');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Fold groups' }).waitFor();
    await screenshot(page, 'incident-story-big-expanded');
    // Dark theme: labels drawn in the theme's text colour.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => localStorage.removeItem('palisade.theme'));
    await page.reload();
    await page.locator('canvas').first().waitFor();
    await screenshot(page, 'incident-story-big-dark');
    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists merged evidence with verdicts, filters by verdict and sets verdict and remediation for selected rows', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/incidents/${bigId}`);
    await page.getByRole('tab', { name: /Evidence and response \(41\)/ }).click();
    const table = page.getByRole('table', { name: 'Evidence' });
    await table.waitFor();
    // One user row, named by its UPN, with the other names it was met under.
    const userGroup = table.getByRole('row', { name: 'Users: 1' });
    await userGroup.waitFor();
    const person = table.getByRole('link', { name: 'jdoe@halvorsen-maritime.com', exact: true });
    expect(await person.getAttribute('href')).toBe('/entities/user/jdoe%40halvorsen-maritime.com');
    expect(await table.textContent()).toContain('Also: HALVORSEN\\jdoe');
    expect(await table.getByRole('link', { name: 'FIN-WS-0042', exact: true }).getAttribute('href')).toBe(`/entities/device/${encodeURIComponent(host)}`);
    await screenshot(page, 'incident-evidence');

    // Filter: suspicious only (processes, files, URLs, internet IPs), then unknown only (devices, the user).
    await page.getByRole('button', { name: /^Unknown \(6\)$/ }).click();
    await poll(() => table.getByRole('row').count()).toBe(1 + 2 + 6); // header, 2 group rows (devices, users), 6 entities
    await page.getByRole('button', { name: /^Unknown/ }).click();
    await page.getByRole('button', { name: /^Suspicious \(35\)$/ }).click();
    await poll(() => table.getByRole('row').count()).toBe(1 + 5 + 35);
    await page.getByRole('button', { name: 'Clear' }).click();

    // Select the URL group and one IP; set malicious + blocked.
    await table.getByRole('checkbox', { name: 'Select all URLs' }).check();
    await table.getByRole('checkbox', { name: 'Select 203.0.113.10' }).check();
    await page.getByRole('button', { name: 'Set verdict / remediation (5)' }).click();
    const dialog = page.getByRole('dialog', { name: /Set verdict \/ remediation for 5 entities/ });
    await dialog.getByRole('combobox', { name: 'Verdict' }).click();
    await page.getByRole('option', { name: 'Malicious' }).click();
    await dialog.getByRole('combobox', { name: 'Remediation status' }).click();
    await page.getByRole('option', { name: 'Blocked' }).click();
    await dialog.getByRole('textbox', { name: 'Remediation details' }).fill('Blocked at the web proxy');
    await screenshot(page, 'incident-evidence-set');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
    await poll(() => page.getByRole('button', { name: /^Malicious \(\d+\)$/ }).textContent()).toBe('Malicious (5)');
    await page.getByRole('button', { name: /^Malicious/ }).click();
    await poll(() => table.getByRole('row').count()).toBe(1 + 2 + 5);
    expect(await table.textContent()).toContain('Blocked at the web proxy');
    expect(await table.textContent()).toContain('admin@example.test');
    await screenshot(page, 'incident-evidence-malicious');

    await page.getByRole('tab', { name: 'Activity log' }).click();
    await poll(() => page.getByRole('region', { name: 'Activity log' }).textContent()).toContain('Evidence updated: Verdict → Malicious; Remediation → Blocked');
    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows an email alert\'s message: sender, recipients and delivery, URLs, attachments, NetworkMessageId, with links', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/alerts/${emailAlertId}`);
    const card = page.getByRole('group', { name: 'Email Your parcel could not be delivered' }).or(page.getByLabel('Email Your parcel could not be delivered'));
    await card.first().waitFor();
    const text = (await card.first().textContent()) ?? '';
    expect(text).toContain('Parcel Tracking <no-reply@parcel-tracking.example>');
    expect(text).toContain('Mail from (P1)bounce@parcel-tracking.example');
    expect(text).toContain('Phish');
    expect(text).toContain(nmid);
    expect(text).toContain('label-5521.html');
    expect(text).toContain('After delivery');
    const recipients = page.getByRole('table', { name: 'Recipients and delivery' });
    expect(await recipients.getByRole('row').nth(1).textContent()).toBe('kari.nord@halvorsen-maritime.comDeliveredInbox/folderQuarantine');
    expect(await page.getByRole('link', { name: 'https://parcel-tracking.example/track?id=5521' }).first().getAttribute('href')).toContain('/advanced-hunting?query=EmailUrlInfo');
    expect(await page.getByRole('link', { name: 'label-5521.html' }).getAttribute('href')).toBe(`/entities/file/${'ef'.repeat(32)}`);
    // Evidence verdicts: the message and its URL suspicious (what the detection fired on), the mailbox unknown.
    const entities = page.getByRole('table', { name: 'Alert entities' });
    expect(await entities.getByRole('row', { name: /kari\.nord@halvorsen-maritime\.com Mailbox Unknown/ }).count()).toBe(1);
    expect(await entities.getByRole('row', { name: /Your parcel could not be delivered Email Suspicious/ }).count()).toBe(1);
    await screenshot(page, 'alert-email');
    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows an identity alert\'s sign-ins: account, application, IP, location, result', async () => {
    const context = await signedInContext(browser, portal.url);
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${portal.url}/alerts/${identityAlertId}`);
    const table = page.getByRole('table', { name: 'Sign-ins' });
    await table.waitFor();
    const row = (await table.getByRole('row').nth(1).textContent()) ?? '';
    expect(row).toContain('lars.berg@halvorsen-maritime.com');
    expect(row).toContain('Lars Berg');
    expect(row).toContain('Office 365 Exchange Online');
    expect(row).toContain('198.51.100.23');
    expect(row).toContain('Alert IP');
    expect(row).toContain('Sao Paulo, BR');
    expect(row).toContain('Success');
    expect(await table.getByRole('link', { name: '198.51.100.23' }).getAttribute('href')).toBe('/entities/ip/198.51.100.23');
    await screenshot(page, 'alert-identity');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await table.waitFor();
    await screenshot(page, 'alert-identity-dark');
    expect(await mainRegionViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
