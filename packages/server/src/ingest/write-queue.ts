/**
 * The bounded write queue: batches are committed one at a time (DuckDB has one writer), and at most
 * `capacity` may wait or run. A full queue refuses at once (the caller answers 429 with Retry-After)
 * instead of buffering without bound: back-pressure, not memory growth.
 */
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

export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private closed = false;
  /** Moving average of one job's duration, for Retry-After. */
  private avgMs = 50;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.pending;
  }

  get full(): boolean {
    return this.pending >= this.capacity;
  }

  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.pending * this.avgMs) / 1000));
  }

  /** Runs `job` after the jobs before it; throws QueueFullError without waiting when the queue is full. */
  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    if (this.full) return Promise.reject(new QueueFullError(this.retryAfterSeconds()));
    this.pending++;
    const result = this.tail.then(async () => {
      const started = performance.now();
      try {
        return await job();
      } finally {
        this.avgMs = this.avgMs * 0.8 + (performance.now() - started) * 0.2;
        this.pending--;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Refuses new jobs and waits for the queued ones. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }
}
