/**
 * bench:auth — what identity costs per request, over HTTP against the CLI-started server on loopback:
 * - sign-in latency (argon2id) for a known email and for unknown emails (the no-enumeration claim: the
 *   ratio should be close to 1);
 * - per-request latency of a public route, a session-cookie route and a bearer-token route, so the cost of
 *   resolving a caller (session lookup, role assignments, CSRF) shows as a difference of medians.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { createToken, median, startServer, stopServer } from './common.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: keepAlive }, (res) => {
      let body = '';
      res.on('data', (b: Buffer) => (body += b.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

async function timed(n: number, f: (i: number) => Promise<Answer>, expect: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    const r = await f(i);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== expect) throw new Error(`expected ${expect}, got ${r.status}: ${r.body}`);
  }
  return out;
}

const fmt = (ms: number): string => `${ms.toFixed(2)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'palisade-bench-auth-'));
  const token = createToken(dir, 'security.read');
  const { child, url } = await startServer(dir, { PALISADE_SIGNIN_MAX_PER_IP: '1000000', PALISADE_SIGNIN_MAX_FAILURES: '1000000' });
  try {
    const json = { 'content-type': 'application/json' };
    const signIn = (email: string, password: string) => call(`${url}/api/auth/sign-in`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
    // Warm up (argon2's dummy hash, JIT, SQLite pages).
    for (let i = 0; i < 3; i++) {
      await signIn('admin@example.test', 'correct horse battery staple');
      await signIn(`warm${i}@example.test`, 'wrong password here');
    }
    // Interleaved, so drifting load on the machine hits each kind alike.
    const rounds = 30;
    const known: number[] = [];
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < rounds; i++) {
      known.push(...(await timed(1, () => signIn('admin@example.test', 'correct horse battery staple'), 200)));
      wrong.push(...(await timed(1, () => signIn('admin@example.test', 'wrong password here'), 401)));
      unknown.push(...(await timed(1, () => signIn(`nobody${i}@example.test`, 'wrong password here'), 401)));
    }

    const res = await signIn('admin@example.test', 'correct horse battery staple');
    const cookies = [res.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0] ?? '');
    const cookie = cookies.join('; ');
    const n = 1000;
    const health: number[] = [];
    const session: number[] = [];
    const bearer: number[] = [];
    const denied: number[] = [];
    for (let i = 0; i < n; i++) {
      health.push(...(await timed(1, () => call(`${url}/api/health`), 200)));
      session.push(...(await timed(1, () => call(`${url}/api/auth/me`, { headers: { cookie } }), 200)));
      bearer.push(...(await timed(1, () => call(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }), 200)));
      denied.push(...(await timed(1, () => call(`${url}/api/auth/me`), 401)));
    }

    const m = { known: median(known), wrong: median(wrong), unknown: median(unknown), health: median(health), session: median(session), bearer: median(bearer), denied: median(denied) };
    process.stdout.write(
      [
        `bench:auth (medians; ${rounds} sign-ins and ${n} requests of each kind, interleaved, one keep-alive connection, loopback; load average ${loadavg()[0]?.toFixed(1) ?? '?'})`,
        `  sign-in, right password:         ${fmt(m.known)}`,
        `  sign-in, wrong password:         ${fmt(m.wrong)}`,
        `  sign-in, unknown email:          ${fmt(m.unknown)}   unknown/known-wrong ratio ${(m.unknown / m.wrong).toFixed(2)}`,
        `  GET /api/health (public, runs SELECT 1 on both stores): ${fmt(m.health)}`,
        `  GET /api/auth/me (anonymous 401): ${fmt(m.denied)}   (routing + access hook, no caller: the baseline)`,
        `  GET /api/auth/me (session):      ${fmt(m.session)}   +${fmt(m.session - m.denied)} over the baseline (session, user, assignments, roles)`,
        `  GET /api/auth/me (bearer token): ${fmt(m.bearer)}   +${fmt(m.bearer - m.denied)} over the baseline`,
        '',
      ].join('\n'),
    );
  } finally {
    keepAlive.destroy();
    await stopServer(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
