import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from './main.ts';
import { UsageError, intFlag, parseFlags, stringFlag } from './args.ts';
import { resolveDataDir } from '../storage/data-dir.ts';
import { DuckDbEventStore } from '../events/event-store.ts';
import { allStories, simulate } from '../simulator/index.ts';
import type { Simulation, SimulationOptions } from '../simulator/index.ts';
import { GROUND_TRUTH_FILE, ingestSimulation, writeSimulation } from '../simulator/output.ts';

const flags = {
  devices: { type: 'string' },
  users: { type: 'string' },
  days: { type: 'string' },
  seed: { type: 'string' },
  now: { type: 'string' },
  stories: { type: 'string' },
  out: { type: 'string' },
  ingest: { type: 'boolean' },
  data: { type: 'string' },
} as const;

/** Reads the simulation flags shared by `simulate` and `demo`. */
export function simulationOptionsFrom(parsed: ReturnType<typeof parseFlags>): SimulationOptions {
  const nowText = stringFlag(parsed, 'now');
  let now: Date | undefined;
  if (nowText !== undefined) {
    now = new Date(nowText);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO date-time, got '${nowText}'`);
  }
  const storiesText = stringFlag(parsed, 'stories');
  const stories = storiesText === undefined ? undefined : storiesText === 'none' ? [] : storiesText.split(',').map((s) => s.trim());
  for (const s of stories ?? []) if (!allStories.some((x) => x.id === s)) throw new UsageError(`--stories: unknown story '${s}' (known: ${allStories.map((x) => x.id).join(', ')})`);
  const devices = intFlag(parsed, 'devices', 12, 1_000_000);
  const users = intFlag(parsed, 'users', 8, 2_000_000);
  const days = intFlag(parsed, 'days', 1, 3650);
  const seed = stringFlag(parsed, 'seed');
  return {
    ...(devices !== undefined ? { devices } : {}),
    ...(users !== undefined ? { users } : {}),
    ...(days !== undefined ? { days } : {}),
    ...(seed !== undefined ? { seed: /^\d+$/.test(seed) ? Number(seed) : seed } : {}),
    ...(now !== undefined ? { now } : {}),
    ...(stories !== undefined ? { stories } : {}),
  };
}

/** A progress bar over the estimated row count (rows/s and ETA), on stderr. */
export function progressBar(sim: Simulation, label: string): { update: (rows: number) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    // Off a terminal (a log, CI) the bar is printed as a line every 5 s instead of redrawn.
    { format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}`, hideCursor: true, stream: process.stderr, etaBuffer: 50, noTTYOutput: true, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(sim.estimatedRows, 0, { speed: 0 });
  return {
    update: (rows) => {
      if (rows > bar.getTotal()) bar.setTotal(rows);
      bar.update(rows, { speed: Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000)) });
    },
    stop: () => {
      bar.setTotal(bar.getProgress() * bar.getTotal() || 1);
      bar.stop();
    },
  };
}

async function run(args: string[]): Promise<number> {
  const parsed = parseFlags(flags, args);
  const out = stringFlag(parsed, 'out');
  const ingest = parsed.values.ingest === true;
  if ((out === undefined) === !ingest) throw new UsageError('give exactly one of --out DIR or --ingest');
  const sim = simulate(simulationOptionsFrom(parsed));
  const o = sim.options;
  process.stderr.write(
    `Simulating ${sim.organisation.name}: ${o.devices} devices, ${o.users} users, ${o.days} days to ${o.now.toISOString()}, seed ${String(o.seed)}, ${sim.stories.length} stories\n`,
  );
  const started = Date.now();
  const bar = progressBar(sim, out !== undefined ? 'writing  ' : 'ingesting');
  if (out !== undefined) {
    const r = await writeSimulation(sim, out, (rows) => bar.update(rows));
    bar.stop();
    process.stdout.write(`${r.rows} rows in ${r.files.length} files and ${r.truth} ground-truth records written to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  }
  const dir = resolveDataDir(stringFlag(parsed, 'data'));
  const store = await DuckDbEventStore.open(dir.eventsFile);
  try {
    const truthFile = join(dir.root, `simulation-${GROUND_TRUTH_FILE}`);
    const r = await ingestSimulation(store, sim, { truthFile, progress: (rows) => bar.update(rows) });
    bar.stop();
    process.stdout.write(`${r.rows} rows ingested into ${dir.eventsFile} (${r.rejected} rejected) in ${((Date.now() - started) / 1000).toFixed(1)} s; ground truth (${r.truth} records) in ${truthFile}\n`);
    for (const e of r.firstErrors) process.stderr.write(`  rejected: ${e}\n`);
    return r.rejected === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}

export const simulateCommand: Command = {
  name: 'simulate',
  usage: 'simulate [--devices N] [--users N] [--days D] [--seed S] [--now ISO] [--stories a,b|none] --out DIR|--ingest [--data DIR]',
  summary: 'Generate a simulated organisation with attack stories: NDJSON (defender format) or straight into the data dir.',
  run,
};
