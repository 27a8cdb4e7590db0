/**
 * Seeding for `palisade demo`: when the data dir's event store holds no events, ingest the default
 * organisation (250 devices, 400 users, 30 days, all stories, ending now) with a progress bar, and keep
 * the ground truth beside the store. A data dir that already has events is left alone.
 */
import { join } from 'node:path';
import type { DuckDbEventStore } from '../events/event-store.ts';
import { simulate } from './index.ts';
import type { SimulationOptions } from './index.ts';
import { GROUND_TRUTH_FILE, ingestSimulation } from './output.ts';
import type { IngestSummary } from './output.ts';
import type { Simulation } from './index.ts';

export const demoDefaults: SimulationOptions = { devices: 250, users: 400, days: 30, seed: 1 };

export async function seedDemo(
  store: DuckDbEventStore,
  dataDir: string,
  progress: (sim: Simulation) => { update: (rows: number) => void; stop: () => void },
  options: SimulationOptions = demoDefaults,
): Promise<(IngestSummary & { seconds: number; sim: Simulation }) | undefined> {
  const stats = await store.stats();
  if (stats.totalRows > 0) return undefined;
  const started = Date.now();
  const sim = simulate(options);
  const bar = progress(sim);
  try {
    const r = await ingestSimulation(store, sim, { truthFile: join(dataDir, `simulation-${GROUND_TRUTH_FILE}`), progress: (rows) => bar.update(rows) });
    return { ...r, seconds: (Date.now() - started) / 1000, sim };
  } finally {
    bar.stop();
  }
}
