import cliProgress from 'cli-progress';
import type { OpenedPalisade } from '../server.ts';
import type { SimulationOptions } from '../simulator/index.ts';
import { recordDetectionPass, runDetectionPass, seedDemo } from '../simulator/demo.ts';
import type { ProgressBar } from '../simulator/demo.ts';
import { progressBar } from './simulate.ts';

function rulesBar(total: number): ProgressBar {
  const bar = new cliProgress.SingleBar(
    { format: 'Running detections [{bar}] {value}/{total} rules over the month | {duration}s', hideCursor: true, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (n) => bar.update(n), stop: () => bar.stop() };
}

/**
 * `palisade demo` before the server starts: seeds an empty data dir (bulk path, progress bar) and runs the
 * detection rules' first pass over it (progress bar), printing how long each took. Ctrl-C stops it between
 * chunks (what was stored stays; the marker says the data is partial). Returns false when stopped.
 */
export async function prepareDemo(opened: OpenedPalisade, dataDir: string, options: SimulationOptions): Promise<boolean> {
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  try {
    const started = Date.now();
    const seeded = await seedDemo(opened.ctx.events, dataDir, (sim) => progressBar(sim, 'Seeding demo data'), options, abort.signal);
    if (seeded.kind === 'interrupted') {
      out(`Demo data: seeding started at ${seeded.startedAt} did not finish, so the data is partial; remove the data dir to seed again.`);
      return true;
    }
    if (seeded.kind === 'has-data') {
      out('Demo data: the data dir already has events; not seeding.');
      return true;
    }
    out(`Demo data: ${seeded.sim.organisation.name}, ${seeded.summary.rows.toLocaleString('en-US')} events (${seeded.sim.stories.length} attack stories) generated and stored in ${seeded.seconds.toFixed(1)} s.`);
    const pass = await runDetectionPass(opened.ctx, rulesBar, abort.signal);
    const ready = (Date.now() - started) / 1000;
    recordDetectionPass(dataDir, pass, ready);
    const slowest = pass.rules
      .slice(0, 3)
      .map((r) => `${r.ruleId} ${(r.durationMs / 1000).toFixed(1)} s`)
      .join(', ');
    out(`Detections: ${pass.rules.length} rules over the month in ${pass.seconds.toFixed(1)} s, ${pass.alertsCreated} alerts (slowest: ${slowest}).`);
    for (const e of pass.errors) out(`  rule ${e.ruleId} failed: ${e.error ?? e.status}`);
    out(`Demo ready in ${ready.toFixed(1)} s.`);
    return true;
  } catch (err) {
    if (!abort.signal.aborted) throw err;
    out('\nDemo data: seeding stopped; what was stored is kept and the data dir is marked partial.');
    return false;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}
