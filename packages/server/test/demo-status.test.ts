import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';
import { detectionsService } from '../src/detections/detections.service.ts';
import { builtinRules } from '../src/detections/builtin/rules.ts';
import { seedDemo } from '../src/simulator/demo.ts';
import type { DemoStatus } from '../src/demo/demo.service.ts';

const reader = { kind: 'user', id: 'u-reader', name: 'Reader', permissions: new Set(['security.read']) } as unknown as Principal;
const noBar = () => ({ update: () => undefined, stop: () => undefined });

describe('demo status and the detections rescan of seeded history', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    p = await testPalisade({ resolvePrincipal: async (req) => (req.headers['x-test-user'] === 'reader' ? reader : undefined) });
  });
  afterAll(async () => p.close());
  const status = async (): Promise<DemoStatus> => {
    const res = await p.app.inject({ method: 'GET', url: '/api/demo/status', headers: { 'x-test-user': 'reader' } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<DemoStatus>();
  };

  it('is not ready until seeding is done and every enabled rule has run over the seeded history, 1h rules included', async () => {
    expect((await p.app.inject({ method: 'GET', url: '/api/demo/status' })).statusCode).toBe(401);
    expect(await status()).toMatchObject({ seeding: 'none', ready: false, stories: [], detections: { since: null, pending: builtinRules.length } });

    const svc = detectionsService(p.opened.ctx);
    // The scheduler's first pass runs as the server starts, before the seeded rows land.
    await svc.tick();
    const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const seeded = await seedDemo(p.opened.ctx.events, p.opened.ctx.dataDir, noBar, { devices: 24, users: 60, days: 1, seed: 1, now });
    expect(seeded.kind).toBe('seeded');
    const done = await status();
    expect(done).toMatchObject({ seeding: 'done', ready: false, detections: { since: null } });
    expect(done.stories.map((s) => s.id).sort()).toEqual(
      ['insider-exfiltration', 'it-pentest-benign', 'kerberoasting-recon', 'linux-cryptominer', 'password-spray-bec', 'phish-macro-lateral', 'ransomware', 'url-click-persistence'],
    );
    // Without the rescan an hourly rule that already ran would not look again for an hour.
    const beforeRescan = await svc.tick();
    expect(beforeRescan.some((o) => o.ruleId === 'pal-spray-source-sign-in')).toBe(false);

    await svc.rescanFrom(p.opened.ctx.now());
    expect((await status()).detections.pending).toBe(builtinRules.length);
    const outcomes = await svc.tick();
    expect(outcomes.length).toBe(builtinRules.length);
    expect(outcomes.every((o) => o.status === 'ok')).toBe(true);
    expect(outcomes.find((o) => o.ruleId === 'pal-spray-source-sign-in')?.alertsCreated).toBeGreaterThan(0);
    expect(await status()).toMatchObject({ seeding: 'done', ready: true, detections: { pending: 0 } });
    // The next pass is an ordinary one: hourly rules are not due again.
    expect((await svc.tick()).some((o) => o.ruleId === 'pal-spray-source-sign-in')).toBe(false);
  });
});
