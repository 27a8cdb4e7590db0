import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';
import type { Permission } from '../src/auth/permissions.ts';
import { notificationsFor } from '../src/notifications/notifications.service.ts';
import { sign } from '../src/notifications/notification-payloads.ts';

const who = (name: string, ...perms: Permission[]): Principal => ({ kind: 'user', id: name, name, permissions: new Set(perms) });
const people: Record<string, Principal> = { admin: who('admin@contoso.com', 'settings.system'), sensor: who('sensor', 'ingest.write'), reader: who('reader', 'security.read') };

describe('incident notifications', () => {
  let p: TestPalisade;
  let server: Server;
  let url = '';
  const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let failuresLeft = 2;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body });
        if (req.url === '/flaky' && failuresLeft-- > 0) res.writeHead(503).end('busy');
        else if (req.url === '/down') res.writeHead(500).end('no');
        else res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    p = await testPalisade({ resolvePrincipal: async (req) => people[String(req.headers['x-test-user'])] });
    Object.assign(notificationsFor(p.opened.ctx).options, { baseDelayMs: 10, maxAttempts: 3 });
  });
  afterAll(async () => {
    await p.close();
    await new Promise((r) => server.close(r));
  });

  const call = async (user: string, method: 'GET' | 'POST', path: string, payload?: unknown) =>
    p.app.inject({ method, url: path, headers: { 'x-test-user': user }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });

  it('sends new incidents at or above the severity, signed, in JSON, Slack and Teams shapes, retrying with backoff', async () => {
    expect((await call('reader', 'POST', '/api/notifications/rules', {})).statusCode).toBe(403);
    const bad = await call('admin', 'POST', '/api/notifications/rules', { name: 'x', url: 'ftp://x', format: 'fax' });
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/url must be an http\(s\) URL.*format must be one of json, slack, teams/);
    const json = (await call('admin', 'POST', '/api/notifications/rules', { name: 'SIEM', url: `${url}/flaky`, format: 'json', minSeverity: 'medium' })).json<{ id: string; secret: string }>();
    expect(json.secret.length).toBeGreaterThan(20);
    await call('admin', 'POST', '/api/notifications/rules', { name: 'Slack', url: `${url}/slack`, format: 'slack', minSeverity: 'high' });
    await call('admin', 'POST', '/api/notifications/rules', { name: 'Teams', url: `${url}/teams`, format: 'teams' });
    const fail = (await call('admin', 'POST', '/api/notifications/rules', { name: 'Down', url: `${url}/down`, minSeverity: 'low' })).json<{ id: string }>();
    expect((await call('admin', 'GET', '/api/notifications/rules')).json<{ value: { secret?: string }[] }>().value.every((r) => r.secret === undefined)).toBe(true);

    const ingest = await p.app.inject({
      method: 'POST',
      url: '/api/ingest/alerts',
      headers: { 'x-test-user': 'sensor', 'content-type': 'application/json' },
      payload: JSON.stringify([{ externalId: 'n-1', title: 'Ransomware behaviour', severity: 'medium', category: 'Ransomware', serviceSource: 'external', detectionSource: 'thirdParty', timestamp: '2025-03-01T10:00:00Z', entities: [{ type: 'device', deviceName: 'N-1' }] }]),
    });
    expect(ingest.statusCode).toBe(200);
    await notificationsFor(p.opened.ctx).idle();

    const flaky = received.filter((r) => r.path === '/flaky');
    expect(flaky).toHaveLength(3); // two 503s, then delivered
    const last = flaky[2]!;
    expect(last.headers['x-palisade-signature']).toBe(sign(json.secret, last.body));
    expect(JSON.parse(last.body)).toMatchObject({ event: 'incidentCreated', incident: { severity: 'medium', displayName: 'Ransomware behaviour on N-1' } });
    expect(received.some((r) => r.path === '/slack')).toBe(false); // below its minimum severity
    const teams = JSON.parse(received.find((r) => r.path === '/teams')!.body) as Record<string, unknown>;
    expect(teams).toMatchObject({ '@type': 'MessageCard', title: 'New incident 1: Ransomware behaviour on N-1' });

    const log = (await call('admin', 'GET', '/api/notifications/deliveries')).json<{ value: { ruleId: string; status: string; attempts: number; lastStatusCode: number | null }[] }>().value;
    expect(log.find((d) => d.ruleId === json.id)).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200 });
    expect(log.find((d) => d.ruleId === fail.id)).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500 });
  });

  it('an analyst raising the severity notifies rules that listen to updates', async () => {
    const rule = (await call('admin', 'POST', '/api/notifications/rules', { name: 'Updates', url: `${url}/updates`, format: 'json', events: ['incidentUpdated'], minSeverity: 'high' })).json<{ id: string }>();
    people.analyst = who('analyst', 'alerts.manage');
    const r = await p.app.inject({ method: 'PATCH', url: '/api/security/incidents/1', headers: { 'x-test-user': 'analyst' }, payload: { severity: 'high' } });
    expect(r.statusCode, r.body).toBe(200);
    await notificationsFor(p.opened.ctx).idle();
    const got = received.filter((x) => x.path === '/updates').map((x) => JSON.parse(x.body) as { event: string; incident: { severity: string } });
    expect(got).toEqual([expect.objectContaining({ event: 'incidentUpdated', incident: expect.objectContaining({ severity: 'high' }) })]);
    expect((await call('admin', 'GET', `/api/notifications/deliveries?ruleId=${rule.id}`)).json<{ value: unknown[] }>().value).toHaveLength(1);
  });
});
