import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import type { OpenedPalisade } from '../server.ts';
import type { SimulationOptions } from '../simulator/index.ts';
import { detectionsService } from '../detections/detections.service.ts';
import { recordReady, seedDemo } from '../simulator/demo.ts';
import { seedDemoIndicators } from '../indicators/demo-feed.ts';
import type { ProgressBar } from '../simulator/demo.ts';
import { progressBar } from './simulate.ts';

function rulesBar(total: number): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      format: 'Running detections over the month [{bar}] {value}/{total} rules | {duration}s',
      hideCursor: true,
      stream: process.stderr,
      // Off a terminal (a log, CI) the bar is printed as a line every 5 s instead of redrawn.
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (n) => bar.update(n), stop: () => bar.stop() };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `palisade demo` behind the serving portal: seeds an empty data dir through the bulk path (progress bar),
 * marks the seeded history for a rescan and queues that detection pass on the scheduler's chain (every enabled
 * rule over the past 30 days), and follows it (progress bar) until GET /api/demo/status says ready, printing how
 * long each part took. Stops between slices when `signal` aborts (shutdown): what was stored stays and the
 * marker says the data is partial.
 */
export async function seedBehind(opened: OpenedPalisade, dataDir: string, options: SimulationOptions, signal: AbortSignal, logger: Logger): Promise<void> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const started = Date.now();
  try {
    const seeded = await seedDemo(opened.ctx.events, dataDir, (sim) => progressBar(sim, 'Seeding demo data'), options, signal);
    if (seeded.kind === 'interrupted') {
      out(`Demo data: seeding started at ${seeded.startedAt} did not finish, so the data is partial; remove the data dir to seed again.`);
      return;
    }
    if (seeded.kind === 'has-data') {
      out('Demo data: the data dir already has events; not seeding.');
      return;
    }
    out(`Demo data: ${seeded.sim.organisation.name}, ${seeded.summary.rows.toLocaleString('en-US')} events (${seeded.sim.stories.length} attack stories) generated and stored in ${seeded.seconds.toFixed(1)} s.`);
    // Detections look at the seeded history as a whole once more (scheduled rules would miss it otherwise).
    const detections = detectionsService(opened.ctx);
    await seedDemoIndicators(opened.ctx); // the demo's threat-intel feed, before the pass that matches it
    const marked = Date.now();
    await detections.rescanFrom(opened.ctx.now());
    const first = await detections.rescanProgress();
    const bar = rulesBar(first.rules);
    // The pass is queued on the scheduler's own chain (never beside one of its passes), so the demo is ready
    // whether or not a scheduler runs (tests and PALISADE_DETECTION_SCHEDULER=off have none).
    let passDone = false;
    const pass = detections.queuePass().finally(() => {
      passDone = true;
    });
    try {
      for (;;) {
        const p = await detections.rescanProgress();
        bar.update(p.rules - p.pending);
        if (p.pending === 0 || passDone || signal.aborted) break;
        await sleep(500);
      }
    } finally {
      bar.stop();
    }
    await pass;
    if (signal.aborted) return;
    const ready = (Date.now() - started) / 1000;
    const detectionSeconds = (Date.now() - marked) / 1000;
    recordReady(dataDir, { detectionSeconds, readySeconds: ready });
    out(`Detections: ${first.rules} rules ran over the month in ${detectionSeconds.toFixed(1)} s (from the end of seeding, on the detection pass chain). Demo ready in ${ready.toFixed(1)} s.`);
  } catch (err) {
    // Stopping the server mid-seeding lands here; the marker file records the seeding as unfinished.
    if (signal.aborted) out('\nDemo data: seeding stopped at shutdown; what was stored is kept and the data dir is marked partial.');
    else logger.error({ err }, 'demo seeding failed');
  }
}
