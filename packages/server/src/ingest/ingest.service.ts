/**
 * The ingest pipeline, shared by the HTTP API and the CLI: parse -> map (per format) -> validate (per
 * table, from the schema) -> columns -> the bounded write queue -> one transaction in the event store
 * (group commit: batches ready together share it). HTTP batches are prepared on worker threads
 * (prepare-pool.ts); the CLI and the simulator prepare in-thread. Records that fail become dead letters
 * (verbatim, with the reason) in the same transaction as the rows that passed, so a response means both
 * are on disk.
 */
import { randomUUID } from 'node:crypto';
import type { DuckDbEventStore } from '../events/event-store.ts';
import type { AppendResult, ColumnarAppendBatch } from '../events/event-store-types.ts';
import type { RawRecord } from './body.ts';
import { parseRecords } from './body.ts';
import { DeviceRegistry } from './identity.ts';
import { notifyIngestCommitted } from './ingest-committed.ts';
import { PreparePool, defaultWorkerCount } from './prepare-pool.ts';
import type { PrepareInput } from './prepare-pool.ts';
import { formatNamed, prepareColumnar, prepareRecords, resolveDevices, toColumnarPrepared } from './prepare.ts';
import type { ColumnarPrepared, PreparedBatch, RecordError } from './prepare.ts';
import { WriteQueue } from './write-queue.ts';
import type { Slot } from './write-queue.ts';

export type { PreparedBatch, RecordError } from './prepare.ts';

export interface IngestResponse {
  readonly batchId: string;
  readonly accepted: number;
  readonly rejected: number;
  /** Accepted records already stored before (same per-record event id): nothing was added for them. */
  readonly duplicates: number;
  /** Rows written to hunting tables (a record can make more than one: e.g. a DeviceInfo row). */
  readonly rows: number;
  readonly errors: readonly RecordError[];
  /** Set when errors lists only the first of more (every one is in the dead-letter table). */
  readonly errorsTruncated?: boolean;
  /** Set when this is the stored answer to an earlier request with the same Idempotency-Key. */
  readonly replayed?: boolean;
}

export interface IngestOptions {
  readonly source: string;
  readonly defaultTable?: string;
  readonly idempotencyKey?: string;
}

const MAX_ERRORS_IN_RESPONSE = 1000;


export class IngestService {
  readonly devices = new DeviceRegistry();
  readonly queue: WriteQueue<ColumnarAppendBatch, AppendResult>;
  private pool: PreparePool | undefined;
  private readonly workers: number | undefined;

  constructor(
    private readonly store: DuckDbEventStore,
    options: { queueCapacity?: number; maxGroupRows?: number; workers?: number } = {},
  ) {
    this.queue = new WriteQueue<ColumnarAppendBatch, AppendResult>(options.queueCapacity ?? 8, (batches) => store.appendGroup(batches), options.maxGroupRows);
    this.workers = options.workers;
  }

  static format(name: string) {
    return formatNamed(name);
  }

  /** Maps and validates parsed records in this thread; pure apart from the device registry. */
  prepare(formatName: string, records: readonly RawRecord[], defaultTable?: string): PreparedBatch {
    return prepareRecords(formatName, records, this.devices, defaultTable);
  }

  /** Parses, prepares (in this thread) and commits one decoded batch. Throws QueueFullError when the write queue is full. */
  async ingest(formatName: string, body: Buffer, options: IngestOptions): Promise<IngestResponse> {
    formatNamed(formatName);
    const slot = this.queue.reserve();
    try {
      const prepared = prepareColumnar(formatName, parseRecords(body), this.devices, options.defaultTable);
      return await this.submit(formatName, prepared, options, slot);
    } finally {
      slot.release();
    }
  }

  /**
   * The HTTP path: takes a place in the write queue (QueueFullError when there is none), has a worker
   * thread decode, parse, map and validate the body as sent, then commits it with whatever else is ready.
   */
  async ingestBody(formatName: string, input: Omit<PrepareInput, 'format' | 'defaultTable'>, options: IngestOptions): Promise<IngestResponse> {
    formatNamed(formatName);
    const slot = this.queue.reserve();
    try {
      this.pool ??= new PreparePool(this.workers ?? defaultWorkerCount(), this.devices);
      const prepared = await this.pool.prepare({ ...input, format: formatName, defaultTable: options.defaultTable });
      if (!prepared.devices) return await this.submit(formatName, prepared, options, slot);
      // The worker reported devices; this service's one registry decides which DeviceInfo rows they add.
      const { table, added } = resolveDevices(prepared.devices, this.devices);
      // Rows not stored (a failed commit, or a replayed Idempotency-Key): the registry must not believe they are.
      const forget = (): void => {
        for (let i = added.length - 1; i >= 0; i--) {
          const [id, prior] = added[i] as [string, string | undefined];
          this.devices.restore(id, prior);
        }
      };
      let response: IngestResponse;
      try {
        response = await this.submit(formatName, table ? { ...prepared, tables: [...prepared.tables, table] } : prepared, options, slot);
      } catch (err) {
        forget();
        throw err;
      }
      if (response.replayed === true) forget();
      return response;
    } finally {
      slot.release();
    }
  }

  /** Commits a batch prepared with `prepare` (in its turn in the write queue). */
  async commit(formatName: string, batch: PreparedBatch, options: IngestOptions): Promise<IngestResponse> {
    const slot = this.queue.reserve();
    try {
      return await this.submit(formatName, toColumnarPrepared(batch), options, slot);
    } finally {
      slot.release();
    }
  }

  private async submit(formatName: string, batch: ColumnarPrepared, options: IngestOptions, slot: Slot<ColumnarAppendBatch, AppendResult>): Promise<IngestResponse> {
    const batchId = randomUUID();
    const rejected = batch.errors.length;
    const build = (duplicates: number, rows: number): IngestResponse => ({
      batchId,
      accepted: batch.accepted,
      rejected,
      duplicates,
      rows,
      errors: batch.errors.slice(0, MAX_ERRORS_IN_RESPONSE),
      ...(batch.errors.length > MAX_ERRORS_IN_RESPONSE ? { errorsTruncated: true } : {}),
    });
    const rows = batch.tables.reduce((n, t) => n + t.rows, 0);
    const result = await slot.submit(
      {
        format: formatName,
        source: options.source,
        batchId,
        tables: batch.tables,
        deadLetters: batch.deadLetters,
        ...(options.idempotencyKey !== undefined
          ? { idempotency: { key: options.idempotencyKey, response: (r: AppendResult) => JSON.stringify(build(r.duplicates, r.inserted)) } }
          : {}),
      },
      rows + batch.deadLetters.length,
    );
    if (result.replayed !== undefined) return { ...(JSON.parse(result.replayed) as IngestResponse), replayed: true };
    notifyIngestCommitted(this.store, batch.tables.filter((t) => t.rows > 0).map((t) => t.table), result.inserted);
    return build(result.duplicates, result.inserted);
  }

  /** Stops the worker threads (the queue is closed by its owner). */
  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }
}
