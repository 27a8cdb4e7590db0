/**
 * A bulk path into the event store for rows that are already in Advanced Hunting shape with values of their
 * columns' Kusto types (the simulator's rows): no format mapping, no dead letters, no record ids. Each row
 * becomes one CSV line appended to its table's temporary file (a few hundred lines per write, so memory stays
 * small and flat); when a table's file holds a row group's worth of rows, DuckDB loads it with `INSERT INTO
 * t SELECT ... FROM read_csv(...)` (parsed on DuckDB's own threads, written as compressed row groups) in a
 * transaction on the store's writer queue, while the caller goes on producing rows: one load in flight at a
 * time. `finish` loads the rest.
 *
 * The stored rows are the ones the ingest pipeline (ingest/validate.ts, the `defender` format) stores for
 * the same records: the same coercions per Kusto type, DeviceId filled from DeviceName where missing, and
 * the hidden __ingestion_time set to the load's instant. A test stores one organisation both ways and
 * compares every column. Measured against the DataChunk appender in docs/BENCHMARKS.md (Simulator).
 */
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDbEventStore } from './event-store.ts';
import { INGESTION_TIME_COLUMN, duckdbColumnType, huntingTables, quoteIdent } from '../schema/advanced-hunting.ts';
import type { KustoType } from '../schema/advanced-hunting.ts';
import { deviceIdFor } from '../ingest/identity.ts';

/** What went wrong, and where: the table, the column and the value. */
export class BulkLoadError extends Error {
  constructor(table: string, column: string | null, message: string) {
    super(`bulk load: ${table}${column === null ? '' : `.${column}`}: ${message}`);
    this.name = 'BulkLoadError';
  }
}

const describe = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** A CSV field: always quoted, so an empty string stays an empty string (an unquoted empty field is NULL). */
const quote = (s: string): string => (s.includes('"') ? `"${s.replaceAll('"', '""')}"` : `"${s}"`);

/** Digits at i..i+len-1 as a number, or -1. */
function digits(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** True for 'YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z', a real date and time (the shape ingest reads as epoch microseconds). */
function isIsoUtc(s: string): boolean {
  const n = s.length;
  if (n < 20 || n > 27 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(n - 1) !== 90) return false;
  if (n > 20 && (n === 21 || s.charCodeAt(19) !== 46 || digits(s, 20, n - 21) < 0)) return false;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return false;
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d; // Feb 30 rolls over
}

/** Per Kusto type: the CSV field of a well-typed value (what ingest/validate.ts would store), or undefined. */
type Field = (v: unknown) => string | undefined;
const fieldByType: Readonly<Record<KustoType, Field>> = {
  string: (v) => quote(typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)),
  int: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? String(v) : undefined),
  long: (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : undefined),
  real: (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined),
  bool: (v) => (typeof v === 'boolean' ? String(v) : undefined),
  datetime: (v) => (typeof v === 'string' && isIsoUtc(v) ? v : undefined),
  dynamic: (v) => {
    if (typeof v !== 'string') return quote(JSON.stringify(v));
    try {
      JSON.parse(v);
      return quote(v);
    } catch {
      return quote(JSON.stringify(v));
    }
  },
  // Not produced by the simulator: the bulk path refuses them rather than guess (use the ingest pipeline).
  decimal: () => undefined,
  timespan: () => undefined,
  guid: () => undefined,
};

interface TableBuffer {
  readonly name: string;
  readonly index: ReadonlyMap<string, number>;
  readonly types: readonly KustoType[];
  readonly fields: readonly Field[];
  readonly deviceIdAt: number | undefined;
  readonly timestampAt: number | undefined;
  /** The read_csv column list, with the table's DuckDB types. */
  readonly csvColumns: string;
  /** Reused for every row: one CSV field per column ('' is NULL). */
  readonly cells: string[];
  /** Lines not yet written to the table's file. */
  lines: string[];
  /** The file of the table's next load (open while it fills) and its row count. */
  file: { path: string; fd: number } | undefined;
  rows: number;
}

/** Lines a table collects before they are appended to its file (keeps them young for the GC). */
const WRITE_LINES = 512;

/** A table's rows ride along with another table's full load once they reach 1/RIDE_ALONG_FRACTION of a load. */
const RIDE_ALONG_FRACTION = 4;

/** DuckDB's row group size. */
export const ROW_GROUP_ROWS = 122_880;

export interface BulkLoaderOptions {
  /** Where the temporary CSV files go (created; each file is removed once loaded). */
  readonly tmpDir: string;
  /**
   * Rows of one table per load (default: one DuckDB row group, 122,880). A load of whole row groups is
   * written by DuckDB straight to the database file, compressed (an "optimistic write"), instead of going
   * through the WAL and being compressed again at the next checkpoint.
   */
  readonly tableRows?: number;
}

/**
 * Buffers typed rows and loads them a row group per table at a time. `add` throws a BulkLoadError on an unknown table or
 * column, or a value not of its column's type: that is a bug in the producer, not input to keep aside.
 */
export class BulkLoader {
  private readonly tables = new Map<string, TableBuffer>();
  private readonly tableRows: number;
  private pending = 0;
  private inflight: Promise<void> = Promise.resolve();
  private files = 0;
  /** Rows whose load has committed. */
  committed = 0;

  constructor(
    private readonly store: DuckDbEventStore,
    private readonly options: BulkLoaderOptions,
  ) {
    this.tableRows = options.tableRows ?? ROW_GROUP_ROWS;
    mkdirSync(options.tmpDir, { recursive: true });
  }

  /** Rows added and not yet handed to a load. */
  get buffered(): number {
    return this.pending;
  }

  /**
   * Adds one row (`{ Table, ...columns }`). Returns a promise when its table's file was handed to a load:
   * await it before adding more (it waits for the load before, so at most one is in flight).
   */
  add(row: Readonly<Record<string, unknown>>): Promise<void> | undefined {
    const table = row.Table;
    if (typeof table !== 'string') throw new BulkLoadError(String(table), null, 'a row needs a Table name');
    const t = this.tables.get(table) ?? this.open(table);
    const cells = t.cells;
    cells.fill('');
    for (const key in row) {
      const v = row[key];
      if (v === null || v === undefined || key === 'Table') continue;
      const i = t.index.get(key);
      if (i === undefined) {
        if (v === '') continue;
        throw new BulkLoadError(table, key, 'no such column');
      }
      // An empty string is "no value" for typed columns, as ingest reads exports.
      if (v === '' && t.types[i] !== 'string') continue;
      const f = (t.fields[i] as Field)(v);
      if (f === undefined) throw new BulkLoadError(table, key, `not a ${t.types[i] as string} value: ${describe(v)}`);
      cells[i] = f;
    }
    if (t.timestampAt !== undefined && cells[t.timestampAt] === '') throw new BulkLoadError(table, 'Timestamp', 'required');
    if (t.deviceIdAt !== undefined && (cells[t.deviceIdAt] === '' || cells[t.deviceIdAt] === '""') && typeof row.DeviceName === 'string' && row.DeviceName !== '') {
      cells[t.deviceIdAt] = quote(deviceIdFor(row.DeviceName));
    }
    t.lines.push(cells.join(','));
    this.pending++;
    if (t.lines.length >= WRITE_LINES) this.write(t);
    if (++t.rows >= this.tableRows) {
      // Tables that fill slowly ride along once they have a sizeable part of a row group, so they do not
      // all wait for `finish`, when nothing overlaps their load any more.
      const riders = [...this.tables.values()].filter((o) => o !== t && o.rows >= this.tableRows / RIDE_ALONG_FRACTION);
      return this.hand([t, ...riders]);
    }
    return undefined;
  }

  /** Appends a table's collected lines to its file (opened on first use). */
  private write(t: TableBuffer): void {
    if (t.lines.length === 0) return;
    if (!t.file) {
      const path = join(this.options.tmpDir, `${t.name}-${this.files++}.csv`);
      t.file = { path, fd: openSync(path, 'w') };
    }
    writeSync(t.file.fd, `${t.lines.join('\n')}\n`);
    t.lines = [];
  }

  private open(table: string): TableBuffer {
    const def = huntingTables.get(table);
    if (!def) throw new BulkLoadError(table, null, 'unknown Advanced Hunting table');
    const odd = def.columns.find((c) => c.type === 'guid' || c.type === 'decimal' || c.type === 'timespan');
    if (odd) throw new BulkLoadError(table, odd.name, `type ${odd.type} is not taken by the bulk path; use the ingest pipeline`);
    const index = new Map(def.columns.map((c, i) => [c.name, i]));
    const t: TableBuffer = {
      name: table,
      index,
      types: def.columns.map((c) => c.type),
      fields: def.columns.map((c) => fieldByType[c.type]),
      deviceIdAt: index.get('DeviceId'),
      timestampAt: index.get('Timestamp'),
      // dynamic (JSON) columns are read as text and stored as given, as the appender stores them.
      csvColumns: def.columns.map((c) => `'${c.name}': '${c.type === 'dynamic' ? 'VARCHAR' : duckdbColumnType[c.type]}'`).join(', '),
      cells: new Array<string>(def.columns.length).fill(''),
      lines: [],
      file: undefined,
      rows: 0,
    };
    this.tables.set(table, t);
    return t;
  }

  /** Hands every table's rows to a load (at most one load in flight); `finish` waits for it. */
  flush(): Promise<void> {
    return this.hand([...this.tables.values()]);
  }

  /**
   * Closes the tables' files and hands them to a load on the writer queue. Waits for the previous load first
   * (so at most one is in flight), not for this one.
   */
  private async hand(tables: readonly TableBuffer[]): Promise<void> {
    const files: { t: TableBuffer; file: string; rows: number }[] = [];
    let rows = 0;
    for (const t of tables) {
      if (t.rows === 0) continue;
      this.write(t);
      const f = t.file as { path: string; fd: number };
      closeSync(f.fd);
      files.push({ t, file: f.path, rows: t.rows });
      rows += t.rows;
      t.file = undefined;
      t.rows = 0;
    }
    if (files.length === 0) return;
    this.pending -= rows;
    await this.inflight;
    this.inflight = this.store.withWriter((w) => this.load(w, files)).then(() => {
      this.committed += rows;
    });
    // A failed load surfaces on the next hand-over or finish; keep it from being an unhandled rejection meanwhile.
    this.inflight.catch(() => undefined);
  }

  private async load(w: Parameters<Parameters<DuckDbEventStore['withWriter']>[0]>[0], files: readonly { t: TableBuffer; file: string; rows: number }[]): Promise<void> {
    try {
      await w.run('BEGIN TRANSACTION');
      try {
        const now = new Date().toISOString();
        const stamp = `TIMESTAMP '${now.slice(0, 10)} ${now.slice(11, 23)}'`;
        for (const { t, file, rows } of files) {
          const def = huntingTables.get(t.name);
          const select = def ? def.columns.map((c) => (c.type === 'dynamic' ? `${quoteIdent(c.name)}::JSON` : quoteIdent(c.name))).join(', ') : '*';
          const sql =
            `INSERT INTO ${quoteIdent(t.name)} SELECT ${select}, ${stamp} AS ${quoteIdent(INGESTION_TIME_COLUMN)} FROM read_csv('${file.replaceAll("'", "''")}', ` +
            `header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '\\n', allow_quoted_nulls = false, columns = {${t.csvColumns}})`;
          const r = await w.run(sql);
          if (r.rowsChanged !== rows) throw new Error(`bulk load: ${t.name}: ${rows} rows written, ${r.rowsChanged} read back from ${file}`);
        }
        await w.run('COMMIT');
      } catch (err) {
        try {
          await w.run('ROLLBACK');
        } catch {
          // already aborted; the original error is what matters
        }
        throw err;
      }
    } finally {
      for (const { file } of files) rmSync(file, { force: true });
    }
  }

  /** Loads what is buffered and waits for every load; then removes the temporary directory if empty. */
  async finish(): Promise<number> {
    await this.flush();
    await this.inflight;
    rmSync(this.options.tmpDir, { recursive: true, force: true });
    return this.committed;
  }

  /** Drops what is buffered, waits for the load in flight, removes the temporary files. */
  async abandon(): Promise<void> {
    for (const t of this.tables.values()) {
      t.lines = [];
      t.rows = 0;
      if (t.file) closeSync(t.file.fd);
      t.file = undefined;
    }
    this.pending = 0;
    await this.inflight.catch(() => undefined);
    rmSync(this.options.tmpDir, { recursive: true, force: true });
  }
}
