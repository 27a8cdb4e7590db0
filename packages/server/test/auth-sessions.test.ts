import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { clientFor, cookiesOf, signIn } from './auth-helpers.ts';
import { configureAuth } from '../src/auth/auth-context.ts';
import { passwordProblem } from '../src/auth/password.ts';
import { buildApp } from '../src/app.ts';

const admin = { email: 'admin@example.test', password: 'correct horse battery staple' };

describe('sessions: sign-in, sign-out, CSRF, lockout', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    p = await testPalisade();
    // A fresh app on the same stores with a small lockout threshold, so the test stays fast.
    configureAuth(p.opened.ctx, { env: {}, config: { maxFailures: 3, ipMaxAttempts: 1000 } });
    await p.app.close();
    const rebuilt = await buildApp(p.opened.ctx);
    Object.assign(p, { app: rebuilt.app, routes: rebuilt.routes });
  });
  afterAll(async () => p.close());

  it('signs in with email and password: HttpOnly SameSite=Lax cookie, only a hash stored, /me shows the caller', async () => {
    const res = await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'Admin@Example.test ', password: admin.password } });
    expect(res.statusCode).toBe(200);
    const sessionCookie = res.cookies.find((c) => c.name === 'palisade_session');
    expect(sessionCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(sessionCookie?.secure).toBeFalsy();
    expect(sessionCookie?.value).toMatch(/^[\w-]{43}$/);
    const rows = await p.opened.ctx.state.selectFrom('sessions').selectAll().execute();
    expect(rows.map((r) => r.id_hash)).not.toContain(sessionCookie?.value);
    const body = res.json<{ status: string; user: { email: string; permissions: string[]; roles: { id: string }[]; csrfToken: string } }>();
    expect(body.status).toBe('signedIn');
    expect(body.user.email).toBe('admin@example.test');
    expect(body.user.roles.map((r) => r.id)).toEqual(['global-administrator']);
    expect(body.user.permissions).toContain('authorization.manage');
    const me = await p.app.inject({ url: '/api/auth/me', headers: { cookie: `palisade_session=${sessionCookie?.value ?? ''}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ email: string }>().email).toBe('admin@example.test');
  });

  it('sets Secure __Host- cookies behind TLS (x-forwarded-proto: https)', async () => {
    const res = await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: admin, headers: { 'x-forwarded-proto': 'https' } });
    const c = res.cookies.find((x) => x.name === '__Host-palisade_session');
    expect(c?.secure).toBe(true);
    expect(c?.httpOnly).toBe(true);
  });

  it('gives one generic answer for an unknown email and a wrong password', async () => {
    const unknown = await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'nobody@example.test', password: 'whatever it is 1' } });
    const wrong = await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'admin@example.test', password: 'not the password' } });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.json()).toEqual({ error: { code: 'invalidCredentials', message: 'The email or password is incorrect.' } });
    await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: admin }); // success resets the counter
  });

  it('rotates the session id at sign-in: the old cookie stops working', async () => {
    const first = await signIn(p.app, admin.email, admin.password);
    const again = await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: admin, headers: { cookie: first.cookie } });
    const second = cookiesOf(again).palisade_session;
    expect(second).toBeDefined();
    expect(`palisade_session=${second ?? ''}`).not.toBe(first.cookie);
    expect((await first.request({ url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('requires the CSRF header on state-changing requests made with the cookie', async () => {
    const c = await signIn(p.app, admin.email, admin.password);
    const noHeader = await p.app.inject({ method: 'POST', url: '/api/auth/sign-out-everywhere', headers: { cookie: c.cookie } });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json<{ error: { code: string } }>().error.code).toBe('csrfTokenInvalid');
    const wrong = await p.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie: c.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.statusCode).toBe(403);
    // Reads need no token.
    expect((await p.app.inject({ url: '/api/auth/me', headers: { cookie: c.cookie } })).statusCode).toBe(200);
    expect((await c.request({ method: 'POST', url: '/api/auth/sign-out' })).statusCode).toBe(204);
    expect((await c.request({ url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('lists the person’s own sessions and ends one of them', async () => {
    const a = await signIn(p.app, admin.email, admin.password);
    const b = await signIn(p.app, admin.email, admin.password);
    const list = (await a.request({ url: '/api/auth/sessions' })).json<{ value: { id: string; current: boolean }[] }>().value;
    expect(list.filter((x) => x.current)).toHaveLength(1);
    const other = (await b.request({ url: '/api/auth/sessions' })).json<{ value: { id: string; current: boolean }[] }>().value.find((x) => x.current);
    expect((await a.request({ method: 'DELETE', url: `/api/auth/sessions/${other?.id ?? ''}` })).statusCode).toBe(204);
    expect((await b.request({ url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await a.request({ url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await a.request({ method: 'DELETE', url: '/api/auth/sessions/0123456789abcdef' })).statusCode).toBe(404);
  });

  it('signs out everywhere: every session of the person ends', async () => {
    const a = await signIn(p.app, admin.email, admin.password);
    const b = await signIn(p.app, admin.email, admin.password);
    const r = await a.request({ method: 'POST', url: '/api/auth/sign-out-everywhere' });
    expect(r.statusCode).toBe(200);
    expect(r.json<{ sessionsEnded: number }>().sessionsEnded).toBeGreaterThanOrEqual(2);
    expect((await b.request({ url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await a.request({ url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('locks an email after repeated failures with a clear message, known or not, and audits it', async () => {
    for (const email of ['admin@example.test', 'ghost@example.test']) {
      for (let i = 0; i < 3; i++) {
        expect((await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password: `wrong password ${i}` } })).statusCode).toBe(401);
      }
      const locked = await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password: admin.password } });
      expect(locked.statusCode).toBe(423);
      expect(locked.json<{ error: { code: string; message: string } }>().error.message).toMatch(/locked for 15 minutes/);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    }
    const audit = await p.opened.ctx.state.selectFrom('audit_log').select(['action', 'target']).where('action', '=', 'auth.lockout').execute();
    expect(audit.map((a) => a.target).sort()).toEqual(['admin@example.test', 'ghost@example.test']);
    await p.opened.ctx.state.deleteFrom('sign_in_throttle').execute();
  });

  it('rate-limits sign-in attempts per client address (X-Forwarded-For only when the proxy is trusted)', async () => {
    const m = configureAuth(p.opened.ctx, { env: { PALISADE_TRUST_PROXY: '1' }, config: { ipMaxAttempts: 3, maxFailures: 100 } });
    expect(m.config.trustForwardedFor).toBe(true);
    const limited = await buildApp(p.opened.ctx);
    try {
      const attempt = (ip: string) => limited.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'x@example.test', password: 'nope' }, headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` } });
      for (let i = 0; i < 3; i++) expect((await attempt('203.0.113.7')).statusCode).toBe(401);
      const blocked = await attempt('203.0.113.7');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json<{ error: { message: string } }>().error.message).toMatch(/Too many sign-in attempts from your network address\. Try again in 5 minutes\./);
      expect(blocked.headers['retry-after']).toBeDefined();
      expect((await attempt('198.51.100.9')).statusCode).toBe(401);
    } finally {
      await limited.app.close();
      configureAuth(p.opened.ctx, { env: {}, config: { maxFailures: 3, ipMaxAttempts: 1000 } });
      await p.opened.ctx.state.deleteFrom('sign_in_throttle').execute();
    }
  });

  it('refuses a body without email as a 400 naming the field', async () => {
    const r = await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { password: 'x' } });
    expect(r.statusCode).toBe(400);
    expect(r.json<{ error: { message: string } }>().error.message).toContain('email');
  });

  it('ends a session after the idle timeout and after the absolute lifetime', async () => {
    const c = await signIn(p.app, admin.email, admin.password);
    const idHash = (await p.opened.ctx.state.selectFrom('sessions').select('id_hash').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).id_hash;
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
    await p.opened.ctx.state.updateTable('sessions').set({ last_seen_at: hoursAgo(5) }).where('id_hash', '=', idHash).execute();
    expect((await c.request({ url: '/api/auth/me' })).statusCode).toBe(401);
    const d = await signIn(p.app, admin.email, admin.password);
    await p.opened.ctx.state.updateTable('sessions').set({ expires_at: hoursAgo(0.01) }).where('user_id', 'is not', null).execute();
    expect((await d.request({ url: '/api/auth/me' })).statusCode).toBe(401);
  });
});

describe('password policy', () => {
  it('refuses short, common, decorated-common, leetspeak and email passwords, and accepts a passphrase', () => {
    expect(passwordProblem('short1!')).toMatch(/at least 12/);
    expect(passwordProblem('password1234')).toMatch(/too common/);
    expect(passwordProblem('Qwertyuiop123!!')).toMatch(/too common/);
    expect(passwordProblem('P@ssw0rd2025!')).toMatch(/too common/);
    expect(passwordProblem('aaaaaaaaaaaaaa')).toMatch(/too few characters/);
    expect(passwordProblem('alice.smith@example.test', { email: 'alice.smith@example.test' })).toMatch(/email/);
    expect(passwordProblem('violet tractor answers slowly')).toBeUndefined();
  });
});

describe('must change password', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    p = await testPalisade({ env: { PALISADE_ADMIN_EMAIL: 'first@example.test' } });
  });
  afterAll(async () => p.close());

  it('blocks everything but /me, sign-out and change-password until the password is changed', async () => {
    const generated = p.opened.bootstrap?.generatedPassword ?? '';
    const c = await signIn(p.app, 'first@example.test', generated);
    expect((await c.request({ url: '/api/auth/me' })).json<{ mustChangePassword: boolean }>().mustChangePassword).toBe(true);
    const blocked = await c.request({ url: '/api/auth/permissions' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json<{ error: { code: string } }>().error.code).toBe('passwordChangeRequired');
    const weak = await c.request({ method: 'POST', url: '/api/auth/change-password', payload: { currentPassword: generated, newPassword: 'iloveyou12345' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ error: { code: string } }>().error.code).toBe('weakPassword');
    const badCurrent = await c.request({ method: 'POST', url: '/api/auth/change-password', payload: { currentPassword: 'nope', newPassword: 'violet tractor answers slowly' } });
    expect(badCurrent.statusCode).toBe(403);
    const ok = await c.request({ method: 'POST', url: '/api/auth/change-password', payload: { currentPassword: generated, newPassword: 'violet tractor answers slowly' } });
    expect(ok.statusCode).toBe(204);
    expect((await c.request({ url: '/api/auth/permissions' })).statusCode).toBe(200);
    const again = clientFor(p.app, '', '');
    expect((await again.request({ url: '/api/auth/me' })).statusCode).toBe(401);
    await signIn(p.app, 'first@example.test', 'violet tractor answers slowly');
  });
});
