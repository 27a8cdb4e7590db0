/** Functions the binder introduces itself (not callable from KQL by these names). */
import type { SqlArg } from '../dialect/dialect.ts';
import { arg, constString, regexEscape, str } from './helpers.ts';
import { fn, type FunctionDef } from './registry.ts';
import { sortedBy } from './dynamic.ts';

function structOf(a: { sql: string }[]): string {
  return `{${a.map((x, i) => `'f${i}': ${x.sql}`).join(', ')}}`;
}

export const internalFunctions: FunctionDef[] = [
  { ...fn('__arg_max', [1, 10000], 'dynamic', (a) => `coalesce(arg_max(${structOf(a.slice(1))}, ${arg(a, 0).sql}), first(${structOf(a.slice(1))}))`), kind: 'aggregate' },
  { ...fn('__arg_min', [1, 10000], 'dynamic', (a) => `coalesce(arg_min(${structOf(a.slice(1))}, ${arg(a, 0).sql}), first(${structOf(a.slice(1))}))`), kind: 'aggregate' },
  fn('__field', 2, 'dynamic', (a) => `(${arg(a, 0).sql}).f${constString(a[1]) ?? '0'}`),
  fn('provider:geo', 2, 'dynamic', (a, ctx) => {
    const name = constString(a[1]) ?? '';
    // the provider's SQL function name comes from the caller's configuration; only plain names are used
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'CAST(NULL AS JSON)';
    return `CAST(${name}(${str(ctx, arg(a, 0))}) AS JSON)`;
  }),
];

internalFunctions.push(
  fn('__regex_group', 3, 'string', (a) => `regexp_extract(${arg(a, 0).sql}, ${arg(a, 1).sql}, ${constString(a[2]) ?? '1'})`),
  fn('__convert_nonempty', 2, (x) => x[1]?.type ?? 'string', (a, ctx) => ctx.d.convert({ sql: `nullif(${arg(a, 0).sql}, '')`, type: 'string', isConstant: false }, arg(a, 1).type)),
);

internalFunctions.push(
  fn('__trim_ws', 1, 'string', (a) => `trim(${arg(a, 0).sql}, ' ' || chr(9) || chr(10) || chr(13))`),
  // quoted-or-plain value: group 1 (quoted, unescaped) or group 2 (plain)
  fn('__kv_value', 3, 'string', (a, ctx) => {
    const s = arg(a, 0).sql;
    const re = arg(a, 1).sql;
    const esc = constString(a[2]) ?? '';
    const q = `regexp_extract(${s}, ${re}, 1)`;
    const unq = esc ? `regexp_replace(${q}, ${ctx.d.stringLiteral(`${regexEscape(esc)}(.)`)}, '\\1', 'g')` : q;
    return `CASE WHEN regexp_extract(${s}, ${re}, 1) <> '' THEN ${unq} ELSE regexp_extract(${s}, ${re}, 2) END`;
  }),
  // regex with (key, value) groups: the value of the first match whose key is the column name
  fn('__kv_regex', 3, 'string', (a) => `coalesce(list_extract(regexp_extract_all(${arg(a, 0).sql}, ${arg(a, 1).sql}, 2), list_position(list_transform(regexp_extract_all(${arg(a, 0).sql}, ${arg(a, 1).sql}, 1), lambda _k: trim(_k)), ${arg(a, 2).sql})), '')`),
);

/** The bins [start, end) of a series axis as a DuckDB list. */
function seriesBins(a: SqlArg[]): string {
  const [start, end, step] = [arg(a, 0), arg(a, 1), arg(a, 2)];
  return `list_filter(generate_series(${start.sql}, ${end.sql}, ${step.sql}), lambda _x: _x < ${end.sql})`;
}

internalFunctions.push(
  { ...fn('__series_pairs', 2, 'dynamic', (a) => `list({'k': ${arg(a, 0).sql}, 'v': ${arg(a, 1).sql}})`), kind: 'aggregate' },
  fn('__series_nonempty', 1, 'bool', (a) => `(len(${arg(a, 0).sql}) > 0)`),
  fn('__series_fill', 5, 'dynamic', (a, ctx) => {
    const pairs = arg(a, 0).sql;
    const def = arg(a, 4);
    const value = `coalesce(list_extract(list_transform(list_filter(${pairs}, lambda _e: _e.k = _b), lambda _e: _e.v), 1), ${def.sql})`;
    return `to_json(list_transform(${seriesBins(a.slice(1))}, lambda _b: ${ctx.d.toDynamic({ sql: value, type: def.type === 'dynamic' ? 'real' : def.type, isConstant: false })}))`;
  }),
  fn('__series_axis', 3, 'dynamic', (a, ctx) => `to_json(list_transform(${seriesBins(a)}, lambda _b: ${ctx.d.toDynamic({ sql: '_b', type: arg(a, 0).type, isConstant: false })}))`),
);

internalFunctions.push(
  fn('__distinct_from', 2, 'bool', (a) => `(${arg(a, 0).sql} IS DISTINCT FROM ${arg(a, 1).sql})`),
);

internalFunctions.push(
  // bag of (key, value) pairs without null or empty values: pack_all(true)
  fn('__pack_nonempty', [0, 100000], 'dynamic', (a, ctx) => {
    const entries: string[] = [];
    for (let i = 0; i + 1 < a.length; i += 2) entries.push(`{'k': ${arg(a, i).sql}, 'v': ${ctx.d.toDynamic(arg(a, i + 1))}}`);
    if (entries.length === 0) return `CAST('{}' AS JSON)`;
    return `coalesce(CAST(to_json(map_from_entries(list_filter([${entries.join(', ')}], lambda _e: _e.v IS NOT NULL AND CAST(_e.v AS VARCHAR) NOT IN ('null', '""')))) AS JSON), CAST('{}' AS JSON))`;
  }),
);

// array_sort_asc/desc with several arrays: (target, first array, nulls_last)
internalFunctions.push(
  fn('__array_sort_asc_by', 3, 'dynamic', (a, ctx) => sortedBy(arg(a, 0), arg(a, 1), false, ctx.d.convert(arg(a, 2), 'bool'))),
  fn('__array_sort_desc_by', 3, 'dynamic', (a, ctx) => sortedBy(arg(a, 0), arg(a, 1), true, ctx.d.convert(arg(a, 2), 'bool'))),
);
