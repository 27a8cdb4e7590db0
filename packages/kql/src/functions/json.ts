/**
 * dynamic_to_json(): the canonical JSON text of a dynamic value, with property-bag keys sorted (ordinal)
 * at every level (Kusto docs, dynamic-to-json). Nesting deeper than MAX_DEPTH keeps DuckDB's key order.
 */
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg } from './helpers.ts';
import { fn, type FunctionDef } from './registry.ts';

const MAX_DEPTH = 5;

/** SQL text of the canonical JSON for the JSON expression `j`, recursing `depth` more levels (one copy per level). */
function canonical(j: string, depth: number, level = 0): string {
  if (depth === 0) return `CAST(${j} AS VARCHAR)`;
  const v = `_j${level}`;
  const k = `_k${level}`;
  const x = `_x${level}`;
  // bags and arrays as entries: bags sorted by key, arrays keyed by null in their order
  const entries = `(CASE json_type(${v}) WHEN 'OBJECT' THEN list_transform(list_sort(json_keys(${v})), ${k} -> {'k': ${k}, 'v': json_extract(${v}, '$."' || replace(replace(${k}, '\\', '\\\\'), '"', '\\"') || '"')}) WHEN 'ARRAY' THEN list_transform(CAST(${v} AS JSON[]), ${k} -> {'k': CAST(NULL AS VARCHAR), 'v': ${k}}) END)`;
  const item = `(CASE WHEN ${x}.k IS NULL THEN '' ELSE CAST(to_json(${x}.k) AS VARCHAR) || ':' END) || ${canonical(`${x}.v`, depth - 1, level + 1)}`;
  const open = `(CASE json_type(${v}) WHEN 'OBJECT' THEN '{' ELSE '[' END)`;
  const close = `(CASE json_type(${v}) WHEN 'OBJECT' THEN '}' ELSE ']' END)`;
  return letIn(j, v, `(CASE WHEN json_type(${v}) IN ('OBJECT', 'ARRAY') THEN ${open} || array_to_string(list_transform(${entries}, ${x} -> ${item}), ',') || ${close} ELSE CAST(${v} AS VARCHAR) END)`);
}

export const jsonFunctions: FunctionDef[] = [
  fn('dynamic_to_json', 1, 'string', (a, ctx) => {
    const x = arg(a, 0);
    const j = x.type === 'dynamic' ? x.sql : ctx.d.toDynamic(x);
    return `(CASE WHEN ${j} IS NULL THEN 'null' ELSE ${canonical(j, MAX_DEPTH)} END)`;
  }),
];
