import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbEventStore } from '../events/event-store.ts';
import { DEMO_MARKER, recordReady, runDetectionPass, seedDemo } from './demo.ts';
import { GROUND_TRUTH_FILE } from './output.ts';
import { testPalisade } from '../../test/helpers.ts';
import { demoStatus } from '../demo/demo.service.ts';
import { builtinRules } from '../detections/builtin/rules.ts';

const dir = mkdtempSync(join(tmpdir(), 'palisade-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const noBar = () => ({ update: () => undefined, stop: () => undefined });
const options = { devices: 24, users: 60, days: 1, seed: 11, now: new Date('2024-11-15T12:00:00Z') };

describe('demo seeding', () => {
  it('stores every simulated row through the bulk path, keeps the ground truth beside the store, and seeds only once', async () => {
    const store = await DuckDbEventStore.open(join(dir, 'events.duckdb'));
    try {
      const bars: number[] = [];
      const first = await seedDemo(store, dir, () => ({ update: (n) => void bars.push(n), stop: () => undefined }), options);
      expect(first.kind).toBe('seeded');
      if (first.kind !== 'seeded') return;
      expect(first.summary.rejected).toBe(0);
      const stats = await store.stats();
      expect(stats.totalRows).toBe(first.summary.rows);
      expect(stats.tables.find((t) => t.table === 'DeviceProcessEvents')!.rows).toBeGreaterThan(100);
      // The progress bar moved forward to the total.
      expect(bars.length).toBeGreaterThan(10);
      expect(bars.at(-1)).toBe(first.summary.rows);
      expect(bars.every((n, i) => i === 0 || n >= bars[i - 1]!)).toBe(true);
      const truth = readFileSync(join(dir, `simulation-${GROUND_TRUTH_FILE}`), 'utf8').trim().split('\n');
      expect(truth.length).toBe(first.summary.truth);
      expect(truth.length).toBeGreaterThan(100);
      expect((JSON.parse(readFileSync(join(dir, DEMO_MARKER), 'utf8')) as { status: string }).status).toBe('done');
      // The temporary CSV chunks are gone.
      expect(existsSync(join(dir, 'demo-seed-tmp'))).toBe(false);
      expect((await seedDemo(store, dir, noBar, options)).kind).toBe('has-data');
      // A seeding that never finished is reported, not silently served as complete.
      writeFileSync(join(dir, DEMO_MARKER), JSON.stringify({ status: 'seeding', startedAt: '2024-11-15T12:00:00.000Z' }));
      expect(await seedDemo(store, dir, noBar, options)).toEqual({ kind: 'interrupted', startedAt: '2024-11-15T12:00:00.000Z' });
    } finally {
      await store.close();
    }
    expect(existsSync(join(dir, 'events.duckdb'))).toBe(true);
  });

  it('a stopped seeding removes its temporary files and leaves the data marked partial', async () => {
    const d = mkdtempSync(join(dir, 'stopped-'));
    const store = await DuckDbEventStore.open(join(d, 'events.duckdb'));
    try {
      const abort = new AbortController();
      abort.abort();
      await expect(seedDemo(store, d, noBar, { ...options, days: 2 }, abort.signal)).rejects.toThrow();
      expect(existsSync(join(d, 'demo-seed-tmp'))).toBe(false);
      expect((JSON.parse(readFileSync(join(d, DEMO_MARKER), 'utf8')) as { status: string }).status).toBe('seeding');
    } finally {
      await store.close();
    }
  });

  it('a detection pass runs every enabled rule over the seeded month, after which the demo status is ready with alerts', async () => {
    const p = await testPalisade();
    try {
      const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      const seeded = await seedDemo(p.opened.ctx.events, p.opened.ctx.dataDir, noBar, { ...options, now });
      expect(seeded.kind).toBe('seeded');
      expect((await demoStatus(p.opened.ctx)).ready).toBe(false);
      const counted: number[] = [];
      const pass = await runDetectionPass(p.opened.ctx, (total) => ({ update: (n) => void counted.push(n / total), stop: () => undefined }));
      expect(pass.rules.length).toBe(builtinRules.length);
      expect(pass.errors).toEqual([]);
      expect(pass.alertsCreated).toBeGreaterThan(5);
      expect(counted.at(-1)).toBe(1);
      // Slowest first, for the report of slow rules.
      expect(pass.rules.every((r, i) => i === 0 || r.durationMs <= pass.rules[i - 1]!.durationMs)).toBe(true);
      expect(await demoStatus(p.opened.ctx)).toMatchObject({ seeding: 'done', ready: true, detections: { pending: 0 } });
      recordReady(p.opened.ctx.dataDir, { detectionSeconds: pass.seconds, readySeconds: 1.5 });
      const marker = JSON.parse(readFileSync(join(p.opened.ctx.dataDir, DEMO_MARKER), 'utf8')) as Record<string, unknown>;
      expect(marker).toMatchObject({ status: 'done', readySeconds: 1.5, detectionSeconds: pass.seconds, rows: seeded.kind === 'seeded' ? seeded.summary.rows : -1 });
    } finally {
      await p.close();
    }
  });
});
