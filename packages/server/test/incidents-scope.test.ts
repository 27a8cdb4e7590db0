/**
 * Issue 7 "Done when": a person whose role assignment is limited to a device group sees only that group's
 * alerts and incidents, through the same scope predicate as hunting (alerts/alert-visibility.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { signIn } from './auth-helpers.ts';
import type { TestClient } from './auth-helpers.ts';

interface GraphList<T> {
  '@odata.count': number;
  '@odata.nextLink'?: string;
  value: T[];
}
interface Alert {
  id: string;
  title: string;
  incidentId: string;
}
interface Incident {
  id: string;
  displayName: string;
  status: string;
  alerts?: Alert[];
}

/** The operator's group ("Servers": names srv-*) holds srv-web01, srv-db01, srv-app01; the laptops are outside. */
const deviceInfo = [
  ['dev-srv-web', 'srv-web01.corp.example.com'],
  ['dev-srv-db', 'srv-db01.corp.example.com'],
  ['dev-srv-app', 'srv-app01.corp.example.com'],
  ['dev-lap-ann', 'laptop-ann.corp.example.com'],
  ['dev-lap-bob', 'laptop-bob.corp.example.com'],
  ['dev-lap-cat', 'laptop-cat.corp.example.com'],
] as const;

const alerts = [
  // by DeviceId
  { externalId: 'srv-web', title: 'In scope: srv-web01', severity: 'high', entities: [{ type: 'device', deviceName: 'srv-web01.corp.example.com', deviceId: 'dev-srv-web' }] },
  // evidence with a name only, in other case: matched by DeviceName
  { externalId: 'srv-db', title: 'In scope: srv-db01 by name', severity: 'low', entities: [{ type: 'device', deviceName: 'SRV-DB01.corp.example.com' }] },
  // one device in, one out: the alert (and its incident) is visible
  {
    externalId: 'mixed',
    title: 'In scope: srv-app01 and laptop-cat',
    severity: 'medium',
    entities: [
      { type: 'device', deviceName: 'laptop-cat.corp.example.com', deviceId: 'dev-lap-cat' },
      { type: 'device', deviceName: 'srv-app01.corp.example.com', deviceId: 'dev-srv-app' },
    ],
  },
  { externalId: 'lap-ann', title: 'Out of scope: laptop-ann', severity: 'high', entities: [{ type: 'device', deviceName: 'laptop-ann.corp.example.com', deviceId: 'dev-lap-ann' }] },
  { externalId: 'lap-bob', title: 'Out of scope: laptop-bob', severity: 'medium', entities: [{ type: 'device', deviceName: 'laptop-bob.corp.example.com', deviceId: 'dev-lap-bob' }] },
  // no device evidence at all: only unscoped people see it
  { externalId: 'mail', title: 'Out of scope: no device evidence', severity: 'high', entities: [{ type: 'mailbox', address: 'dana@example.com' }] },
];
const inScope = ['In scope: srv-web01', 'In scope: srv-db01 by name', 'In scope: srv-app01 and laptop-cat'].sort();

describe('a device-group scope limits alerts and incidents', () => {
  let p: TestPalisade;
  let admin: TestClient;
  let operator: TestClient;
  /** Incident id by the title of its (only) alert, and alert id by title, as the admin sees them. */
  const incidentOf: Record<string, string> = {};
  const alertOf: Record<string, string> = {};

  const get = async <T>(c: TestClient, url: string): Promise<T> => {
    const r = await c.request({ url });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<T>();
  };

  beforeAll(async () => {
    p = await testPalisade();
    for (const [id, name] of deviceInfo) {
      await p.opened.ctx.events.withWriter((w) => w.run('INSERT INTO DeviceInfo (Timestamp, DeviceId, DeviceName, OSPlatform) VALUES (?::TIMESTAMP, ?, ?, ?)', ['2026-01-02 00:00:00', id, name, 'Windows11']));
    }
    admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
    const token = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'ingest', permissions: ['ingest.write'], expiresIn: '12h' } });
    expect(token.statusCode, token.body).toBeLessThan(300);
    const ingest = await p.app.inject({
      method: 'POST',
      url: '/api/ingest/alerts',
      headers: { authorization: `Bearer ${token.json<{ secret: string }>().secret}`, 'content-type': 'application/json' },
      payload: JSON.stringify(
        alerts.map((a, i) => ({
          ...a,
          category: 'Persistence',
          techniques: ['T1543.003'],
          serviceSource: 'microsoftDefenderForEndpoint',
          detectionSource: 'edr',
          timestamp: new Date(Date.UTC(2026, 0, 2, 10, i)).toISOString(),
        })),
      ),
    });
    expect(ingest.statusCode, ingest.body).toBe(200);
    expect(ingest.json<{ created: number }>().created).toBe(alerts.length);

    const group = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Servers', rules: { names: ['srv-*'] } } });
    expect(group.statusCode, group.body).toBe(201);
    const user = await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'sam@example.test', displayName: 'Sam Scoped', password: 'servers only, nothing else 9' } });
    expect(user.statusCode, user.body).toBe(201);
    const assign = await admin.request({
      method: 'POST',
      url: '/api/role-assignments',
      payload: { roleId: 'security-operator', principalType: 'user', principalId: user.json<{ user: { id: string } }>().user.id, deviceGroupIds: [group.json<{ id: string }>().id] },
    });
    expect(assign.statusCode, assign.body).toBe(201);
    operator = await signIn(p.app, 'sam@example.test', 'servers only, nothing else 9');

    const all = await get<GraphList<Incident>>(admin, '/api/security/incidents?$top=50&$expand=alerts');
    for (const i of all.value) for (const a of i.alerts ?? []) [incidentOf[a.title], alertOf[a.title]] = [i.id, a.id];
  });
  afterAll(async () => p.close());

  it('the admin (unscoped) sees every alert and incident, including those without device evidence', async () => {
    const incidents = await get<GraphList<Incident>>(admin, '/api/security/incidents?$top=50');
    expect(incidents['@odata.count']).toBe(alerts.length);
    expect(Object.keys(incidentOf).sort()).toEqual(alerts.map((a) => a.title).sort());
    expect((await get<GraphList<Alert>>(admin, '/api/security/alerts_v2?$top=50'))['@odata.count']).toBe(alerts.length);
    expect((await admin.request({ url: `/api/security/alerts_v2/${alertOf['Out of scope: no device evidence']!}` })).statusCode).toBe(200);
  });

  it('lists and counts only the incidents and alerts of the group’s devices', async () => {
    const incidents = await get<GraphList<Incident>>(operator, '/api/security/incidents?$top=50&$expand=alerts');
    expect(incidents['@odata.count']).toBe(3);
    expect(incidents.value.flatMap((i) => (i.alerts ?? []).map((a) => a.title)).sort()).toEqual(inScope);
    const list = await get<GraphList<Alert>>(operator, '/api/security/alerts_v2?$top=50');
    expect(list['@odata.count']).toBe(3);
    expect(list.value.map((a) => a.title).sort()).toEqual(inScope);
  });

  it('applies the scope together with $filter, $top and $skip (counts and next links from the scoped set)', async () => {
    const high = await get<GraphList<Incident>>(operator, `/api/security/incidents?$filter=${encodeURIComponent("severity eq 'high'")}&$expand=alerts`);
    expect(high['@odata.count']).toBe(1);
    expect(high.value.map((i) => i.alerts?.[0]?.title)).toEqual(['In scope: srv-web01']);
    const notLow = await get<GraphList<Alert>>(operator, `/api/security/alerts_v2?$filter=${encodeURIComponent("severity ne 'low'")}`);
    expect(notLow.value.map((a) => a.title).sort()).toEqual(['In scope: srv-app01 and laptop-cat', 'In scope: srv-web01']);

    for (const path of ['/api/security/incidents', '/api/security/alerts_v2']) {
      const seen: string[] = [];
      for (let skip = 0; skip < 3; skip++) {
        const page = await get<GraphList<{ id: string }>>(operator, `${path}?$top=1&$skip=${skip}`);
        expect(page['@odata.count'], path).toBe(3);
        expect(page.value).toHaveLength(1);
        expect(page['@odata.nextLink'] !== undefined, `${path} skip ${skip}`).toBe(skip < 2);
        seen.push(page.value[0]!.id);
      }
      expect((await get<GraphList<{ id: string }>>(operator, `${path}?$top=1&$skip=3`)).value).toEqual([]);
      const expected = path.endsWith('incidents') ? inScope.map((t) => incidentOf[t]) : inScope.map((t) => alertOf[t]);
      expect(seen.sort()).toEqual(expected.sort());
    }
  });

  it('answers 404 for an id outside the scope, exactly as for an id that does not exist', async () => {
    const missing = await operator.request({ url: '/api/security/incidents/999999' });
    expect(missing.statusCode).toBe(404);
    for (const title of ['Out of scope: laptop-ann', 'Out of scope: no device evidence']) {
      const r = await operator.request({ url: `/api/security/incidents/${incidentOf[title]!}?$expand=alerts` });
      expect(r.statusCode, title).toBe(404);
      expect(Object.keys(r.json<object>()).sort()).toEqual(Object.keys(missing.json<object>()).sort());
      expect((await operator.request({ url: `/api/security/alerts_v2/${alertOf[title]!}` })).statusCode, title).toBe(404);
    }
    const seen = await get<Incident>(operator, `/api/security/incidents/${incidentOf['In scope: srv-db01 by name']!}?$expand=alerts`);
    expect(seen.alerts?.map((a) => a.title)).toEqual(['In scope: srv-db01 by name']);
    expect((await operator.request({ url: `/api/security/alerts_v2/${alertOf['In scope: srv-web01']!}` })).statusCode).toBe(200);
  });

  it('refuses changes to out-of-scope incidents and alerts with 404 and leaves them unchanged', async () => {
    const outIncident = incidentOf['Out of scope: laptop-bob']!;
    const outAlert = alertOf['Out of scope: laptop-bob']!;
    const inIncident = incidentOf['In scope: srv-web01']!;
    const inAlert = alertOf['In scope: srv-web01']!;
    const attempts = [
      { method: 'PATCH', url: `/api/security/incidents/${outIncident}`, payload: { status: 'resolved', assignedTo: 'sam@example.test' } },
      { method: 'POST', url: `/api/security/incidents/${outIncident}/comments`, payload: { comment: 'peeking' } },
      { method: 'POST', url: '/api/security/incidents/merge', payload: { incidentIds: [inIncident, outIncident] } },
      { method: 'PATCH', url: `/api/security/alerts_v2/${outAlert}`, payload: { status: 'resolved' } },
      { method: 'POST', url: `/api/security/alerts_v2/${outAlert}/comments`, payload: { comment: 'peeking' } },
      { method: 'POST', url: `/api/security/alerts_v2/${outAlert}/link`, payload: { incidentId: null } },
      { method: 'POST', url: `/api/security/alerts_v2/${inAlert}/link`, payload: { incidentId: outIncident } },
    ] as const;
    for (const a of attempts) {
      const r = await operator.request({ method: a.method, url: a.url, payload: a.payload });
      expect(r.statusCode, `${a.method} ${a.url} ${JSON.stringify(a.payload)}: ${r.body}`).toBe(404);
    }
    const after = await get<Incident & { comments: unknown[]; activity: unknown[] }>(admin, `/api/security/incidents/${outIncident}?$expand=alerts`);
    expect({ status: after.status, comments: after.comments, alerts: after.alerts?.map((a) => a.id) }).toEqual({ status: 'active', comments: [], alerts: [outAlert] });
    expect((await get<Alert & { status: string; comments: unknown[] }>(admin, `/api/security/alerts_v2/${outAlert}`)).comments).toEqual([]);
    expect((await get<Alert>(admin, `/api/security/alerts_v2/${inAlert}`)).incidentId).toBe(inIncident);

    // ...while the same changes inside the scope work.
    const ok = await operator.request({ method: 'PATCH', url: `/api/security/incidents/${inIncident}`, payload: { status: 'inProgress' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await operator.request({ method: 'POST', url: `/api/security/alerts_v2/${inAlert}/comments`, payload: { comment: 'looking' } })).statusCode).toBe(201);
  });
});

describe('a scoped caller’s incident summary describes only the alerts and devices in its scope', () => {
  let p: TestPalisade;
  let admin: TestClient;
  let operator: TestClient;
  const outside = ['laptop-ann', 'laptop-bob', 'dev-lap-ann', 'dev-lap-bob', 'Lateral'];

  const get = async <T>(c: TestClient, url: string): Promise<T> => {
    const r = await c.request({ url });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<T>();
  };

  beforeAll(async () => {
    p = await testPalisade();
    for (const [id, name] of [['dev-srv-web', 'srv-web01.corp.example.com'], ['dev-lap-ann', 'laptop-ann.corp.example.com'], ['dev-lap-bob', 'laptop-bob.corp.example.com']] as const) {
      await p.opened.ctx.events.withWriter((w) => w.run('INSERT INTO DeviceInfo (Timestamp, DeviceId, DeviceName, OSPlatform) VALUES (?::TIMESTAMP, ?, ?, ?)', ['2026-01-02 00:00:00', id, name, 'Windows11']));
    }
    admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
    const token = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'ingest', permissions: ['ingest.write'], expiresIn: '12h' } });
    const user = { type: 'user', accountName: 'dana', upn: 'dana@example.com' };
    // One incident (linked by the shared user): a low alert on an in-scope server, two on laptops outside the scope.
    const batch = [
      { externalId: 'in', title: 'Suspicious service on a server', severity: 'low', category: 'Persistence', techniques: ['T1543.003'], entities: [{ type: 'device', deviceName: 'srv-web01.corp.example.com', deviceId: 'dev-srv-web' }, user] },
      { externalId: 'out-1', title: 'Lateral movement A', severity: 'high', category: 'LateralMovement', techniques: ['T1021'], entities: [{ type: 'device', deviceName: 'laptop-ann.corp.example.com', deviceId: 'dev-lap-ann' }, user] },
      { externalId: 'out-2', title: 'Lateral movement B', severity: 'high', category: 'CredentialAccess', techniques: ['T1003'], entities: [{ type: 'process', deviceName: 'laptop-bob.corp.example.com', fileName: 'x.exe' }, user] },
    ];
    const ingest = await p.app.inject({
      method: 'POST',
      url: '/api/ingest/alerts',
      headers: { authorization: `Bearer ${token.json<{ secret: string }>().secret}`, 'content-type': 'application/json' },
      payload: JSON.stringify(batch.map((a, i) => ({ ...a, serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'edr', timestamp: new Date(Date.UTC(2026, 0, 2, 10, i)).toISOString() }))),
    });
    expect(ingest.statusCode, ingest.body).toBe(200);
    const group = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Servers', rules: { names: ['srv-*'] } } });
    const created = await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'sam@example.test', displayName: 'Sam Scoped', password: 'servers only, nothing else 9' } });
    const assign = await admin.request({
      method: 'POST',
      url: '/api/role-assignments',
      payload: { roleId: 'security-operator', principalType: 'user', principalId: created.json<{ user: { id: string } }>().user.id, deviceGroupIds: [group.json<{ id: string }>().id] },
    });
    expect(assign.statusCode, assign.body).toBe(201);
    operator = await signIn(p.app, 'sam@example.test', 'servers only, nothing else 9');
  });
  afterAll(async () => p.close());

  it('the admin sees the whole incident, as before', async () => {
    const list = await get<GraphList<Incident & { alertCount: number; severity: string; impactedAssets: { devices: Record<string, number> } }>>(admin, '/api/security/incidents');
    expect(list.value).toHaveLength(1);
    const [incident] = list.value;
    expect(incident!.alertCount).toBe(3);
    expect(incident!.severity).toBe('high');
    expect(Object.keys(incident!.impactedAssets.devices).sort()).toEqual(['laptop-ann', 'laptop-bob', 'srv-web01']);
    expect(incident!.displayName).toContain('3 devices');
  });

  it('lists and GET by id name no out-of-scope device, and count only the visible alerts', async () => {
    const list = await get<GraphList<Record<string, unknown>>>(operator, '/api/security/incidents');
    expect(list['@odata.count']).toBe(1);
    const id = String(list.value[0]!.id);
    const byId = await get<Record<string, unknown>>(operator, `/api/security/incidents/${id}`);
    const expanded = await get<GraphList<Record<string, unknown>>>(operator, '/api/security/incidents?$expand=alerts');
    const expandedById = await get<Record<string, unknown>>(operator, `/api/security/incidents/${id}?$expand=alerts`);
    for (const [what, body] of [['list', list], ['get', byId], ['list expanded', expanded], ['get expanded', expandedById]] as const) {
      const text = JSON.stringify(body).toLowerCase();
      for (const name of outside) expect(text, `${what}: ${name}`).not.toContain(name.toLowerCase());
    }
    for (const incident of [list.value[0]!, byId, expanded.value[0]!, expandedById]) {
      expect(incident).toMatchObject({
        alertCount: 1,
        severity: 'low',
        categories: ['Persistence'],
        mitreTechniques: ['T1543.003'],
        impactedAssets: { devices: { 'srv-web01': 1 }, users: { 'dana@example.com': 1 } },
        displayName: 'Suspicious service on a server on srv-web01',
      });
    }
    expect((expandedById.alerts as unknown[]).length).toBe(1);
  });
});
