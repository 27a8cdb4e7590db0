/**
 * A batch's rows of one hunting table as columns, laid out the way DuckDB's DataChunk vectors take them,
 * so the thread that holds the appender only copies: fixed-width columns are one buffer each (copied into
 * a vector in one call per chunk), NULLs are validity bits already arranged per chunk, and string columns
 * are their distinct values plus a selection (row -> value), so the appender assigns each distinct string
 * once per chunk and repeats are a 16-byte copy of the first one's string_t (see chunk-append.ts).
 *
 * Built where rows are validated: on the ingest worker thread for HTTP batches (and moved to the main
 * thread by structured clone, which copies typed arrays as memory), or in-thread for the row API.
 * Everything here is plain data: no functions, no classes.
 */
import { huntingTables } from '../schema/advanced-hunting.ts';
import type { KustoType, TableDef } from '../schema/advanced-hunting.ts';
import type { Cell, EventRow } from './event-store-types.ts';

/** DuckDB's STANDARD_VECTOR_SIZE: the most rows one DataChunk holds. */
export const CHUNK_ROWS = 2048;
/** Validity words (32 bits) per chunk: CHUNK_ROWS / 32. */
export const VALIDITY_WORDS_PER_CHUNK = CHUNK_ROWS / 32;

export const ColumnKind = { Varchar: 0, Int32: 1, Int64: 2, Double: 3, Bool: 4 } as const;
export type ColumnKind = (typeof ColumnKind)[keyof typeof ColumnKind];

/** How each Kusto type is laid out; guid, decimal and timespan have no layout here (their tables go row by row). */
export const columnKindOf: Readonly<Partial<Record<KustoType, ColumnKind>>> = {
  string: ColumnKind.Varchar,
  dynamic: ColumnKind.Varchar,
  int: ColumnKind.Int32,
  long: ColumnKind.Int64,
  datetime: ColumnKind.Int64,
  real: ColumnKind.Double,
  bool: ColumnKind.Bool,
};

export const bytesOf = (kind: ColumnKind): number => (kind === ColumnKind.Int32 ? 4 : kind === ColumnKind.Bool ? 1 : kind === ColumnKind.Varchar ? 16 : 8);

export interface ColumnData {
  readonly kind: ColumnKind;
  /** Non-NULL cells. */
  readonly valid: number;
  /**
   * Validity bits, VALIDITY_WORDS_PER_CHUNK words per chunk (bit r of a chunk's words: row r is not NULL);
   * null when no cell is NULL.
   */
  readonly validity: Uint32Array | null;
  /** Fixed-width kinds: the cells, little-endian, `bytesOf(kind)` each (NULL cells are zero). */
  readonly data: Uint8Array | null;
  /** Varchar: the strings, in order of first use; each once, except in a column whose values hardly repeat (TableColumnsBuilder stops looking those up). */
  readonly values: readonly string[] | null;
  /** Varchar: per row, the index into `values`, or -1 for NULL. */
  readonly sel: Int32Array | null;
}

export interface TableColumns {
  readonly table: string;
  readonly rows: number;
  /** One per schema column, or null for tables with a column type that has no layout (then `cells`). */
  readonly columns: readonly ColumnData[] | null;
  /** Rows in schema order, for tables without a columnar layout. */
  readonly cells: readonly (readonly Cell[])[] | null;
  /** Per row, the record id the source gave ('' for none); absent when no row has one. */
  readonly recordIds: readonly string[] | null;
}

const TWO_32 = 4294967296;

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  if (d < 0 || d > 9) throw new Error(`append: not a normalised datetime: ${JSON.stringify(s)}`);
  return d;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Microseconds since the epoch for a normalised datetime cell ('YYYY-MM-DD HH:MM:SS[.ffffff]', UTC, as
 * ingest/validate.ts writes it; a 'T' separator and a trailing 'Z' are also taken). Anything else is a
 * caller bug and throws, failing the batch's transaction as a whole.
 */
export function timestampMicros(s: string): number {
  const sep = s.charCodeAt(10);
  if (s.length < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    throw new Error(`append: not a normalised datetime: ${JSON.stringify(s)}`);
  }
  const year = two(s, 0) * 100 + two(s, 2);
  let ms = Date.UTC(year, two(s, 5) - 1, two(s, 8), two(s, 11), two(s, 14), two(s, 17));
  if (year < 100) ms = new Date(ms).setUTCFullYear(year); // Date.UTC maps 0-99 to 1900-1999
  let micros = 0;
  let end = s.length;
  if (s.charCodeAt(end - 1) === 90) end--; // Z
  if (end > 19) {
    if (s.charCodeAt(19) !== 46) throw new Error(`append: not a normalised datetime: ${JSON.stringify(s)}`);
    for (let i = 20; i < end; i++) {
      const d = digit(s, i);
      if (i < 26) micros = micros * 10 + d;
    }
    for (let i = Math.max(end, 20); i < 26; i++) micros *= 10;
  }
  return ms * 1000 + micros;
}

/** Whether a table's rows can be laid out as columns (every column type has a layout). */
export function hasColumnLayout(def: TableDef): boolean {
  return def.columns.every((c) => columnKindOf[c.type] !== undefined);
}

/** Lays out validated rows (cells in schema order) of one table as columns; `recordIds` per row ('' for none). */
export function buildColumns(def: TableDef, rows: readonly (readonly Cell[])[], recordIds: readonly string[] | null = null): TableColumns {
  const n = rows.length;
  if (!hasColumnLayout(def)) return { table: def.name, rows: n, columns: null, cells: rows, recordIds };
  const chunks = Math.ceil(n / CHUNK_ROWS);
  const columns: ColumnData[] = [];
  for (let c = 0; c < def.columns.length; c++) {
    const kind = columnKindOf[(def.columns[c] as TableDef['columns'][number]).type] as ColumnKind;
    const validity = new Uint32Array(chunks * VALIDITY_WORDS_PER_CHUNK);
    let valid = 0;
    if (kind === ColumnKind.Varchar) {
      const sel = new Int32Array(n);
      const values: string[] = [];
      const seen = new Map<string, number>();
      for (let r = 0; r < n; r++) {
        const v = (rows[r] as readonly Cell[])[c];
        if (v === null || v === undefined) {
          sel[r] = -1;
          continue;
        }
        const s = v as string;
        let u = seen.get(s);
        if (u === undefined) {
          u = values.length;
          values.push(s);
          seen.set(s, u);
        }
        sel[r] = u;
        setValid(validity, r);
        valid++;
      }
      columns.push({ kind, valid, validity: valid === n ? null : validity, data: null, values, sel });
      continue;
    }
    const bytes = bytesOf(kind);
    const data = new Uint8Array(n * bytes);
    const i32 = kind === ColumnKind.Int32 || kind === ColumnKind.Int64 ? new Int32Array(data.buffer) : null;
    const f64 = kind === ColumnKind.Double ? new Float64Array(data.buffer) : null;
    for (let r = 0; r < n; r++) {
      const v = (rows[r] as readonly Cell[])[c];
      if (v === null || v === undefined) continue;
      if (kind === ColumnKind.Int32) (i32 as Int32Array)[r] = v as number;
      else if (kind === ColumnKind.Int64) {
        const x = typeof v === 'number' ? v : timestampMicros(v as string);
        const hi = Math.floor(x / TWO_32);
        (i32 as Int32Array)[r * 2] = (x - hi * TWO_32) | 0;
        (i32 as Int32Array)[r * 2 + 1] = hi | 0;
      } else if (kind === ColumnKind.Double) (f64 as Float64Array)[r] = v as number;
      else data[r] = v === true ? 1 : 0;
      setValid(validity, r);
      valid++;
    }
    columns.push({ kind, valid, validity: valid === n ? null : validity, data, values: null, sel: null });
  }
  return { table: def.name, rows: n, columns, cells: null, recordIds };
}

function setValid(validity: Uint32Array, r: number): void {
  // Chunk-aligned: row r is in chunk r / CHUNK_ROWS; each chunk's bits start on a fresh word.
  const w = r >>> 5;
  validity[w] = (validity[w] as number) | (1 << (r & 31));
}

/** The same columns with only the rows `keep` names (in order): for dropping records already stored. */
export function selectRows(def: TableDef, t: TableColumns, keep: readonly number[]): TableColumns {
  const ids = t.recordIds ? keep.map((r) => t.recordIds?.[r] ?? '') : null;
  if (!t.columns) return { ...t, rows: keep.length, cells: keep.map((r) => (t.cells as readonly (readonly Cell[])[])[r] as readonly Cell[]), recordIds: ids };
  return buildColumns(def, keep.map((r) => cellsOf(t, r)), ids);
}

/** Row r of a columnar table back as cells (datetimes as epoch microseconds). */
export function cellsOf(t: TableColumns, r: number): Cell[] {
  if (!t.columns) return [...((t.cells as readonly (readonly Cell[])[])[r] as readonly Cell[])];
  return t.columns.map((col) => {
    if (col.validity && ((col.validity[r >>> 5] as number) & (1 << (r & 31))) === 0) return null;
    if (col.kind === ColumnKind.Varchar) return (col.values as readonly string[])[(col.sel as Int32Array)[r] as number] as string;
    const data = col.data as Uint8Array;
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (col.kind === ColumnKind.Int32) return view.getInt32(r * 4, true);
    if (col.kind === ColumnKind.Int64) return view.getInt32(r * 8 + 4, true) * TWO_32 + view.getUint32(r * 8, true);
    if (col.kind === ColumnKind.Double) return view.getFloat64(r * 8, true);
    return data[r] === 1;
  });
}

/** Rows grouped per table (tables in order of first appearance) and laid out as columns, record ids kept per row. */
export function rowsToColumns(rows: readonly EventRow[]): TableColumns[] {
  const byTable = new Map<string, { cells: EventRow['cells'][]; ids: string[]; anyId: boolean }>();
  for (const row of rows) {
    let t = byTable.get(row.table);
    if (!t) byTable.set(row.table, (t = { cells: [], ids: [], anyId: false }));
    t.cells.push(row.cells);
    t.ids.push(row.recordId ?? '');
    if (row.recordId !== undefined) t.anyId = true;
  }
  const tables: TableColumns[] = [];
  for (const [name, t] of byTable) {
    const def = huntingTables.get(name);
    if (!def) throw new Error(`append: unknown table ${name}`);
    tables.push(buildColumns(def, t.cells, t.anyId ? t.ids : null));
  }
  return tables;
}

/**
 * Builds one table's columns row by row without a row object: a validator writes each cell straight into
 * its column. Rows are begun, then committed or rolled back together (a record that fails validation on
 * its second row leaves nothing behind).
 */
export class TableColumnsBuilder {
  private cap = 0;
  private committed = 0;
  private open = 0;
  private readonly kinds: readonly ColumnKind[];
  private readonly data: (Uint8Array | null)[] = [];
  private readonly i32: (Int32Array | null)[] = [];
  private readonly f64: (Float64Array | null)[] = [];
  private readonly validity: Uint32Array[] = [];
  private readonly valid: number[] = [];
  private readonly sel: (Int32Array | null)[] = [];
  /** Varchar: value -> index into values, while the column repeats enough for the lookups to pay (see set). */
  private readonly distinct: (Map<string, number> | null)[] = [];
  /** Varchar: strings set, and how many were new (decides whether `distinct` is kept). */
  private readonly lookups: number[] = [];
  private readonly misses: number[] = [];
  private readonly values: (string[] | null)[] = [];
  private recordIds: string[] | null = null;
  /** Tables without a columnar layout keep cells. */
  private readonly cells: Cell[][] | null;

  constructor(readonly def: TableDef) {
    const layout = hasColumnLayout(def);
    this.kinds = def.columns.map((c) => columnKindOf[c.type] ?? ColumnKind.Varchar);
    this.cells = layout ? null : [];
    for (const kind of this.kinds) {
      this.data.push(null);
      this.i32.push(null);
      this.f64.push(null);
      this.validity.push(new Uint32Array(0));
      this.valid.push(0);
      this.sel.push(null);
      this.distinct.push(kind === ColumnKind.Varchar ? new Map() : null);
      this.lookups.push(0);
      this.misses.push(0);
      this.values.push(kind === ColumnKind.Varchar ? [] : null);
    }
  }

  get columnar(): boolean {
    return this.cells === null;
  }

  /** Starts a row (after any rows begun and not yet committed); returns its index. */
  begin(): number {
    const r = this.committed + this.open;
    if (r >= this.cap) this.grow(Math.max(1024, this.cap * 2));
    this.open++;
    if (this.cells) this.cells.push(new Array<Cell>(this.kinds.length).fill(null));
    return r;
  }

  commit(): void {
    this.committed += this.open;
    this.open = 0;
  }

  /** Forgets the rows begun since the last commit. */
  rollback(): void {
    for (let r = this.committed; r < this.committed + this.open; r++) {
      for (let c = 0; c < this.kinds.length; c++) if (this.isSet(c, r)) this.unset(c, r);
      if (this.recordIds) this.recordIds[r] = '';
    }
    if (this.cells) this.cells.length = this.committed;
    this.open = 0;
  }

  isSet(c: number, r: number): boolean {
    return (((this.validity[c] as Uint32Array)[r >>> 5] as number) & (1 << (r & 31))) !== 0;
  }

  private unset(c: number, r: number): void {
    const v = this.validity[c] as Uint32Array;
    v[r >>> 5] = (v[r >>> 5] as number) & ~(1 << (r & 31));
    this.valid[c] = (this.valid[c] as number) - 1;
    const sel = this.sel[c];
    if (sel) sel[r] = -1;
  }

  /** Sets cell (c, r) to a validated cell of the column's type (a datetime as epoch microseconds or normalised text). */
  set(c: number, r: number, v: Cell): void {
    if (v === null) return;
    if (this.isSet(c, r)) this.unset(c, r);
    if (this.cells) (this.cells[r] as Cell[])[c] = v;
    else {
      switch (this.kinds[c]) {
        case ColumnKind.Varchar: {
          const s = v as string;
          const values = this.values[c] as string[];
          const distinct = this.distinct[c];
          let u = distinct?.get(s);
          if (u === undefined) {
            u = values.length;
            values.push(s);
            if (distinct) {
              distinct.set(s, u);
              // A column whose values hardly repeat (command lines, paths, ids) gains nothing from the
              // lookup: after 512 strings with over 90% new, its later values are all taken as new.
              const n = (this.lookups[c] as number) + 1;
              const m = (this.misses[c] as number) + 1;
              this.lookups[c] = n;
              this.misses[c] = m;
              if (n >= 512 && m * 10 > n * 9) this.distinct[c] = null;
            }
          } else this.lookups[c] = (this.lookups[c] as number) + 1;
          (this.sel[c] as Int32Array)[r] = u;
          break;
        }
        case ColumnKind.Int32:
          (this.i32[c] as Int32Array)[r] = v as number;
          break;
        case ColumnKind.Int64: {
          const x = typeof v === 'number' ? v : timestampMicros(v as string);
          const hi = Math.floor(x / TWO_32);
          const a = this.i32[c] as Int32Array;
          a[r * 2] = (x - hi * TWO_32) | 0;
          a[r * 2 + 1] = hi | 0;
          break;
        }
        case ColumnKind.Double:
          (this.f64[c] as Float64Array)[r] = v as number;
          break;
        default:
          (this.data[c] as Uint8Array)[r] = v === true ? 1 : 0;
      }
    }
    const validity = this.validity[c] as Uint32Array;
    validity[r >>> 5] = (validity[r >>> 5] as number) | (1 << (r & 31));
    this.valid[c] = (this.valid[c] as number) + 1;
  }

  setRecordId(r: number, id: string): void {
    if (!this.recordIds) this.recordIds = [];
    while (this.recordIds.length < r) this.recordIds.push('');
    this.recordIds[r] = id;
  }

  private grow(cap: number): void {
    const words = Math.ceil(cap / CHUNK_ROWS) * VALIDITY_WORDS_PER_CHUNK;
    for (let c = 0; c < this.kinds.length; c++) {
      const v = new Uint32Array(words);
      v.set(this.validity[c] as Uint32Array);
      this.validity[c] = v;
      if (this.cells) continue;
      const kind = this.kinds[c] as ColumnKind;
      if (kind === ColumnKind.Varchar) {
        const sel = new Int32Array(cap).fill(-1);
        const old = this.sel[c];
        if (old) sel.set(old);
        this.sel[c] = sel;
        continue;
      }
      const data = new Uint8Array(cap * bytesOf(kind));
      const old = this.data[c];
      if (old) data.set(old);
      this.data[c] = data;
      this.i32[c] = kind === ColumnKind.Int32 || kind === ColumnKind.Int64 ? new Int32Array(data.buffer) : null;
      this.f64[c] = kind === ColumnKind.Double ? new Float64Array(data.buffer) : null;
    }
    this.cap = cap;
  }

  /** The committed rows as columns (buffers trimmed to the row count). */
  finish(): TableColumns {
    const n = this.committed;
    const ids = this.recordIds ? Array.from({ length: n }, (_, r) => this.recordIds?.[r] ?? '') : null;
    if (this.cells) return buildColumns(this.def, this.cells.slice(0, n), ids);
    const words = Math.ceil(n / CHUNK_ROWS) * VALIDITY_WORDS_PER_CHUNK;
    const columns: ColumnData[] = this.kinds.map((kind, c) => {
      const valid = this.valid[c] as number;
      const validity = valid === n ? null : (this.validity[c] as Uint32Array).slice(0, words);
      // (Buffers are null until the first row is begun.)
      if (kind === ColumnKind.Varchar) return { kind, valid, validity, data: null, values: this.values[c] as string[], sel: this.sel[c]?.slice(0, n) ?? new Int32Array(0) };
      return { kind, valid, validity, data: this.data[c]?.slice(0, n * bytesOf(kind)) ?? new Uint8Array(0), values: null, sel: null };
    });
    return { table: this.def.name, rows: n, columns, cells: null, recordIds: ids };
  }
}
