/** The public entry points: parse() for the editor, compile() for execution. */
import { Binder } from './binder/binder.ts';
import { DiagnosticBag, locate } from './diagnostics.ts';
import { DuckDbDialect } from './dialect/duckdb/dialect.ts';
import type { Relation } from './ir/ir.ts';
import { generateQuery } from './sql/relations.ts';
import type { QueryAst } from './syntax/ast.ts';
import { parseQuery } from './syntax/parse.ts';
import type { CompileOptions, CompileResult, Diagnostic } from './types.ts';

export interface ParseResult {
  ast: QueryAst;
  diagnostics: Diagnostic[];
}

/** Parses a query into an AST with source spans. Never throws. */
export function parse(query: string): ParseResult {
  const diags = new DiagnosticBag();
  let ast: QueryAst;
  try {
    ast = parseQuery(query, diags);
  } catch (err: unknown) {
    diags.error('internal-error', `Internal parser error: ${err instanceof Error ? err.message : String(err)}`, { start: 0, end: query.length });
    ast = { statements: [] };
  }
  return { ast, diagnostics: locate(query, diags.items) };
}

/** The plan of a query (for tests and tools): the root relation and the CTEs it uses. */
export interface Plan {
  root: Relation | undefined;
  ctes: { name: string; relation: Relation; materialized: boolean }[];
}

/** Compiles KQL to one read-only SQL statement. Never throws; problems are diagnostics. */
export function compile(query: string, options: CompileOptions): CompileResult {
  const diags = new DiagnosticBag();
  const empty = (): CompileResult => ({ sql: '', params: [], columns: [], diagnostics: locate(query, diags.items) });
  try {
    const ast = parseQuery(query, diags);
    const binder = new Binder(options, diags);
    const bound = binder.bindQuery(ast);
    if (!bound) {
      if (!diags.hasErrors) diags.error('no-query', 'The query has no tabular expression to run.', { start: 0, end: query.length });
      return empty();
    }
    if (diags.hasErrors) return { ...empty(), columns: bound.rel.columns.map((c) => ({ name: c.name, type: c.type })) };
    const nowMs = (options.now ?? new Date()).getTime();
    const dialect = new DuckDbDialect(nowMs * 1000);
    // ingestion_time() reads a hidden column of the caller's tables: carried through row-preserving operators
    const hidden = binder.ingestionColumn === undefined ? undefined : { column: binder.ingestionColumn, tables: new Set(Object.keys(options.schema.tables)) };
    const sql = generateQuery(dialect, bound.rel, binder.ctes, bound.order, options.maxRows, hidden);
    const result: CompileResult = { sql, params: [], columns: bound.rel.columns.map((c) => ({ name: c.name, type: c.type })), diagnostics: locate(query, diags.items) };
    if (binder.render) result.render = binder.render;
    if (binder.externalData.length > 0) result.externalData = binder.externalData;
    return result;
  } catch (err: unknown) {
    diags.error('internal-error', `Internal compiler error: ${err instanceof Error ? err.message : String(err)}`, { start: 0, end: query.length });
    return empty();
  }
}
