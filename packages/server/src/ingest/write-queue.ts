/**
 * The bounded write queue in front of the event store's one writer. At most `capacity` batches may be in
 * it at once, counted from the moment a request takes a place (`reserve`, before its body is parsed) until
 * its commit: a full queue refuses at once (the caller answers 429 with Retry-After) instead of buffering
 * without bound: back-pressure, not memory growth.
 *
 * Batches that are ready when the writer comes free are committed together (group commit: one
 * transaction, one fsync), up to `maxGroupRows` rows; each is answered only after that commit. Other jobs
 * (retention, a test holding the writer) run alone, in their turn.
 */
import type { Settled } from '../events/event-store-types.ts';

export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  constructor(readonly retryAfterSeconds: number) {
    super(`The ingest write queue is full; retry in ${retryAfterSeconds} s.`);
  }
}

export class QueueClosedError extends Error {
  override readonly name = 'QueueClosedError';
  constructor() {
    super('The event store is shutting down.');
  }
}

type Item<B, R> =
  | { readonly kind: 'job'; readonly job: () => Promise<unknown>; readonly resolve: (v: unknown) => void; readonly reject: (e: unknown) => void }
  | { readonly kind: 'batch'; readonly batch: B; readonly rows: number; readonly resolve: (v: R) => void; readonly reject: (e: unknown) => void };

/** A place in the queue, taken before the batch is prepared; give it back with `submit` or `release`. */
export interface Slot<B, R> {
  submit(batch: B, rows: number): Promise<R>;
  release(): void;
}

export class WriteQueue<B = never, R = never> {
  private readonly ready: Item<B, R>[] = [];
  private pending = 0;
  private pumping = false;
  /** Group commits in progress, and whether a job (which runs alone) is. */
  private inFlight = 0;
  private jobRunning = false;
  private closed = false;
  private drained: (() => void)[] = [];
  /** Moving average of one commit's duration per batch, for Retry-After. */
  private avgMs = 50;

  constructor(
    readonly capacity: number,
    /** Commits a group of batches (in order) and settles each. */
    private readonly commitGroup?: (batches: B[]) => Promise<Settled<R>[]>,
    readonly maxGroupRows = 50_000,
    /** Group commits in flight at once (pipelined: the store gives the second its own connection). */
    readonly parallel = 2,
  ) {}

  get size(): number {
    return this.pending;
  }

  get full(): boolean {
    return this.pending >= this.capacity;
  }

  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.pending * this.avgMs) / 1000));
  }

  /** Takes a place, or throws QueueFullError / QueueClosedError without waiting. */
  reserve(): Slot<B, R> {
    if (this.closed) throw new QueueClosedError();
    if (this.full) throw new QueueFullError(this.retryAfterSeconds());
    this.pending++;
    let used = false;
    const use = (): void => {
      if (used) throw new Error('write queue: slot used twice');
      used = true;
    };
    return {
      submit: (batch, rows) => {
        use();
        return new Promise<R>((resolve, reject) => this.enqueue({ kind: 'batch', batch, rows, resolve, reject }));
      },
      release: () => {
        if (used) return;
        used = true;
        this.done(1);
      },
    };
  }

  /** Commits `batch` in its turn (possibly with others); throws QueueFullError without waiting when full. */
  submit(batch: B, rows: number): Promise<R> {
    try {
      return this.reserve().submit(batch, rows);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Runs `job` alone after the work before it; throws QueueFullError without waiting when the queue is full. */
  run<T>(job: () => Promise<T>): Promise<T> {
    try {
      this.reserve();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return new Promise<T>((resolve, reject) => this.enqueue({ kind: 'job', job, resolve: resolve as (v: unknown) => void, reject }));
  }

  private enqueue(item: Item<B, R>): void {
    this.ready.push(item);
    this.pump();
  }

  private done(n: number): void {
    this.pending -= n;
    if (this.pending === 0) for (const d of this.drained.splice(0)) d();
  }

  /**
   * Starts what is ready: groups of batches, up to `parallel` in flight (the store overlaps one group's
   * appends with another's COMMIT), and jobs alone, once every group before them is done.
   */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let head = this.ready[0]; head; head = this.ready[0]) {
        if (this.jobRunning) return;
        if (head.kind === 'job') {
          if (this.inFlight > 0) return; // runs alone: after the groups in flight
          this.ready.shift();
          this.jobRunning = true;
          const started = performance.now();
          const job = head;
          void (async () => {
            try {
              job.resolve(await job.job());
            } catch (err) {
              job.reject(err);
            }
            this.jobRunning = false;
            this.settleTiming(started, 1);
            this.pump();
          })();
          return;
        }
        if (this.inFlight >= this.parallel) return;
        // Every batch ready now, up to maxGroupRows, goes into one commit.
        this.ready.shift();
        const group = [head];
        let rows = head.rows;
        while (this.ready[0]?.kind === 'batch' && rows + this.ready[0].rows <= this.maxGroupRows) {
          const next = this.ready.shift() as Item<B, R> & { kind: 'batch' };
          group.push(next);
          rows += next.rows;
        }
        this.inFlight++;
        const started = performance.now();
        void (async () => {
          try {
            if (!this.commitGroup) throw new Error('write queue: no group commit for batches');
            const settled = await this.commitGroup(group.map((g) => g.batch));
            group.forEach((g, i) => {
              const s = settled[i];
              if (s?.ok) g.resolve(s.value);
              else g.reject(s ? s.error : new Error('write queue: batch not settled'));
            });
          } catch (err) {
            for (const g of group) g.reject(err);
          }
          this.inFlight--;
          this.settleTiming(started, group.length);
          this.pump();
        })();
      }
    } finally {
      this.pumping = false;
    }
  }

  private settleTiming(started: number, n: number): void {
    this.avgMs = this.avgMs * 0.8 + ((performance.now() - started) / n) * 0.2;
    this.done(n);
  }

  /** Refuses new work and waits for everything already in the queue (places taken included). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pending === 0) return;
    await new Promise<void>((r) => this.drained.push(r));
  }
}
