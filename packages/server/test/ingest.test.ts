import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';
import { unrestrictedScope } from '../src/auth/principal.ts';
import type { IngestResponse } from '../src/ingest/ingest.service.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/ingest/${name}`, import.meta.url), 'utf8');

const shipper: Principal = { kind: 'token', id: 't1', name: 'shipper', permissions: new Set(['ingest.write']), scope: unrestrictedScope };
const admin: Principal = { kind: 'user', id: 'u1', name: 'admin', permissions: new Set(['settings.system', 'hunting.run']), scope: unrestrictedScope };

describe('ingest API', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    p = await testPalisade({
      resolvePrincipal: async (req) => (req.headers['x-test-user'] === 'shipper' ? shipper : req.headers['x-test-user'] === 'admin' ? admin : undefined),
    });
  });
  afterAll(async () => p.close());

  const post = (format: string, payload: string | Buffer, headers: Record<string, string> = {}, query = '') =>
    p.app.inject({ method: 'POST', url: `/api/ingest/${format}${query}`, payload, headers: { 'content-type': 'application/x-ndjson', 'x-test-user': 'shipper', ...headers } });
  const count = async (sql: string): Promise<number> => {
    const r = await p.opened.ctx.events.query(sql, [], { timeoutMs: 5000, maxRows: 10 });
    return Number(Object.values(r.rows[0] ?? {})[0]);
  };

  it('needs ingest.write', async () => {
    expect((await post('defender', '{}', { 'x-test-user': '' })).statusCode).toBe(401);
    expect((await post('defender', '{}', { 'x-test-user': 'admin' })).statusCode).toBe(403);
  });

  it('accepts the good records of a partly bad batch and says what is wrong with the rest', async () => {
    const res = await post('defender', fixture('defender.ndjson'));
    expect(res.statusCode).toBe(200);
    const body = res.json<IngestResponse>();
    expect(body.accepted).toBe(3);
    expect(body.rejected).toBe(3);
    expect(body.errors).toEqual([
      { index: 2, field: 'RemotePort', code: 'invalidType', message: expect.stringMatching(/RemotePort: expected an int/) as unknown },
      { index: 3, field: 'Table', code: 'unknownTable', message: expect.stringContaining('NoSuchTable') as unknown },
      { index: 4, field: null, code: 'invalidJson', message: expect.stringMatching(/at byte offset \d+/) as unknown },
    ]);
    expect(await count(`SELECT count(*) FROM DeviceProcessEvents WHERE ReportId = 113597 AND AdditionalFields = '{"ScopeOfSearch":"Base"}' AND Timestamp = TIMESTAMP '2021-08-02 13:11:39.772449'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM DeviceNetworkEvents WHERE RemotePort = 443 AND ActionType = 'ConnectionSuccess'`)).toBe(1);
    // A Defender row without a DeviceId gets the one its DeviceName resolves to.
    expect(await count(`SELECT count(*) FROM DeviceLogonEvents WHERE DeviceId IS NOT NULL AND AccountName = 'wardog'`)).toBe(1);
  });

  it('reads Type as the table name only when it names one (IdentityInfo has a Type column)', async () => {
    const rows = [
      { Table: 'IdentityInfo', Timestamp: '2024-05-01T10:00:00Z', AccountUpn: 'ann@example.test', Type: 'User' },
      { Type: 'IdentityInfo', Timestamp: '2024-05-01T10:00:00Z', AccountUpn: 'bob@example.test' },
    ];
    const res = await post('defender', rows.map((r) => JSON.stringify(r)).join('\n'));
    expect(res.json<IngestResponse>()).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await count(`SELECT count(*) FROM IdentityInfo WHERE AccountUpn = 'ann@example.test' AND Type = 'User'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM IdentityInfo WHERE AccountUpn = 'bob@example.test' AND Type IS NULL`)).toBe(1);
  });

  it('keeps every rejected record verbatim with its reason, for admins', async () => {
    const res = await post('defender', `{"Table":"DeviceEvents","Timestamp":"yesterday","DeviceName":"x"}\n`);
    const batch = res.json<IngestResponse>();
    expect(batch.rejected).toBe(1);
    expect((await p.app.inject({ url: '/api/ingest/deadLetters', headers: { 'x-test-user': 'shipper' } })).statusCode).toBe(403);
    const dl = await p.app.inject({ url: `/api/ingest/deadLetters?batchId=${batch.batchId}`, headers: { 'x-test-user': 'admin' } });
    expect(dl.statusCode).toBe(200);
    const items = dl.json<{ total: number; items: { raw: string; code: string; field: string; format: string; source: string }[] }>();
    expect(items.total).toBe(1);
    expect(items.items[0]).toMatchObject({ raw: '{"Table":"DeviceEvents","Timestamp":"yesterday","DeviceName":"x"}', code: 'invalidDatetime', field: 'Timestamp', format: 'defender', source: 'token:shipper' });
  });

  it('answers a retried Idempotency-Key with the first response and adds nothing', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => JSON.stringify({ Table: 'DeviceFileEvents', Timestamp: '2024-05-01T10:00:00Z', DeviceName: 'idem-host', ActionType: 'FileCreated', FileName: `f${i}.txt` })).join('\n');
    const first = await post('defender', rows, { 'idempotency-key': 'batch-0001' });
    const again = await post('defender', rows, { 'idempotency-key': 'batch-0001' });
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json<IngestResponse>()).toEqual({ ...first.json<IngestResponse>(), replayed: true });
    expect(await count(`SELECT count(*) FROM DeviceFileEvents WHERE DeviceName = 'idem-host'`)).toBe(20);
  });

  it('skips records whose event id is already stored', async () => {
    const first = (await post('sysmon', fixture('sysmon.ndjson'))).json<IngestResponse>();
    expect(first).toMatchObject({ accepted: 5, rejected: 1, duplicates: 0 });
    expect(first.errors[0]).toMatchObject({ index: 5, field: 'EventID', code: 'unsupportedEventType' });
    const again = (await post('sysmon', fixture('sysmon.ndjson'))).json<IngestResponse>();
    expect(again).toMatchObject({ accepted: 5, rejected: 1, duplicates: 5, rows: 0 });
    expect(await count(`SELECT count(*) FROM DeviceEvents WHERE ActionType = 'OpenProcessApiCall' AND FileName = 'lsass.exe'`)).toBe(1);
  });

  it('maps Sysmon and Security events onto the Device tables with one identity per host', async () => {
    const r = await p.opened.ctx.events.query(
      `SELECT DeviceId, DeviceName, FileName, ProcessId, AccountName, AccountDomain, SHA1, InitiatingProcessFileName, LogonId, ProcessCreationTime FROM DeviceProcessEvents WHERE FileName = 'mshta.exe'`,
      [],
      { timeoutMs: 5000, maxRows: 10 },
    );
    expect(r.rows).toEqual([
      {
        DeviceId: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown,
        DeviceName: 'workstation5.theshire.local',
        FileName: 'mshta.exe',
        ProcessId: 7212,
        AccountName: 'pgustavo',
        AccountDomain: 'theshire',
        SHA1: '7b5a3b5b8b1e1f0f4c1d3e2a9a1b0c8d7e6f5a4b',
        InitiatingProcessFileName: 'explorer.exe',
        LogonId: 0xaa869,
        ProcessCreationTime: '2020-10-22T02:58:10.097Z',
      },
    ]);
    expect(await count(`SELECT count(*) FROM DeviceRegistryEvents WHERE ActionType = 'RegistryValueSet' AND RegistryValueName = 'Updater' AND RegistryKey LIKE 'HKEY_USERS\\S-1-5-21-%\\Run'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM DeviceLogonEvents WHERE LogonType = 'RemoteInteractive' AND AccountName = 'pgustavo' AND LogonId = ${0xaa869}`)).toBe(1);
    expect(await count(`SELECT count(*) FROM DeviceNetworkEvents WHERE RemoteUrl = 'evil.example' AND RemotePort = 443 AND LocalIP = '172.18.39.5'`)).toBe(1);
    expect(await count(`SELECT count(DISTINCT DeviceId) FROM (SELECT DeviceId FROM DeviceProcessEvents WHERE DeviceName LIKE 'workstation5%' UNION ALL SELECT DeviceId FROM DeviceInfo WHERE DeviceName LIKE 'workstation5%')`)).toBe(1);
  });

  it('maps ECS (Winlogbeat) events, a JSON array body', async () => {
    const res = await p.app.inject({ method: 'POST', url: '/api/ingest/ecs', payload: fixture('ecs.json'), headers: { 'content-type': 'application/json', 'x-test-user': 'shipper' } });
    const body = res.json<IngestResponse>();
    expect(body).toMatchObject({ accepted: 3, rejected: 1 });
    expect(body.errors[0]).toMatchObject({ index: 3, code: 'unsupportedEventType' });
    expect(await count(`SELECT count(*) FROM DeviceProcessEvents WHERE FileName = 'wevtutil.exe' AND ProcessCommandLine = 'wevtutil cl Security' AND DeviceName = 'vagrant-2012-r2'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM DeviceLogonEvents WHERE ActionType = 'LogonFailed' AND AccountName = 'administrator' AND RemoteIP = '10.0.0.7' AND FailureReason = '0xc000006a'`)).toBe(1);
  });

  it('maps osquery results, gzip-encoded', async () => {
    const res = await post('osquery', gzipSync(fixture('osquery.ndjson')), { 'content-encoding': 'gzip' });
    const body = res.json<IngestResponse>();
    expect(body).toMatchObject({ accepted: 5, rejected: 1 });
    expect(body.errors[0]).toMatchObject({ index: 5, field: 'columns', code: 'unsupportedEventType' });
    expect(await count(`SELECT count(*) FROM DeviceProcessEvents WHERE FileName = 'sshd' AND DeviceName = 'jumpvm' AND AccountName = 'root'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM DeviceNetworkEvents WHERE RemoteIP = '203.0.113.9' AND Protocol = 'Tcp'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM DeviceFileEvents WHERE FolderPath = '/etc/cron.d/backdoor' AND ActionType = 'FileCreated'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM DeviceTvmSoftwareInventory WHERE SoftwareName = 'jinja2' AND SoftwareVersion = '2.10.1'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM DeviceInfo WHERE DeviceName = 'jumpvm' AND OSPlatform = 'ubuntu'`)).toBe(1);
  });

  it('maps OCSF events', async () => {
    const body = (await post('ocsf', fixture('ocsf.ndjson'))).json<IngestResponse>();
    expect(body).toMatchObject({ accepted: 4, rejected: 1 });
    expect(body.errors[0]).toMatchObject({ index: 4, code: 'unsupportedEventType' });
    expect(await count(`SELECT count(*) FROM DeviceProcessEvents WHERE FileName = 'rundll32.exe' AND AccountName = 'dadmin' AND InitiatingProcessFileName = 'explorer.exe'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM DeviceLogonEvents WHERE ActionType = 'LogonFailed' AND LogonType = 'Network' AND RemoteIP = '192.168.1.20'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM EmailEvents WHERE Subject = 'Invoice overdue' AND EmailDirection = 'Inbound'`)).toBe(2);
    // The same host, reported by two OCSF events with different spellings, is one device.
    expect(await count(`SELECT count(DISTINCT DeviceId) FROM (SELECT DeviceId FROM DeviceProcessEvents WHERE FileName = 'rundll32.exe' UNION ALL SELECT DeviceId FROM DeviceNetworkEvents WHERE RemoteUrl = 'example.com')`)).toBe(1);
  });

  it('refuses a body that is not JSON with the byte offset', async () => {
    const res = await post('defender', 'hello world');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'invalidJson', message: expect.stringContaining('byte offset 0') as unknown, details: { offset: 0 } } });
    const arr = await post('defender', '[{"a":1},\n {"b": }]', { 'content-type': 'application/json' });
    expect(arr.statusCode).toBe(400);
    expect(arr.json<{ error: { details: { offset: number } } }>().error.details.offset).toBe(17);
    expect((await post('defender', gzipSync('x'), { 'content-encoding': 'br' })).statusCode).toBe(415);
    expect((await post('nosuch', '{}')).statusCode).toBe(400);
  });
});

describe('ingest limits', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    process.env.PALISADE_INGEST_MAX_BODY_MB = '1';
    p = await testPalisade({ resolvePrincipal: async () => shipper });
    delete process.env.PALISADE_INGEST_MAX_BODY_MB;
  });
  afterAll(async () => p.close());

  it('413 over the size limit, on the wire and after gzip', async () => {
    const big = `${JSON.stringify({ Table: 'DeviceEvents', Timestamp: '2024-01-01T00:00:00Z', AdditionalFields: 'x'.repeat(1024 * 1024) })}\n`;
    const res = await p.app.inject({ method: 'POST', url: '/api/ingest/defender', payload: big, headers: { 'content-type': 'application/x-ndjson' } });
    expect(res.statusCode).toBe(413);
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 32));
    const res2 = await p.app.inject({ method: 'POST', url: '/api/ingest/defender', payload: bomb, headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' } });
    expect(res2.statusCode).toBe(413);
  });
});
