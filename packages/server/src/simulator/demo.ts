/**
 * Seeding for `palisade demo`: when the data dir's event store holds no events, ingest the default
 * organisation (250 devices, 400 users, 30 days, all stories, ending now) with a progress bar, and keep
 * the ground truth beside the store. A data dir that already has events is left alone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDbEventStore } from '../events/event-store.ts';
import { simulate } from './index.ts';
import type { SimulationOptions } from './index.ts';
import { GROUND_TRUTH_FILE, ingestSimulation } from './output.ts';
import type { IngestSummary } from './output.ts';
import type { Simulation } from './index.ts';

export const demoDefaults: SimulationOptions = { devices: 250, users: 400, days: 30, seed: 1 };

/** Written before seeding starts and rewritten when it ends, so an interrupted seeding is noticed. */
export const DEMO_MARKER = 'demo-seed.json';

export type SeedOutcome =
  | { readonly kind: 'seeded'; readonly summary: IngestSummary; readonly seconds: number; readonly sim: Simulation }
  | { readonly kind: 'has-data' }
  | { readonly kind: 'interrupted'; readonly startedAt: string };

export async function seedDemo(
  store: DuckDbEventStore,
  dataDir: string,
  progress: (sim: Simulation) => { update: (rows: number) => void; stop: () => void },
  options: SimulationOptions = demoDefaults,
  signal?: AbortSignal,
): Promise<SeedOutcome> {
  const marker = join(dataDir, DEMO_MARKER);
  if (existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, 'utf8')) as { status?: string; startedAt?: string };
    if (m.status === 'seeding') return { kind: 'interrupted', startedAt: m.startedAt ?? '' };
  }
  const stats = await store.stats();
  if (stats.totalRows > 0) return { kind: 'has-data' };
  const started = Date.now();
  const sim = simulate(options);
  writeFileSync(marker, `${JSON.stringify({ status: 'seeding', startedAt: new Date(started).toISOString() })}\n`);
  const bar = progress(sim);
  try {
    const summary = await ingestSimulation(store, sim, { truthFile: join(dataDir, `simulation-${GROUND_TRUTH_FILE}`), progress: (rows) => bar.update(rows), ...(signal ? { signal } : {}) });
    const seconds = (Date.now() - started) / 1000;
    writeFileSync(marker, `${JSON.stringify({ status: 'done', startedAt: new Date(started).toISOString(), seconds, rows: summary.rows, rejected: summary.rejected, stories: sim.stories })}\n`);
    return { kind: 'seeded', summary, seconds, sim };
  } finally {
    bar.stop();
  }
}
