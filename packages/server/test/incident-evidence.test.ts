/**
 * Issue 8, incident page Evidence tab: the incident's entities merged across alerts (one person named four ways is
 * one user), each with a verdict and remediation status (defaults from the alert, set by analysts with the
 * incident manage permission, written to the activity log), the same values on alerts_v2 evidence, and the
 * caller's scope (404 outside it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { signIn } from './auth-helpers.ts';
import type { TestClient } from './auth-helpers.ts';

interface Entity {
  id: string;
  type: string;
  name: string;
  aliases: string[];
  alertIds: string[];
  verdict: string;
  verdictSource: string;
  verdictReason: string;
  remediationStatus: string;
  remediationStatusDetails: string | null;
  lastUpdatedBy?: string;
  entityPage?: { type: string; id: string };
}
interface GraphEvidence {
  type: string;
  verdict: string;
  remediationStatus: string;
  accountName?: string;
  url?: string;
}
interface Alert {
  id: string;
  title: string;
  incidentId: string;
  evidence: GraphEvidence[];
}

const at = (m: number): string => new Date(Date.UTC(2026, 0, 2, 10, m)).toISOString();
const base = { category: 'Execution', techniques: ['T1059.001'], serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'edr' };
const alerts = [
  {
    ...base,
    externalId: 'a1',
    title: 'PowerShell download cradle',
    severity: 'high',
    timestamp: at(0),
    entities: [
      { type: 'device', deviceName: 'ws-01', deviceId: 'dev-ws-01' },
      { type: 'user', accountName: 'CORP\\jdoe' },
      { type: 'process', deviceName: 'ws-01', fileName: 'powershell.exe', processId: 4242, commandLine: 'powershell -enc AAAA' },
    ],
  },
  {
    ...base,
    externalId: 'a2',
    title: 'Connection to a rare URL',
    severity: 'medium',
    timestamp: at(5),
    entities: [
      { type: 'device', deviceName: 'WS-01.corp.example.com' },
      { type: 'user', accountName: 'jdoe', upn: 'jdoe@corp.example.com', sid: 'S-1-5-21-1-2-3-1001' },
      { type: 'url', url: 'http://evil.example/payload' },
    ],
  },
  {
    ...base,
    externalId: 'a3',
    title: 'Sign-in from a rare address',
    severity: 'low',
    timestamp: at(9),
    entities: [
      { type: 'device', deviceName: 'ws-01' },
      { type: 'user', accountName: 'S-1-5-21-1-2-3-1001', sid: 'S-1-5-21-1-2-3-1001' },
      { type: 'user', accountName: 'jdoe@corp.example.com' },
      { type: 'ip', address: '203.0.113.5' },
      { type: 'ip', address: '10.0.0.7' },
    ],
  },
];

describe('incident evidence: merged entities with verdicts and remediation', () => {
  let p: TestPalisade;
  let admin: TestClient;
  let reader: TestClient;
  let scoped: TestClient;
  let incidentId = '';
  let byTitle: Record<string, Alert> = {};

  const evidence = async (c: TestClient = admin): Promise<Entity[]> => {
    const r = await c.request({ url: `/api/security/incidents/${incidentId}/evidence` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ value: Entity[] }>().value;
  };
  const user = async (email: string, roleId: string, deviceGroupIds?: string[]): Promise<TestClient> => {
    const password = 'a long enough password 42 x';
    const u = await admin.request({ method: 'POST', url: '/api/users', payload: { email, displayName: email, password } });
    expect(u.statusCode, u.body).toBe(201);
    const a = await admin.request({ method: 'POST', url: '/api/role-assignments', payload: { roleId, principalType: 'user', principalId: u.json<{ user: { id: string } }>().user.id, ...(deviceGroupIds ? { deviceGroupIds } : {}) } });
    expect(a.statusCode, a.body).toBe(201);
    return signIn(p.app, email, password);
  };

  beforeAll(async () => {
    p = await testPalisade();
    admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
    const token = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'ingest', permissions: ['ingest.write'], expiresIn: '12h' } });
    const ingest = await p.app.inject({
      method: 'POST',
      url: '/api/ingest/alerts',
      headers: { authorization: `Bearer ${token.json<{ secret: string }>().secret}`, 'content-type': 'application/json' },
      payload: JSON.stringify(alerts),
    });
    expect(ingest.statusCode, ingest.body).toBe(200);
    const ids = new Set(ingest.json<{ alerts: { incidentId: string }[] }>().alerts.map((a) => a.incidentId));
    expect(ids.size, 'the three alerts correlate into one incident').toBe(1);
    incidentId = [...ids][0] ?? '';
    const inc = await admin.request({ url: `/api/security/incidents/${incidentId}?$expand=alerts` });
    byTitle = Object.fromEntries(inc.json<{ alerts: Alert[] }>().alerts.map((a) => [a.title, a]));
    reader = await user('reader@example.test', 'security-reader');
    const group = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Servers', rules: { names: ['srv-*'] } } });
    expect(group.statusCode, group.body).toBe(201);
    scoped = await user('servers@example.test', 'security-operator', [group.json<{ id: string }>().id]);
  });
  afterAll(async () => p.close());

  it('merges a person named four ways, and a device named short and by FQDN, into one entity each', async () => {
    const list = await evidence();
    const users = list.filter((e) => e.type === 'user');
    expect(users).toHaveLength(1);
    expect(users[0]?.name).toBe('jdoe@corp.example.com');
    expect(users[0]?.aliases).toEqual(expect.arrayContaining(['CORP\\jdoe', 'jdoe', 'S-1-5-21-1-2-3-1001']));
    expect(users[0]?.alertIds).toHaveLength(3);
    expect(users[0]?.entityPage).toEqual({ type: 'user', id: 'jdoe@corp.example.com' });
    const devices = list.filter((e) => e.type === 'device');
    expect(devices.map((d) => d.name)).toEqual(['ws-01']);
    expect(devices[0]?.alertIds).toHaveLength(3);
    // The Assets tab (impacted assets) counts the same single user and device.
    const inc = await admin.request({ url: `/api/security/incidents/${incidentId}` });
    const assets = inc.json<{ impactedAssets: { users: Record<string, number>; devices: Record<string, number> } }>().impactedAssets;
    expect(Object.keys(assets.users)).toEqual(['jdoe@corp.example.com']);
    expect(Object.keys(assets.devices)).toEqual(['ws-01']);
  });

  it('derives default verdicts from the alerts: detection subjects suspicious, assets and internal IPs unknown', async () => {
    const list = await evidence();
    const of = (type: string, name: string): Entity | undefined => list.find((e) => e.type === type && e.name === name);
    expect(of('process', 'powershell.exe (4242) on ws-01')?.verdict).toBe('suspicious');
    expect(of('url', 'http://evil.example/payload')?.verdict).toBe('suspicious');
    expect(of('ip', '203.0.113.5')?.verdict).toBe('suspicious');
    expect(of('ip', '10.0.0.7')?.verdict).toBe('unknown');
    expect(of('device', 'ws-01')?.verdict).toBe('unknown');
    for (const e of list) {
      expect(e.verdictSource).toBe('alert');
      expect(e.remediationStatus).toBe('none');
    }
    // alerts_v2 carries the same verdict on each evidence item.
    const a2 = await admin.request({ url: `/api/security/alerts_v2/${byTitle['Connection to a rare URL']?.id ?? ''}` });
    expect(a2.json<Alert>().evidence.find((e) => e.type === 'url')).toMatchObject({ verdict: 'suspicious', remediationStatus: 'none' });
  });

  it('an alert classified false positive makes its own evidence noThreatsFound (an entity named elsewhere keeps the stronger verdict)', async () => {
    const id = byTitle['Sign-in from a rare address']?.id ?? '';
    const r = await admin.request({ method: 'PATCH', url: `/api/security/alerts_v2/${id}`, payload: { classification: 'falsePositive', determination: 'notMalicious' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<Alert>().evidence.every((e) => e.verdict === 'noThreatsFound')).toBe(true);
    const list = await evidence();
    expect(list.find((e) => e.name === '203.0.113.5')).toMatchObject({ verdict: 'noThreatsFound', verdictReason: 'The alert was classified a false positive' });
    // ws-01 is also named by alerts that were not dismissed.
    expect(list.find((e) => e.type === 'device')?.verdict).toBe('unknown');
  });

  it('an analyst sets verdict and remediation on several entities; who and when are kept and logged', async () => {
    const before = await evidence();
    const url = before.find((e) => e.type === 'url');
    const person = before.find((e) => e.type === 'user');
    const r = await admin.request({
      method: 'PATCH',
      url: `/api/security/incidents/${incidentId}/evidence`,
      payload: { entityIds: [url?.id, person?.id], verdict: 'malicious', remediationStatus: 'blocked', remediationStatusDetails: 'Blocked at the proxy' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const after = r.json<{ value: Entity[] }>().value;
    for (const e of after.filter((x) => x.id === url?.id || x.id === person?.id)) {
      expect(e).toMatchObject({ verdict: 'malicious', verdictSource: 'analyst', remediationStatus: 'blocked', remediationStatusDetails: 'Blocked at the proxy', lastUpdatedBy: 'admin@example.test' });
    }
    // The others are untouched.
    expect(after.find((e) => e.type === 'process')).toMatchObject({ verdict: 'suspicious', verdictSource: 'alert' });
    // Remediation alone keeps the analyst's verdict.
    const r2 = await admin.request({ method: 'PATCH', url: `/api/security/incidents/${incidentId}/evidence`, payload: { entityIds: [url?.id], remediationStatus: 'remediated' } });
    expect(r2.json<{ value: Entity[] }>().value.find((e) => e.id === url?.id)).toMatchObject({ verdict: 'malicious', remediationStatus: 'remediated' });
    // Every alert naming the person carries it on alerts_v2.
    for (const title of ['PowerShell download cradle', 'Connection to a rare URL']) {
      const a = await admin.request({ url: `/api/security/alerts_v2/${byTitle[title]?.id ?? ''}` });
      expect(a.json<Alert>().evidence.find((e) => e.type === 'user')).toMatchObject({ verdict: 'malicious', remediationStatus: 'blocked' });
    }
    const inc = await admin.request({ url: `/api/security/incidents/${incidentId}` });
    const log = inc.json<{ activity: { actor: string; action: string; details: string }[] }>().activity.filter((a) => a.action === 'evidenceUpdated');
    expect(log).toHaveLength(2);
    expect(log[0]?.details).toBe('verdict -> malicious; remediationStatus -> blocked; remediationStatusDetails -> Blocked at the proxy; on url http://evil.example/payload, user jdoe@corp.example.com (' + ['PowerShell download cradle', 'Connection to a rare URL', 'Sign-in from a rare address'].map((t) => `alert ${byTitle[t]?.id ?? ''}`).sort().join(', ') + ')');
    expect(log[0]?.actor).toBe('admin@example.test');
  });

  it('an entity matching an active threat indicator is malicious, the indicator named (an analyst\'s verdict still wins)', async () => {
    const ind = await admin.request({ method: 'POST', url: '/api/indicators', payload: { indicatorType: 'IpAddress', indicatorValue: '203.0.113.5', title: 'Known C2 relay', severity: 'High', action: 'Alert' } });
    expect(ind.statusCode, ind.body).toBe(201);
    const list = await evidence();
    expect(list.find((e) => e.name === '203.0.113.5')).toMatchObject({ verdict: 'malicious', verdictSource: 'indicator', verdictReason: expect.stringContaining('Known C2 relay') });
    const a3 = await admin.request({ url: `/api/security/alerts_v2/${byTitle['Sign-in from a rare address']?.id ?? ''}` });
    expect(a3.json<Alert>().evidence.find((e) => e.type === 'ip' && (e as { address?: string }).address === '203.0.113.5')).toMatchObject({ verdict: 'malicious' });
    // The URL was set malicious by an analyst before; a domain indicator does not change who said so.
    const dom = await admin.request({ method: 'POST', url: '/api/indicators', payload: { indicatorType: 'DomainName', indicatorValue: 'evil.example', title: 'Payload host', severity: 'High', action: 'Alert' } });
    expect(dom.statusCode, dom.body).toBe(201);
    expect((await evidence()).find((e) => e.type === 'url')).toMatchObject({ verdict: 'malicious', verdictSource: 'analyst' });
  });

  it('refuses bad input with what and where', async () => {
    const bad = async (payload: Record<string, unknown>): Promise<string> => {
      const r = await admin.request({ method: 'PATCH', url: `/api/security/incidents/${incidentId}/evidence`, payload });
      expect(r.statusCode, r.body).toBe(400);
      return r.body;
    };
    expect(await bad({ entityIds: ['device|host:ws-01'], verdict: 'evil' })).toContain('verdict');
    expect(await bad({ entityIds: ['device|host:nope'], verdict: 'malicious' })).toContain('entityIds[0]');
    expect(await bad({ entityIds: ['device|host:ws-01'] })).toContain('at least one of verdict');
  });

  it('a read-only role may read evidence but not set it (403); a caller scoped to other devices gets 404', async () => {
    expect((await evidence(reader)).length).toBeGreaterThan(0);
    const r = await reader.request({ method: 'PATCH', url: `/api/security/incidents/${incidentId}/evidence`, payload: { entityIds: ['device|host:ws-01'], verdict: 'malicious' } });
    expect(r.statusCode).toBe(403);
    expect((await scoped.request({ url: `/api/security/incidents/${incidentId}/evidence` })).statusCode).toBe(404);
    const s = await scoped.request({ method: 'PATCH', url: `/api/security/incidents/${incidentId}/evidence`, payload: { entityIds: ['device|host:ws-01'], verdict: 'malicious' } });
    expect(s.statusCode).toBe(404);
    expect((await evidence()).find((e) => e.type === 'device')?.verdictSource).toBe('alert');
  });
});

describe('incident evidence under a device scope', () => {
  it('a scoped caller sees only in-scope device evidence, and not a log entry naming an alert outside its scope', async () => {
    const p = await testPalisade();
    try {
      // Device groups place devices by their DeviceInfo.
      for (const [id, name] of [['d-ws', 'ws-07'], ['d-srv', 'srv-07']] as const) {
        await p.opened.ctx.events.withWriter((w) => w.run('INSERT INTO DeviceInfo (Timestamp, DeviceId, DeviceName, OSPlatform) VALUES (?::TIMESTAMP, ?, ?, ?)', ['2026-01-02 00:00:00', id, name, 'Windows11']));
      }
      const admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
      const token = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'ingest', permissions: ['ingest.write'], expiresIn: '12h' } });
      const user = { type: 'user', accountName: 'jdoe', sid: 'S-1-5-21-7-7-7-1001' };
      const ingest = await p.app.inject({
        method: 'POST',
        url: '/api/ingest/alerts',
        headers: { authorization: `Bearer ${token.json<{ secret: string }>().secret}`, 'content-type': 'application/json' },
        payload: JSON.stringify([
          { ...base, externalId: 'ws', title: 'On the workstation', severity: 'high', timestamp: at(0), entities: [{ type: 'device', deviceName: 'ws-07' }, user] },
          { ...base, externalId: 'srv', title: 'On the server', severity: 'high', timestamp: at(3), entities: [{ type: 'device', deviceName: 'srv-07' }, user] },
        ]),
      });
      expect(ingest.statusCode, ingest.body).toBe(200);
      const incidentId = ingest.json<{ alerts: { incidentId: string }[] }>().alerts[0]?.incidentId ?? '';
      const group = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Workstations', rules: { names: ['ws-*'] } } });
      const u = await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'ws@example.test', displayName: 'WS', password: 'a long enough password 42 x' } });
      await admin.request({ method: 'POST', url: '/api/role-assignments', payload: { roleId: 'security-operator', principalType: 'user', principalId: u.json<{ user: { id: string } }>().user.id, deviceGroupIds: [group.json<{ id: string }>().id] } });
      const scoped = await signIn(p.app, 'ws@example.test', 'a long enough password 42 x');
      const seen = (await scoped.request({ url: `/api/security/incidents/${incidentId}/evidence` })).json<{ value: Entity[] }>().value;
      expect(seen.filter((e) => e.type === 'device').map((e) => e.name)).toEqual(['ws-07']);
      // The admin marks the person (named by both alerts): the scoped caller's log leaves that entry out.
      const personId = seen.find((e) => e.type === 'user')?.id ?? '';
      expect((await admin.request({ method: 'PATCH', url: `/api/security/incidents/${incidentId}/evidence`, payload: { entityIds: [personId], verdict: 'malicious' } })).statusCode).toBe(200);
      const logOf = async (c: TestClient): Promise<string[]> => (await c.request({ url: `/api/security/incidents/${incidentId}` })).json<{ activity: { action: string }[] }>().activity.map((a) => a.action);
      expect(await logOf(admin)).toContain('evidenceUpdated');
      expect(await logOf(scoped)).not.toContain('evidenceUpdated');
      // Its own change, on in-scope evidence only, it sees.
      const ws = seen.find((e) => e.type === 'device')?.id ?? '';
      expect((await scoped.request({ method: 'PATCH', url: `/api/security/incidents/${incidentId}/evidence`, payload: { entityIds: [ws], remediationStatus: 'remediated' } })).statusCode).toBe(200);
      expect(await logOf(scoped)).toContain('evidenceUpdated');
    } finally {
      await p.close();
    }
  });
});
