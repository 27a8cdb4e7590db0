import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';
import { unrestrictedScope } from '../src/auth/principal.ts';
import { ingestServiceOf } from '../src/ingest/ingest.routes.ts';

const shipper: Principal = { kind: 'token', id: 't1', name: 'shipper', permissions: new Set(['ingest.write']), scope: unrestrictedScope };

describe('ingest back-pressure', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    process.env.PALISADE_INGEST_QUEUE_CAPACITY = '2';
    p = await testPalisade({ resolvePrincipal: async () => shipper });
    delete process.env.PALISADE_INGEST_QUEUE_CAPACITY;
  });
  afterAll(async () => p.close());

  const body = (b: number): string =>
    Array.from({ length: 2000 }, (_, i) => JSON.stringify({ Table: 'DeviceEvents', Timestamp: '2024-06-01T00:00:00Z', DeviceName: 'bp-host', ActionType: 'Test', FileName: `b${b}-${i}` })).join('\n');
  const send = (b: number) => p.app.inject({ method: 'POST', url: '/api/ingest/defender', payload: body(b), headers: { 'content-type': 'application/x-ndjson' } });

  it('answers 429 with Retry-After when the write queue is full, and loses nothing it accepted', async () => {
    const service = ingestServiceOf(p.opened.ctx);
    if (!service) throw new Error('ingest routes are not registered');
    while (service.queue.size > 0) await new Promise((r) => setTimeout(r, 10)); // the startup retention prune
    // Hold the writer busy (as a slow disk would), so batches pile up behind it.
    let release: (() => void) | undefined;
    const held = service.queue.run(() => new Promise<void>((r) => (release = r)));
    while (!release) await new Promise((r) => setTimeout(r, 5));
    const queued = send(1); // takes the second and last place in the queue
    await new Promise((r) => setTimeout(r, 50));
    const refused = await Promise.all([send(2), send(3), send(4)]);
    for (const r of refused) {
      expect(r.statusCode).toBe(429);
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(r.json<{ error: { code: string } }>().error.code).toBe('tooManyRequests');
    }
    release();
    await held;
    expect((await queued).statusCode).toBe(200);
    // Once the queue drains, a refused batch is accepted on retry; nothing accepted was lost.
    expect((await send(2)).statusCode).toBe(200);
    const stored = await p.opened.ctx.events.query(`SELECT count(*) AS n FROM DeviceEvents WHERE DeviceName = 'bp-host'`, [], { timeoutMs: 5000, maxRows: 1 });
    expect(stored.rows[0]?.n).toBe(4000);
  });

  it('keeps memory bounded under a flood: every answer is 200 or 429, and the 200s are all stored', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, (_, b) => send(100 + b)));
    const ok = responses.filter((r) => r.statusCode === 200).length;
    expect(responses.every((r) => r.statusCode === 200 || r.statusCode === 429)).toBe(true);
    const stored = await p.opened.ctx.events.query(`SELECT count(*) AS n FROM DeviceEvents WHERE DeviceName = 'bp-host' AND FileName LIKE 'b1__-%'`, [], { timeoutMs: 5000, maxRows: 1 });
    expect(stored.rows[0]?.n).toBe(ok * 2000);
  });
});
