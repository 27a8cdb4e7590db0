import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { signIn } from './auth-helpers.ts';
import type { TestClient } from './auth-helpers.ts';
import { builtInRoles } from '../src/auth/built-in-roles.ts';
import type { Permission } from '../src/auth/permissions.ts';
import type { RouteRecord } from '../src/http/route-access.ts';

/**
 * The route-permission matrix: every route in the registry, called as each built-in role and as a custom
 * role limited to a device group. 401 without a session; 403 (code forbidden) without the permission; never
 * 401/403 with it.
 */
const password = 'matrix passphrase for tests';
/** Routes that end the caller's own session: probed for 401/403 only, never as an allowed call. */
const endsSession = new Set(['POST /api/auth/sign-out', 'POST /api/auth/sign-out-everywhere']);

function urlOf(r: RouteRecord): string {
  return r.url.replace(/:[A-Za-z]+/g, 'matrix-probe-0000').replace(/\*$/, 'matrix');
}

interface Person {
  label: string;
  permissions: ReadonlySet<Permission>;
  client: TestClient;
}

describe('route-permission matrix', () => {
  let p: TestPalisade;
  const people: Person[] = [];
  let routes: RouteRecord[] = [];

  beforeAll(async () => {
    p = await testPalisade();
    const admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
    for (const role of builtInRoles) {
      const email = `${role.id}@matrix.test`;
      const r = await admin.request({ method: 'POST', url: '/api/users', payload: { email, displayName: role.name, password, roles: [role.id] } });
      if (r.statusCode !== 201) throw new Error(r.body);
      people.push({ label: role.name, permissions: new Set(role.permissions), client: await signIn(p.app, email, password) });
    }
    const now = new Date().toISOString();
    for (const [id, name] of [['dev-in', 'matrix-01.corp.test'], ['dev-out', 'other-01.corp.test']] as const) {
      await p.opened.ctx.events.withWriter((w) => w.run('INSERT INTO DeviceInfo (Timestamp, DeviceId, DeviceName, OSPlatform) VALUES (?::TIMESTAMP, ?, ?, ?)', [now.replace('T', ' ').replace('Z', ''), id, name, 'Windows11']));
    }
    const group = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Matrix group', rules: { names: ['matrix-*'] } } });
    const scopedPerms: Permission[] = ['security.read', 'alerts.manage', 'hunting.run'];
    const role = await admin.request({ method: 'POST', url: '/api/roles', payload: { name: 'Scoped responder', permissions: scopedPerms } });
    const user = await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'scoped@matrix.test', displayName: 'Scoped', password } });
    await admin.request({
      method: 'POST',
      url: '/api/role-assignments',
      payload: { roleId: role.json<{ id: string }>().id, principalType: 'user', principalId: user.json<{ user: { id: string } }>().user.id, deviceGroupIds: [group.json<{ id: string }>().id] },
    });
    people.push({ label: 'Scoped responder (custom, one device group)', permissions: new Set(scopedPerms), client: await signIn(p.app, 'scoped@matrix.test', password) });
    routes = p.routes.filter((r) => !('public' in r.access) && r.method !== 'HEAD');
  });
  afterAll(async () => p.close());

  it('covers the routes of every resource', () => {
    const prefixes = new Set(routes.map((r) => r.url.split('/').slice(0, 3).join('/')));
    for (const expected of ['/api/auth', '/api/users', '/api/roles', '/api/role-assignments', '/api/device-groups', '/api/tokens', '/api/audit', '/api/me']) {
      expect(prefixes, expected).toContain(expected);
    }
  });

  it('answers 401 to every non-public route without a session (and with a bad one)', async () => {
    for (const r of routes) {
      const method = r.method as 'GET';
      const plain = await p.app.inject({ method, url: urlOf(r), ...(method === 'GET' ? {} : { payload: {} }) });
      expect(plain.statusCode, `${r.method} ${r.url}`).toBe(401);
      const forged = await p.app.inject({ method, url: urlOf(r), headers: { cookie: 'palisade_session=forged' } });
      const badBearer = await p.app.inject({ method, url: urlOf(r), headers: { authorization: 'Bearer pal_forged' } });
      expect(badBearer.statusCode, `${r.method} ${r.url} (forged token)`).toBe(401);
      expect(forged.statusCode, `${r.method} ${r.url} (forged cookie)`).toBe(401);
    }
  });

  it('answers 403 without the permission and never 401/403 with it, for each role', async () => {
    const failures: string[] = [];
    let denied = 0;
    let granted = 0;
    for (const person of people) {
      for (const r of routes) {
        const key = `${r.method} ${r.url}`;
        const allowed = 'authenticated' in r.access || ('permission' in r.access && person.permissions.has(r.access.permission));
        if (allowed && endsSession.has(key)) continue;
        const res = await person.client.request({ method: r.method, url: urlOf(r), ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }) });
        if (allowed) granted++;
        else denied++;
        if (allowed && (res.statusCode === 401 || res.statusCode === 403)) failures.push(`${person.label}: ${key} -> ${res.statusCode} ${res.body}`);
        if (!allowed && (res.statusCode !== 403 || res.json<{ error: { code: string } }>().error.code !== 'forbidden')) failures.push(`${person.label}: ${key} -> ${res.statusCode}, expected 403`);
      }
    }
    expect(failures).toEqual([]);
    // Both sides of the matrix were exercised (readers are denied most writes, admins granted most).
    expect(denied).toBeGreaterThan(50);
    expect(granted).toBeGreaterThan(50);
  });

  it('keeps each person signed in through the matrix (no route ended a session by accident)', async () => {
    for (const person of people) expect((await person.client.request({ url: '/api/auth/me' })).statusCode, person.label).toBe(200);
  });

  it('gives the scoped role its device scope, and unscoped roles all devices', async () => {
    const scoped = people.at(-1)!;
    const me = (await scoped.client.request({ url: '/api/auth/me' })).json<{ scope: { devices: { deviceGroupIds?: string[]; all?: boolean } } }>();
    expect(me.scope.devices.deviceGroupIds).toHaveLength(1);
    const reader = people.find((x) => x.label === 'Security Reader')!;
    expect((await reader.client.request({ url: '/api/auth/me' })).json<{ scope: unknown }>().scope).toEqual({ devices: { all: true } });
  });

  it('filters hunting results to the device group of the scoped role, end to end', async () => {
    const hunt = async (person: Person) => {
      const r = await person.client.request({ method: 'POST', url: '/api/security/runHuntingQuery', payload: { Query: 'DeviceInfo | distinct DeviceName | order by DeviceName asc' } });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ results: { DeviceName: string }[] }>().results.map((x) => x.DeviceName);
    };
    expect(await hunt(people.at(-1)!)).toEqual(['matrix-01.corp.test']);
    expect(await hunt(people.find((x) => x.label === 'Security Reader')!)).toEqual(['matrix-01.corp.test', 'other-01.corp.test']);
  });
});
