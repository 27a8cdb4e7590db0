/**
 * Test helper for the function families: compiles a KQL query and runs it on an in-memory DuckDB,
 * returning the rows as strings (null as ''). Only imported by *.test.ts files.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { compile } from '../compile.ts';

let instance: Promise<DuckDBInstance> | undefined;

export async function runKql(query: string): Promise<{ columns: string[]; rows: string[][]; errors: string[] }> {
  const r = compile(query, { schema: { tables: {} }, dialect: 'duckdb', now: new Date('2024-01-01T00:00:00Z') });
  const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
  if (errors.length > 0) return { columns: [], rows: [], errors };
  instance ??= DuckDBInstance.create(':memory:');
  const conn = await (await instance).connect();
  try {
    const reader = await conn.runAndReadAll(r.sql);
    const rows = reader.getRows().map((row) => row.map((v) => (v === null ? '' : typeof v === 'string' && r.columns.length > 0 ? v : String(v))));
    return { columns: r.columns.map((c) => c.name), rows, errors };
  } finally {
    conn.closeSync();
  }
}

/** The single value of a one-row, one-column query. */
export async function scalar(expr: string): Promise<string> {
  const r = await runKql(`print v = ${expr}`);
  if (r.errors.length > 0) throw new Error(r.errors.join('; '));
  return r.rows[0]?.[0] ?? '<no row>';
}
