/**
 * Aggregation functions (summarize). Empty-input defaults follow Kusto: count/sum/dcount 0, make_* [],
 * others null. Auto names: count() -> count_, sum(x) -> sum_x, make_set(x) -> set_x, ...
 */
import type { SqlArg } from '../dialect/dialect.ts';
import { arg, conv, dyn, real, str } from './helpers.ts';
import { weightedPercentileSql } from './statistics.ts';
import type { ArgInfo, EmitContext, FunctionDef } from './registry.ts';
import type { KustoType } from '../types.ts';

function agg(name: string, arity: [number, number], returns: FunctionDef['returns'], prefix: string | ((n: (string | undefined)[], a: ArgInfo[]) => string), duckdb: FunctionDef['duckdb'], aliases: string[] = []): FunctionDef {
  const autoName = typeof prefix === 'function' ? prefix : (n: (string | undefined)[]) => (n[0] === undefined ? `${prefix}_` : `${prefix}_${n[0]}`);
  return { name, kind: 'aggregate', minArgs: arity[0], maxArgs: arity[1], returns, autoName, duckdb, aliases };
}

function cond(ctx: EmitContext, a: SqlArg): string {
  return a.type === 'bool' ? a.sql : conv(ctx, a, 'bool');
}

/** An aggregate's input as JSON values, for make_list/make_set. */
function jsonValue(ctx: EmitContext, a: SqlArg): string {
  return dyn(ctx, a);
}

function makeList(distinct: boolean, withIf: boolean): FunctionDef['duckdb'] {
  return (a, ctx) => {
    const x = arg(a, 0);
    const filter = withIf ? ` AND ${cond(ctx, arg(a, 1))}` : '';
    const maxArg = a[withIf ? 2 : 1];
    const v = jsonValue(ctx, x);
    let list: string;
    if (x.type === 'dynamic') {
      // arrays contribute their elements
      list = `flatten(list(CASE WHEN json_type(${v}) = 'ARRAY' THEN CAST(${v} AS JSON[]) ELSE [${v}] END) FILTER (WHERE ${x.sql} IS NOT NULL AND json_type(${x.sql}) <> 'NULL'${filter}))`;
      if (distinct) list = `list_distinct(${list})`;
    } else {
      list = `list(${distinct ? 'DISTINCT ' : ''}${v}) FILTER (WHERE ${x.sql} IS NOT NULL${filter})`;
    }
    if (maxArg) list = `list_slice(${list}, 1, CAST(${maxArg.sql} AS BIGINT))`;
    return `coalesce(to_json(${list}), CAST('[]' AS JSON))`;
  };
}

function minMaxType(a: ArgInfo[]): KustoType {
  const t = a[0]?.type ?? 'real';
  return t === 'dynamic' ? 'real' : t;
}

export const aggregateFunctions: FunctionDef[] = [
  agg('count', [0, 1], 'long', 'count', () => 'count(*)'),
  agg('countif', [1, 1], 'long', () => 'countif_', (a, ctx) => `count(*) FILTER (WHERE ${cond(ctx, arg(a, 0))})`),
  agg('dcount', [1, 2], 'long', 'dcount', (a) => `count(DISTINCT ${arg(a, 0).sql})`),
  agg('dcountif', [2, 3], 'long', 'dcountif', (a, ctx) => `count(DISTINCT ${arg(a, 0).sql}) FILTER (WHERE ${cond(ctx, arg(a, 1))})`),
  // the exact forms; each names its column after itself (count_distinct(X) -> count_distinct_X)
  agg('count_distinct', [1, 1], 'long', 'count_distinct', (a) => `count(DISTINCT ${arg(a, 0).sql})`),
  agg('count_distinctif', [2, 2], 'long', 'count_distinctif', (a, ctx) => `count(DISTINCT ${arg(a, 0).sql}) FILTER (WHERE ${cond(ctx, arg(a, 1))})`),
  agg('sum', [1, 1], (a) => (a[0]?.type === 'int' || a[0]?.type === 'long' ? 'long' : a[0]?.type === 'timespan' ? 'timespan' : 'real'), 'sum', (a, ctx) => {
    const x = arg(a, 0);
    if (x.type === 'int' || x.type === 'long') return `CAST(coalesce(sum(${x.sql}), 0) AS BIGINT)`;
    if (x.type === 'timespan') return `coalesce(sum(${x.sql}), INTERVAL 0 SECOND)`;
    return `coalesce(sum(${real(ctx, x)}), 0)`;
  }),
  agg('sumif', [2, 2], (a) => (a[0]?.type === 'int' || a[0]?.type === 'long' ? 'long' : 'real'), 'sumif', (a, ctx) => {
    const x = arg(a, 0);
    const v = x.type === 'int' || x.type === 'long' ? x.sql : real(ctx, x);
    return `coalesce(sum(${v}) FILTER (WHERE ${cond(ctx, arg(a, 1))}), 0)`;
  }),
  agg('avg', [1, 1], 'real', 'avg', (a, ctx) => `avg(${real(ctx, arg(a, 0))})`),
  agg('avgif', [2, 2], 'real', 'avgif', (a, ctx) => `avg(${real(ctx, arg(a, 0))}) FILTER (WHERE ${cond(ctx, arg(a, 1))})`),
  agg('min', [1, 1], minMaxType, 'min', (a, ctx) => `min(${arg(a, 0).type === 'dynamic' ? real(ctx, arg(a, 0)) : arg(a, 0).sql})`),
  agg('max', [1, 1], minMaxType, 'max', (a, ctx) => `max(${arg(a, 0).type === 'dynamic' ? real(ctx, arg(a, 0)) : arg(a, 0).sql})`),
  agg('minif', [2, 2], minMaxType, 'minif', (a, ctx) => `min(${arg(a, 0).sql}) FILTER (WHERE ${cond(ctx, arg(a, 1))})`),
  agg('maxif', [2, 2], minMaxType, 'maxif', (a, ctx) => `max(${arg(a, 0).sql}) FILTER (WHERE ${cond(ctx, arg(a, 1))})`),
  agg('stdev', [1, 1], 'real', 'stdev', (a, ctx) => `coalesce(stddev_samp(${real(ctx, arg(a, 0))}), 0)`),
  agg('stdevp', [1, 1], 'real', 'stdevp', (a, ctx) => `coalesce(stddev_pop(${real(ctx, arg(a, 0))}), 0)`),
  agg('stdevif', [2, 2], 'real', 'stdevif', (a, ctx) => `coalesce(stddev_samp(${real(ctx, arg(a, 0))}) FILTER (WHERE ${cond(ctx, arg(a, 1))}), 0)`),
  agg('variance', [1, 1], 'real', 'variance', (a, ctx) => `coalesce(var_samp(${real(ctx, arg(a, 0))}), 0)`),
  agg('variancep', [1, 1], 'real', 'variance', (a, ctx) => `coalesce(var_pop(${real(ctx, arg(a, 0))}), 0)`),
  agg('varianceif', [2, 2], 'real', 'varianceif', (a, ctx) => `coalesce(var_samp(${real(ctx, arg(a, 0))}) FILTER (WHERE ${cond(ctx, arg(a, 1))}), 0)`),
  agg('covariance', [2, 2], 'real', (n) => `covariance_${n[0] ?? ''}_${n[1] ?? ''}`, (a, ctx) => `covar_samp(${real(ctx, arg(a, 0))}, ${real(ctx, arg(a, 1))})`),
  agg('covariancep', [2, 2], 'real', (n) => `covariancep_${n[0] ?? ''}_${n[1] ?? ''}`, (a, ctx) => `covar_pop(${real(ctx, arg(a, 0))}, ${real(ctx, arg(a, 1))})`),
  agg('make_set', [1, 2], 'dynamic', 'set', makeList(true, false), ['makeset']),
  agg('make_set_if', [2, 3], 'dynamic', 'set', makeList(true, true), ['makeset_if']),
  agg('make_list', [1, 2], 'dynamic', 'list', makeList(false, false), ['makelist']),
  agg('make_list_if', [2, 3], 'dynamic', 'list', makeList(false, true), ['makelist_if']),
  agg('make_list_with_nulls', [1, 2], 'dynamic', 'list', (a, ctx) => `coalesce(to_json(list(${jsonValue(ctx, arg(a, 0))})), CAST('[]' AS JSON))`),
  agg('make_bag', [1, 2], 'dynamic', 'bag', (a) => `coalesce(json_merge_patch('{}', ${'list_reduce'}(list(${arg(a, 0).sql}) FILTER (WHERE json_type(${arg(a, 0).sql}) = 'OBJECT'), (_p, _q) -> json_merge_patch(_p, _q))), CAST('{}' AS JSON))`, ['make_dictionary']),
  agg('make_bag_if', [2, 3], 'dynamic', 'bag', (a, ctx) => `coalesce(json_merge_patch('{}', list_reduce(list(${arg(a, 0).sql}) FILTER (WHERE json_type(${arg(a, 0).sql}) = 'OBJECT' AND ${cond(ctx, arg(a, 1))}), (_p, _q) -> json_merge_patch(_p, _q))), CAST('{}' AS JSON))`),
  agg('take_any', [1, 64], (a) => a[0]?.type ?? 'string', (n) => n[0] ?? 'any_', (a) => `any_value(${arg(a, 0).sql})`, ['any']),
  agg('take_anyif', [2, 2], (a) => a[0]?.type ?? 'string', (n) => n[0] ?? 'any_', (a, ctx) => `any_value(${arg(a, 0).sql}) FILTER (WHERE ${cond(ctx, arg(a, 1))})`, ['anyif']),
  agg('percentile', [2, 2], (a) => (a[0]?.type === 'datetime' || a[0]?.type === 'timespan' ? a[0].type : a[0]?.type === 'int' || a[0]?.type === 'long' ? a[0].type : 'real'), (n, a) => `percentile_${n[0] ?? ''}_${String(a[1]?.constant ?? '').replace('.', '_')}`, (a, ctx) => `quantile_disc(${arg(a, 0).type === 'dynamic' ? real(ctx, arg(a, 0)) : arg(a, 0).sql}, ${real(ctx, arg(a, 1))} / 100.0)`),
  agg('percentilew', [3, 3], (a) => (a[0]?.type === 'int' || a[0]?.type === 'long' || a[0]?.type === 'datetime' || a[0]?.type === 'timespan' ? a[0].type : 'real'), (n, a) => `percentile_${n[0] ?? ''}_${String(a[2]?.constant ?? '').replace('.', '_')}`, (a, ctx) => weightedPercentileSql(ctx, arg(a, 0), arg(a, 1), arg(a, 2))),
  agg('binary_all_and', [1, 1], 'long', 'binary_all_and', (a) => `bit_and(${arg(a, 0).sql})`),
  agg('binary_all_or', [1, 1], 'long', 'binary_all_or', (a) => `bit_or(${arg(a, 0).sql})`),
  agg('binary_all_xor', [1, 1], 'long', 'binary_all_xor', (a) => `bit_xor(${arg(a, 0).sql})`),
  agg('hll', [1, 2], 'dynamic', 'hll', (a, ctx) => `to_json(list(DISTINCT ${str(ctx, arg(a, 0))}))`),
];
