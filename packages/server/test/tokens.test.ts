import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { signIn } from './auth-helpers.ts';
import type { TestClient } from './auth-helpers.ts';
import { authFor } from '../src/auth/auth-context.ts';

const probe: FastifyPluginAsync = async (app) => {
  app.post('/api/test/needs-ingest', { config: { access: { permission: 'ingest.write' } } }, async (req) => ({ by: req.principal?.kind, name: req.principal?.name }));
};

describe('API tokens', () => {
  let p: TestPalisade;
  let admin: TestClient;
  beforeAll(async () => {
    p = await testPalisade({ routes: [() => probe] });
    admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
  });
  afterAll(async () => p.close());

  it('creates a token whose secret is shown once and works as a bearer with exactly its permissions', async () => {
    const res = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'lab ingest', permissions: ['ingest.write'], expiresIn: '30d' } });
    expect(res.statusCode).toBe(201);
    const { token, secret } = res.json<{ token: { id: string; prefix: string; expiresAt: string }; secret: string }>();
    expect(secret).toMatch(/^pal_[\w-]{43}$/);
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(Date.parse(token.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const stored = await p.opened.ctx.state.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(secret.slice(4));
    const listed = await admin.request({ url: '/api/tokens' });
    expect(listed.body).not.toContain(secret.slice(4));

    const ok = await p.app.inject({ method: 'POST', url: '/api/test/needs-ingest', headers: { authorization: `Bearer ${secret}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ by: 'token', name: 'lab ingest' });
    // No CSRF header needed for bearer calls; no other permission either.
    expect((await p.app.inject({ url: '/api/tokens', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(403);

    expect((await admin.request({ method: 'DELETE', url: `/api/tokens/${token.id}` })).json<{ status: string }>().status).toBe('revoked');
    expect((await p.app.inject({ method: 'POST', url: '/api/test/needs-ingest', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401);
    const audit = await p.opened.ctx.state.selectFrom('audit_log').select('action').where('target', '=', token.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['token.create', 'token.revoke']);
  });

  it('refuses unknown permissions and bad expiries, naming them', async () => {
    const bad = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'x', permissions: ['ingest.write', 'ingest.everything'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toContain("'ingest.everything'");
    const exp = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'x', permissions: ['ingest.write'], expiresIn: 'soon' } });
    expect(exp.statusCode).toBe(400);
    expect(exp.json<{ error: { message: string } }>().error.message).toContain("'soon'");
  });

  it('treats expired, malformed and unknown bearers as anonymous', async () => {
    const { token, secret } = await authFor(p.opened.ctx).tokens.create({ name: 'old', permissions: ['ingest.write'] }, undefined);
    await p.opened.ctx.state.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', token.id).execute();
    for (const authorization of [`Bearer ${secret}`, 'Bearer pal_nope', 'Basic abc', 'Bearer']) {
      expect((await p.app.inject({ method: 'POST', url: '/api/test/needs-ingest', headers: { authorization } })).statusCode, authorization).toBe(401);
    }
  });
});

describe('palisade token (CLI)', () => {
  const bin = fileURLToPath(new URL('../bin/palisade.js', import.meta.url));
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'palisade-cli-token-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bin, 'token', ...args, '--data', dir], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PALISADE_ADMIN_PASSWORD: 'correct horse battery staple', LOG_LEVEL: 'error' },
    });

  it('creates (token alone on the last line), lists and revokes tokens for a data dir', async () => {
    const created = run('create', '--name', 'ci', '--permissions', 'ingest.write,hunting.run', '--expires', '7d');
    expect(created.status, created.stderr).toBe(0);
    const lines = created.stdout.trimEnd().split('\n');
    const secret = lines.at(-1) ?? '';
    expect(secret).toMatch(/^pal_[\w-]{43}$/);
    const list = run('list');
    expect(list.stdout).toMatch(/active\s+pal_\S+…\s+ci\s+\[hunting\.run,ingest\.write\]/);
    expect(list.stdout).not.toContain(secret.slice(10));
    const id = /^(\S+)\s+active/m.exec(list.stdout)?.[1] ?? '';
    const revoked = spawnSync(process.execPath, [bin, 'token', 'revoke', id, '--data', dir], { encoding: 'utf8', timeout: 60_000 });
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`Token 'ci' (${id}) is revoked.`);
  });

  it('makes a token while the server runs on the data dir, and the server accepts it at once', async () => {
    const server = spawn(process.execPath, [bin, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dir], {
      env: { ...process.env, PALISADE_ADMIN_PASSWORD: 'correct horse battery staple', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /is serving (http:\/\/\S+)/.exec(out);
          if (m?.[1]) resolve(m[1].replace('localhost', '127.0.0.1'));
        });
        server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
      });
      const created = run('create', '--name', 'live', '--permissions', 'security.read');
      expect(created.status, created.stderr).toBe(0);
      const secret = created.stdout.trimEnd().split('\n').at(-1) ?? '';
      const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ kind: 'token', name: 'live', permissions: ['security.read'] });
      expect((await fetch(`${url}/api/auth/me`, { headers: { authorization: 'Bearer pal_x' } })).status).toBe(401);
    } finally {
      server.removeAllListeners('exit');
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
  });

  it('exits 2 naming an unknown permission', () => {
    const r = run('create', '--name', 'x', '--permissions', 'ingest.write,root');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'root'");
  });
});
