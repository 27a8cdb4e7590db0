/**
 * The Advanced Hunting schema, declared once.
 *
 * advanced-hunting.json (beside this file) lists every Defender Advanced Hunting table with its columns and
 * Kusto types, taken from Microsoft's published table reference (see its `source` field). Everything else is
 * derived from it here: the DuckDB DDL of the event store, the binder schema for @palisade/kql, the ingest
 * validators and the schema the hunting editor shows.
 */
import { readFileSync } from 'node:fs';

export type KustoType = 'string' | 'int' | 'long' | 'real' | 'decimal' | 'bool' | 'datetime' | 'timespan' | 'guid' | 'dynamic';

export interface ColumnDef {
  readonly name: string;
  readonly type: KustoType;
  readonly description: string;
}

export interface TableDef {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnDef[];
}

interface RawSchema {
  tables: Record<string, { description: string; columns: { name: string; type: string; description: string }[] }>;
}

const KUSTO_TYPES: ReadonlySet<string> = new Set<KustoType>(['string', 'int', 'long', 'real', 'decimal', 'bool', 'datetime', 'timespan', 'guid', 'dynamic']);

function isKustoType(t: string): t is KustoType {
  return KUSTO_TYPES.has(t);
}

function load(): ReadonlyMap<string, TableDef> {
  const raw = JSON.parse(readFileSync(new URL('./advanced-hunting.json', import.meta.url), 'utf8')) as RawSchema;
  const tables = new Map<string, TableDef>();
  for (const [name, t] of Object.entries(raw.tables)) {
    const columns: ColumnDef[] = [];
    const seen = new Set<string>();
    for (const c of t.columns) {
      if (!isKustoType(c.type)) throw new Error(`advanced-hunting.json: ${name}.${c.name} has unknown type ${c.type}`);
      // SQL identifiers are case-insensitive: where the docs list two spellings of one column
      // (GraphApiAuditEvents IPAddress / IpAddress), the first listed is kept.
      if (seen.has(c.name.toLowerCase())) continue;
      seen.add(c.name.toLowerCase());
      columns.push({ name: c.name, type: c.type, description: c.description });
    }
    tables.set(name, { name, description: t.description, columns });
  }
  return tables;
}

/** Every Advanced Hunting table, by name. */
export const huntingTables: ReadonlyMap<string, TableDef> = load();

export function getTable(name: string): TableDef | undefined {
  return huntingTables.get(name);
}

/** The schema shape @palisade/kql's binder takes: table name -> columns with Kusto types. */
export interface BinderSchema {
  tables: Record<string, { columns: { name: string; type: KustoType }[] }>;
}

export function binderSchema(): BinderSchema {
  const tables: BinderSchema['tables'] = {};
  for (const t of huntingTables.values()) tables[t.name] = { columns: t.columns.map((c) => ({ name: c.name, type: c.type })) };
  return { tables };
}

/** How each Kusto type is stored in DuckDB. Dynamic values are kept as JSON. */
export const duckdbColumnType: Readonly<Record<KustoType, string>> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  long: 'BIGINT',
  real: 'DOUBLE',
  decimal: 'DECIMAL(38,10)',
  bool: 'BOOLEAN',
  datetime: 'TIMESTAMP',
  timespan: 'INTERVAL',
  guid: 'UUID',
  dynamic: 'JSON',
};

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** CREATE TABLE for one hunting table, plus the hidden ingestion timestamp every row carries. */
export function duckdbCreateTable(t: TableDef): string {
  const cols = t.columns.map((c) => `  ${quoteIdent(c.name)} ${duckdbColumnType[c.type]}`);
  cols.push(`  ${quoteIdent(INGESTION_TIME_COLUMN)} TIMESTAMP DEFAULT current_timestamp`);
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(t.name)} (\n${cols.join(',\n')}\n)`;
}

/** Hidden column behind KQL's ingestion_time(); not part of the visible schema. */
export const INGESTION_TIME_COLUMN = '__ingestion_time';
