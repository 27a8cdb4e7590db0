/**
 * `palisade kql conformance FILE.jsonl`: runs documented KQL examples on an in-memory DuckDB and compares
 * the results with the documented tables (see format.ts for the comparison rules).
 */
import { compile } from '@palisade/kql';
import { formatValue, normalizeColumnName, normalizeExpected, valuesMatch } from './format.ts';
import { openEngine, readJsonl } from './engine.ts';

export interface ConformanceCase {
  id: string;
  query: string;
  expected: { columns: string[]; rows: string[][] };
  ordered: boolean;
  deterministic?: boolean;
}

export interface CaseResult {
  id: string;
  status: 'pass' | 'fail' | 'skip';
  reason?: string;
}

/** Fixed instant for now()/ago() so documented examples are reproducible. */
const NOW = new Date('2024-01-01T00:00:00Z');

function rowsMatch(actual: string[], expected: string[], types: readonly string[]): boolean {
  return actual.length === expected.length && actual.every((v, i) => valuesMatch(v, expected[i] ?? '', types[i]));
}

/**
 * Kusto's generated names for unnamed expressions (`print 1+1` -> print_0, `project f(x)` -> Column1). The docs'
 * tables often label such a column by hand (`result`, `length`): a header that is not itself a generated name is
 * then not compared with ours (the values still are). This rule applies to every case alike; a header that looks
 * generated (print_0, Column1) must match exactly, so a wrong generated name of ours still fails.
 */
const GENERATED_NAME = /^(print_\d+|Column\d+)$/;

function headerMatches(expected: string, actual: string): boolean {
  if (expected.toLowerCase() === actual.toLowerCase()) return true;
  return GENERATED_NAME.test(actual) && !/^(print_?\d+|Column\d+)$/i.test(expected);
}

/** Compares a result with a case's documented table; `types` are the Kusto types of the result columns. */
export function compareResults(c: ConformanceCase, columns: string[], rows: string[][], types: readonly string[] = []): string | undefined {
  const expCols = c.expected.columns.map(normalizeColumnName);
  const sameCols = expCols.length === columns.length && expCols.every((e, i) => headerMatches(e, columns[i] ?? ''));
  if (!sameCols) return `columns differ: expected [${expCols.join(', ')}] got [${columns.join(', ')}]`;
  const expRows = c.expected.rows.map((r) => r.map(normalizeExpected));
  if (expRows.length !== rows.length) return `expected ${expRows.length} rows, got ${rows.length}`;
  if (c.ordered) {
    for (let i = 0; i < rows.length; i++) {
      if (!rowsMatch(rows[i] ?? [], expRows[i] ?? [], types)) return `row ${i + 1} differs: expected ${JSON.stringify(expRows[i])} got ${JSON.stringify(rows[i])}`;
    }
    return undefined;
  }
  const unused = rows.map((_r, i) => i);
  for (const e of expRows) {
    const at = unused.findIndex((i) => rowsMatch(rows[i] ?? [], e, types));
    if (at < 0) return `no row matches expected ${JSON.stringify(e)}; got ${JSON.stringify(rows.slice(0, 5))}`;
    unused.splice(at, 1);
  }
  return undefined;
}

export async function runConformance(text: string, out: (line: string) => void): Promise<{ passed: number; failed: number; skipped: number }> {
  const cases = readJsonl<ConformanceCase>(text);
  const engine = await openEngine(false);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    for (const c of cases) {
      if (c.deterministic === false) {
        skipped++;
        continue;
      }
      const r = compile(c.query, { schema: { tables: {} }, dialect: 'duckdb', now: NOW });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      let reason: string | undefined;
      if (errors.length > 0) reason = `compile: ${errors.map((d) => `${d.code}: ${d.message}`).join('; ')}`;
      else {
        try {
          const rows = await engine.run(r.sql, r.params, 10_000);
          const formatted = rows.map((row) => row.map((v, i) => formatValue(v, r.columns[i]?.type ?? 'string')));
          reason = compareResults(
            c,
            r.columns.map((x) => x.name),
            formatted,
            r.columns.map((x) => x.type),
          );
        } catch (err: unknown) {
          reason = `execute: ${(err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''}`;
        }
      }
      if (reason === undefined) passed++;
      else {
        failed++;
        out(`FAIL ${c.id}: ${reason.slice(0, 400)}`);
      }
    }
  } finally {
    engine.close();
  }
  out(`skipped: ${skipped} (deterministic: false)`);
  out(`conformance: ${passed} passed, ${failed} failed`);
  return { passed, failed, skipped };
}
