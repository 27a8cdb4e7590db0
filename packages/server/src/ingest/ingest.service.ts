/**
 * The ingest pipeline, shared by the HTTP API and the CLI: parse -> map (per format) -> validate (per
 * table, from the schema) -> one transaction in the event store through the bounded write queue.
 * Records that fail become dead letters (verbatim, with the reason) in the same transaction as the rows
 * that passed, so a response means both are on disk.
 */
import { randomUUID } from 'node:crypto';
import type { DuckDbEventStore } from '../events/event-store.ts';
import type { DeadLetter, EventRow } from '../events/event-store-types.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { parseRecords } from './body.ts';
import type { RawRecord } from './body.ts';
import { DeviceRegistry } from './identity.ts';
import { notifyIngestCommitted } from './ingest-committed.ts';
import { ingestFormats } from './formats/index.ts';
import { validatorFor } from './validate.ts';
import { QueueFullError, WriteQueue } from './write-queue.ts';

export interface RecordError {
  readonly index: number;
  readonly field: string | null;
  readonly code: string;
  readonly message: string;
}

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

export interface PreparedBatch {
  readonly rows: EventRow[];
  readonly deadLetters: DeadLetter[];
  readonly errors: RecordError[];
  readonly accepted: number;
}

export interface IngestOptions {
  readonly source: string;
  readonly defaultTable?: string;
  readonly idempotencyKey?: string;
}

const MAX_ERRORS_IN_RESPONSE = 1000;

export class IngestService {
  readonly devices = new DeviceRegistry();
  readonly queue: WriteQueue;

  constructor(
    private readonly store: DuckDbEventStore,
    options: { queueCapacity?: number } = {},
  ) {
    this.queue = new WriteQueue(options.queueCapacity ?? 8);
  }

  static format(name: string) {
    const f = ingestFormats.get(name);
    if (!f) throw notFound(`Ingest format '${name}' (known: ${[...ingestFormats.keys()].join(', ')})`);
    return f;
  }

  /** Maps and validates parsed records; pure apart from the device registry. */
  prepare(formatName: string, records: readonly RawRecord[], defaultTable?: string): PreparedBatch {
    const format = IngestService.format(formatName);
    if (defaultTable !== undefined && !validatorFor(defaultTable)) throw badRequest(`Unknown table '${defaultTable}' in table=.`);
    const ctx = defaultTable === undefined ? { devices: this.devices } : { devices: this.devices, defaultTable };
    const rows: EventRow[] = [];
    const deadLetters: DeadLetter[] = [];
    const errors: RecordError[] = [];
    let accepted = 0;
    const reject = (r: RawRecord, field: string | null, code: string, message: string): void => {
      errors.push({ index: r.index, field, code, message });
      deadLetters.push({ index: r.index, field, code, message, raw: r.raw });
    };
    for (const r of records) {
      if (r.parseError !== undefined) {
        reject(r, null, 'invalidJson', r.parseError);
        continue;
      }
      const out = format.map(r.value, ctx);
      if (!('rows' in out)) {
        reject(r, out.field, out.code, out.message);
        continue;
      }
      const mine: EventRow[] = [];
      let bad = false;
      for (let i = 0; i < out.rows.length; i++) {
        const m = out.rows[i] as (typeof out.rows)[number];
        const v = validatorFor(m.table);
        if (!v) {
          reject(r, null, 'unknownTable', `no table ${m.table}`);
          bad = true;
          break;
        }
        const cells = v.row(m.values);
        if (!Array.isArray(cells)) {
          reject(r, cells.field, cells.code, `${m.table}: ${cells.message}`);
          bad = true;
          break;
        }
        // The record id travels on the record's first row only (derived rows such as DeviceInfo have none).
        mine.push(i === 0 && out.recordId !== undefined ? { table: m.table, cells, recordId: out.recordId } : { table: m.table, cells });
      }
      if (bad) continue;
      accepted++;
      for (const row of mine) rows.push(row);
    }
    return { rows, deadLetters, errors, accepted };
  }

  /** Parses, prepares and commits one batch. Throws QueueFullError when the write queue is full. */
  async ingest(formatName: string, body: Buffer, options: IngestOptions): Promise<IngestResponse> {
    IngestService.format(formatName);
    if (this.queue.full) throw new QueueFullError(this.queue.retryAfterSeconds());
    const records = parseRecords(body);
    return this.commit(formatName, this.prepare(formatName, records, options.defaultTable), options);
  }

  async commit(formatName: string, batch: PreparedBatch, options: IngestOptions): Promise<IngestResponse> {
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
    const result = await this.queue.run(() =>
      this.store.append({
        format: formatName,
        source: options.source,
        batchId,
        rows: batch.rows,
        deadLetters: batch.deadLetters,
        ...(options.idempotencyKey !== undefined
          ? { idempotency: { key: options.idempotencyKey, response: (r) => JSON.stringify(build(r.duplicates, r.inserted)) } }
          : {}),
      }),
    );
    if (result.replayed !== undefined) return { ...(JSON.parse(result.replayed) as IngestResponse), replayed: true };
    notifyIngestCommitted(this.store, [...new Set(batch.rows.map((r) => r.table))], result.inserted);
    return build(result.duplicates, result.inserted);
  }
}
