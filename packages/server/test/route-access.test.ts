import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyPluginAsync } from 'fastify';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { HttpError } from '../src/http/errors.ts';
import type { Principal } from '../src/auth/principal.ts';

const probeRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/test/needs-hunting', { config: { access: { permission: 'hunting.run' } } }, async () => ({ ok: true }));
  app.get('/api/test/boom', { config: { access: { public: true, reason: 'test' } } }, async () => {
    throw new Error('secret internal detail: /etc/passwd');
  });
  app.get('/api/test/teapot', { config: { access: { public: true, reason: 'test' } } }, async () => {
    throw new HttpError(418, 'teapot', 'I am a teapot.');
  });
};

const hunter: Principal = { kind: 'user', id: 'u1', name: 'Hunter', permissions: new Set(['hunting.run']) };
const reader: Principal = { kind: 'user', id: 'u2', name: 'Reader', permissions: new Set(['security.read']) };

describe('deny by default', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    p = await testPalisade({
      routes: [() => probeRoutes],
      resolvePrincipal: async (req) => {
        const who = req.headers['x-test-user'];
        return who === 'hunter' ? hunter : who === 'reader' ? reader : undefined;
      },
    });
  });
  afterAll(async () => p.close());

  it('every registered route declares its access', () => {
    // The registry is filled by the onRoute hook, which throws for a route without access; so every route
    // in the app is listed here with a permission, public (with a reason) or authenticated.
    expect(p.routes.length).toBeGreaterThan(0);
    for (const r of p.routes) {
      const a = r.access;
      const ok = 'permission' in a || ('public' in a && a.reason.length > 0) || 'authenticated' in a;
      expect(ok, `${r.method} ${r.url}`).toBe(true);
    }
    const publicRoutes = p.routes.filter((r) => 'public' in r.access).map((r) => `${r.method} ${r.url}`);
    // Public routes are few and deliberate: adding one must be a conscious change of this list.
    expect(publicRoutes.filter((r) => !r.includes('/api/test/')).sort()).toEqual([
      'GET /api/auth/oidc/callback',
      'GET /api/auth/oidc/start',
      'GET /api/auth/providers',
      'GET /api/health',
      'POST /api/auth/sign-in',
      'POST /api/auth/sign-in/mfa',
    ]);
  });

  it('refuses to register a route that declares nothing', async () => {
    const bad: FastifyPluginAsync = async (app) => {
      app.get('/api/test/undeclared', async () => ({ leaked: true }));
    };
    await expect(testPalisade({ routes: [() => bad] })).rejects.toThrow(/declares no access/);
  });

  it('401 without a caller, 403 without the permission, 200 with it', async () => {
    expect((await p.app.inject({ url: '/api/test/needs-hunting' })).statusCode).toBe(401);
    const denied = await p.app.inject({ url: '/api/test/needs-hunting', headers: { 'x-test-user': 'reader' } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json<{ error: { code: string } }>().error.code).toBe('forbidden');
    expect((await p.app.inject({ url: '/api/test/needs-hunting', headers: { 'x-test-user': 'hunter' } })).statusCode).toBe(200);
  });

  it('renders known errors with their status and hides unknown ones', async () => {
    const teapot = await p.app.inject({ url: '/api/test/teapot' });
    expect(teapot.statusCode).toBe(418);
    expect(teapot.json()).toEqual({ error: { code: 'teapot', message: 'I am a teapot.' } });
    const boom = await p.app.inject({ url: '/api/test/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('passwd');
    expect(boom.json<{ error: { code: string } }>().error.code).toBe('internal');
  });
});
