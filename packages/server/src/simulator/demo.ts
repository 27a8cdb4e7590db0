/**
 * Demo seeding: when the data dir's event store holds no events, store the default organisation (250
 * devices, 400 users, 30 days, all stories, ending now) through the bulk path with a progress bar and keep
 * the ground truth beside the store. A data dir that already has events is left alone. `palisade demo`
 * runs this behind the serving portal, then has the detections rescan the month (cli/demo.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../context.ts';
import type { DuckDbEventStore } from '../events/event-store.ts';
import { detectionsService } from '../detections/detections.service.ts';
import type { RunOutcome } from '../detections/detections.service.ts';
import { seedDemoIndicators } from '../indicators/demo-feed.ts';
import { simulate } from './index.ts';
import type { SimulationOptions } from './index.ts';
import { GROUND_TRUTH_FILE, bulkStoreSimulation } from './output.ts';
import type { IngestSummary } from './output.ts';
import type { Simulation } from './index.ts';

export const demoDefaults: SimulationOptions = { devices: 250, users: 400, days: 30, seed: 1 };

/** Written before seeding starts and rewritten when it ends, so an interrupted seeding is noticed. */
export const DEMO_MARKER = 'demo-seed.json';

/** Where the bulk path keeps its temporary CSV chunks while seeding (removed at the end). */
const SEED_TMP = 'demo-seed-tmp';

export interface ProgressBar {
  update(done: number): void;
  stop(): void;
}

export type SeedOutcome =
  | { readonly kind: 'seeded'; readonly summary: IngestSummary; readonly seconds: number; readonly sim: Simulation }
  | { readonly kind: 'has-data' }
  | { readonly kind: 'interrupted'; readonly startedAt: string };

export async function seedDemo(
  store: DuckDbEventStore,
  dataDir: string,
  progress: (sim: Simulation) => ProgressBar,
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
    const summary = await bulkStoreSimulation(store, sim, {
      tmpDir: join(dataDir, SEED_TMP),
      truthFile: join(dataDir, `simulation-${GROUND_TRUTH_FILE}`),
      progress: (rows) => bar.update(rows),
      ...(signal ? { signal } : {}),
    });
    const seconds = (Date.now() - started) / 1000;
    writeFileSync(marker, `${JSON.stringify({ status: 'done', startedAt: new Date(started).toISOString(), seconds, rows: summary.rows, rejected: summary.rejected, stories: sim.stories })}\n`);
    return { kind: 'seeded', summary, seconds, sim };
  } finally {
    bar.stop();
  }
}

export interface DetectionPass {
  readonly seconds: number;
  /** Every rule's outcome, slowest first. */
  readonly rules: readonly RunOutcome[];
  readonly alertsCreated: number;
  readonly errors: readonly RunOutcome[];
}

/**
 * The detection engine's pass over the seeded month, exactly as its scheduler makes it after seeded history
 * (`rescanFrom`, then `tick`: every enabled rule over the past 30 days, the near-real-time watermark set),
 * run in-process where no scheduler runs (bench:simulate --demo, tests), to time it rule by rule. The bar
 * counts rules as they finish. `palisade demo` leaves the pass to the server's scheduler (cli/demo.ts).
 */
export async function runDetectionPass(ctx: AppContext, progress?: (rules: number) => ProgressBar, signal?: AbortSignal): Promise<DetectionPass> {
  const service = detectionsService(ctx);
  await service.ensureBuiltins();
  const started = Date.now();
  const startedIso = new Date(started - 1000).toISOString();
  const enabled = (await service.repo.list()).filter((r) => r.enabled === 1).length;
  const bar = progress?.(enabled);
  let polling = true;
  const poll = (async () => {
    while (polling) {
      await new Promise((r) => setTimeout(r, 250));
      if (!polling) break;
      const done = (await service.repo.list()).filter((r) => r.enabled === 1 && r.last_run_at !== null && r.last_run_at >= startedIso).length;
      bar?.update(done);
    }
  })();
  try {
    signal?.throwIfAborted();
    // The demo organisation's threat-intel feed, which the indicator rules match (as palisade demo loads it).
    await seedDemoIndicators(ctx);
    // The rescan mark makes every enabled rule look at the whole seeded month in this pass (a fresh store's
    // rules would anyway) and is what GET /api/demo/status reads to call the demo ready.
    await service.rescanFrom(ctx.now());
    const outcomes = await service.tick();
    bar?.update(outcomes.length);
    return {
      seconds: (Date.now() - started) / 1000,
      rules: [...outcomes].sort((a, b) => b.durationMs - a.durationMs),
      alertsCreated: outcomes.reduce((s, o) => s + o.alertsCreated, 0),
      errors: outcomes.filter((o) => o.status !== 'ok'),
    };
  } finally {
    polling = false;
    await poll;
    bar?.stop();
  }
}

/** Adds facts about the demo's readiness (how long the detections and the whole took) to the marker. */
export function recordReady(dataDir: string, facts: Readonly<Record<string, unknown>>): void {
  const marker = join(dataDir, DEMO_MARKER);
  if (!existsSync(marker)) return;
  const m = JSON.parse(readFileSync(marker, 'utf8')) as Record<string, unknown>;
  writeFileSync(marker, `${JSON.stringify({ ...m, ...facts })}\n`);
}
