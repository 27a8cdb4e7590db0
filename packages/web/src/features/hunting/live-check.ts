/**
 * Live diagnostics: the same compiler the server runs (@palisade/kql, pure TypeScript), run in the browser
 * as the person types, so squiggles sit at the line:column the server would report.
 */
import { compile } from '@palisade/kql';
import type { KustoType, Schema } from '@palisade/kql';
import { KUSTO_TYPES } from '@palisade/kql';
import type { KqlDiagnostic, SchemaTable } from './api.ts';

const kustoTypes: ReadonlySet<string> = new Set(KUSTO_TYPES);

/** The hunting schema in the shape the compiler's binder takes. */
export function binderSchema(tables: readonly SchemaTable[]): Schema {
  const out: Schema['tables'] = {};
  for (const t of tables) {
    out[t.name] = { columns: t.columns.filter((c) => kustoTypes.has(c.type)).map((c) => ({ name: c.name, type: c.type as KustoType })) };
  }
  return { tables: out };
}

export interface LiveCheck {
  diagnostics: KqlDiagnostic[];
  /** The `render` the query asks for, if any. */
  render?: string;
  /** The result's column names, when the query compiles without errors. */
  columns?: string[];
  /** Of those, the datetime ones (what dates a detection rule's alerts). */
  timeColumns?: string[];
}

/**
 * Compiles the query for its diagnostics. The server lends the functions that read other data (FileProfile,
 * DeviceFromIP, externaldata...); here they are absent, so "missing provider" is not reported.
 */
export function checkQuery(text: string, schema: Schema): LiveCheck {
  if (text.trim() === '') return { diagnostics: [] };
  const r = compile(text, { schema, dialect: 'duckdb' });
  const diagnostics = r.diagnostics
    .filter((d) => d.code !== 'missing-provider')
    .map((d) => ({ code: d.code, message: d.message, severity: d.severity, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn }));
  const out: LiveCheck = { diagnostics };
  if (r.render) out.render = r.render.visualization;
  if (!diagnostics.some((d) => d.severity === 'error')) {
    out.columns = r.columns.map((c) => c.name);
    out.timeColumns = r.columns.filter((c) => c.type === 'datetime').map((c) => c.name);
  }
  return out;
}
