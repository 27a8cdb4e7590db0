/**
 * dynamic_to_json(): the canonical JSON text of a dynamic value, with property-bag keys sorted (ordinal)
 * at every level (Kusto docs, dynamic-to-json). Nesting deeper than MAX_DEPTH keeps DuckDB's key order.
 */
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg } from './helpers.ts';
import { fn, type FunctionDef } from './registry.ts';

const MAX_DEPTH = 5;

/** SQL text of the canonical JSON for the JSON expression `j`, recursing `depth` more levels. */
function canonical(j: string, depth: number, level = 0): string {
  if (depth === 0) return `CAST(${j} AS VARCHAR)`;
  const v = `_j${level}`;
  const k = `_k${level}`;
  const e = `_e${level}`;
  const inner = (x: string): string => canonical(x, depth - 1, level + 1);
  const object = `'{' || array_to_string(list_transform(list_sort(json_keys(${v})), ${k} -> CAST(to_json(${k}) AS VARCHAR) || ':' || ${inner(`json_extract(${v}, '$."' || replace(replace(${k}, '\\', '\\\\'), '"', '\\"') || '"')`)}), ',') || '}'`;
  const array = `'[' || array_to_string(list_transform(CAST(${v} AS JSON[]), ${e} -> ${inner(e)}), ',') || ']'`;
  return letIn(j, v, `(CASE json_type(${v}) WHEN 'OBJECT' THEN ${object} WHEN 'ARRAY' THEN ${array} ELSE CAST(${v} AS VARCHAR) END)`);
}

export const jsonFunctions: FunctionDef[] = [
  fn('dynamic_to_json', 1, 'string', (a, ctx) => {
    const x = arg(a, 0);
    const j = x.type === 'dynamic' ? x.sql : ctx.d.toDynamic(x);
    return `(CASE WHEN ${j} IS NULL THEN 'null' ELSE ${canonical(j, MAX_DEPTH)} END)`;
  }),
];
