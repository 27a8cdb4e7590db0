import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { clientFor, cookiesOf, signIn } from './auth-helpers.ts';
import type { TestClient } from './auth-helpers.ts';

const password = 'violet tractor answers slowly';

describe('TOTP second factor', () => {
  let p: TestPalisade;
  let admin: TestClient;
  beforeAll(async () => {
    p = await testPalisade();
    admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
    await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'tom@example.test', displayName: 'Tom', password, roles: ['security-reader'] } });
  });
  afterAll(async () => p.close());

  let secret = '';
  let recovery: string[] = [];

  it('enrols with a confirmed code and hands out ten recovery codes once', async () => {
    const tom = await signIn(p.app, 'tom@example.test', password);
    const enrol = await tom.request({ method: 'POST', url: '/api/auth/mfa/enroll' });
    expect(enrol.statusCode).toBe(200);
    const body = enrol.json<{ secret: string; otpauthUrl: string }>();
    secret = body.secret;
    expect(body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Palisade:tom%40example\.test\?secret=/);
    expect((await tom.request({ method: 'POST', url: '/api/auth/mfa/activate', payload: { code: '000000' } })).statusCode).toBe(400);
    const act = await tom.request({ method: 'POST', url: '/api/auth/mfa/activate', payload: { code: authenticator.generate(secret) } });
    expect(act.statusCode).toBe(200);
    recovery = act.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    const stored = await p.opened.ctx.state.selectFrom('users').select('recovery_codes').where('email', '=', 'tom@example.test').executeTakeFirstOrThrow();
    expect(stored.recovery_codes).not.toContain(recovery[0]);
  });

  it('makes sign-in two steps; a wrong code fails, a right one signs in, and a code cannot be replayed', async () => {
    const step1 = await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'tom@example.test', password } });
    expect(step1.statusCode).toBe(200);
    expect(step1.cookies).toHaveLength(0);
    const { status, mfaToken } = step1.json<{ status: string; mfaToken: string }>();
    expect(status).toBe('mfaRequired');
    const wrong = await p.app.inject({ method: 'POST', url: '/api/auth/sign-in/mfa', payload: { mfaToken, code: '123456' === authenticator.generate(secret) ? '654321' : '123456' } });
    expect(wrong.statusCode).toBe(401);
    const code = authenticator.generate(secret);
    const ok = await p.app.inject({ method: 'POST', url: '/api/auth/sign-in/mfa', payload: { mfaToken, code } });
    expect(ok.statusCode).toBe(200);
    const session = cookiesOf(ok).palisade_session ?? '';
    const me = await clientFor(p.app, session, '').request({ url: '/api/auth/me' });
    expect(me.json<{ mfa: { enabled: boolean } }>().mfa.enabled).toBe(true);
    // The challenge is spent, and the same code does not work twice.
    expect((await p.app.inject({ method: 'POST', url: '/api/auth/sign-in/mfa', payload: { mfaToken, code } })).statusCode).toBe(401);
    const again = (await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'tom@example.test', password } })).json<{ mfaToken: string }>();
    expect((await p.app.inject({ method: 'POST', url: '/api/auth/sign-in/mfa', payload: { mfaToken: again.mfaToken, code } })).statusCode).toBe(401);
  });

  it('counts wrong codes towards the account lockout', async () => {
    const bad = authenticator.generate(secret) === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i++) {
      const t = (await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'tom@example.test', password } })).json<{ mfaToken?: string }>();
      if (!t.mfaToken) break;
      await p.app.inject({ method: 'POST', url: '/api/auth/sign-in/mfa', payload: { mfaToken: t.mfaToken, code: bad } });
    }
    const locked = await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'tom@example.test', password } });
    expect(locked.statusCode).toBe(423);
    await p.opened.ctx.state.deleteFrom('sign_in_throttle').execute();
  });

  it('accepts each recovery code once', async () => {
    const code = recovery[0] ?? '';
    const t1 = (await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'tom@example.test', password } })).json<{ mfaToken: string }>();
    expect((await p.app.inject({ method: 'POST', url: '/api/auth/sign-in/mfa', payload: { mfaToken: t1.mfaToken, code: code.toUpperCase() } })).statusCode).toBe(200);
    const t2 = (await p.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'tom@example.test', password } })).json<{ mfaToken: string }>();
    expect((await p.app.inject({ method: 'POST', url: '/api/auth/sign-in/mfa', payload: { mfaToken: t2.mfaToken, code } })).statusCode).toBe(401);
  });

  it('lets an admin require a second factor for privileged roles: admins must enrol before anything else', async () => {
    const set = await admin.request({ method: 'PUT', url: '/api/auth/settings', payload: { mfaRequirement: 'privileged' } });
    expect(set.json()).toEqual({ mfaRequirement: 'privileged' });
    const blocked = await admin.request({ url: '/api/users' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json<{ error: { code: string } }>().error.code).toBe('mfaEnrollmentRequired');
    expect((await admin.request({ url: '/api/auth/me' })).json<{ mfa: { required: boolean } }>().mfa.required).toBe(true);
    // A reader without MFA is not privileged: not blocked (Tom has MFA anyway; make another reader).
    const enrol = (await admin.request({ method: 'POST', url: '/api/auth/mfa/enroll' })).json<{ secret: string }>();
    const act = await admin.request({ method: 'POST', url: '/api/auth/mfa/activate', payload: { code: authenticator.generate(enrol.secret) } });
    expect(act.statusCode).toBe(200);
    expect((await admin.request({ url: '/api/users' })).statusCode).toBe(200);
    const off = await admin.request({ method: 'POST', url: '/api/auth/mfa/disable', payload: { password: 'correct horse battery staple' } });
    expect(off.statusCode).toBe(409);
    const audit = (await admin.request({ url: '/api/audit?action=auth.mfa.' })).json<{ value: { action: string }[] }>().value;
    expect(audit.map((a) => a.action)).toEqual(['auth.mfa.enabled', 'auth.mfa.enabled']);
  });
});
