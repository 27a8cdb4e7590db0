import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbEventStore } from '../events/event-store.ts';
import { DEMO_MARKER, seedDemo } from './demo.ts';
import { GROUND_TRUTH_FILE } from './output.ts';

const dir = mkdtempSync(join(tmpdir(), 'palisade-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const noBar = () => ({ update: () => undefined, stop: () => undefined });
const options = { devices: 24, users: 60, days: 1, seed: 11, now: new Date('2024-11-15T12:00:00Z') };

describe('demo seeding', () => {
  it('ingests every simulated row through the ingest pipeline, keeps the ground truth beside the store, and seeds only once', async () => {
    const store = await DuckDbEventStore.open(join(dir, 'events.duckdb'));
    try {
      const first = await seedDemo(store, dir, noBar, options);
      expect(first.kind).toBe('seeded');
      if (first.kind !== 'seeded') return;
      expect(first.summary.rejected).toBe(0);
      expect(first.summary.firstErrors).toEqual([]);
      const stats = await store.stats();
      expect(stats.totalRows).toBe(first.summary.rows);
      expect(stats.tables.find((t) => t.table === 'DeviceProcessEvents')!.rows).toBeGreaterThan(100);
      const truth = readFileSync(join(dir, `simulation-${GROUND_TRUTH_FILE}`), 'utf8').trim().split('\n');
      expect(truth.length).toBe(first.summary.truth);
      expect(truth.length).toBeGreaterThan(100);
      expect((JSON.parse(readFileSync(join(dir, DEMO_MARKER), 'utf8')) as { status: string }).status).toBe('done');
      expect((await seedDemo(store, dir, noBar, options)).kind).toBe('has-data');
      // A seeding that never finished is reported, not silently served as complete.
      writeFileSync(join(dir, DEMO_MARKER), JSON.stringify({ status: 'seeding', startedAt: '2024-11-15T12:00:00.000Z' }));
      expect(await seedDemo(store, dir, noBar, options)).toEqual({ kind: 'interrupted', startedAt: '2024-11-15T12:00:00.000Z' });
    } finally {
      await store.close();
    }
    expect(existsSync(join(dir, 'events.duckdb'))).toBe(true);
  });
});
