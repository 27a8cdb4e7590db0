/** Public types of @palisade/kql. Everything here is plain data. */

/** The scalar types of Kusto. */
export type KustoType = 'string' | 'int' | 'long' | 'real' | 'decimal' | 'bool' | 'datetime' | 'timespan' | 'guid' | 'dynamic';

export const KUSTO_TYPES: readonly KustoType[] = ['string', 'int', 'long', 'real', 'decimal', 'bool', 'datetime', 'timespan', 'guid', 'dynamic'];

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in a query. Lines and columns are 1-based; the end is exclusive. */
export interface Diagnostic {
  code: string;
  message: string;
  severity: Severity;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ColumnSchema {
  name: string;
  type: KustoType;
}

/** The tables a query may read, with their columns (the Advanced Hunting schema in Palisade). */
export interface Schema {
  tables: Record<string, { columns: readonly ColumnSchema[] }>;
}

/**
 * Functions that read other data (FileProfile, DeviceFromIP, ingestion_time, ...). The caller supplies
 * them; without a provider the compiler reports `missing-provider`.
 */
export interface Providers {
  /** SQL expression (in the dialect) for a row's ingestion time; gets nothing, returns a TIMESTAMP expression. */
  ingestionTime?: { columnName: string };
  /**
   * Tabular providers used by `invoke FileProfile()`, `invoke DeviceFromIP()`, `invoke SeenBy()`: the name of a
   * table (or view) in the target database the caller guarantees exists, with its columns. The compiler joins it.
   */
  fileProfile?: ProviderTable;
  deviceFromIp?: ProviderTable;
  seenBy?: ProviderTable;
  /** geo_info_from_ip_address(ip): SQL function name in the target database taking a VARCHAR, returning JSON. */
  geoInfoFromIp?: { sqlFunction: string };
}

export interface ProviderTable {
  table: string;
  columns: readonly ColumnSchema[];
}

export interface CompileOptions {
  schema: Schema;
  dialect: 'duckdb';
  /** The instant `now()` and `ago()` refer to; defaults to the time of the call. */
  now?: Date;
  /** Row cap applied to the outermost result. */
  maxRows?: number;
  providers?: Providers;
}

export interface RenderInfo {
  visualization: string;
  properties: Record<string, unknown>;
}

export interface CompileResult {
  /** One read-only SELECT/WITH statement; empty when there are errors. */
  sql: string;
  /** Positional parameters ($1, $2, ...) of `sql`. */
  params: unknown[];
  columns: ColumnSchema[];
  diagnostics: Diagnostic[];
  render?: RenderInfo;
}
