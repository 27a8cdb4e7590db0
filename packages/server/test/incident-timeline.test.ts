/**
 * Issue 8, incident page: the attack story's raw events (GET /api/security/incidents/{id}/timeline), read from
 * the hunting tables for the incident's evidence within its window; the cap; the device scope (404 outside it,
 * no out-of-scope device's events); the permission.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentTimeline } from '@palisade/contracts';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { signIn } from './auth-helpers.ts';
import type { TestClient } from './auth-helpers.ts';

const sha = 'c0ffee'.repeat(10) + 'abcd';
const nmid = 'nmid-story-1';
const alerts = [
  {
    externalId: 'story',
    title: 'Macro launched encoded PowerShell',
    severity: 'high',
    category: 'Execution',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'edr',
    timestamp: '2026-01-02T10:01:00Z',
    entities: [
      { type: 'device', deviceName: 'ws-ann', deviceId: 'dev-ws-ann' },
      { type: 'device', deviceName: 'laptop-out.corp.example', deviceId: 'dev-out' },
      { type: 'process', deviceName: 'WS-ANN.corp.example', fileName: 'powershell.exe', commandLine: 'powershell.exe -enc SQBFAFgA' },
      { type: 'process', deviceName: 'LAPTOP-OUT', fileName: 'rundll32.exe' },
      { type: 'file', sha256: sha, fileName: 'invoice.docm' },
      { type: 'ip', address: '203.0.113.9' },
      { type: 'registry', key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', valueName: 'updater' },
      { type: 'mailMessage', networkMessageId: nmid, subject: 'Invoice', recipient: 'ann@corp.example' },
      { type: 'user', accountName: 'CORP\\ann', upn: 'ann@corp.example' },
    ],
  },
  {
    externalId: 'out',
    title: 'Only on the out-of-scope laptop',
    severity: 'medium',
    category: 'Discovery',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'edr',
    timestamp: '2026-01-05T10:00:00Z',
    entities: [{ type: 'device', deviceName: 'laptop-out.corp.example', deviceId: 'dev-out' }, { type: 'process', deviceName: 'laptop-out.corp.example', fileName: 'net.exe' }],
  },
  {
    externalId: 'bulk',
    title: 'Beaconing',
    severity: 'low',
    category: 'CommandAndControl',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'edr',
    timestamp: '2026-01-08T10:00:00Z',
    entities: [
      { type: 'ip', address: '198.51.100.77' },
      { type: 'file', sha256: 'beef'.repeat(16), fileName: 'svc.exe' },
    ],
  },
  {
    externalId: 'cloud',
    title: 'Mass download from SharePoint',
    severity: 'medium',
    category: 'Exfiltration',
    serviceSource: 'microsoftDefenderForCloudApps',
    detectionSource: 'microsoftDefenderForCloudApps',
    timestamp: '2026-01-12T10:00:00Z',
    entities: [
      { type: 'user', accountName: 'msuzuki', upn: 'mark@corp.example', sid: '8ec0312c-25c8-4326-a63e-c33371f31791' },
      { type: 'cloudApp', name: 'Microsoft SharePoint Online' },
    ],
  },
  {
    externalId: 'idp',
    title: 'Password spray',
    severity: 'medium',
    category: 'CredentialAccess',
    serviceSource: 'microsoftDefenderForIdentity',
    detectionSource: 'microsoftDefenderForIdentity',
    timestamp: '2026-01-10T12:00:00Z',
    entities: [{ type: 'user', accountName: 'CORP\\lars', upn: 'lars@corp.example' }],
  },
];

describe('incident timeline: the raw events behind the evidence', () => {
  let p: TestPalisade;
  let admin: TestClient;
  let scoped: TestClient;
  let ingestSecret = '';
  const incidentOf: Record<string, string> = {};
  const timeline = async (c: TestClient, id: string): Promise<IncidentTimeline> => {
    const r = await c.request({ url: `/api/security/incidents/${id}/timeline` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<IncidentTimeline>();
  };

  beforeAll(async () => {
    p = await testPalisade();
    const run = (text: string, params: unknown[]): Promise<unknown> => p.opened.ctx.events.withWriter((w) => w.run(text, params as never));
    const proc = 'INSERT INTO DeviceProcessEvents (Timestamp, DeviceId, DeviceName, ActionType, FileName, ProcessCommandLine, InitiatingProcessFileName, AccountName, AccountDomain, ReportId) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
    const net = 'INSERT INTO DeviceNetworkEvents (Timestamp, DeviceId, DeviceName, ActionType, RemoteIP, RemotePort, InitiatingProcessFileName, ReportId) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?)';
    for (const [id, name] of [
      ['dev-ws-ann', 'ws-ann.corp.example'],
      ['dev-out', 'laptop-out.corp.example'],
    ]) await run('INSERT INTO DeviceInfo (Timestamp, DeviceId, DeviceName, OSPlatform) VALUES (?::TIMESTAMP, ?, ?, ?)', ['2026-01-02 00:00:00', id, name, 'Windows11']);
    // The story on ws-ann: the mail, the document written, PowerShell started by Word, its connection and Run key.
    await run('INSERT INTO EmailEvents (Timestamp, NetworkMessageId, SenderFromAddress, RecipientEmailAddress, Subject, DeliveryAction, DeliveryLocation) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?)', ['2026-01-02 08:00:00', nmid, 'billing@evil.example', 'ann@corp.example', 'Invoice', 'Delivered', 'Inbox/folder']);
    await run('INSERT INTO DeviceFileEvents (Timestamp, DeviceId, DeviceName, ActionType, FileName, FolderPath, SHA256, InitiatingProcessFileName, ReportId) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?)', ['2026-01-02 09:59:00', 'dev-ws-ann', 'ws-ann.corp.example', 'FileCreated', 'invoice.docm', 'C:\\Users\\ann\\Downloads\\invoice.docm', sha, 'outlook.exe', 1]);
    await run(proc, ['2026-01-02 10:00:30', 'dev-ws-ann', 'ws-ann.corp.example', 'ProcessCreated', 'powershell.exe', 'powershell.exe -enc SQBFAFgA', 'winword.exe', 'ann', 'corp', 2]);
    await run(net, ['2026-01-02 10:00:40', 'dev-ws-ann', 'ws-ann.corp.example', 'ConnectionSuccess', '203.0.113.9', 443, 'powershell.exe', 3]);
    await run('INSERT INTO DeviceRegistryEvents (Timestamp, DeviceId, DeviceName, ActionType, RegistryKey, RegistryValueName, RegistryValueData, InitiatingProcessFileName, ReportId) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?)', [
      '2026-01-02 10:00:50',
      'dev-ws-ann',
      'ws-ann.corp.example',
      'RegistryValueSet',
      'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
      'updater',
      'C:\\Users\\ann\\updater.exe',
      'powershell.exe',
      4,
    ]);
    // Not evidence, or outside the window: never shown.
    await run(proc, ['2026-01-02 10:00:35', 'dev-ws-ann', 'ws-ann.corp.example', 'ProcessCreated', 'notepad.exe', 'notepad.exe', 'explorer.exe', 'ann', 'corp', 5]);
    await run(proc, ['2026-01-01 10:00:30', 'dev-ws-ann', 'ws-ann.corp.example', 'ProcessCreated', 'powershell.exe', 'powershell.exe -nop', 'explorer.exe', 'ann', 'corp', 6]);
    // On the out-of-scope laptop: the incident's evidence too, but a scoped caller must not see it.
    await run(proc, ['2026-01-02 10:00:45', 'dev-out', 'laptop-out.corp.example', 'ProcessCreated', 'rundll32.exe', 'rundll32.exe evil.dll,Start', 'powershell.exe', 'bob', 'corp', 7]);
    await run(net, ['2026-01-02 10:00:46', 'dev-out', 'laptop-out.corp.example', 'ConnectionSuccess', '203.0.113.9', 443, 'rundll32.exe', 8]);
    // 250 beacons for the cap.
    for (let i = 0; i < 250; i++) {
      await run(net, [new Date(Date.UTC(2026, 0, 8, 9, 45, i)).toISOString().replace('T', ' ').replace('Z', ''), 'dev-ws-ann', 'ws-ann.corp.example', 'ConnectionSuccess', '198.51.100.77', 8080, 'svc.exe', 100 + i]);
    }
    // ...and after them, the one event of the beacon alert's other evidence: kept although it is the newest.
    await run('INSERT INTO DeviceFileEvents (Timestamp, DeviceId, DeviceName, ActionType, FileName, SHA256, ReportId) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?)', ['2026-01-08 10:10:00', 'dev-ws-ann', 'ws-ann.corp.example', 'FileCreated', 'svc.exe', 'beef'.repeat(16), 999]);
    // Sign-ins of the identity alert's user, and of a user no identity alert names.
    await run('INSERT INTO IdentityLogonEvents (Timestamp, ActionType, Application, Protocol, AccountName, AccountDomain, IPAddress, FailureReason) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?)', ['2026-01-10 11:50:00', 'LogonFailed', 'Active Directory', 'Kerberos', 'lars', 'corp', '198.51.100.23', 'WrongPassword']);
    await run('INSERT INTO AADSignInEventsBeta (Timestamp, Application, ErrorCode, AccountUpn, IPAddress, Country) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?)', ['2026-01-02 10:00:10', 'Office 365', 0, 'ann@corp.example', '10.0.0.5', 'NO']);

    // Cloud app activity: the alert's user in the app (shown), someone else and another app (not).
    const cloud = 'INSERT INTO CloudAppEvents (Timestamp, ActionType, Application, AccountObjectId, AccountDisplayName, IPAddress, CountryCode, ObjectName) VALUES (?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?)';
    await run(cloud, ['2026-01-12 09:50:00', 'FileDownloaded', 'Microsoft SharePoint Online', '8EC0312C-25c8-4326-a63e-c33371f31791', 'Mark Suzuki', '198.51.100.10', 'NL', 'Q3-plan.xlsx']);
    await run(cloud, ['2026-01-12 09:51:00', 'FileDownloaded', 'Microsoft SharePoint Online', 'someone-else', 'Other', '10.0.0.9', 'NL', 'x.docx']);
    await run(cloud, ['2026-01-12 09:52:00', 'MailItemsAccessed', 'Microsoft Exchange Online', '8ec0312c-25c8-4326-a63e-c33371f31791', 'Mark Suzuki', '198.51.100.10', 'NL', null]);

    admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
    const token = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'ingest', permissions: ['ingest.write'], expiresIn: '12h' } });
    ingestSecret = token.json<{ secret: string }>().secret;
    const ingest = await p.app.inject({ method: 'POST', url: '/api/ingest/alerts', headers: { authorization: `Bearer ${ingestSecret}`, 'content-type': 'application/json' }, payload: JSON.stringify(alerts) });
    expect(ingest.statusCode, ingest.body).toBe(200);
    const list = await admin.request({ url: '/api/security/incidents?$top=50&$expand=alerts' });
    for (const i of list.json<{ value: { id: string; alerts: { title: string }[] }[] }>().value) for (const a of i.alerts) incidentOf[a.title] = i.id;

    const group = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Workstations', rules: { names: ['ws-*'] } } });
    expect(group.statusCode, group.body).toBe(201);
    const user = await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'wes@example.test', displayName: 'Wes Scoped', password: 'workstations only, thanks 7' } });
    await admin.request({
      method: 'POST',
      url: '/api/role-assignments',
      payload: { roleId: 'security-reader', principalType: 'user', principalId: user.json<{ user: { id: string } }>().user.id, deviceGroupIds: [group.json<{ id: string }>().id] },
    });
    scoped = await signIn(p.app, 'wes@example.test', 'workstations only, thanks 7');
  });
  afterAll(async () => p.close());

  it('finds the process, file, network, registry and mail events behind the evidence, oldest first, each naming its alert', async () => {
    const id = incidentOf['Macro launched encoded PowerShell'] ?? '';
    const t = await timeline(admin, id);
    expect(t.window).toEqual({ from: '2026-01-02T09:31:00.000Z', to: '2026-01-02T10:31:00.000Z', marginMinutes: 30 });
    expect(t.truncated).toBe(false);
    expect(t.events.map((e) => [e.dateTime, e.table, e.deviceName, e.summary])).toEqual([
      ['2026-01-02T08:00:00Z', 'EmailEvents', null, 'Mail "Invoice" from billing@evil.example to ann@corp.example: Delivered (Inbox/folder)'],
      ['2026-01-02T09:59:00Z', 'DeviceFileEvents', 'ws-ann.corp.example', 'FileCreated C:\\Users\\ann\\Downloads\\invoice.docm by outlook.exe'],
      ['2026-01-02T10:00:30Z', 'DeviceProcessEvents', 'ws-ann.corp.example', 'powershell.exe -enc SQBFAFgA started by winword.exe'],
      ['2026-01-02T10:00:40Z', 'DeviceNetworkEvents', 'ws-ann.corp.example', 'ConnectionSuccess powershell.exe → 203.0.113.9:443'],
      ['2026-01-02T10:00:45Z', 'DeviceProcessEvents', 'laptop-out.corp.example', 'rundll32.exe evil.dll,Start started by powershell.exe'],
      ['2026-01-02T10:00:46Z', 'DeviceNetworkEvents', 'laptop-out.corp.example', 'ConnectionSuccess rundll32.exe → 203.0.113.9:443'],
      ['2026-01-02T10:00:50Z', 'DeviceRegistryEvents', 'ws-ann.corp.example', 'RegistryValueSet HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater = C:\\Users\\ann\\updater.exe by powershell.exe'],
    ]);
    const ps = t.events.find((e) => e.table === 'DeviceProcessEvents');
    expect(ps).toMatchObject({ alertIds: [expect.any(String)], entities: ['process powershell.exe on WS-ANN.corp.example'], account: 'corp\\ann' });
    expect(ps?.record).toMatchObject({ ReportId: 2, InitiatingProcessFileName: 'winword.exe' });
    // Sign-ins only for users an identity alert names: this is an endpoint alert.
    expect(t.events.some((e) => e.table === 'AADSignInEventsBeta')).toBe(false);
  });

  it('shows the sign-ins of a user an identity alert names', async () => {
    const t = await timeline(admin, incidentOf['Password spray'] ?? '');
    expect(t.events.map((e) => [e.table, e.account, e.summary])).toEqual([['IdentityLogonEvents', 'corp\\lars', 'LogonFailed to Active Directory (Kerberos) from 198.51.100.23: WrongPassword']]);
  });

  it('shows a cloud app’s activity by the alert’s own users only', async () => {
    const t = await timeline(admin, incidentOf['Mass download from SharePoint'] ?? '');
    expect(t.events.map((e) => [e.table, e.account, e.summary, e.entities])).toEqual([['CloudAppEvents', 'Mark Suzuki', 'FileDownloaded Q3-plan.xlsx in Microsoft SharePoint Online from 198.51.100.10 (NL)', ['app Microsoft SharePoint Online']]]);
  });

  it('caps the events at 200, keeps the oldest (where it started) and each evidence’s share, and says the newest were cut', async () => {
    const t = await timeline(admin, incidentOf.Beaconing ?? '');
    expect(t.cap).toBe(200);
    expect(t.truncated).toBe(true);
    expect(t.events).toHaveLength(200);
    expect(t.events[0]?.dateTime).toBe('2026-01-08T09:45:00Z');
    // The beacons keep their oldest 199; the file's one event (the newest of all) keeps its share.
    expect(t.events[198]?.record.ReportId).toBe(298);
    expect(t.events[199]).toMatchObject({ table: 'DeviceFileEvents', dateTime: '2026-01-08T10:10:00Z' });
  });

  it('a scoped caller: 404 outside the scope, and never an out-of-scope device’s events', async () => {
    const r = await scoped.request({ url: `/api/security/incidents/${incidentOf['Only on the out-of-scope laptop'] ?? ''}/timeline` });
    expect(r.statusCode, r.body).toBe(404);
    expect((await scoped.request({ url: '/api/security/incidents/999999/timeline' })).statusCode).toBe(404);
    const t = await timeline(scoped, incidentOf['Macro launched encoded PowerShell'] ?? '');
    expect(t.events.map((e) => [e.table, e.deviceName])).toEqual([['EmailEvents', null], ['DeviceFileEvents', 'ws-ann.corp.example'], ['DeviceProcessEvents', 'ws-ann.corp.example'], ['DeviceNetworkEvents', 'ws-ann.corp.example'], ['DeviceRegistryEvents', 'ws-ann.corp.example']]);
    expect(JSON.stringify(t)).not.toContain('laptop-out');
  });

  it('needs security.read', async () => {
    const r = await p.app.inject({ url: `/api/security/incidents/${incidentOf.Beaconing ?? ''}/timeline`, headers: { authorization: `Bearer ${ingestSecret}` } });
    expect(r.statusCode, r.body).toBe(403);
    expect((await p.app.inject({ url: `/api/security/incidents/${incidentOf.Beaconing ?? ''}/timeline` })).statusCode).toBe(401);
  });
});
