/**
 * The entities API on real stores: a device's overview and its timeline over every Device* table (keyset
 * pages, filters, one event's whole record), the alerts and incidents naming an entity, and the device scope
 * (a caller limited to a device group gets 404 for any other device, and sees only its alerts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { signIn } from './auth-helpers.ts';
import type { TestClient } from './auth-helpers.ts';
import { timelineTables } from '../src/entities/device-timeline.ts';

interface TimelineEvent {
  table: string;
  timestamp: string;
  reportId: number;
  actionType: string | null;
  [k: string]: unknown;
}
interface Page {
  events: TimelineEvent[];
  nextCursor: string | null;
  searchedFrom: string | null;
}
interface Related {
  alerts: { id: string; title: string; incidentId: string; status: string }[];
  incidents: { id: string; displayName: string; entityAlerts: number }[];
  truncated: boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.now();
/** DuckDB TIMESTAMP text with microseconds (the cursor must keep them). */
const duck = (ms: number, micros = 0): string => `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}${String(micros).padStart(3, '0')}`;

/** What each table's rows say (one text column each, for the search filter). */
const tableText: Record<string, [string, string]> = {
  DeviceProcessEvents: ['ProcessCommandLine', 'powershell.exe -enc AAA'],
  DeviceNetworkEvents: ['RemoteUrl', 'update.contoso-cdn.example'],
  DeviceFileEvents: ['FileName', 'report.docx'],
  DeviceRegistryEvents: ['RegistryKey', 'HKLM\\Software\\Run'],
  DeviceLogonEvents: ['AccountName', 'alice'],
  DeviceImageLoadEvents: ['FileName', 'kernel32.dll'],
  DeviceEvents: ['FileName', 'usb.sys'],
};

/** Rows of srv-web01 per table: pairs share a Timestamp (ReportId breaks the tie), every table the same times; two rows 25 days old. */
const PER_TABLE = 62;
function webTime(i: number): number {
  return i >= 60 ? now - 25 * DAY - i * 1000 : now - Math.floor(i / 2) * 7 * HOUR - 5 * 60_000;
}

describe('entities API', () => {
  let p: TestPalisade;
  let admin: TestClient;
  let operator: TestClient;
  const expected: { table: string; t: number; reportId: number }[] = [];

  const get = async <T>(c: TestClient, url: string, status = 200): Promise<T> => {
    const r = await c.request({ url });
    expect(r.statusCode, `${url}: ${r.body}`).toBe(status);
    return r.json<T>();
  };

  beforeAll(async () => {
    p = await testPalisade();
    const run = (text: string, params: unknown[] = []) => p.opened.ctx.events.withWriter((w) => w.run(text, params as never));
    await run(
      `INSERT INTO DeviceInfo (Timestamp, DeviceId, DeviceName, OSPlatform, OSVersion, ExposureLevel, PublicIP, LoggedOnUsers, DeviceManualTags, MachineGroup) VALUES
       (?::TIMESTAMP, 'dev-srv-web', 'srv-web01.corp.example.com', 'WindowsServer2022', '10.0', 'High', '198.51.100.7', '[{"UserName":"alice","DomainName":"CORP","Sid":"S-1-5-21-1-2-3-1001"}]', '["web","prod"]', 'Servers (MDE)'),
       (?::TIMESTAMP, 'dev-lap-ann', 'laptop-ann.corp.example.com', 'Windows11', '10.0', 'Low', NULL, '[]', '[]', NULL)`,
      [duck(now - HOUR), duck(now - HOUR)],
    );
    await run(`INSERT INTO DeviceNetworkInfo (Timestamp, DeviceId, DeviceName, NetworkAdapterName, IPAddresses) VALUES (?::TIMESTAMP, 'dev-srv-web', 'srv-web01.corp.example.com', 'Ethernet0', '[{"IPAddress":"10.1.2.3","SubnetPrefix":24,"AddressType":"Private"}]')`, [duck(now - HOUR)]);
    for (const table of timelineTables) {
      const [col, text] = tableText[table]!;
      const values: string[] = [];
      const params: unknown[] = [];
      for (let i = 0; i < PER_TABLE; i++) {
        const t = webTime(i);
        const actionType = table === 'DeviceLogonEvents' ? (i % 3 === 0 ? 'LogonFailed' : 'LogonSuccess') : i % 2 === 0 ? `${table}Even` : `${table}Odd`;
        values.push(`(?::TIMESTAMP, 'dev-srv-web', 'srv-web01.corp.example.com', ?, ?, ?)`);
        params.push(duck(t, 456), actionType, 5000 + i, i % 10 === 0 ? `${text} #${i}` : `other ${i}`);
        expected.push({ table, t, reportId: 5000 + i });
      }
      // the laptop's rows, at the same times: never in srv-web01's timeline
      for (let i = 0; i < 5; i++) {
        values.push(`(?::TIMESTAMP, 'dev-lap-ann', 'laptop-ann.corp.example.com', 'LaptopAction', ?, ?)`);
        params.push(duck(webTime(i)), 9000 + i, `${text} laptop`);
      }
      await run(`INSERT INTO ${table} (Timestamp, DeviceId, DeviceName, ActionType, ReportId, ${col}) VALUES ${values.join(', ')}`, params);
    }
    expected.sort((a, b) => b.t - a.t || (a.table < b.table ? 1 : a.table > b.table ? -1 : 0) || b.reportId - a.reportId);

    admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
    const token = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'ingest', permissions: ['ingest.write'], expiresIn: '12h' } });
    const alerts = [
      {
        externalId: 'web-high',
        title: 'Web server: encoded PowerShell',
        severity: 'high',
        entities: [
          { type: 'device', deviceName: 'srv-web01.corp.example.com', deviceId: 'dev-srv-web' },
          { type: 'user', accountName: 'alice', upn: 'alice@corp.example.com' },
          { type: 'ip', address: '203.0.113.9' },
          { type: 'file', fileName: 'evil.exe', sha256: 'a'.repeat(64) },
        ],
      },
      { externalId: 'web-private-ip', title: 'Web server: scan from 10.9.8.7', severity: 'low', entities: [{ type: 'device', deviceName: 'SRV-WEB01' }, { type: 'ip', address: '10.9.8.7' }] },
      {
        externalId: 'laptop',
        title: 'Laptop: same file',
        severity: 'medium',
        entities: [
          { type: 'device', deviceName: 'laptop-ann.corp.example.com', deviceId: 'dev-lap-ann' },
          { type: 'user', accountName: 'alice', upn: 'alice@corp.example.com' },
          { type: 'process', deviceName: 'laptop-ann.corp.example.com', fileName: 'evil.exe', sha256: 'a'.repeat(64) },
        ],
      },
      { externalId: 'mail', title: 'Mailbox: forwarding rule', severity: 'medium', entities: [{ type: 'mailbox', address: 'alice@corp.example.com' }] },
    ];
    const ingest = await p.app.inject({
      method: 'POST',
      url: '/api/ingest/alerts',
      headers: { authorization: `Bearer ${token.json<{ secret: string }>().secret}`, 'content-type': 'application/json' },
      payload: JSON.stringify(
        alerts.map((a, i) => ({ ...a, category: 'Execution', techniques: ['T1059.001'], serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'edr', timestamp: new Date(now - 2 * HOUR + i * 60_000).toISOString() })),
      ),
    });
    expect(ingest.statusCode, ingest.body).toBe(200);

    const group = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Servers', rules: { names: ['srv-*'] } } });
    expect(group.statusCode, group.body).toBe(201);
    const user = await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'sam@example.test', displayName: 'Sam Scoped', password: 'servers only, nothing else 9' } });
    await admin.request({
      method: 'POST',
      url: '/api/role-assignments',
      payload: { roleId: 'security-reader', principalType: 'user', principalId: user.json<{ user: { id: string } }>().user.id, deviceGroupIds: [group.json<{ id: string }>().id] },
    });
    operator = await signIn(p.app, 'sam@example.test', 'servers only, nothing else 9');
  });
  afterAll(async () => p.close());

  it('gives the device overview: OS, IPs, users, exposure, tags, its device group and risk from its open alerts', async () => {
    const o = await get<Record<string, unknown>>(admin, '/api/entities/devices/srv-web01');
    expect(o).toMatchObject({
      deviceId: 'dev-srv-web',
      deviceName: 'srv-web01.corp.example.com',
      inventoried: true,
      deviceGroup: { name: 'Servers' },
      riskLevel: 'high',
      exposureLevel: 'High',
      osPlatform: 'WindowsServer2022',
      publicIp: '198.51.100.7',
      machineGroup: 'Servers (MDE)',
      tags: ['web', 'prod'],
      ipAddresses: [{ address: '10.1.2.3', adapter: 'Ethernet0', addressType: 'Private' }],
      loggedOnUsers: [{ accountName: 'alice', domain: 'CORP', sid: 'S-1-5-21-1-2-3-1001' }],
      activeAlerts: 2,
    });
    // last seen: its newest event (5 minutes ago) is later than its last inventory report (an hour ago)
    expect(Date.parse(String(o.lastSeen))).toBe(webTime(0));
    // by DeviceId and by full name too
    expect((await get<{ deviceName: string }>(admin, '/api/entities/devices/dev-srv-web')).deviceName).toBe('srv-web01.corp.example.com');
    expect((await get<{ deviceId: string }>(admin, '/api/entities/devices/SRV-WEB01.corp.example.com')).deviceId).toBe('dev-srv-web');
    const lap = await get<{ riskLevel: string; deviceGroup: { id: string } }>(admin, '/api/entities/devices/laptop-ann');
    expect(lap.deviceGroup.id).toBe('ungrouped');
    expect(lap.riskLevel).toBe('medium');
  });

  it('pages the timeline over every Device* table, newest first, without a gap or a repeat', async () => {
    const seen: { table: string; t: number; reportId: number }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await get<Page>(admin, `/api/entities/devices/srv-web01/timeline?limit=37${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.events.map((e) => ({ table: e.table, t: Date.parse(e.timestamp), reportId: e.reportId })));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 50);
    expect(seen).toHaveLength(PER_TABLE * timelineTables.length);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 37));
  });

  it('answers the first page from the newest day when the device is busy (the search widens only as needed)', async () => {
    const first = await get<Page>(admin, '/api/entities/devices/srv-web01/timeline?limit=20');
    expect(first.events).toHaveLength(20);
    expect(Date.parse(first.searchedFrom ?? '')).toBeGreaterThan(now - 2 * DAY);
    // the 25-day-old rows are found by the last, unbounded window
    const old = await get<Page>(admin, `/api/entities/devices/srv-web01/timeline?limit=20&to=${encodeURIComponent(new Date(now - 20 * DAY).toISOString())}`);
    expect(old.events.map((e) => e.reportId)).toEqual(expect.arrayContaining([5060, 5061]));
    expect(old.events).toHaveLength(2 * timelineTables.length);
    expect(old.nextCursor).toBeNull();
  });

  it('filters by table, action type, free text and time range', async () => {
    const net = await get<Page>(admin, '/api/entities/devices/srv-web01/timeline?limit=500&table=DeviceNetworkEvents&table=DeviceLogonEvents');
    expect(new Set(net.events.map((e) => e.table))).toEqual(new Set(['DeviceNetworkEvents', 'DeviceLogonEvents']));
    expect(net.events).toHaveLength(2 * PER_TABLE);
    const failed = await get<Page>(admin, '/api/entities/devices/srv-web01/timeline?limit=500&actionType=LogonFailed');
    expect(failed.events.length).toBe(Math.ceil(PER_TABLE / 3));
    expect(failed.events.every((e) => e.table === 'DeviceLogonEvents' && e.actionType === 'LogonFailed')).toBe(true);
    const text = await get<Page>(admin, '/api/entities/devices/srv-web01/timeline?limit=500&search=POWERSHELL.exe%20-enc');
    expect(text.events.map((e) => e.reportId).sort()).toEqual([5000, 5010, 5020, 5030, 5040, 5050, 5060]);
    expect(text.events[0]).toMatchObject({ table: 'DeviceProcessEvents', ProcessCommandLine: 'powershell.exe -enc AAA #0' });
    const from = new Date(now - 22 * HOUR).toISOString();
    const to = new Date(now - 6 * HOUR).toISOString();
    const range = await get<Page>(admin, `/api/entities/devices/srv-web01/timeline?limit=500&from=${from}&to=${to}`);
    // pairs at 7 h and 14 h ago (21 h is inside too): 3 times x 2 rows x 7 tables
    expect(range.events).toHaveLength(3 * 2 * timelineTables.length);
    expect(range.events.every((e) => Date.parse(e.timestamp) >= Date.parse(from) && Date.parse(e.timestamp) < Date.parse(to))).toBe(true);
    const facets = await get<{ tables: { table: string; n: number }[]; actionTypes: { actionType: string; n: number }[] }>(admin, '/api/entities/devices/srv-web01/timeline/facets');
    expect(facets.tables).toHaveLength(timelineTables.length);
    expect(facets.tables.every((t) => t.n === PER_TABLE)).toBe(true);
    expect(facets.actionTypes).toContainEqual({ table: 'DeviceLogonEvents', actionType: 'LogonFailed', n: Math.ceil(PER_TABLE / 3) });
  });

  it('expands one event to its whole record', async () => {
    const page = await get<Page>(admin, '/api/entities/devices/srv-web01/timeline?limit=1&table=DeviceFileEvents');
    const e = page.events[0]!;
    expect(e.timestamp).toMatch(/\.\d{6}Z$/);
    const full = await get<Record<string, unknown>>(admin, `/api/entities/devices/srv-web01/events/${e.table}/${e.reportId}?timestamp=${encodeURIComponent(e.timestamp)}`);
    expect(full).toMatchObject({ Table: 'DeviceFileEvents', DeviceId: 'dev-srv-web', DeviceName: 'srv-web01.corp.example.com', ReportId: e.reportId, Timestamp: e.timestamp });
    expect(full).not.toHaveProperty('__ingestion_time');
    await get(admin, `/api/entities/devices/srv-web01/events/DeviceFileEvents/123456?timestamp=${encodeURIComponent(e.timestamp)}`, 404);
  });

  it('says what is wrong with bad input', async () => {
    const badCursor = await get<{ error: { message: string } }>(admin, '/api/entities/devices/srv-web01/timeline?cursor=nonsense', 400);
    expect(badCursor.error.message).toMatch(/cursor/);
    const badTable = await get<{ error: { message: string } }>(admin, '/api/entities/devices/srv-web01/timeline?table=DeviceInfo', 400);
    expect(badTable.error.message).toMatch(/table/);
    const badTime = await get<{ error: { message: string } }>(admin, '/api/entities/devices/srv-web01/timeline?from=yesterday', 400);
    expect(badTime.error.message).toMatch(/from: 'yesterday' is not an ISO 8601 time/);
    await get(admin, '/api/entities/devices/srv-web01/events/DeviceInfo/1?timestamp=2026-01-01T00:00:00Z', 400);
  });

  it('lists the alerts naming each kind of entity and their incidents', async () => {
    const titles = (r: Related) => r.alerts.map((a) => a.title).sort();
    const device = await get<Related>(admin, '/api/entities/device/srv-web01.corp.example.com/related');
    expect(titles(device)).toEqual(['Web server: encoded PowerShell', 'Web server: scan from 10.9.8.7']);
    expect(device.incidents.map((i) => i.id).sort()).toEqual([...new Set(device.alerts.map((a) => a.incidentId))].sort());
    expect(device.incidents.reduce((n, i) => n + i.entityAlerts, 0)).toBe(2);
    expect(titles(await get<Related>(admin, '/api/entities/user/alice@corp.example.com/related'))).toEqual(['Laptop: same file', 'Mailbox: forwarding rule', 'Web server: encoded PowerShell']);
    expect(titles(await get<Related>(admin, '/api/entities/mailbox/alice@corp.example.com/related'))).toEqual(['Laptop: same file', 'Mailbox: forwarding rule', 'Web server: encoded PowerShell']);
    expect(titles(await get<Related>(admin, '/api/entities/ip/203.0.113.9/related'))).toEqual(['Web server: encoded PowerShell']);
    // a private IP gives no correlation key: found in the evidence, exactly (10.9.8.70 would not match)
    expect(titles(await get<Related>(admin, '/api/entities/ip/10.9.8.7/related'))).toEqual(['Web server: scan from 10.9.8.7']);
    expect(titles(await get<Related>(admin, '/api/entities/ip/10.9.8.70/related'))).toEqual([]);
    expect(titles(await get<Related>(admin, `/api/entities/file/${'a'.repeat(64)}/related`))).toEqual(['Laptop: same file', 'Web server: encoded PowerShell']);
    expect(titles(await get<Related>(admin, '/api/entities/file/EVIL.EXE/related'))).toEqual(['Laptop: same file', 'Web server: encoded PowerShell']);
    await get(admin, '/api/entities/printer/x/related', 400);
  });

  it("keeps a scoped caller to its device group: another group's device is a 404, and only in-scope alerts are listed", async () => {
    const o = await get<{ deviceGroup: { name: string } }>(operator, '/api/entities/devices/srv-web01');
    expect(o.deviceGroup.name).toBe('Servers');
    expect((await get<Page>(operator, '/api/entities/devices/srv-web01/timeline?limit=5')).events).toHaveLength(5);
    for (const url of [
      '/api/entities/devices/laptop-ann',
      '/api/entities/devices/dev-lap-ann',
      '/api/entities/devices/laptop-ann/timeline',
      '/api/entities/devices/laptop-ann/timeline/facets',
      `/api/entities/devices/laptop-ann/events/DeviceProcessEvents/9000?timestamp=${encodeURIComponent(new Date(now).toISOString())}`,
      '/api/entities/device/laptop-ann/related',
      // not in the inventory at all: no group holds it
      '/api/entities/devices/ghost-01',
    ]) {
      const r = await operator.request({ url });
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).not.toMatch(/Windows11|LaptopAction/);
    }
    const user = await get<Related>(operator, '/api/entities/user/alice@corp.example.com/related');
    expect(user.alerts.map((a) => a.title)).toEqual(['Web server: encoded PowerShell']);
    for (const i of user.incidents) expect(i.displayName).not.toMatch(/laptop/i);
    const file = await get<Related>(operator, `/api/entities/file/${'a'.repeat(64)}/related`);
    expect(file.alerts.map((a) => a.title)).toEqual(['Web server: encoded PowerShell']);
    expect((await get<Related>(operator, '/api/entities/mailbox/alice@corp.example.com/related')).alerts.map((a) => a.title)).toEqual(['Web server: encoded PowerShell']);
  });

  it('needs security.read', async () => {
    const r = await p.app.inject({ url: '/api/entities/devices/srv-web01/timeline' });
    expect(r.statusCode).toBe(401);
  });
});
