import { existsSync, statSync } from 'node:fs';
import { DuckDBInstance, DuckDBTimestampValue, StatementType, listValue } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { ChunkAppender } from './chunk-append.ts';
import { cellsOf, rowsToColumns, selectRows } from './columns.ts';
import type { TableColumns } from './columns.ts';
import type { Migration } from '../storage/versioned.ts';
import { StoreTooNewError, checkMigrationList } from '../storage/versioned.ts';
import { INGESTION_TIME_COLUMN, huntingTables, quoteIdent } from '../schema/advanced-hunting.ts';
import type { KustoType } from '../schema/advanced-hunting.ts';
import { eventMigrations } from './migrations.ts';
import { EventQueryError } from './event-store-types.ts';
import type {
  AppendBatch,
  AppendResult,
  Cell,
  ColumnarAppendBatch,
  EventStore,
  QueryOptions,
  QueryResult,
  RetentionPolicy,
  Settled,
  StoreStats,
  TableStats,
} from './event-store-types.ts';

type Put = (a: DuckDBAppender, v: Cell) => void;

/**
 * How a validated cell goes into the appender, per Kusto type, for tables the DataChunk path does not take
 * (see chunk-append.ts). Text-shaped values (guid, dynamic, timespan, decimal, and datetimes given as
 * text) arrive normalised by ingest/validate.ts and are cast by DuckDB on append.
 */
const putByType: Readonly<Record<KustoType, Put>> = {
  string: (a, v) => a.appendVarchar(v as string),
  guid: (a, v) => a.appendVarchar(v as string),
  dynamic: (a, v) => a.appendVarchar(v as string),
  datetime: (a, v) => (typeof v === 'number' ? a.appendTimestamp(new DuckDBTimestampValue(BigInt(v))) : a.appendVarchar(v as string)),
  timespan: (a, v) => a.appendVarchar(v as string),
  decimal: (a, v) => a.appendVarchar(v as string),
  int: (a, v) => a.appendInteger(v as number),
  long: (a, v) => a.appendBigInt(BigInt(v as number)),
  real: (a, v) => a.appendDouble(v as number),
  bool: (a, v) => a.appendBoolean(v as boolean),
};

/**
 * WAL size at which the store checkpoints in the background (a connection of its own, beside the writer),
 * so that ingest does not stop for it: DuckDB's automatic checkpoint runs inside the COMMIT that crosses
 * its threshold, and every batch queued behind that COMMIT waits for the whole checkpoint (seconds at a
 * time under load). Larger WALs between checkpoints also cost less in all: each checkpoint recompresses
 * the tables' partly filled row groups again, so fewer of them mean less CPU and fewer bytes per event on
 * disk (docs/BENCHMARKS.md, ingest session 3). The cost: up to this much WAL to replay after a crash, and
 * the rows it holds kept in memory until the checkpoint.
 */
const BACKGROUND_CHECKPOINT_BYTES = 128 * 1024 * 1024;

/** PALISADE_CHECKPOINT_WAL_BYTES overrides BACKGROUND_CHECKPOINT_BYTES (0: no background checkpoint). */
function backgroundCheckpointBytes(): number {
  const v = process.env.PALISADE_CHECKPOINT_WAL_BYTES;
  if (v === undefined || v === '') return BACKGROUND_CHECKPOINT_BYTES;
  if (!/^\d+$/.test(v)) throw new Error(`PALISADE_CHECKPOINT_WAL_BYTES must be a whole number of bytes, got '${v}'`);
  return Number(v);
}

/**
 * DuckDB's own automatic checkpoint, now only the backstop (the background checkpoint normally runs long
 * before): if it fell behind, a COMMIT checkpoints inline once the WAL holds this much.
 */
const CHECKPOINT_THRESHOLD = '512MB';

/**
 * The event store: the Advanced Hunting tables, in DuckDB (one file under the data dir). One writer
 * connection does every append (ingest serialises batches through its write queue); hunting reads run on
 * their own connections with a timeout and a row cap.
 */
export class DuckDbEventStore implements EventStore {
  private readonly putters = new Map<string, readonly Put[]>();
  /** Whole-DataChunk appenders, per table, built on first use (tables whose column types all have one). */
  private readonly chunkers = new Map<string, ChunkAppender | null>();
  private retentionTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** The background checkpoint in progress (see BACKGROUND_CHECKPOINT_BYTES). */
  private checkpointing: Promise<void> | undefined;
  /** Background checkpoints run, and failed (a failure is retried at the next commit). */
  readonly checkpointStats = { runs: 0, failures: 0 };
  /** Tail of the chain of writer jobs: a DuckDB connection runs one statement at a time. */
  private writerTail: Promise<void> = Promise.resolve();
  /**
   * A second connection for group commits only, so one group can append while the previous one's COMMIT
   * (WAL write and fsync) runs: pipelined group commit (see appendGroup). Opened on first use.
   */
  private second: { conn: Promise<DuckDBConnection>; tail: Promise<void>; queued: number } | undefined;
  /** Group commits waiting for or running on the main writer connection. */
  private writerGroups = 0;
  /** Failed batches waiting for the other connection's group before their one retry (see appendGroup). */
  private raceWaits = 0;

  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    /** The writer connection: appends and migrations. */
    readonly writer: DuckDBConnection,
    readonly version: number,
  ) {
    for (const t of huntingTables.values()) this.putters.set(t.name, t.columns.map((c) => putByType[c.type]));
  }

  static readonly latestVersion = checkMigrationList('event', eventMigrations);

  /** WAL bytes that start a background checkpoint (0: none; DuckDB's inline automatic checkpoint only). */
  backgroundCheckpointBytes = backgroundCheckpointBytes();

  static async open(path: string, settings: Readonly<Record<string, string>> = {}): Promise<DuckDbEventStore> {
    const instance = await DuckDBInstance.create(path, { checkpoint_threshold: CHECKPOINT_THRESHOLD, ...settings });
    const writer = await instance.connect();
    try {
      await writer.run('CREATE TABLE IF NOT EXISTS _palisade_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)');
      const rows = (await writer.runAndReadAll("SELECT value FROM _palisade_meta WHERE key = 'schema_version'")).getRowsJS();
      const found = rows.length > 0 ? Number(rows[0]?.[0]) : 0;
      const latest = DuckDbEventStore.latestVersion;
      if (found > latest) throw new StoreTooNewError('event', path, found, latest);
      for (const m of eventMigrations.slice(found)) await applyMigration(writer, m);
      return new DuckDbEventStore(path, instance, writer, latest);
    } catch (err) {
      writer.closeSync();
      instance.closeSync();
      throw err;
    }
  }

  static existsAt(path: string): boolean {
    return existsSync(path);
  }

  /** A separate connection for reads (hunting), so long queries do not hold the writer. */
  async connectReader(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /**
   * Runs `job` with the writer connection to itself. Everything that touches the writer goes through here
   * (appends, retention, stats, other modules' reads), so two callers never interleave statements or a
   * transaction on the one connection, whoever they are.
   */
  withWriter<T>(job: (writer: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = this.writerTail.then(() => job(this.writer));
    this.writerTail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Writes one batch in one transaction: rows, dead letters, record ids and the idempotency record commit
   * together or not at all, so a 200 sent after this resolves means all of it is on disk.
   */
  async append(batch: AppendBatch): Promise<AppendResult> {
    const [settled] = await this.appendGroup([toColumnar(batch)]);
    if (!settled) throw new Error('append: no result');
    if (!settled.ok) throw settled.error;
    return settled.value;
  }

  /**
   * Group commit: writes several batches in one transaction (one WAL write and fsync for all of them),
   * each batch as `append` would (its own idempotency check, record-id check, dead letters), and resolves
   * only after the COMMIT. When the group fails, it is rolled back and each batch is retried alone in its
   * own transaction, so one bad batch fails only itself. Results are in the order of `batches`.
   */
  appendGroup(batches: readonly ColumnarAppendBatch[]): Promise<Settled<AppendResult>[]> {
    // Two groups may be in flight at once (the write queue allows it): the second takes the connection with
    // less queued, so its appends overlap the other's COMMIT. Each still commits alone, in its own
    // transaction; a retry racing its original in the other group meets the primary key of
    // _ingest_batches / _ingest_record_ids and that group falls back to batch-by-batch below.
    const onSecond = this.writerGroups > (this.second?.queued ?? 0);
    const lane = <T>(job: (w: DuckDBConnection) => Promise<T>): Promise<T> => {
      if (!onSecond) {
        this.writerGroups++;
        return this.withWriter(job).finally(() => this.writerGroups--);
      }
      const second = (this.second ??= { conn: this.instance.connect(), tail: Promise.resolve(), queued: 0 });
      second.queued++;
      const run = second.tail.then(async () => job(await second.conn));
      second.tail = run.then(
        () => undefined,
        () => undefined,
      );
      return run.finally(() => second.queued--);
    };
    const done = lane(async (w) => {
      if (batches.length > 1) {
        try {
          return (await this.transaction(w, batches)).map((value) => ({ ok: true as const, value }));
        } catch {
          // fall through: one transaction per batch, so the failure lands on the batch that caused it
        }
      }
      const out: Settled<AppendResult>[] = [];
      for (const b of batches) {
        try {
          const [value] = await this.transaction(w, [b]);
          out.push({ ok: true, value: value as AppendResult });
        } catch (error) {
          // It may have raced the same records or Idempotency-Key in the group on the other connection
          // (not committed yet when this one checked): once that one is done, this one sees it. One retry;
          // never both lanes waiting for each other. DuckDB can fail both racing transactions: then the
          // other lane is already waiting for this one (raceWaits), its transaction rolled back, and this
          // one retries at once, commits, and the other's retry finds it.
          const other = onSecond ? this.writerTail : this.second?.tail;
          if (!other) {
            out.push({ ok: false, error });
            continue;
          }
          if (this.raceWaits === 0) {
            this.raceWaits++;
            try {
              await other;
            } finally {
              this.raceWaits--;
            }
          }
          try {
            const [value] = await this.transaction(w, [b]);
            out.push({ ok: true, value: value as AppendResult });
          } catch (again) {
            out.push({ ok: false, error: again });
          }
        }
      }
      return out;
    });
    void done.then(
      () => this.maybeCheckpoint(),
      () => undefined,
    );
    return done;
  }

  /**
   * Starts a checkpoint on a connection of its own when the WAL has grown past backgroundCheckpointBytes
   * and none is running. The writer goes on meanwhile (DuckDB checkpoints committed data while other
   * transactions append); a failure is counted and the next commit tries again.
   */
  private maybeCheckpoint(): void {
    if (this.closed || this.checkpointing || this.backgroundCheckpointBytes <= 0) return;
    let wal: number;
    try {
      wal = statSync(`${this.path}.wal`).size;
    } catch {
      return; // no WAL yet
    }
    if (wal < this.backgroundCheckpointBytes) return;
    const run = async (): Promise<void> => {
      const conn = await this.instance.connect();
      try {
        await conn.run('CHECKPOINT');
        this.checkpointStats.runs++;
      } catch {
        this.checkpointStats.failures++;
      } finally {
        conn.closeSync();
      }
    };
    this.checkpointing = run().finally(() => (this.checkpointing = undefined));
  }

  private async transaction(w: DuckDBConnection, batches: readonly ColumnarAppendBatch[]): Promise<AppendResult[]> {
    await w.run('BEGIN TRANSACTION');
    // One appender per hunting table for the whole group, flushed once before COMMIT: fewer, larger
    // flushes into the transaction's storage than one appender per table per batch.
    const appenders = new Map<string, DuckDBAppender>();
    try {
      const results: AppendResult[] = [];
      for (const b of batches) results.push(await this.appendInTransaction(w, b, appenders));
      for (const [table, a] of appenders) {
        appenders.delete(table);
        a.closeSync(); // flushes into the transaction
      }
      await w.run('COMMIT');
      return results;
    } catch (err) {
      // Drop what the appenders still hold before ROLLBACK: closing one flushes, and after ROLLBACK that
      // flush would commit on its own.
      for (const a of appenders.values()) {
        try {
          a.clear();
          a.closeSync();
        } catch {
          // the transaction is being rolled back either way
        }
      }
      try {
        await w.run('ROLLBACK');
      } catch {
        // the transaction may already be aborted; the original error is what matters
      }
      throw err;
    }
  }

  /** One batch inside an open transaction (see appendGroup). */
  private async appendInTransaction(w: DuckDBConnection, batch: ColumnarAppendBatch, appenders: Map<string, DuckDBAppender>): Promise<AppendResult> {
    if (batch.idempotency) {
      const prior = (await w.runAndReadAll('SELECT response FROM _ingest_batches WHERE idempotency_key = $1', [batch.idempotency.key])).getRowsJS();
      const replayed = prior[0]?.[0];
      if (typeof replayed === 'string') return { inserted: 0, duplicates: 0, replayed };
    }
    const skip = await this.knownRecordIds(w, batch.tables);
    const newIds: string[] = [];
    let duplicates = 0;
    let inserted = 0;
    const now = Date.now();
    for (let t of batch.tables) {
      if (t.rows === 0) continue;
      const def = huntingTables.get(t.table);
      if (!def) throw new Error(`append: unknown table ${t.table}`);
      if (t.recordIds) {
        const keep: number[] = [];
        for (let r = 0; r < t.rows; r++) {
          const id = t.recordIds[r] ?? '';
          if (id !== '') {
            if (skip.has(id)) {
              duplicates++;
              continue;
            }
            skip.add(id);
            newIds.push(id);
          }
          keep.push(r);
        }
        if (keep.length < t.rows) t = selectRows(def, t, keep);
        if (t.rows === 0) continue;
      }
      const chunker = this.chunkerFor(t.table);
      let a = appenders.get(t.table);
      if (!a) appenders.set(t.table, (a = await w.createAppender(t.table)));
      {
        if (chunker && t.columns) chunker.appendColumns(a, t, now);
        else {
          const put = this.putters.get(t.table);
          if (!put) throw new Error(`append: unknown table ${t.table}`);
          for (let r = 0; r < t.rows; r++) {
            const cells = cellsOf(t, r);
            for (let i = 0; i < put.length; i++) {
              const v = cells[i];
              if (v === null || v === undefined) a.appendNull();
              else (put[i] as Put)(a, v);
            }
            a.appendDefault(); // __ingestion_time
            a.endRow();
          }
        }
      }
      inserted += t.rows;
    }
    const stamp = new Date(now).toISOString();
    if (newIds.length > 0) {
      const a = await w.createAppender('_ingest_record_ids');
      for (const id of newIds) {
        a.appendVarchar(id);
        a.appendVarchar(stamp);
        a.endRow();
      }
      a.closeSync();
    }
    if (batch.deadLetters.length > 0) {
      const a = await w.createAppender('_dead_letters');
      for (const d of batch.deadLetters) {
        a.appendVarchar(stamp);
        a.appendVarchar(batch.format);
        a.appendVarchar(batch.source);
        a.appendVarchar(batch.batchId);
        a.appendInteger(d.index);
        if (d.field === null) a.appendNull();
        else a.appendVarchar(d.field);
        a.appendVarchar(d.code);
        a.appendVarchar(d.message);
        a.appendVarchar(d.raw);
        a.endRow();
      }
      a.closeSync();
    }
    const result: AppendResult = { inserted, duplicates };
    if (batch.idempotency) {
      const stored = batch.idempotency.response(result);
      await w.run('INSERT INTO _ingest_batches VALUES ($1, $2::TIMESTAMP, $3)', [batch.idempotency.key, stamp, stored]);
      return { ...result, stored };
    }
    return result;
  }

  private chunkerFor(table: string): ChunkAppender | null {
    let c = this.chunkers.get(table);
    if (c === undefined) {
      const def = huntingTables.get(table);
      if (!def) throw new Error(`append: unknown table ${table}`);
      c = ChunkAppender.forTable(def);
      this.chunkers.set(table, c);
    }
    return c;
  }

  private async knownRecordIds(w: DuckDBConnection, tables: readonly TableColumns[]): Promise<Set<string>> {
    const ids: string[] = [];
    for (const t of tables) if (t.recordIds) for (const id of t.recordIds) if (id !== '') ids.push(id);
    if (ids.length === 0) return new Set();
    const found = (await w.runAndReadAll('SELECT record_id FROM _ingest_record_ids WHERE record_id IN (SELECT unnest($1::VARCHAR[]))', [listValue(ids)])).getRowsJS();
    return new Set(found.map((r) => r[0]).filter((v): v is string => typeof v === 'string'));
  }

  /**
   * Runs one read-only SELECT on its own connection. The device scope, when given, shadows each device
   * table the SQL mentions with a CTE of the same name that keeps only the scope's devices, so the query
   * itself cannot see past it. Interrupted after `timeoutMs`; reads at most `maxRows` rows.
   */
  async query(sql: string, params: readonly unknown[], options: QueryOptions): Promise<QueryResult> {
    const started = performance.now();
    const conn = await this.instance.connect();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      conn.interrupt();
    }, options.timeoutMs);
    try {
      const text = options.deviceIds || options.since ? scopeSql(sql, { deviceIds: options.deviceIds, since: options.since }) : sql;
      const extracted = await conn.extractStatements(text);
      if (extracted.count !== 1) throw new EventQueryError('notReadOnly', `Expected one statement, got ${extracted.count}.`);
      const prepared = await extracted.prepare(0);
      if (prepared.statementType !== StatementType.SELECT) throw new EventQueryError('notReadOnly', 'Only SELECT statements run against the event store.');
      if (params.length > 0) prepared.bind(params as DuckDBValue[]);
      const reader = await prepared.streamAndReadUntil(options.maxRows + 1);
      const names = reader.columnNames();
      const types = reader.columnTypes().map((t) => t.toString());
      const all = reader.getRowObjectsJson();
      const truncated = all.length > options.maxRows;
      const rows = (truncated ? all.slice(0, options.maxRows) : all).map((r) => toResultRow(r, names, types));
      return { columns: names.map((name, i) => ({ name, type: types[i] ?? 'VARCHAR' })), rows, truncated, elapsedMs: performance.now() - started };
    } catch (err) {
      if (err instanceof EventQueryError) throw err;
      if (timedOut) throw new EventQueryError('timeout', `The query ran longer than ${options.timeoutMs} ms and was stopped.`);
      throw new EventQueryError('failed', err instanceof Error ? err.message : String(err));
    } finally {
      clearTimeout(timer);
      conn.closeSync();
    }
  }

  /** Deletes rows ingested longer ago than each table's retention. */
  prune(now: Date, policy: RetentionPolicy): Promise<{ deleted: number }> {
    return this.withWriter(() => this.pruneExclusive(now, policy));
  }

  private async pruneExclusive(now: Date, policy: RetentionPolicy): Promise<{ deleted: number }> {
    let deleted = 0;
    for (const t of huntingTables.values()) {
      const days = policy.perTable?.[t.name] ?? policy.defaultDays;
      const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
      const r = await this.writer.run(`DELETE FROM ${quoteIdent(t.name)} WHERE ${quoteIdent(INGESTION_TIME_COLUMN)} < $1::TIMESTAMP`, [cutoff]);
      deleted += r.rowsChanged;
    }
    const cutoff = new Date(now.getTime() - policy.defaultDays * 86_400_000).toISOString();
    await this.writer.run('DELETE FROM _ingest_batches WHERE committed_at < $1::TIMESTAMP', [cutoff]);
    await this.writer.run('DELETE FROM _ingest_record_ids WHERE committed_at < $1::TIMESTAMP', [cutoff]);
    return { deleted };
  }

  /**
   * Prunes now and then every `intervalMs` (default hourly). `beforeEach` lets the caller route the prune
   * through the ingest write queue so it never interleaves with a batch's transaction.
   */
  scheduleRetention(policy: RetentionPolicy, options: { intervalMs?: number; run?: (prune: () => Promise<unknown>) => Promise<unknown>; onError?: (err: unknown) => void } = {}): void {
    this.stopRetention();
    const tick = (): void => {
      if (this.closed) return;
      const job = (): Promise<unknown> => this.prune(new Date(), policy);
      (options.run ? options.run(job) : job()).catch((err: unknown) => options.onError?.(err));
    };
    this.retentionTimer = setInterval(tick, options.intervalMs ?? 3_600_000);
    this.retentionTimer.unref();
    tick();
  }

  stopRetention(): void {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.retentionTimer = undefined;
  }

  stats(): Promise<StoreStats> {
    return this.withWriter(() => this.statsExclusive());
  }

  private async statsExclusive(): Promise<StoreStats> {
    const parts = [...huntingTables.values()].map(
      (t) =>
        `SELECT '${t.name}' AS t, count(*) AS n, min(${quoteIdent(INGESTION_TIME_COLUMN)})::VARCHAR AS lo, max(${quoteIdent(INGESTION_TIME_COLUMN)})::VARCHAR AS hi FROM ${quoteIdent(t.name)}`,
    );
    const rows = (await this.writer.runAndReadAll(parts.join(' UNION ALL '))).getRowsJson();
    const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    const tables: TableStats[] = rows.map((r) => ({
      table: text(r[0]) ?? '',
      rows: Number(r[1]),
      oldestIngestion: text(r[2]),
      newestIngestion: text(r[3]),
    }));
    const dl = (await this.writer.runAndReadAll('SELECT count(*) FROM _dead_letters')).getRowsJS();
    let fileBytes = 0;
    for (const f of [this.path, `${this.path}.wal`]) if (existsSync(f)) fileBytes += statSync(f).size;
    return { tables, totalRows: tables.reduce((s, t) => s + t.rows, 0), deadLetters: Number(dl[0]?.[0] ?? 0), fileBytes };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopRetention();
    await this.checkpointing;
    if (this.second) {
      await this.second.tail;
      (await this.second.conn).closeSync();
      this.second = undefined;
    }
    await this.withWriter((w) => w.run('CHECKPOINT'));
    this.writer.closeSync();
    this.instance.closeSync();
  }
}

/**
 * Wraps SQL so each hunting table it names is replaced by a CTE of the same name holding only the rows
 * the caller may see: the scope's devices (tables with DeviceId) and the time window (tables with
 * Timestamp). CTE names shadow the tables inside the wrapped query, so the filter applies first.
 */
export function scopeSql(sql: string, filter: { deviceIds?: readonly string[] | undefined; since?: Date | undefined }): string {
  const ctes: string[] = [];
  for (const t of huntingTables.values()) {
    if (!(sql.includes(quoteIdent(t.name)) || new RegExp(`\\b${t.name}\\b`).test(sql))) continue;
    const where: string[] = [];
    if (filter.deviceIds && t.columns.some((c) => c.name === 'DeviceId')) {
      const list = filter.deviceIds.length === 0 ? 'NULL' : filter.deviceIds.map((d) => `'${d.replaceAll("'", "''")}'`).join(', ');
      where.push(`"DeviceId" IN (${list})`);
    }
    if (filter.since && t.columns.some((c) => c.name === 'Timestamp')) where.push(`"Timestamp" >= TIMESTAMP '${filter.since.toISOString().replace('T', ' ').replace('Z', '')}'`);
    if (where.length > 0) ctes.push(`${quoteIdent(t.name)} AS (SELECT * FROM main.${quoteIdent(t.name)} WHERE ${where.join(' AND ')})`);
  }
  if (ctes.length === 0) return sql;
  return `WITH ${ctes.join(',\n')}\nSELECT * FROM (\n${sql}\n) AS scoped_query`;
}

/** A row batch as columns per table (record ids kept per row), in the tables' order of first appearance. */
export function toColumnar(batch: AppendBatch): ColumnarAppendBatch {
  const { rows, ...rest } = batch;
  return { ...rest, tables: rowsToColumns(rows) };
}

/** Graph's runHuntingQuery shape: datetimes as ISO 8601 UTC, numbers as numbers. */
function toResultRow(r: Record<string, unknown>, names: readonly string[], types: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const v = r[name];
    const type = types[i] ?? '';
    if (typeof v === 'string' && type.startsWith('TIMESTAMP')) out[name] = `${v.replace(' ', 'T').replace(/(\+00(:00)?)?$/, '')}Z`;
    else if (typeof v === 'string' && (type === 'BIGINT' || type === 'HUGEINT' || type === 'UBIGINT') && /^-?\d+$/.test(v) && Number.isSafeInteger(Number(v))) out[name] = Number(v);
    else out[name] = v ?? null;
  }
  return out;
}

async function applyMigration(conn: DuckDBConnection, m: Migration<DuckDBConnection>): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    await m.up(conn);
    await conn.run(`INSERT OR REPLACE INTO _palisade_meta VALUES ('schema_version', '${m.version}')`);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw new Error(`event migration ${m.version} (${m.name}) failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
