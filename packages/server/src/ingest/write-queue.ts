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
  private running = false;
  private closed = false;
  private drained: (() => void)[] = [];
  /** Moving average of one commit's duration per batch, for Retry-After. */
  private avgMs = 50;

  constructor(
    readonly capacity: number,
    /** Commits a group of batches (in order) and settles each. */
    private readonly commitGroup?: (batches: B[]) => Promise<Settled<R>[]>,
    readonly maxGroupRows = 50_000,
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
    if (!this.running) void this.pump();
  }

  private done(n: number): void {
    this.pending -= n;
    if (this.pending === 0) for (const d of this.drained.splice(0)) d();
  }

  private async pump(): Promise<void> {
    this.running = true;
    try {
      for (let head = this.ready.shift(); head; head = this.ready.shift()) {
        const started = performance.now();
        if (head.kind === 'job') {
          try {
            head.resolve(await head.job());
          } catch (err) {
            head.reject(err);
          }
          this.settleTiming(started, 1);
          continue;
        }
        // Every batch ready now, up to maxGroupRows, goes into one commit.
        const group = [head];
        let rows = head.rows;
        while (this.ready[0]?.kind === 'batch' && rows + this.ready[0].rows <= this.maxGroupRows) {
          const next = this.ready.shift() as Item<B, R> & { kind: 'batch' };
          group.push(next);
          rows += next.rows;
        }
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
        this.settleTiming(started, group.length);
      }
    } finally {
      this.running = false;
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
