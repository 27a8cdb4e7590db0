import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { clientFor, cookiesOf, signIn } from './auth-helpers.ts';
import type { TestClient } from './auth-helpers.ts';

const publicUrl = 'http://palisade.test';
const people: Record<string, { email: string; name: string; groups: string[] }> = {
  alice: { email: 'alice@corp.test', name: 'Alice Analyst', groups: ['soc-analysts', 'everyone'] },
  bob: { email: 'bob@corp.test', name: 'Bob', groups: ['everyone'] },
};

/** A real OpenID provider (the oidc-provider package) on a loopback port, with its development login pages. */
async function startProvider(): Promise<{ issuer: string; server: Server }> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'palisade',
        client_secret: 'palisade-test-secret',
        redirect_uris: [`${publicUrl}/api/auth/oidc/callback`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    findAccount: (_ctx: unknown, id: string) => {
      const p = people[id];
      return p ? { accountId: id, claims: () => ({ sub: id, email: p.email, email_verified: true, name: p.name, groups: p.groups }) } : undefined;
    },
    cookies: { keys: ['oidc-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  handler = provider.callback();
  return { issuer, server };
}

/** Follows the provider's redirects and fills its development login and consent forms, like a browser. */
async function loginAtProvider(authorizeUrl: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  };
  let url = authorizeUrl;
  for (let hop = 0; hop < 20; hop++) {
    const res = await send(url);
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(publicUrl)) return next;
      url = next.href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url}: ${html.slice(0, 300)}`);
    const isLogin = html.includes('name="login"');
    const body = new URLSearchParams(isLogin ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' });
    const posted = await send(new URL(action, url).href, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    url = new URL(posted.headers.get('location') ?? '', url).href;
  }
  throw new Error('too many redirects at the provider');
}

describe('single sign-on (OpenID Connect) against a real provider', () => {
  let p: TestPalisade;
  let idp: { issuer: string; server: Server };
  let admin: TestClient;
  beforeAll(async () => {
    idp = await startProvider();
    p = await testPalisade();
    admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
  });
  afterAll(async () => {
    await p.close();
    await new Promise((r) => idp.server.close(r));
  });

  it('is off until configured, and configuration is validated', async () => {
    expect((await p.app.inject({ url: '/api/auth/providers' })).json()).toEqual({ password: true, oidc: { enabled: false } });
    expect((await p.app.inject({ url: '/api/auth/oidc/start' })).statusCode).toBe(404);
    const insecure = await admin.request({ method: 'PUT', url: '/api/auth/oidc/settings', payload: { enabled: true, issuer: idp.issuer, clientId: 'palisade' } });
    expect(insecure.statusCode).toBe(400);
    const badRole = await admin.request({ method: 'PUT', url: '/api/auth/oidc/settings', payload: { enabled: true, issuer: idp.issuer, clientId: 'palisade', allowInsecure: true, roleMap: { x: 'nope' } } });
    expect(badRole.json<{ error: { message: string } }>().error.message).toContain("roleMap.x: no role 'nope'");
    const ok = await admin.request({
      method: 'PUT',
      url: '/api/auth/oidc/settings',
      payload: {
        enabled: true,
        issuer: idp.issuer,
        clientId: 'palisade',
        clientSecret: 'palisade-test-secret',
        scopes: 'openid email profile groups',
        roleMap: { 'soc-analysts': 'security-operator' },
        displayName: 'Corp SSO',
        publicUrl,
        allowInsecure: true,
      },
    });
    expect(ok.statusCode).toBe(200);
    const settings = (await admin.request({ url: '/api/auth/oidc/settings' })).json<Record<string, unknown>>();
    expect(settings.clientSecretSet).toBe(true);
    expect(JSON.stringify(settings)).not.toContain('palisade-test-secret');
    expect((await p.app.inject({ url: '/api/auth/providers' })).json()).toEqual({ password: true, oidc: { enabled: true, displayName: 'Corp SSO', startUrl: '/api/auth/oidc/start' } });
  });

  it('signs a person in through the provider, creating the account just in time with mapped roles', async () => {
    const start = await p.app.inject({ url: '/api/auth/oidc/start?returnTo=/incidents' });
    expect(start.statusCode).toBe(302);
    const flowCookie = cookiesOf(start).palisade_oidc ?? '';
    const authorize = new URL(start.headers.location as string);
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await loginAtProvider(authorize.href, 'alice');
    expect(callback.pathname).toBe('/api/auth/oidc/callback');

    // Without the browser-binding cookie the answer is refused (login CSRF).
    const stolen = await p.app.inject({ url: callback.pathname + callback.search });
    expect(stolen.statusCode).toBe(302);
    expect(stolen.headers.location).toMatch(/^\/sign-in\?ssoError=/);

    const start2 = await p.app.inject({ url: '/api/auth/oidc/start?next=%2Fincidents' });
    const cb2 = await loginAtProvider(new URL(start2.headers.location as string).href, 'alice');
    const done = await p.app.inject({ url: cb2.pathname + cb2.search, headers: { cookie: `palisade_oidc=${cookiesOf(start2).palisade_oidc ?? ''}` } });
    expect(done.statusCode, done.body).toBe(302);
    expect(done.headers.location).toBe('/incidents');
    const session = cookiesOf(done).palisade_session ?? '';
    const me = (await clientFor(p.app, session, '').request({ url: '/api/auth/me' })).json<{ email: string; displayName: string; authSource: string; roles: { id: string }[] }>();
    expect(me).toMatchObject({ email: 'alice@corp.test', displayName: 'Alice Analyst', authSource: 'oidc' });
    expect(me.roles.map((r) => r.id)).toEqual(['security-operator']);
    expect(flowCookie).not.toBe('');

    // A replayed callback (same state) is refused.
    const replay = await p.app.inject({ url: cb2.pathname + cb2.search, headers: { cookie: `palisade_oidc=${cookiesOf(start2).palisade_oidc ?? ''}` } });
    expect(replay.headers.location).toMatch(/ssoError/);
  });

  it('gives an unmapped person an account with no permissions', async () => {
    const start = await p.app.inject({ url: '/api/auth/oidc/start?next=//evil.example' });
    const cb = await loginAtProvider(new URL(start.headers.location as string).href, 'bob');
    const done = await p.app.inject({ url: cb.pathname + cb.search, headers: { cookie: `palisade_oidc=${cookiesOf(start).palisade_oidc ?? ''}` } });
    expect(done.headers.location).toBe('/');
    const bob = clientFor(p.app, cookiesOf(done).palisade_session ?? '', '');
    expect((await bob.request({ url: '/api/auth/me' })).json<{ permissions: string[] }>().permissions).toEqual([]);
    expect((await bob.request({ url: '/api/users' })).statusCode).toBe(403);
    const audit = (await admin.request({ url: '/api/audit?action=user.create' })).json<{ value: { target: string }[] }>().value.map((a) => a.target);
    expect(audit).toEqual(expect.arrayContaining(['alice@corp.test', 'bob@corp.test']));
  });
});
