import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';

const reader: Principal = { kind: 'user', id: 'reader', name: 'reader@contoso.com', permissions: new Set(['security.read']) };
const engineer: Principal = { kind: 'user', id: 'engineer', name: 'engineer@contoso.com', permissions: new Set(['security.read', 'detections.manage']) };

describe('GET /api/detections/rules lists each rule with its latest run', () => {
  let p: TestPalisade;
  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    p.app.inject({ method, url, headers: { 'x-test-user': who }, ...(payload ? { payload } : {}) });
  beforeAll(async () => {
    p = await testPalisade({ resolvePrincipal: async (req) => ({ reader, engineer })[String(req.headers['x-test-user'])] });
  });
  afterAll(async () => p.close());

  it('has lastRun null before a run, then the run (alerts, duration, error) after one', async () => {
    const rule = {
      id: 'custom-list-run',
      name: 'Process launches',
      query: 'DeviceProcessEvents | where FileName =~ "no-such-program.exe" | project Timestamp, DeviceName',
      frequency: '1h',
      alert: { title: 'Launch on {{DeviceName}}', severity: 'low', category: 'Execution', techniques: ['T1059'] },
      entityMapping: { deviceName: 'DeviceName' },
    };
    expect((await call('engineer', 'POST', '/api/detections/rules', rule)).statusCode).toBe(201);
    type Listed = { id: string; builtin: boolean; lastRun: { status: string; alertsCreated: number; durationMs: number; error: string | null } | null };
    const before = (await call('reader', 'GET', '/api/detections/rules')).json<{ value: Listed[] }>().value;
    expect(before.find((r) => r.id === 'custom-list-run')).toMatchObject({ builtin: false, lastRun: null });
    expect((await call('engineer', 'POST', '/api/detections/rules/custom-list-run/run')).statusCode).toBe(200);
    const after = (await call('reader', 'GET', '/api/detections/rules')).json<{ value: Listed[] }>().value;
    const listed = after.find((r) => r.id === 'custom-list-run');
    expect(listed?.lastRun).toMatchObject({ status: 'ok', alertsCreated: 0, error: null });
    expect(listed?.lastRun?.durationMs).toBeGreaterThan(0);
    expect(after.filter((r) => r.lastRun !== null).map((r) => r.id)).toEqual(['custom-list-run']);
  });
});
