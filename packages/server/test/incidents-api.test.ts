import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';
import type { Permission } from '../src/auth/permissions.ts';

const who = (name: string, ...perms: Permission[]): Principal => ({ kind: 'user', id: name, name, permissions: new Set(perms) });
const people: Record<string, Principal> = {
  analyst: who('analyst@contoso.com', 'security.read', 'alerts.manage'),
  reader: who('reader@contoso.com', 'security.read'),
  sensor: who('sensor-token', 'ingest.write'),
};

interface IngestBody {
  created: number;
  updated: number;
  rejected: number;
  errors: { index: number; field: string | null; code: string; message: string }[];
  alerts: { id: string; incidentId: string; outcome: string }[];
}

let seq = 0;
function ext(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalId: `ext-${++seq}`,
    title: 'Suspicious PowerShell command line',
    severity: 'medium',
    category: 'Execution',
    techniques: ['T1059.001'],
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'thirdParty',
    timestamp: '2025-03-01T10:00:00Z',
    entities: [{ type: 'device', deviceName: 'WS-1042' }],
    ...over,
  };
}

describe('alerts and incidents API', () => {
  let p: TestPalisade;
  const call = async (user: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, contentType = 'application/json') =>
    p.app.inject({
      method,
      url,
      headers: { 'x-test-user': user, ...(payload !== undefined ? { 'content-type': contentType } : {}) },
      ...(payload !== undefined ? { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) } : {}),
    });
  const ingest = async (alerts: unknown[] | string): Promise<IngestBody> => {
    const r = await call('sensor', 'POST', '/api/ingest/alerts', alerts, typeof alerts === 'string' ? 'application/x-ndjson' : 'application/json');
    expect(r.statusCode, r.body).toBe(200);
    return r.json<IngestBody>();
  };
  const incident = async (id: string) => (await call('reader', 'GET', `/api/security/incidents/${id}?$expand=alerts`)).json<Record<string, unknown> & { alerts: Record<string, unknown>[] }>();

  beforeAll(async () => {
    p = await testPalisade({ resolvePrincipal: async (req) => people[String(req.headers['x-test-user'])] });
  });
  afterAll(async () => p.close());

  it('requires ingest.write to send alerts and security.read to read incidents', async () => {
    expect((await p.app.inject({ method: 'POST', url: '/api/ingest/alerts', payload: '[]', headers: { 'content-type': 'application/json' } })).statusCode).toBe(401);
    expect((await call('reader', 'POST', '/api/ingest/alerts', [ext()])).statusCode).toBe(403);
    expect((await call('sensor', 'GET', '/api/security/incidents')).statusCode).toBe(403);
    expect((await call('reader', 'PATCH', '/api/security/incidents/1', { status: 'resolved' })).statusCode).toBe(403);
  });

  it('gives per-record errors that say what and where, and keeps the good records', async () => {
    const body = await ingest([ext({ externalId: 'good-1' }), ext({ severity: 'urgent', techniques: ['T9999'] }), ext({ entities: [{ type: 'file' }, { type: 'device' }] }), { title: 'x' }]);
    expect(body.created).toBe(1);
    expect(body.rejected).toBe(3);
    expect(body.errors).toContainEqual(expect.objectContaining({ index: 1, field: 'severity', code: 'invalidValue' }));
    expect(body.errors).toContainEqual(expect.objectContaining({ index: 1, field: 'techniques[0]', code: 'unknownTechnique' }));
    expect(body.errors).toContainEqual(expect.objectContaining({ index: 2, field: 'entities[1].deviceName', code: 'required' }));
    expect(body.errors).toContainEqual(expect.objectContaining({ index: 2, field: 'entities[0]', code: 'required' }));
    expect(body.errors).toContainEqual(expect.objectContaining({ index: 3, field: 'externalId', code: 'required' }));
    const bad = await call('sensor', 'POST', '/api/ingest/alerts', '[{"a":', 'application/json');
    expect(bad.statusCode).toBe(400);
  });

  it('the same externalId updates the alert instead of duplicating it (NDJSON too)', async () => {
    const a = ext({ externalId: 'idem-1', entities: [{ type: 'device', deviceName: 'SRV-IDEM' }] });
    const first = await ingest([a]);
    const again = await ingest(`${JSON.stringify({ ...a, severity: 'high', timestamp: '2025-03-01T11:00:00Z' })}\n`);
    expect(again.updated).toBe(1);
    expect(again.created).toBe(0);
    expect(again.alerts[0]?.id).toBe(first.alerts[0]?.id);
    const list = (await call('reader', 'GET', `/api/security/alerts_v2?$filter=incidentId eq '${first.alerts[0]?.incidentId ?? ''}'`)).json<{ value: Record<string, unknown>[] }>();
    expect(list.value).toHaveLength(1);
    expect(list.value[0]).toMatchObject({ providerAlertId: 'idem-1', severity: 'high', occurrences: 2, lastActivityDateTime: '2025-03-01T11:00:00.000Z' });
  });

  it('correlates alerts sharing an entity into one well-named incident with reasons', async () => {
    const r = await ingest([
      ext({ title: 'Phishing email delivered', category: 'InitialAccess', techniques: ['T1566.001'], serviceSource: 'microsoftDefenderForOffice365', entities: [{ type: 'mailbox', address: 'dana@contoso.com' }, { type: 'file', sha256: 'ab'.repeat(32), fileName: 'invoice.docm' }] }),
      ext({ title: 'Office spawned a script host', entities: [{ type: 'device', deviceName: 'WS-2001' }, { type: 'user', accountName: 'dana', upn: 'dana@contoso.com' }, { type: 'process', deviceName: 'WS-2001', sha256: 'ab'.repeat(32), fileName: 'invoice.docm' }] }),
      ext({ title: 'LSASS memory read', severity: 'high', category: 'CredentialAccess', techniques: ['T1003.001'], entities: [{ type: 'device', deviceName: 'WS-2001' }] }),
      ext({ title: 'Unrelated', entities: [{ type: 'device', deviceName: 'WS-9999' }] }),
    ]);
    const ids = r.alerts.map((a) => a.incidentId);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(ids[3]).not.toBe(ids[0]);
    const inc = await incident(ids[0] as string);
    expect(inc).toMatchObject({ severity: 'high', status: 'active', alertCount: 3, categories: ['InitialAccess', 'Execution', 'CredentialAccess'] });
    expect(inc.displayName).toBe('Multi-stage incident involving Initial access & Credential access (3 tactics) on WS-2001 reported by multiple sources');
    expect(inc.alerts[1]?.correlationReason).toMatchObject({ text: `shares file invoice.docm with alert ${r.alerts[0]?.id ?? ''}` });
    expect((inc.activity as { actor: string }[])[0]?.actor).toBe('Palisade - alert correlation');
    // the alerts are in the hunting tables too
    const conn = await p.opened.ctx.events.connectReader();
    const rows = (await conn.runAndReadAll(`SELECT Title FROM AlertInfo WHERE AlertId = '${r.alerts[2]?.id ?? ''}'`)).getRowsJS();
    const ev = (await conn.runAndReadAll(`SELECT EntityType, DeviceName FROM AlertEvidence WHERE AlertId = '${r.alerts[1]?.id ?? ''}' ORDER BY EntityType`)).getRowsJS();
    conn.closeSync();
    expect(rows).toEqual([['LSASS memory read']]);
    expect(ev).toContainEqual(['Machine', 'WS-2001']);
  });

  it('merges two incidents when one alert links them, unless assigned to different people', async () => {
    const a = (await ingest([ext({ entities: [{ type: 'device', deviceName: 'M-1' }] })])).alerts[0]!;
    const b = (await ingest([ext({ entities: [{ type: 'user', accountName: 'erin' }] })])).alerts[0]!;
    const link = (await ingest([ext({ entities: [{ type: 'device', deviceName: 'M-1' }, { type: 'user', accountName: 'erin' }] })])).alerts[0]!;
    expect(link.incidentId).toBe(a.incidentId);
    expect(await incident(b.incidentId)).toMatchObject({ status: 'redirected', redirectIncidentId: a.incidentId, systemTags: ['Redirected'] });
    expect((await incident(a.incidentId)).alertCount).toBe(3);

    const c = (await ingest([ext({ entities: [{ type: 'device', deviceName: 'N-1' }] })])).alerts[0]!;
    const d = (await ingest([ext({ entities: [{ type: 'device', deviceName: 'N-2' }] })])).alerts[0]!;
    expect((await call('analyst', 'PATCH', `/api/security/incidents/${c.incidentId}`, { assignedTo: 'ann@contoso.com' })).statusCode).toBe(200);
    expect((await call('analyst', 'PATCH', `/api/security/incidents/${d.incidentId}`, { assignedTo: 'ben@contoso.com' })).statusCode).toBe(200);
    const both = (await ingest([ext({ entities: [{ type: 'device', deviceName: 'N-1' }, { type: 'device', deviceName: 'N-2' }] })])).alerts[0]!;
    expect(both.incidentId).toBe(c.incidentId);
    expect((await incident(d.incidentId)).status).toBe('active');
    const merge = await call('analyst', 'POST', '/api/security/incidents/merge', { incidentIds: [c.incidentId, d.incidentId] });
    expect(merge.statusCode).toBe(409);
    expect(merge.json<{ error: { message: string } }>().error.message).toMatch(/assigned to different people/);
  });

  it('resolving resolves the open alerts, a resolved incident takes no new alerts, reopening works', async () => {
    const a = (await ingest([ext({ entities: [{ type: 'device', deviceName: 'R-1' }] })])).alerts[0]!;
    const res = await call('analyst', 'PATCH', `/api/security/incidents/${a.incidentId}`, { status: 'resolved', classification: 'truePositive', determination: 'malware', resolvingComment: 'cleaned' });
    expect(res.statusCode, res.body).toBe(200);
    const inc = await incident(a.incidentId);
    expect(inc).toMatchObject({ status: 'resolved', classification: 'truePositive', determination: 'malware' });
    expect(inc.alerts[0]).toMatchObject({ status: 'resolved', classification: 'truePositive' });
    const later = (await ingest([ext({ entities: [{ type: 'device', deviceName: 'R-1' }] })])).alerts[0]!;
    expect(later.incidentId).not.toBe(a.incidentId);
    expect((await call('analyst', 'PATCH', `/api/security/incidents/${a.incidentId}`, { status: 'active' })).statusCode).toBe(200);
    const wrong = await call('analyst', 'PATCH', `/api/security/incidents/${a.incidentId}`, { classification: 'falsePositive', determination: 'malware' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ error: { message: string } }>().error.message).toMatch(/does not go with classification falsePositive/);
  });

  it('links an alert to another or a new incident, and merges incidents by hand', async () => {
    const r = await ingest([ext({ entities: [{ type: 'device', deviceName: 'L-1' }] }), ext({ entities: [{ type: 'device', deviceName: 'L-1' }] }), ext({ entities: [{ type: 'device', deviceName: 'L-2' }] })]);
    const [x, y, z] = r.alerts as [IngestBody['alerts'][0], IngestBody['alerts'][0], IngestBody['alerts'][0]];
    const moved = await call('analyst', 'POST', `/api/security/alerts_v2/${y.id}/link`, { incidentId: z.incidentId });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ incidentId: z.incidentId });
    expect((await incident(x.incidentId)).alertCount).toBe(1);
    const alone = await call('analyst', 'POST', `/api/security/alerts_v2/${y.id}/link`, { incidentId: null });
    const newIncident = alone.json<{ incidentId: string }>().incidentId;
    expect([x.incidentId, z.incidentId]).not.toContain(newIncident);
    const merged = await call('analyst', 'POST', '/api/security/incidents/merge', { incidentIds: [newIncident, x.incidentId, z.incidentId] });
    expect(merged.statusCode, merged.body).toBe(200);
    const target = String(Math.min(Number(newIncident), Number(x.incidentId), Number(z.incidentId)));
    expect(merged.json()).toMatchObject({ id: target, alertCount: 3 });
    expect((await call('analyst', 'POST', '/api/security/incidents/merge', { incidentIds: ['1', '2', '3', '4', '5', '6'] })).statusCode).toBe(400);
  });

  it('lists incidents with $filter, $top, $skip, $orderby and explains bad filters', async () => {
    const all = (await call('reader', 'GET', '/api/security/incidents?$top=2&$orderby=createdDateTime asc')).json<{ value: { id: string }[]; '@odata.count': number; '@odata.nextLink'?: string }>();
    expect(all.value).toHaveLength(2);
    expect(all['@odata.nextLink']).toContain('$skip=2');
    const high = (await call('reader', 'GET', "/api/security/incidents?$filter=severity eq 'High' and status ne 'redirected'")).json<{ value: { severity: string }[] }>();
    expect(high.value.length).toBeGreaterThan(0);
    expect(high.value.every((i) => i.severity === 'high')).toBe(true);
    const future = (await call('reader', 'GET', '/api/security/incidents?$filter=createdDateTime gt 2999-01-01T00:00:00Z')).json<{ value: unknown[] }>();
    expect(future.value).toEqual([]);
    const bad = await call('reader', 'GET', "/api/security/incidents?$filter=title eq 'x'");
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/property "title" at position 1 cannot be filtered/);
    const comment = await call('analyst', 'POST', `/api/security/incidents/${all.value[0]?.id ?? ''}/comments`, { comment: 'looking' });
    expect(comment.statusCode).toBe(201);
  });
});
