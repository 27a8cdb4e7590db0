import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { signIn } from './auth-helpers.ts';
import type { TestClient } from './auth-helpers.ts';
import { scopePredicate, deviceIdsInScope } from '../src/device-groups/device-scope.ts';

const devices = [
  // DeviceId, DeviceName, OSPlatform, manual tags
  ['d-fin-1', 'fin-ws-01.corp.contoso.com', 'Windows11', '["Finance"]'],
  ['d-fin-2', 'fin-ws-02.corp.contoso.com', 'Windows10', null],
  ['d-srv-1', 'sql-01.srv.contoso.com', 'WindowsServer2022', '["Tier0"]'],
  ['d-lnx-1', 'web-01.dmz.contoso.com', 'Linux', null],
  ['d-mac-1', 'design-mbp.corp.contoso.com', 'macOS', '["Finance"]'],
] as const;

describe('users, roles, assignments, device groups, scope, audit, preferences', () => {
  let p: TestPalisade;
  let admin: TestClient;
  beforeAll(async () => {
    p = await testPalisade();
    for (const [id, name, os, tags] of devices) {
      // Two reports per device: the latest one counts.
      const insert = 'INSERT INTO DeviceInfo (Timestamp, DeviceId, DeviceName, OSPlatform, DeviceManualTags) VALUES (?::TIMESTAMP, ?, ?, ?, ?)';
      await p.opened.ctx.events.withWriter((w) => w.run(insert, ['2026-01-01 00:00:00', id, `old-${name}`, 'Unknown', null]));
      await p.opened.ctx.events.withWriter((w) => w.run(insert, ['2026-01-02 00:00:00', id, name, os, tags]));
    }
    admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
  });
  afterAll(async () => p.close());

  let financeId = '';
  let serversId = '';

  it('creates ranked device groups with Ungrouped last, and previews matches from DeviceInfo', async () => {
    const preview = await admin.request({ method: 'POST', url: '/api/device-groups/preview', payload: { rules: { names: ['fin-*'], domains: ['corp.contoso.com'] } } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json<{ total: number; devices: { deviceId: string }[] }>().devices.map((d) => d.deviceId)).toEqual(['d-fin-1', 'd-fin-2']);

    const srv = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Servers', rules: { osPlatforms: ['windowsserver2022', 'Linux'] } } });
    expect(srv.statusCode).toBe(201);
    serversId = srv.json<{ id: string }>().id;
    // Finance goes above Servers; tags OR names: a tagged Mac joins too.
    const fin = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Finance', rules: { tags: ['finance'] }, rank: 1 } });
    financeId = fin.json<{ id: string }>().id;
    const list = (await admin.request({ url: '/api/device-groups' })).json<{ value: { id: string; name: string; rank: number; deviceCount: number }[] }>().value;
    expect(list.map((g) => [g.name, g.rank, g.deviceCount])).toEqual([
      ['Finance', 1, 2],
      ['Servers', 2, 2],
      ['Ungrouped devices (default)', 3, 1],
    ]);
    const members = (await admin.request({ url: `/api/device-groups/${financeId}/devices` })).json<{ devices: { deviceId: string }[] }>();
    expect(members.devices.map((d) => d.deviceId)).toEqual(['d-fin-1', 'd-mac-1']);

    const bad = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Empty', rules: {} } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/at least one of names/);
    expect((await admin.request({ method: 'DELETE', url: '/api/device-groups/ungrouped' })).statusCode).toBe(409);
  });

  it('makes a custom role, assigns it scoped to a device group, and the person gets exactly that', async () => {
    const role = await admin.request({ method: 'POST', url: '/api/roles', payload: { name: 'Finance responder', permissions: ['security.read', 'alerts.manage'] } });
    expect(role.statusCode).toBe(201);
    const roleId = role.json<{ id: string }>().id;
    const created = await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'fiona@example.test', displayName: 'Fiona', password: 'violet tractor answers slowly' } });
    expect(created.statusCode).toBe(201);
    const fionaId = created.json<{ user: { id: string } }>().user.id;
    const assign = await admin.request({ method: 'POST', url: '/api/role-assignments', payload: { roleId, principalType: 'user', principalId: fionaId, deviceGroupIds: [financeId] } });
    expect(assign.statusCode).toBe(201);
    // A group assignment: Global Reader for members of "auditors", all devices.
    await admin.request({ method: 'PATCH', url: `/api/users/${fionaId}`, payload: { groups: ['auditors'] } });
    await admin.request({ method: 'POST', url: '/api/role-assignments', payload: { roleId: 'security-reader', principalType: 'group', principalId: 'auditors', deviceGroupIds: [serversId] } });

    const fiona = await signIn(p.app, 'fiona@example.test', 'violet tractor answers slowly');
    const me = (await fiona.request({ url: '/api/auth/me' })).json<{ permissions: string[]; scope: unknown; roles: { id: string; deviceGroupIds?: string[] }[] }>();
    expect(me.permissions).toEqual(['alerts.manage', 'hunting.run', 'security.read', 'vulnerability.read']);
    expect(me.scope).toEqual({ devices: { deviceGroupIds: [financeId, serversId].sort() } });
    expect((await fiona.request({ url: '/api/users' })).statusCode).toBe(403);
    const denied = await p.opened.ctx.state.selectFrom('audit_log').selectAll().where('action', '=', 'authz.denied').where('actor', '=', 'user:fiona@example.test').execute();
    expect(denied.map((d) => [d.target, (JSON.parse(d.details ?? '{}') as { permission: string }).permission])).toEqual([['GET /api/users', 'authorization.read']]);

    // The scope as data, and as SQL over DuckDB and SQLite.
    const principalScope = { devices: { deviceGroupIds: [financeId] } };
    expect((await deviceIdsInScope(p.opened.ctx, principalScope))?.sort()).toEqual(['d-fin-1', 'd-mac-1']);
    const where = await scopePredicate(p.opened.ctx, principalScope, { deviceId: 'DeviceId' });
    const duck = await p.opened.ctx.events.withWriter((w) => w.runAndReadAll(`SELECT DISTINCT DeviceId FROM DeviceInfo WHERE ${where.sql} ORDER BY 1`, where.params));
    expect(duck.getRows().map((r) => r[0])).toEqual(['d-fin-1', 'd-mac-1']);
    const lite = new Database(':memory:');
    lite.exec("CREATE TABLE alerts (id TEXT, device_name TEXT); INSERT INTO alerts VALUES ('a1','FIN-WS-01.corp.contoso.com'),('a2','sql-01.srv.contoso.com'),('a3','design-mbp.corp.contoso.com')");
    const byName = await scopePredicate(p.opened.ctx, principalScope, { deviceName: 'device_name' });
    expect(lite.prepare(`SELECT id FROM alerts WHERE ${byName.sql} ORDER BY id`).all(...byName.params)).toEqual([{ id: 'a1' }, { id: 'a3' }]);
    const none = await scopePredicate(p.opened.ctx, { devices: { deviceGroupIds: [] } }, { deviceId: 'DeviceId' });
    expect(none.sql).toBe('1 = 0');
    expect((await scopePredicate(p.opened.ctx, { devices: { all: true } }, { deviceId: 'DeviceId' })).sql).toBe('1 = 1');
    lite.close();

    // A device group in use cannot be deleted.
    expect((await admin.request({ method: 'DELETE', url: `/api/device-groups/${financeId}` })).statusCode).toBe(409);
  });

  it('stops escalation: a manager cannot grant permissions they do not hold', async () => {
    const role = await admin.request({ method: 'POST', url: '/api/roles', payload: { name: 'Access managers', permissions: ['authorization.manage', 'authorization.read', 'security.read'] } });
    const roleId = role.json<{ id: string }>().id;
    const u = await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'mgr@example.test', displayName: 'Manager', password: 'orange lantern quietly hums', roles: [roleId] } });
    const mgrId = u.json<{ user: { id: string } }>().user.id;
    const mgr = await signIn(p.app, 'mgr@example.test', 'orange lantern quietly hums');
    const escalate = await mgr.request({ method: 'PATCH', url: `/api/users/${mgrId}`, payload: { roles: [roleId, 'global-administrator'] } });
    expect(escalate.statusCode).toBe(403);
    const viaRole = await mgr.request({ method: 'POST', url: '/api/roles', payload: { name: 'Sneaky', permissions: ['settings.system'] } });
    expect(viaRole.statusCode).toBe(403);
    const ok = await mgr.request({ method: 'POST', url: '/api/roles', payload: { name: 'Readers lite', permissions: ['security.read'] } });
    expect(ok.statusCode).toBe(201);
    expect((await admin.request({ method: 'PATCH', url: '/api/roles/global-administrator', payload: { name: 'x' } })).statusCode).toBe(409);
  });

  it('disabling a user ends their sessions; the last Global Administrator is protected', async () => {
    const u = await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'temp@example.test', displayName: 'Temp', roles: ['security-reader'] } });
    const { user, oneTimePassword } = u.json<{ user: { id: string; mustChangePassword: boolean }; oneTimePassword: string }>();
    expect(user.mustChangePassword).toBe(true);
    const temp = await signIn(p.app, 'temp@example.test', oneTimePassword);
    expect((await temp.request({ url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await admin.request({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { disabled: true } })).statusCode).toBe(200);
    expect((await temp.request({ url: '/api/auth/me' })).statusCode).toBe(401);
    const adminId = (await admin.request({ url: '/api/auth/me' })).json<{ id: string }>().id;
    expect((await admin.request({ method: 'PATCH', url: `/api/users/${adminId}`, payload: { roles: [] } })).statusCode).toBe(409);
    expect((await admin.request({ method: 'DELETE', url: `/api/users/${adminId}` })).statusCode).toBe(409);
  });

  it('lists the audit log newest first, filtered by action prefix, and it cannot be altered', async () => {
    const r = await admin.request({ url: '/api/audit?action=role-assignment.&top=10' });
    expect(r.statusCode).toBe(200);
    const actions = r.json<{ value: { action: string; actor: string }[] }>().value;
    expect(actions.length).toBe(2);
    expect(actions.every((a) => a.action === 'role-assignment.create' && a.actor === 'user:admin@example.test')).toBe(true);
    const all = (await admin.request({ url: '/api/audit?top=500' })).json<{ value: { action: string }[] }>().value.map((a) => a.action);
    for (const a of ['user.bootstrap', 'auth.sign-in', 'device-group.create', 'role.create', 'user.create', 'user.update']) expect(all).toContain(a);
    await expect(p.opened.ctx.state.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    expect((await admin.request({ url: '/api/audit?since=yesterday' })).statusCode).toBe(400);
  });

  it('keeps preferences per person, invisible to others', async () => {
    const prefs = { theme: 'dark', navigation: { order: ['hunting', 'incidents'], hidden: ['learning-hub'] }, homeCards: ['alerts-trend'] };
    const put = await admin.request({ method: 'PUT', url: '/api/me/preferences', payload: prefs });
    expect(put.statusCode).toBe(200);
    expect((await admin.request({ url: '/api/me/preferences' })).json()).toEqual(prefs);
    const fiona = await signIn(p.app, 'fiona@example.test', 'violet tractor answers slowly');
    expect((await fiona.request({ url: '/api/me/preferences' })).json()).toEqual({});
    const bad = await admin.request({ method: 'PUT', url: '/api/me/preferences', payload: { theme: 'neon' } });
    expect(bad.statusCode).toBe(400);
  });
});
