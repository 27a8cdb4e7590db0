/**
 * The EventStore contract: what ingest, hunting and detections need from the store of Advanced Hunting
 * events, independent of the engine behind it (DuckDB today, ClickHouse later).
 */
import type { TableColumns } from './columns.ts';

/**
 * One cell as validated by ingest: already in the JS shape its column's Kusto type takes (see
 * ingest/validate.ts). A datetime is either epoch microseconds (UTC) or normalised text
 * 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC).
 */
export type Cell = string | number | boolean | null;

/** A row of one hunting table, cells in the table's schema column order. */
export interface EventRow {
  readonly table: string;
  readonly cells: readonly Cell[];
  /** The event id the source gave the record (when it gave one): a second record with it adds nothing. */
  readonly recordId?: string;
}

/** A rejected record, kept verbatim. */
export interface DeadLetter {
  readonly index: number;
  readonly field: string | null;
  readonly code: string;
  readonly message: string;
  readonly raw: string;
}

export interface AppendBatch {
  readonly format: string;
  /** Who sent it (principal name or "cli"), for the dead-letter view. */
  readonly source: string;
  readonly batchId: string;
  readonly rows: readonly EventRow[];
  readonly deadLetters: readonly DeadLetter[];
  /**
   * With an Idempotency-Key: when the key was already committed, nothing is written and the stored
   * response comes back; otherwise `response` renders what to store (and answer) beside the rows.
   */
  readonly idempotency?: { readonly key: string; readonly response: (result: AppendResult) => string };
}

/**
 * A batch already laid out as columns per table (events/columns.ts): what the ingest worker thread
 * produces, so the thread holding the writer only copies. Same guarantees as AppendBatch.
 */
export interface ColumnarAppendBatch {
  readonly format: string;
  readonly source: string;
  readonly batchId: string;
  readonly tables: readonly TableColumns[];
  readonly deadLetters: readonly DeadLetter[];
  readonly idempotency?: AppendBatch['idempotency'];
}

/** One batch's outcome within a group commit. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export interface AppendResult {
  /** Rows written. */
  readonly inserted: number;
  /** Rows skipped because their record id was already stored. */
  readonly duplicates: number;
  /** Set when the Idempotency-Key had been committed before: the response stored then. */
  readonly replayed?: string;
  /** The response stored with the Idempotency-Key, when one was given. */
  readonly stored?: string;
}

export interface QueryOptions {
  /** Interrupt the query after this long. */
  readonly timeoutMs: number;
  /** Read at most this many rows; `truncated` says whether there were more. */
  readonly maxRows: number;
  /**
   * Device scope: when set, every table with a DeviceId column is seen through a filter keeping only
   * these devices, applied before the query's own SQL runs. Undefined means all devices.
   */
  readonly deviceIds?: readonly string[];
  /** Time window: tables with a Timestamp column show only rows at or after this instant. */
  readonly since?: Date;
}

export interface QueryColumn {
  readonly name: string;
  /** The engine's type name (e.g. VARCHAR, TIMESTAMP, BIGINT). */
  readonly type: string;
}

export interface QueryResult {
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly Record<string, unknown>[];
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

export interface TableStats {
  readonly table: string;
  readonly rows: number;
  readonly oldestIngestion: string | null;
  readonly newestIngestion: string | null;
}

export interface StoreStats {
  readonly tables: readonly TableStats[];
  readonly totalRows: number;
  readonly deadLetters: number;
  readonly fileBytes: number;
}

export interface RetentionPolicy {
  /** Days kept per table (by ingestion time); tables not listed keep `defaultDays`. */
  readonly defaultDays: number;
  readonly perTable?: Readonly<Record<string, number>>;
}

export interface EventStore {
  append(batch: AppendBatch): Promise<AppendResult>;
  query(sql: string, params: readonly unknown[], options: QueryOptions): Promise<QueryResult>;
  prune(now: Date, policy: RetentionPolicy): Promise<{ deleted: number }>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

/** A query the store refused or that failed while running; `code` says which. */
export class EventQueryError extends Error {
  override readonly name = 'EventQueryError';
  constructor(
    readonly code: 'timeout' | 'notReadOnly' | 'failed',
    message: string,
  ) {
    super(message);
  }
}
