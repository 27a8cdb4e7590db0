/**
 * bench:simulate — the simulator, in three parts, each printed with the machine's load average (the machine
 * is shared: CPU time is the steadier figure, wall time is what this run saw).
 *
 * 1. Generation, streaming: `simulate(...).batches()` counted and dropped. Two sizes, three runs each,
 *    medians; rows/s by wall clock and per CPU-second (user + system of this process), peak RSS, which
 *    should not grow with the size (one 10-minute slice is held at a time).
 * 2. Store (`--store`): generation plus the bulk path into a fresh DuckDB file (events/bulk-load.ts: CSV
 *    chunks loaded by DuckDB while the next chunk is generated), one run: wall, CPU, rows/s, bytes/row.
 * 3. Demo (`--demo`): what `palisade demo` does before it serves, in-process on a fresh data dir: seed the
 *    default organisation (250 devices, 400 users, 30 days, all stories) through the bulk path, then the
 *    detection rules' first pass over the month. Prints the time to ready, each phase, and the slowest rules.
 *
 *   npm run bench:simulate                          # part 1: 50 devices x 7 days, and 250 devices x 30 days
 *   npm run bench:simulate -- --quick               # part 1, smaller sizes, one run each
 *   npm run bench:simulate -- --store [--devices N --days D]   # part 2 (default 250 x 30)
 *   npm run bench:simulate -- --demo                # part 3 (default organisation), or with --devices/--days
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { simulate } from '../src/simulator/index.ts';
import type { SimulationOptions } from '../src/simulator/index.ts';
import { DuckDbEventStore } from '../src/events/event-store.ts';
import { bulkStoreSimulation } from '../src/simulator/output.ts';
import { demoDefaults, runDetectionPass, seedDemo } from '../src/simulator/demo.ts';
import { openPalisade } from '../src/server.ts';
import { resolveDataDir } from '../src/storage/data-dir.ts';
import { drainAlertPipeline } from '../src/correlation/correlation.service.ts';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean' }, store: { type: 'boolean' }, demo: { type: 'boolean' }, devices: { type: 'string' }, days: { type: 'string' }, users: { type: 'string' } },
});
const now = new Date('2024-11-15T12:00:00Z');
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const cpuSeconds = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const sized = (fallback: SimulationOptions): SimulationOptions => ({
  ...fallback,
  ...(flags.devices !== undefined ? { devices: Number(flags.devices) } : {}),
  ...(flags.days !== undefined ? { days: Number(flags.days) } : {}),
  ...(flags.users !== undefined ? { users: Number(flags.users) } : {}),
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function generation(): Promise<void> {
  const runs = flags.quick ? 1 : 3;
  const sizes: SimulationOptions[] = flags.quick ? [{ devices: 50, days: 2 }, { devices: 100, days: 4 }] : [{ devices: 50, days: 7 }, { devices: 250, days: 30 }];
  const results: { size: string; rows: number; wall: number; cpu: number; rss: number }[] = [];
  console.log(`generation (load average ${load()})`);
  for (const size of sizes) {
    const wall: number[] = [];
    const cpu: number[] = [];
    let rows = 0;
    peakRss = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      rows = 0;
      for (const b of simulate({ ...size, seed: 1, now }).batches()) {
        rows += b.rows.length;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
      wall.push(rows / ((performance.now() - t0) / 1000));
      cpu.push(rows / cpuSeconds(c0));
    }
    const label = `${size.devices} devices x ${size.days} days`;
    results.push({ size: label, rows, wall: median(wall), cpu: median(cpu), rss: peakRss });
    console.log(`${label.padEnd(24)} ${String(rows).padStart(10)} rows   median ${fmt(median(wall)).padStart(9)} rows/s wall   ${fmt(median(cpu)).padStart(9)} rows/CPU-s   peak RSS ${Math.round(peakRss / 2 ** 20)} MiB   load ${load()}`);
  }
  const [a, b] = results;
  if (a && b) {
    console.log(`size ratio ${(b.rows / a.rows).toFixed(1)}x   rows/s ratio (large/small, wall) ${(b.wall / a.wall).toFixed(2)}   peak RSS ratio ${(b.rss / a.rss).toFixed(2)}`);
    console.log(`target: >= 300,000 rows/s -> ${b.wall >= 300_000 ? 'met' : 'NOT met'} (wall), ${b.cpu >= 300_000 ? 'met' : 'NOT met'} (per CPU-second)`);
  }
}

async function store(): Promise<void> {
  const size = sized({ devices: 250, days: 30 });
  const dir = mkdtempSync(join(tmpdir(), 'palisade-bench-store-'));
  try {
    const events = await DuckDbEventStore.open(join(dir, 'events.duckdb'));
    console.log(`store: ${size.devices} devices x ${size.days} days through the bulk path (load average ${load()})`);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    peakRss = 0;
    const r = await bulkStoreSimulation(events, simulate({ ...size, seed: 1, now }), { tmpDir: join(dir, 'tmp') });
    const loaded = (performance.now() - t0) / 1000;
    await events.close();
    const wall = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(c0);
    const bytes = statSync(join(dir, 'events.duckdb')).size;
    console.log(
      `${fmt(r.rows)} rows stored in ${wall.toFixed(1)} s (${loaded.toFixed(1)} s before the closing checkpoint): ${fmt(r.rows / wall)} rows/s wall, ` +
        `${cpu.toFixed(1)} CPU-s (all threads) = ${fmt(r.rows / cpu)} rows/CPU-s, ${(bytes / r.rows).toFixed(0)} bytes/row on disk, peak RSS ${Math.round(peakRss / 2 ** 20)} MiB, load ${load()}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function demo(): Promise<void> {
  const options = sized({ ...demoDefaults });
  const dir = mkdtempSync(join(tmpdir(), 'palisade-bench-demo-'));
  try {
    const opened = await openPalisade(resolveDataDir(dir), {
      logger: pino({ level: 'warn' }),
      env: { PALISADE_ADMIN_EMAIL: 'admin@example.test', PALISADE_ADMIN_PASSWORD: 'correct horse battery staple' },
    });
    console.log(`demo: ${options.devices} devices, ${options.users} users, ${options.days} days, all stories, from an empty data dir (load average ${load()})`);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let lastPrint = 0;
    const seeded = await seedDemo(opened.ctx.events, dir, () => ({
      update: (rows) => {
        if (performance.now() - lastPrint < 10_000) return;
        lastPrint = performance.now();
        console.log(`  ${fmt(rows)} rows after ${((lastPrint - t0) / 1000).toFixed(0)} s, load ${load()}`);
      },
      stop: () => undefined,
    }), { ...options, now: new Date() });
    if (seeded.kind !== 'seeded') throw new Error(`seeding: ${seeded.kind}`);
    const seedWall = (performance.now() - t0) / 1000;
    const seedCpu = cpuSeconds(c0);
    console.log(`seeded ${fmt(seeded.summary.rows)} rows in ${seedWall.toFixed(1)} s wall, ${seedCpu.toFixed(1)} CPU-s (all threads), load ${load()}`);
    const c1 = process.cpuUsage();
    const pass = await runDetectionPass(opened.ctx);
    const detectCpu = cpuSeconds(c1);
    const ready = (performance.now() - t0) / 1000;
    console.log(`detections: ${pass.rules.length} rules in ${pass.seconds.toFixed(1)} s wall, ${detectCpu.toFixed(1)} CPU-s, ${pass.alertsCreated} alerts, ${pass.errors.length} errors, load ${load()}`);
    for (const e of pass.errors) console.log(`  error ${e.ruleId}: ${e.error ?? e.status}`);
    console.log('slowest rules:');
    for (const r of pass.rules.slice(0, 10)) console.log(`  ${r.ruleId.padEnd(36)} ${(r.durationMs / 1000).toFixed(2).padStart(7)} s   ${String(r.rows).padStart(6)} rows   ${r.alertsCreated} alerts`);
    console.log(`ready in ${ready.toFixed(1)} s (seed ${seedWall.toFixed(1)} s + detections ${pass.seconds.toFixed(1)} s), target < 90 s -> ${ready < 90 ? 'met' : 'NOT met'}; load ${load()}`);
    await drainAlertPipeline(opened.ctx);
    await opened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  if (flags.demo) await demo();
  else if (flags.store) await store();
  else await generation();
} finally {
  clearInterval(sampler);
}
