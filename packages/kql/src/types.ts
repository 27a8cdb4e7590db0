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
  /**
   * geo_info_from_ip_address(ip): a SQL function in the target database taking a VARCHAR and returning JSON.
   * Without `sqlFunction` (no geo database configured) the function yields null with a warning.
   */
  geoInfoFromIp?: { sqlFunction?: string };
}

/** A table (or view) in the target database that a tabular provider reads, joined on `key`. */
export interface ProviderTable {
  table: string;
  columns: readonly ColumnSchema[];
  /** The provider column matched with the function's key argument (FileProfile: SHA1; it also accepts SHA256). */
  key: string;
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

/**
 * externaldata(...)[urls]: the compiler does no I/O. The SQL reads table `table`, which the caller must create
 * (with these columns) and fill from the URLs before running the statement.
 */
export interface ExternalDataRequirement {
  table: string;
  urls: string[];
  format: string;
  ignoreFirstRecord: boolean;
  columns: ColumnSchema[];
}

export interface CompileResult {
  /** One read-only SELECT/WITH statement; empty when there are errors. */
  sql: string;
  /** Positional parameters ($1, $2, ...) of `sql`. */
  params: unknown[];
  columns: ColumnSchema[];
  diagnostics: Diagnostic[];
  render?: RenderInfo;
  /** Tables the caller must load before running `sql` (from externaldata). */
  externalData?: ExternalDataRequirement[];
}
