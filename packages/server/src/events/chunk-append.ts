/**
 * Appends a table's columns (events/columns.ts) a whole DataChunk (up to 2,048 rows) at a time, instead of
 * one appender call per cell. Fixed-width columns arrive as buffers and are copied into their vectors in
 * one call per chunk; NULLs are validity bits copied the same way (no call per cell: most of a Device*
 * row's 40-66 columns are empty). Strings need DuckDB to own their bytes, so each distinct string of a
 * chunk is assigned once (one N-API call); a repeat copies the first row's 16-byte string_t, which points
 * into the same vector's string heap and is copied out with it when the chunk is appended. Measured in
 * docs/BENCHMARKS.md.
 *
 * Tables with a column type that has no columnar layout (guid, decimal, timespan) are not handled:
 * `forTable` returns null and the store appends those per value.
 */
import duckdb from '@duckdb/node-bindings';
import { DuckDBDataChunk } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBType } from '@duckdb/node-api';
import type { TableDef } from '../schema/advanced-hunting.ts';
import type { Cell } from './event-store-types.ts';
import { CHUNK_ROWS, ColumnKind, VALIDITY_WORDS_PER_CHUNK, buildColumns, bytesOf, hasColumnLayout } from './columns.ts';
import type { TableColumns } from './columns.ts';

export { CHUNK_ROWS, timestampMicros } from './columns.ts';

const TWO_32 = 4294967296;

// Scratch state, reused for every chunk (appends are serialised by the store's writer queue).
const stamp = new ArrayBuffer(CHUNK_ROWS * 8);
const stamp32 = new Int32Array(stamp);
const noneValid = new ArrayBuffer(VALIDITY_WORDS_PER_CHUNK * 4);
/** Per distinct string: the chunk generation it was last assigned in, and the row it was assigned at. */
let seenGen = new Int32Array(4096);
let seenRow = new Int32Array(4096);
let generation = 0;

export class ChunkAppender {
  /** The appender's column types (the table's, plus __ingestion_time), read from the first appender. */
  private types: readonly DuckDBType[] | undefined;

  private constructor(readonly def: TableDef) {}

  static forTable(def: TableDef): ChunkAppender | null {
    return hasColumnLayout(def) ? new ChunkAppender(def) : null;
  }

  /** Appends `rows` (cells in schema order) through `a`, an appender on this table; `nowMs` is the ingestion time. */
  append(a: DuckDBAppender, rows: readonly (readonly Cell[])[], nowMs: number): void {
    this.appendColumns(a, buildColumns(this.def, rows), nowMs);
  }

  /** Appends a columnar table (built for this table) through `a`; `nowMs` is the ingestion time. */
  appendColumns(a: DuckDBAppender, t: TableColumns, nowMs: number): void {
    const width = this.def.columns.length;
    const columns = t.columns;
    if (!columns || columns.length !== width) throw new Error(`append: ${t.table} columns do not match the schema of ${this.def.name}`);
    if (!this.types) {
      if (a.columnCount !== width + 1) throw new Error(`append: ${this.def.name} has ${a.columnCount} columns, the schema ${width} + __ingestion_time`);
      this.types = Array.from({ length: a.columnCount }, (_, i) => a.columnType(i));
    }
    // __ingestion_time: one instant for the whole batch.
    const micros = nowMs * 1000;
    const hi = Math.floor(micros / TWO_32);
    for (let r = 0; r < CHUNK_ROWS; r++) {
      stamp32[r * 2] = (micros - hi * TWO_32) | 0;
      stamp32[r * 2 + 1] = hi | 0;
    }
    for (let start = 0, k = 0; start < t.rows; start += CHUNK_ROWS, k++) {
      const n = Math.min(CHUNK_ROWS, t.rows - start);
      const chunk = DuckDBDataChunk.create(this.types, n);
      const raw = chunk.chunk;
      const validityBytes = Math.ceil(n / 64) * 8;
      for (let c = 0; c < width; c++) {
        const col = columns[c] as (typeof columns)[number];
        const vec = duckdb.data_chunk_get_vector(raw, c);
        if (col.valid === 0) {
          duckdb.vector_ensure_validity_writable(vec);
          duckdb.copy_data_to_vector_validity(vec, 0, noneValid, 0, validityBytes);
          continue;
        }
        if (col.kind === ColumnKind.Varchar) putStrings(vec, col.values as readonly string[], col.sel as Int32Array, start, n);
        else {
          const bytes = bytesOf(col.kind);
          const data = col.data as Uint8Array;
          duckdb.copy_data_to_vector(vec, 0, data.buffer as ArrayBuffer, data.byteOffset + start * bytes, n * bytes);
        }
        if (col.validity) {
          duckdb.vector_ensure_validity_writable(vec);
          duckdb.copy_data_to_vector_validity(vec, 0, col.validity.buffer as ArrayBuffer, col.validity.byteOffset + k * VALIDITY_WORDS_PER_CHUNK * 4, validityBytes);
        }
      }
      duckdb.copy_data_to_vector(duckdb.data_chunk_get_vector(raw, width), 0, stamp, 0, n * 8);
      a.appendDataChunk(chunk);
    }
  }
}

/** Rows start..start+n of a string column into `vec`: each distinct value assigned once, repeats copied. */
function putStrings(vec: duckdb.Vector, values: readonly string[], sel: Int32Array, start: number, n: number): void {
  if (values.length > seenGen.length) {
    const size = Math.max(values.length, seenGen.length * 2);
    seenGen = new Int32Array(size);
    seenRow = new Int32Array(size);
    generation = 0;
  }
  if (++generation === 0x7fffffff) {
    seenGen.fill(0);
    generation = 1;
  }
  const gen = generation;
  let repeats = 0;
  for (let r = 0; r < n; r++) {
    const u = sel[start + r] as number;
    if (u < 0) continue;
    if (seenGen[u] === gen) repeats++;
    else {
      duckdb.vector_assign_string_element(vec, r, values[u] as string);
      seenGen[u] = gen;
      seenRow[u] = r;
    }
  }
  if (repeats === 0) return;
  // The vector's string_t array (16 bytes per row: length, then inline bytes or prefix + pointer) comes
  // back as a copy: fill the repeats in it from their first rows and write it back in one call.
  const bytes = duckdb.vector_get_data(vec, n * 16);
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, n * 4);
  for (let r = 0; r < n; r++) {
    const u = sel[start + r] as number;
    if (u < 0) continue;
    const first = seenRow[u] as number;
    if (first === r) continue;
    const from = first * 4;
    const to = r * 4;
    words[to] = words[from] as number;
    words[to + 1] = words[from + 1] as number;
    words[to + 2] = words[from + 2] as number;
    words[to + 3] = words[from + 3] as number;
  }
  duckdb.copy_data_to_vector(vec, 0, bytes.buffer as ArrayBuffer, bytes.byteOffset, n * 16);
}
