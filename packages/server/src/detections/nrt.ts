/**
 * Near-real-time detections: NRT rules (single-table filters, see rule-model.ts `nrtProblem`) are evaluated
 * over each committed ingest batch instead of waiting for the scheduler's next pass. Ingest only tells us
 * which tables got rows (ingest/ingest-committed.ts); the evaluation happens here, after the commit and off
 * the ingest response's path: the listener marks the tables and schedules a pass, and passes run one at a
 * time, at most one every `minGapMs`. The queue is bounded by construction: it is the set of tables with new
 * rows, and batches that land while a pass runs are covered by the next one, whatever their number.
 */
import type { AppContext } from '../context.ts';
import { onIngestCommitted } from '../ingest/ingest-committed.ts';
import { detectionsService } from './detections.service.ts';

export interface NrtOptions {
  /** At most one pass starts per this many ms (batches that arrive meanwhile wait for it). Default 1,000. */
  minGapMs?: number;
}

export interface NrtDetections {
  /** Resolves when no pass is running or scheduled. */
  idle(): Promise<void>;
  /** No new passes; the running one finishes first. */
  stop(): Promise<void>;
}

/** Starts evaluating NRT rules on every committed ingest batch of `ctx`'s event store. */
export function startNrtDetections(ctx: AppContext, options: NrtOptions = {}): NrtDetections {
  const minGapMs = options.minGapMs ?? 1000;
  const service = detectionsService(ctx);
  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastStart = Number.NEGATIVE_INFINITY;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const settle = (): void => {
    if (running || timer || dirty.size > 0) return;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const schedule = (): void => {
    if (stopped || running || timer || dirty.size === 0) return settle();
    timer = setTimeout(pass, Math.max(0, lastStart + minGapMs - Date.now()));
  };
  const pass = (): void => {
    timer = undefined;
    const tables = new Set(dirty);
    dirty.clear();
    lastStart = Date.now();
    running = service
      .nrtPass(tables)
      .then(
        () => undefined,
        (err: unknown) => ctx.logger.error({ err, tables: [...tables] }, 'near-real-time detection pass failed'),
      )
      .finally(() => {
        running = undefined;
        schedule();
        settle();
      });
  };
  const unsubscribe = onIngestCommitted(ctx.events, (event) => {
    if (stopped) return;
    for (const t of event.tables) dirty.add(t);
    schedule();
  });

  return {
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
    stop: async () => {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = undefined;
      dirty.clear();
      await running;
      settle();
    },
  };
}
