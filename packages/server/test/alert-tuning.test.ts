import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';
import type { Permission } from '../src/auth/permissions.ts';
import { ruleMatches } from '../src/alerts/alert-tuning.ts';

const who = (name: string, ...perms: Permission[]): Principal => ({ kind: 'user', id: name, name, permissions: new Set(perms) });
const people: Record<string, Principal> = {
  tuner: who('tuner@contoso.com', 'security.read', 'settings.detection'),
  reader: who('reader@contoso.com', 'security.read'),
  sensor: who('sensor', 'ingest.write'),
};

let seq = 0;
const ext = (over: Record<string, unknown> = {}) => ({
  externalId: `tune-${++seq}`,
  title: 'Suspicious script',
  severity: 'low',
  category: 'Execution',
  serviceSource: 'microsoftDefenderForEndpoint',
  detectionSource: 'thirdParty',
  timestamp: '2025-03-01T10:00:00Z',
  entities: [{ type: 'device', deviceName: 'BUILD-01' }, { type: 'process', deviceName: 'BUILD-01', fileName: 'msbuild.exe', commandLine: 'msbuild.exe /t:Build nightly.proj' }],
  ...over,
});

describe('alert tuning', () => {
  let p: TestPalisade;
  const call = async (user: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    p.app.inject({ method, url, headers: { 'x-test-user': user }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  beforeAll(async () => {
    p = await testPalisade({ resolvePrincipal: async (req) => people[String(req.headers['x-test-user'])] });
  });
  afterAll(async () => p.close());

  it('matches alert and evidence conditions, all of them, case-insensitively', () => {
    const alert = { title: 'Suspicious script', detectionSource: 'thirdParty', serviceSource: 's', severity: 'low', category: 'Execution', detectorId: null, evidence: [{ type: 'process' as const, deviceName: 'BUILD-01', commandLine: 'msbuild.exe /t:Build nightly.proj' }] };
    expect(ruleMatches([{ field: 'processCommandLine', operator: 'contains', value: 'NIGHTLY.proj' }, { field: 'deviceName', operator: 'startsWith', value: 'build-' }], alert)).toBe(true);
    expect(ruleMatches([{ field: 'processCommandLine', operator: 'contains', value: 'nightly' }, { field: 'severity', operator: 'equals', value: 'high' }], alert)).toBe(false);
    expect(ruleMatches([], alert)).toBe(false);
  });

  it('validates rules with clear errors and needs settings.detection to change them', async () => {
    expect((await call('reader', 'POST', '/api/alerts/tuning-rules', { name: 'x' })).statusCode).toBe(403);
    const bad = await call('tuner', 'POST', '/api/alerts/tuning-rules', { name: 'x', conditions: [{ field: 'colour', operator: 'equals', value: 'red' }], action: 'resolve', reason: '' });
    expect(bad.statusCode).toBe(400);
    const msg = bad.json<{ error: { message: string } }>().error.message;
    expect(msg).toMatch(/conditions\[0\]\.field must be one of/);
    expect(msg).toMatch(/reason is required/);
    expect(msg).toMatch(/needs a classification/);
    const past = await call('tuner', 'POST', '/api/alerts/tuning-rules', { name: 'x', conditions: [{ field: 'title', value: 'a' }], action: 'hide', reason: 'r', expires: '2000-01-01T00:00:00Z' });
    expect(past.json<{ error: { message: string } }>().error.message).toMatch(/expires is in the past/);
  });

  it('hides matching alerts (stored, counted, out of correlation) and resolves with a classification', async () => {
    const hide = await call('tuner', 'POST', '/api/alerts/tuning-rules', {
      name: 'Nightly build',
      conditions: [{ field: 'processCommandLine', operator: 'contains', value: 'nightly.proj' }],
      action: 'hide',
      reason: 'The build farm compiles every night.',
    });
    expect(hide.statusCode, hide.body).toBe(201);
    const resolve = await call('tuner', 'POST', '/api/alerts/tuning-rules', {
      name: 'Red team',
      conditions: [{ field: 'accountName', operator: 'equals', value: 'redteam' }],
      action: 'resolve',
      classification: 'informationalExpectedActivity',
      determination: 'securityTesting',
      reason: 'Quarterly exercise',
      expires: '2999-01-01T00:00:00Z',
    });
    expect(resolve.statusCode, resolve.body).toBe(201);
    const sent = await p.app.inject({
      method: 'POST',
      url: '/api/ingest/alerts',
      headers: { 'x-test-user': 'sensor', 'content-type': 'application/json' },
      payload: JSON.stringify([ext(), ext(), ext({ entities: [{ type: 'device', deviceName: 'BUILD-01' }, { type: 'user', accountName: 'redteam' }] }), ext({ entities: [{ type: 'device', deviceName: 'BUILD-01' }] })]),
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const body = sent.json<{ alerts: { id: string; incidentId: string }[] }>();
    const [h1, h2, rt, plain] = body.alerts;
    // hidden alerts are stored but not in the default list, each in a resolved incident of its own
    const visible = (await call('reader', 'GET', '/api/security/alerts_v2?$top=100')).json<{ value: { id: string }[] }>().value.map((a) => a.id);
    expect(visible).not.toContain(h1!.id);
    const all = (await call('reader', 'GET', '/api/security/alerts_v2?$top=100&includeHidden=true')).json<{ value: { id: string }[] }>().value.map((a) => a.id);
    expect(all).toContain(h1!.id);
    const hidden = (await call('reader', 'GET', `/api/security/alerts_v2/${h1!.id}`)).json();
    expect(hidden).toMatchObject({ hidden: true, status: 'resolved', tuningRuleId: hide.json<{ id: string }>().id });
    expect(h2!.incidentId).not.toBe(h1!.incidentId);
    expect((await call('reader', 'GET', `/api/security/incidents/${h1!.incidentId}`)).json()).toMatchObject({ status: 'resolved', systemTags: ['Suppressed'] });
    // the plain alert on the same device did not join a hidden alert's incident
    expect([h1!.incidentId, h2!.incidentId]).not.toContain(plain!.incidentId);
    // resolved with the rule's classification, but correlated as usual (same device as the plain alert)
    expect((await call('reader', 'GET', `/api/security/alerts_v2/${rt!.id}`)).json()).toMatchObject({ status: 'resolved', classification: 'informationalExpectedActivity', determination: 'securityTesting', hidden: false });
    expect(rt!.incidentId).toBe(plain!.incidentId);
    const rules = (await call('reader', 'GET', '/api/alerts/tuning-rules')).json<{ value: { name: string; matchCount: number; owner: string }[] }>().value;
    expect(rules.find((r) => r.name === 'Nightly build')).toMatchObject({ matchCount: 2, owner: 'tuner@contoso.com' });
    expect(rules.find((r) => r.name === 'Red team')).toMatchObject({ matchCount: 1 });
    // disabled: no longer applies
    await call('tuner', 'PATCH', `/api/alerts/tuning-rules/${hide.json<{ id: string }>().id}`, { enabled: false });
    const later = await p.app.inject({ method: 'POST', url: '/api/ingest/alerts', headers: { 'x-test-user': 'sensor', 'content-type': 'application/json' }, payload: JSON.stringify([ext()]) });
    const id = later.json<{ alerts: { id: string }[] }>().alerts[0]!.id;
    expect((await call('reader', 'GET', `/api/security/alerts_v2/${id}`)).json()).toMatchObject({ hidden: false, status: 'new' });
  });
});
