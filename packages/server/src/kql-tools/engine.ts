/** A small DuckDB harness for the KQL tools: an in-memory database, optional hunting tables, timed runs. */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { duckdbColumnType, duckdbCreateTable, huntingTables, quoteIdent } from '../schema/advanced-hunting.ts';
import type { ExternalDataRequirement } from '@palisade/kql';
import { providerViews } from './providers.ts';

export interface Engine {
  run(sql: string, params?: unknown[], timeoutMs?: number): Promise<DuckDBValue[][]>;
  /** Creates the tables a query's externaldata needs, empty (the tools do no network I/O). */
  createEmptyExternal(reqs: readonly ExternalDataRequirement[]): Promise<void>;
  close(): void;
}

export async function openEngine(withHuntingTables: boolean): Promise<Engine> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn: DuckDBConnection = await inst.connect();
  if (withHuntingTables) {
    for (const t of huntingTables.values()) await conn.run(duckdbCreateTable(t));
    for (const v of providerViews) await conn.run(v);
  }
  return {
    async run(sql: string, _params: unknown[] = [], timeoutMs = 30_000): Promise<DuckDBValue[][]> {
      const timer = setTimeout(() => conn.interrupt(), timeoutMs);
      try {
        const reader = await conn.runAndReadAll(sql);
        return reader.getRows();
      } finally {
        clearTimeout(timer);
      }
    },
    async createEmptyExternal(reqs: readonly ExternalDataRequirement[]): Promise<void> {
      for (const r of reqs) {
        const cols = r.columns.map((c) => `${quoteIdent(c.name)} ${duckdbColumnType[c.type]}`).join(', ');
        await conn.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(r.table)} (${cols})`);
      }
    },
    close(): void {
      conn.closeSync();
      inst.closeSync();
    },
  };
}

export function readJsonl<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? 0;
}
