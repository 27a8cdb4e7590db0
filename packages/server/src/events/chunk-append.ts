/**
 * Appends validated rows to a hunting table a whole DataChunk (up to 2,048 rows) at a time, column by
 * column, instead of one appender call per cell. Fixed-width columns (int, long, real, bool, datetime)
 * are written into typed arrays and copied into the chunk's vector in one call; NULLs are validity bits
 * (no call at all, which matters: most of a Device* row's 40-66 columns are empty); strings still take
 * one call each (DuckDB owns string storage). Measured in docs/BENCHMARKS.md.
 *
 * Tables with a column type that has no fixed-width encoding here (guid, decimal, timespan) are not
 * handled: `forTable` returns null and the store appends those per value.
 */
import duckdb from '@duckdb/node-bindings';
import { DuckDBDataChunk } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBType } from '@duckdb/node-api';
import type { KustoType, TableDef } from '../schema/advanced-hunting.ts';
import type { Cell } from './event-store-types.ts';

/** How a column's cells are laid out in its vector. */
const Kind = { Varchar: 0, Int32: 1, Int64: 2, Double: 3, Bool: 4, Timestamp: 5 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const kindOf: Readonly<Partial<Record<KustoType, Kind>>> = {
  string: Kind.Varchar,
  dynamic: Kind.Varchar,
  int: Kind.Int32,
  long: Kind.Int64,
  real: Kind.Double,
  bool: Kind.Bool,
  datetime: Kind.Timestamp,
};

/** DuckDB's STANDARD_VECTOR_SIZE: the most rows one DataChunk holds. */
export const CHUNK_ROWS = 2048;
const TWO_32 = 4294967296;

// Scratch buffers, reused for every column of every chunk (appends are serialised by the write queue).
const scratch = new ArrayBuffer(CHUNK_ROWS * 8);
const i32 = new Int32Array(scratch);
const f64 = new Float64Array(scratch);
const u8 = new Uint8Array(scratch);
const validityBuf = new ArrayBuffer(CHUNK_ROWS / 8);
const validity = new Uint32Array(validityBuf);

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

function putInt64(at: number, n: number): void {
  const hi = Math.floor(n / TWO_32);
  i32[at * 2] = (n - hi * TWO_32) | 0;
  i32[at * 2 + 1] = hi | 0;
}

export class ChunkAppender {
  /** The appender's column types (the table's, plus __ingestion_time), read from the first appender. */
  private types: readonly DuckDBType[] | undefined;

  private constructor(
    readonly table: string,
    /** One per schema column; __ingestion_time follows them. */
    private readonly kinds: readonly Kind[],
  ) {}

  static forTable(def: TableDef): ChunkAppender | null {
    const kinds: Kind[] = [];
    for (const c of def.columns) {
      const k = kindOf[c.type];
      if (k === undefined) return null;
      kinds.push(k);
    }
    return new ChunkAppender(def.name, kinds);
  }

  /** Appends `rows` (cells in schema order) through `a`, an appender on this table; `nowMs` is the ingestion time. */
  append(a: DuckDBAppender, rows: readonly (readonly Cell[])[], nowMs: number): void {
    const width = this.kinds.length;
    if (!this.types) {
      if (a.columnCount !== width + 1) throw new Error(`append: ${this.table} has ${a.columnCount} columns, the schema ${width} + __ingestion_time`);
      this.types = Array.from({ length: a.columnCount }, (_, i) => a.columnType(i));
    }
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows.length - start);
      const chunk = DuckDBDataChunk.create(this.types, n);
      const raw = chunk.chunk;
      const validityBytes = Math.ceil(n / 64) * 8;
      for (let c = 0; c < width; c++) {
        const vec = duckdb.data_chunk_get_vector(raw, c);
        validity.fill(0);
        let valid = 0;
        const kind = this.kinds[c] as Kind;
        switch (kind) {
          case Kind.Varchar:
            for (let r = 0; r < n; r++) {
              const v = (rows[start + r] as readonly Cell[])[c];
              if (v === null || v === undefined) continue;
              duckdb.vector_assign_string_element(vec, r, v as string);
              validity[r >>> 5] = (validity[r >>> 5] as number) | (1 << (r & 31));
              valid++;
            }
            break;
          case Kind.Int32:
          case Kind.Int64:
          case Kind.Double:
          case Kind.Bool:
          case Kind.Timestamp:
            for (let r = 0; r < n; r++) {
              const v = (rows[start + r] as readonly Cell[])[c];
              if (v === null || v === undefined) continue;
              if (kind === Kind.Int32) i32[r] = v as number;
              else if (kind === Kind.Int64) putInt64(r, v as number);
              else if (kind === Kind.Double) f64[r] = v as number;
              else if (kind === Kind.Bool) u8[r] = v === true ? 1 : 0;
              else putInt64(r, typeof v === 'number' ? v : timestampMicros(v as string));
              validity[r >>> 5] = (validity[r >>> 5] as number) | (1 << (r & 31));
              valid++;
            }
            if (valid > 0) {
              const bytes = kind === Kind.Int32 ? 4 : kind === Kind.Bool ? 1 : 8;
              duckdb.copy_data_to_vector(vec, 0, scratch, 0, n * bytes);
            }
            break;
        }
        if (valid < n) {
          duckdb.vector_ensure_validity_writable(vec);
          duckdb.copy_data_to_vector_validity(vec, 0, validityBuf, 0, validityBytes);
        }
      }
      // __ingestion_time: one instant for the whole batch.
      const vec = duckdb.data_chunk_get_vector(raw, width);
      for (let r = 0; r < n; r++) putInt64(r, nowMs * 1000);
      duckdb.copy_data_to_vector(vec, 0, scratch, 0, n * 8);
      a.appendDataChunk(chunk);
    }
  }
}
