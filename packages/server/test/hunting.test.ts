import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';
import { unrestrictedScope } from '../src/auth/principal.ts';
import { authFor } from '../src/auth/auth-context.ts';
import { HuntingService } from '../src/hunting/hunting.service.ts';
import { deviceIdFor } from '../src/ingest/identity.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/ingest/${name}`, import.meta.url), 'utf8');
const hunter: Principal = { kind: 'user', id: 'u1', name: 'hunter', permissions: new Set(['hunting.run', 'ingest.write']), scope: unrestrictedScope };
const scoped: Principal = { kind: 'user', id: 'u2', name: 'scoped', permissions: new Set(['hunting.run']), scope: { devices: { deviceGroupIds: ['g1'] } } };

interface Hunt {
  schema: { name: string; type: string }[];
  results: Record<string, unknown>[];
  stats: { elapsedMs: number; rows: number; truncated: boolean };
}

describe('POST /api/security/runHuntingQuery', () => {
  let p: TestPalisade;
  const hunt = (Query: string, who = 'hunter', extra: Record<string, unknown> = {}) =>
    p.app.inject({ method: 'POST', url: '/api/security/runHuntingQuery', payload: { Query, ...extra }, headers: { 'x-test-user': who } });

  beforeAll(async () => {
    p = await testPalisade({ resolvePrincipal: async (req) => (req.headers['x-test-user'] === 'hunter' ? hunter : req.headers['x-test-user'] === 'scoped' ? scoped : undefined) });
    for (const [format, file] of [['sysmon', 'sysmon.ndjson'], ['osquery', 'osquery.ndjson'], ['ocsf', 'ocsf.ndjson']] as const) {
      const res = await p.app.inject({ method: 'POST', url: `/api/ingest/${format}`, payload: fixture(file), headers: { 'x-test-user': 'hunter', 'content-type': 'application/x-ndjson' } });
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(async () => p.close());

  it('answers in the Graph shape with stats', async () => {
    const res = await hunt('DeviceProcessEvents | summarize n = count() by DeviceName | order by DeviceName asc');
    expect(res.statusCode).toBe(200);
    const body = res.json<Hunt>();
    expect(body.schema).toEqual([
      { name: 'DeviceName', type: 'String' },
      { name: 'n', type: 'Int64' },
    ]);
    expect(body.results).toEqual([
      { DeviceName: 'jumpvm', n: 1 },
      { DeviceName: 'win-gg82ulgc9go.contoso.local', n: 1 },
      { DeviceName: 'workstation5.theshire.local', n: 1 },
    ]);
    expect(body.stats).toMatchObject({ rows: 3, truncated: false });
    expect(body.stats.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('leaves null cells out of the rows with ?nulls=omit, and keeps them by default', async () => {
    const query = 'print a = 1, b = int(null), c = "x"';
    expect((await hunt(query)).json<Hunt>().results).toEqual([{ a: 1, b: null, c: 'x' }]);
    const res = await p.app.inject({ method: 'POST', url: '/api/security/runHuntingQuery?nulls=omit', payload: { Query: query }, headers: { 'x-test-user': 'hunter' } });
    expect(res.statusCode).toBe(200);
    const body = res.json<Hunt>();
    expect(body.schema.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(body.results).toEqual([{ a: 1, c: 'x' }]);
    const bad = await p.app.inject({ method: 'POST', url: '/api/security/runHuntingQuery?nulls=drop', payload: { Query: query }, headers: { 'x-test-user': 'hunter' } });
    expect(bad.statusCode).toBe(400);
  });

  it('returns datetimes as ISO 8601 UTC', async () => {
    const body = (await hunt('DeviceLogonEvents | where AccountName == "pgustavo" | project Timestamp, LogonType')).json<Hunt>();
    expect(body.results).toEqual([{ Timestamp: '2020-10-22T02:58:13Z', LogonType: 'RemoteInteractive' }]);
  });

  it('reports KQL errors as 400 with line:column', async () => {
    const res = await hunt('DeviceProcessEvents\n| where NoSuchColumn == 1');
    expect(res.statusCode).toBe(400);
    const err = res.json<{ error: { code: string; message: string; details: { diagnostics: { line: number; column: number }[] } } }>().error;
    expect(err.code).toBe('badQuery');
    expect(err.message).toMatch(/^2:\d+: /);
    expect(err.details.diagnostics[0]).toMatchObject({ line: 2 });
  });

  it('applies the Timespan window', async () => {
    const all = (await hunt('DeviceProcessEvents | count')).json<Hunt>();
    expect(all.results[0]).toEqual({ Count: 3 });
    // Fixture events are from 2015-2023, so a 1-day window (before now) sees none.
    const recent = (await hunt('DeviceProcessEvents | count', 'hunter', { Timespan: 'P1D' })).json<Hunt>();
    expect(recent.results[0]).toEqual({ Count: 0 });
    expect((await hunt('DeviceProcessEvents | count', 'hunter', { Timespan: 'thirty days' })).statusCode).toBe(400);
  });

  it('sets truncated when the row cap cuts the result', async () => {
    const svc = new HuntingService(p.opened.ctx.events, { timeoutMs: 5000, maxRows: 2, now: () => new Date(), resolveDevices: async () => undefined });
    const r = await svc.run('DeviceInfo | project DeviceName', { scope: { all: true } });
    expect(r.stats).toMatchObject({ rows: 2, truncated: true });
  });

  it('filters device tables by the caller scope before the query runs', async () => {
    const onlyJumpvm = new HuntingService(p.opened.ctx.events, { timeoutMs: 5000, maxRows: 100, now: () => new Date(), resolveDevices: async () => [deviceIdFor('jumpvm')] });
    const r = await onlyJumpvm.run('union DeviceProcessEvents, DeviceNetworkEvents | summarize by DeviceName', { scope: { deviceGroupIds: ['g1'] } });
    expect(r.results).toEqual([{ DeviceName: 'jumpvm' }]);
    // Tables without devices are not filtered by a device scope.
    const mail = await onlyJumpvm.run('EmailEvents | count', { scope: { deviceGroupIds: ['g1'] } });
    expect(mail.results[0]).toEqual({ Count: 2 });
    // Through the API, a group scope with no resolver for its groups sees no device rows (deny by default).
    const body = (await hunt('DeviceProcessEvents | count', 'scoped')).json<Hunt>();
    expect(body.results[0]).toEqual({ Count: 0 });
  });

  it('needs hunting.run', async () => {
    expect((await hunt('DeviceInfo | take 1', 'nobody')).statusCode).toBe(401);
  });

  it('works end to end with a real API token', async () => {
    const { secret } = await authFor(p.opened.ctx).tokens.create({ name: 'lab', permissions: ['ingest.write', 'hunting.run'] }, undefined);
    const p2 = await testPalisade();
    try {
      const { secret: s2 } = await authFor(p2.opened.ctx).tokens.create({ name: 'lab', permissions: ['ingest.write', 'hunting.run'] }, undefined);
      const auth = { authorization: `Bearer ${s2}` };
      const ing = await p2.app.inject({ method: 'POST', url: '/api/ingest/sysmon', payload: fixture('sysmon.ndjson'), headers: { ...auth, 'content-type': 'application/x-ndjson' } });
      expect(ing.json()).toMatchObject({ accepted: 5, rejected: 1 });
      const res = await p2.app.inject({ method: 'POST', url: '/api/security/runHuntingQuery', payload: { Query: 'DeviceEvents | where ActionType == "OpenProcessApiCall" | project FileName' }, headers: auth });
      expect(res.json<Hunt>().results).toEqual([{ FileName: 'lsass.exe' }]);
      const wrong = await p2.app.inject({ method: 'POST', url: '/api/security/runHuntingQuery', payload: { Query: 'DeviceEvents' }, headers: { authorization: `Bearer ${secret}` } });
      expect(wrong.statusCode).toBe(401);
    } finally {
      await p2.close();
    }
  });
});
