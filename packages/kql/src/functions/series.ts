/**
 * series_* functions over dynamic numeric arrays (the arrays make-series produces). Element-wise
 * functions return a dynamic array as long as the longest input; a missing or non-numeric element gives a
 * null element (Kusto docs, series_add). A numeric scalar argument applies to every element.
 */
import type { SqlArg } from '../dialect/dialect.ts';
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg, real } from './helpers.ts';
import { fn, type EmitContext, type FunctionDef } from './registry.ts';

/** DOUBLE[] of a dynamic array (non-numeric elements null); NULL when the value is not an array. */
export function numbers(a: SqlArg): string {
  return `(CASE WHEN json_type(${a.sql}) = 'ARRAY' THEN list_transform(CAST(${a.sql} AS JSON[]), _e -> TRY_CAST(json_extract_string(_e, '$') AS DOUBLE)) END)`;
}

/** Element-wise combination of arrays and scalars; `op` gets one SQL element per argument. */
function elementwise(ctx: EmitContext, args: SqlArg[], op: (x: string[]) => string): string {
  const isList = args.map((x) => x.type === 'dynamic');
  const bound = args.map((x, i) => (isList[i] ? numbers(x) : `CAST(${real(ctx, x)} AS DOUBLE)`));
  const names = args.map((_x, i) => `_a${i}`);
  const lens = names.filter((_n, i) => isList[i]).map((n) => `coalesce(len(${n}), 0)`);
  const len = lens.length === 0 ? '1' : lens.length === 1 ? (lens[0] ?? '0') : `greatest(${lens.join(', ')})`;
  const elems = names.map((n, i) => (isList[i] ? `${n}[_i + 1]` : n));
  let body = `to_json(list_transform(range(0, ${len}), _i -> ${op(elems)}))`;
  for (let i = names.length - 1; i >= 0; i--) body = letIn(bound[i] ?? 'NULL', names[i] ?? '_a', body);
  const firstList = args.find((x) => x.type === 'dynamic');
  return firstList ? `(CASE WHEN ${args.filter((x) => x.type === 'dynamic').map((x) => `json_type(${x.sql}) = 'ARRAY'`).join(' AND ')} THEN ${body} END)` : body;
}

function unary(name: string, op: (x: string) => string): FunctionDef {
  return fn(name, 1, 'dynamic', (a, ctx) => elementwise(ctx, a, ([x]) => op(x ?? 'NULL')));
}

function binary(name: string, op: (x: string, y: string) => string): FunctionDef {
  return fn(name, 2, 'dynamic', (a, ctx) => elementwise(ctx, a, ([x, y]) => op(x ?? 'NULL', y ?? 'NULL')));
}

/** Only finite values (NaN and infinities propagate otherwise). */
const finite = (e: string): string => `(CASE WHEN isfinite(${e}) THEN ${e} END)`;

/** Fill the nulls of a list _l from the previous (or next) non-null element. */
function fillDirectional(l: string, backward: boolean): string {
  const src = backward ? `list_reverse(${l})` : l;
  const filled = `list_reduce(list_transform(${src}, _v -> [_v]), (_acc, _x) -> list_append(_acc, coalesce(_x[1], _acc[len(_acc)])), [CAST(NULL AS DOUBLE)])[2:]`;
  return backward ? `list_reverse(${filled})` : filled;
}

/** Linear interpolation of nulls between known points; edges take the nearest known value when fillEdges. */
function fillLinear(l: string, fillEdges: string, constant: string): string {
  const known = `list_filter(list_transform(range(0, len(${l})), _i -> CASE WHEN ${l}[_i + 1] IS NOT NULL THEN _i END), _k -> _k IS NOT NULL)`;
  return letIn(known, '_kn', `list_transform(range(0, len(${l})), _i -> CASE WHEN ${l}[_i + 1] IS NOT NULL THEN ${l}[_i + 1] WHEN len(_kn) = 0 THEN ${constant} ELSE ${letIn(`list_filter(_kn, _k -> _k < _i)`, '_lo', letIn(`list_filter(_kn, _k -> _k > _i)`, '_hi', `CASE WHEN len(_lo) > 0 AND len(_hi) > 0 THEN ${l}[_lo[len(_lo)] + 1] + (${l}[_hi[1] + 1] - ${l}[_lo[len(_lo)] + 1]) * (_i - _lo[len(_lo)]) / (_hi[1] - _lo[len(_lo)]) WHEN ${fillEdges} AND len(_lo) > 0 THEN ${l}[_lo[len(_lo)] + 1] WHEN ${fillEdges} AND len(_hi) > 0 THEN ${l}[_hi[1] + 1] ELSE ${constant} END`))} END)`);
}

/** The missing-value placeholder argument: null by default; a numeric placeholder also counts as missing. */
function withPlaceholder(ctx: EmitContext, a: SqlArg[], i: number, body: (l: string) => string): string {
  const x = arg(a, 0);
  const ph = a[i];
  const list = ph && !(ph.isConstant && ph.constant === null) ? `list_transform(${numbers(x)}, _v -> CASE WHEN _v = CAST(${real(ctx, ph)} AS DOUBLE) THEN NULL ELSE _v END)` : numbers(x);
  return letIn(list, '_l', `CASE WHEN _l IS NULL THEN NULL ELSE to_json(${body('_l')}) END`);
}

/** min, max, their first indexes, average, sample stdev and variance, sum of the finite numeric elements; len of the array. */
function statsDynamic(a: SqlArg): string {
  const vals = `list_filter(${numbers(a)}, _v -> _v IS NOT NULL AND isfinite(_v))`;
  return letIn(numbers(a), '_all', letIn(vals, '_v', `CASE WHEN _all IS NULL THEN NULL ELSE json_object('min', list_min(_v), 'min_idx', list_position(_all, list_min(_v)) - 1, 'max', list_max(_v), 'max_idx', list_position(_all, list_max(_v)) - 1, 'avg', list_avg(_v), 'stdev', list_stddev_samp(_v), 'variance', list_var_samp(_v), 'sum', coalesce(list_sum(_v), 0), 'len', len(_all)) END`));
}

/** Least-squares line over x = 1..n: slope, interception, rsquare, sample variance and residual variance, the fitted line. */
function fitLineDynamic(a: SqlArg): string {
  const slope = `(list_sum(list_transform(range(0, _n), _i -> ((_i + 1) - _mx) * (_y[_i + 1] - _my))) / list_sum(list_transform(range(0, _n), _i -> ((_i + 1) - _mx) * ((_i + 1) - _mx))))`;
  const body = letIn(slope, '_b', letIn('_my - _b * _mx', '_c', letIn('list_transform(range(0, _n), _i -> _c + _b * (_i + 1))', '_f', `json_object('rsquare', CASE WHEN list_var_pop(_y) = 0 THEN 1.0 ELSE 1 - list_sum(list_transform(range(0, _n), _i -> pow(_y[_i + 1] - _f[_i + 1], 2))) / (list_var_pop(_y) * _n) END, 'slope', _b, 'variance', list_var_samp(_y), 'rvariance', list_sum(list_transform(range(0, _n), _i -> pow(_y[_i + 1] - _f[_i + 1], 2))) / nullif(_n - 1, 0), 'interception', _c, 'line_fit', to_json(_f))`)));
  return letIn(`list_transform(${numbers(a)}, _v -> coalesce(_v, 0))`, '_y', `CASE WHEN _y IS NULL OR len(_y) = 0 THEN NULL ELSE ${letIn('len(_y)', '_n', letIn('(_n + 1) / 2.0', '_mx', letIn('list_avg(_y)', '_my', body)))} END`);
}

/** Finite impulse response: y[i] = sum_j f[j] * x[i + shift - j], values outside the series count as 0. */
function fir(ctx: EmitContext, a: SqlArg[]): string {
  const f = numbers(arg(a, 1));
  const normalize = a[2] ? (arg(a, 2).type === 'bool' ? arg(a, 2).sql : `(${real(ctx, arg(a, 2))} <> 0)`) : 'NOT list_bool_or(list_transform(_f, _c -> _c < 0))';
  const center = a[3] ? (arg(a, 3).type === 'bool' ? arg(a, 3).sql : `(${real(ctx, arg(a, 3))} <> 0)`) : 'FALSE';
  const shift = `(CASE WHEN ${center} THEN (len(_f) - 1) // 2 ELSE 0 END)`;
  const y = `list_transform(range(0, len(_x)), _i -> list_sum(list_transform(range(0, len(_f)), _j -> _f[_j + 1] * coalesce(CASE WHEN _i + ${shift} - _j BETWEEN 0 AND len(_x) - 1 THEN _x[_i + ${shift} - _j + 1] END, 0))) / _norm)`;
  const norm = `(CASE WHEN ${normalize} THEN (CASE WHEN list_bool_or(list_transform(_f, _c -> _c < 0)) THEN NULL ELSE nullif(list_sum(_f), 0) END) ELSE 1.0 END)`;
  return letIn(numbers(arg(a, 0)), '_x', letIn(f, '_f', `CASE WHEN _x IS NULL OR _f IS NULL OR len(_f) = 0 THEN NULL ELSE ${letIn(norm, '_norm', `CASE WHEN _norm IS NULL THEN NULL ELSE to_json(${y}) END`)} END`));
}

/** Infinite impulse response: a[0] y[n] = sum_i b[i] x[n-i] - sum_{j>=1} a[j] y[n-j], folded over n. */
function iir(a: SqlArg[]): string {
  const step = `list_append(_acc, (list_sum(list_transform(range(0, len(_b)), _k -> _b[_k + 1] * coalesce(CASE WHEN _e[1] - _k >= 0 THEN _x[CAST(_e[1] - _k AS BIGINT) + 1] END, 0))) - coalesce(list_sum(list_transform(range(1, len(_a)), _k -> _a[_k + 1] * coalesce(CASE WHEN _e[1] - _k >= 0 THEN _acc[CAST(_e[1] - _k AS BIGINT) + 1] END, 0))), 0)) / _a[1])`;
  const body = `list_reduce(list_transform(range(0, len(_x)), _n -> [CAST(_n AS DOUBLE)]), (_acc, _e) -> ${step}, []::DOUBLE[])`;
  return letIn(numbers(arg(a, 0)), '_x', letIn(numbers(arg(a, 1)), '_b', letIn(numbers(arg(a, 2)), '_a', `CASE WHEN _x IS NULL OR _b IS NULL OR _a IS NULL OR len(_a) = 0 OR _a[1] = 0 THEN NULL WHEN len(_x) = 0 THEN CAST('[]' AS JSON) ELSE to_json(${body}) END`)));
}

export const seriesFunctions: FunctionDef[] = [
  fn('series_fir', [2, 4], 'dynamic', (a, ctx) => fir(ctx, a)),
  fn('series_iir', 3, 'dynamic', (a) => iir(a)),
  fn('repeat', 2, 'dynamic', (a, ctx) => `to_json(list_transform(range(0, greatest(coalesce(CAST(${real(ctx, arg(a, 1))} AS BIGINT), 0), 0)), _i -> ${ctx.d.toDynamic(arg(a, 0))}))`),
  binary('series_add', (x, y) => `${x} + ${y}`),
  binary('series_subtract', (x, y) => `${x} - ${y}`),
  binary('series_multiply', (x, y) => `${x} * ${y}`),
  binary('series_divide', (x, y) => `${x} / ${y}`),
  binary('series_pow', (x, y) => `pow(${x}, ${y})`),
  binary('series_greater', (x, y) => `${x} > ${y}`),
  binary('series_greater_equals', (x, y) => `${x} >= ${y}`),
  binary('series_less', (x, y) => `${x} < ${y}`),
  binary('series_less_equals', (x, y) => `${x} <= ${y}`),
  binary('series_equals', (x, y) => `${x} = ${y}`),
  binary('series_not_equals', (x, y) => `${x} <> ${y}`),
  unary('series_abs', (x) => `abs(${x})`),
  unary('series_acos', (x) => finite(`acos(CASE WHEN ${x} BETWEEN -1 AND 1 THEN ${x} END)`)),
  unary('series_asin', (x) => finite(`asin(CASE WHEN ${x} BETWEEN -1 AND 1 THEN ${x} END)`)),
  unary('series_atan', (x) => `atan(${x})`),
  unary('series_cos', (x) => `cos(${x})`),
  unary('series_sin', (x) => `sin(${x})`),
  unary('series_tan', (x) => `tan(${x})`),
  unary('series_exp', (x) => `exp(${x})`),
  unary('series_log', (x) => `(CASE WHEN ${x} > 0 THEN ln(${x}) END)`),
  unary('series_sign', (x) => `sign(${x})`),
  unary('series_ceiling', (x) => `ceil(${x})`),
  unary('series_floor', (x) => `floor(${x})`),
  fn('series_sum', 1, 'real', (a) => `list_sum(${numbers(arg(a, 0))})`),
  fn('series_product', 1, 'real', (a) => `list_reduce(list_prepend(1.0::DOUBLE, list_filter(${numbers(arg(a, 0))}, _v -> _v IS NOT NULL)), (_p, _v) -> _p * _v)`),
  fn('series_magnitude', 1, 'real', (a) => `sqrt(list_sum(list_transform(${numbers(arg(a, 0))}, _v -> _v * _v)))`),
  // a numeric scalar stands for an array of that value as long as the other argument (series_dot_product docs)
  fn('series_dot_product', 2, 'real', (a, ctx) => {
    const [x, y] = [arg(a, 0), arg(a, 1)];
    if (x.type !== 'dynamic' && y.type !== 'dynamic') return `(CAST(${real(ctx, x)} AS DOUBLE) * CAST(${real(ctx, y)} AS DOUBLE))`;
    if (x.type !== 'dynamic' || y.type !== 'dynamic') {
      const [list, scalar] = x.type === 'dynamic' ? [x, y] : [y, x];
      return `(list_sum(${numbers(list)}) * CAST(${real(ctx, scalar)} AS DOUBLE))`;
    }
    return letIn(`[${numbers(x)}, ${numbers(y)}]`, '_d', 'list_sum(list_transform(range(0, least(len(_d[1]), len(_d[2]))), _i -> _d[1][_i + 1] * _d[2][_i + 1]))');
  }),
  fn('series_cosine_similarity', [2, 4], 'real', (a) => letIn(`[${numbers(arg(a, 0))}, ${numbers(arg(a, 1))}]`, '_d', 'list_sum(list_transform(range(0, least(len(_d[1]), len(_d[2]))), _i -> _d[1][_i + 1] * _d[2][_i + 1])) / (sqrt(list_sum(list_transform(_d[1], _v -> _v * _v))) * sqrt(list_sum(list_transform(_d[2], _v -> _v * _v))))')),
  fn('series_pearson_correlation', 2, 'real', (a) => letIn(`[${numbers(arg(a, 0))}, ${numbers(arg(a, 1))}]`, '_d', letIn('least(len(_d[1]), len(_d[2]))', '_n', letIn('list_avg(_d[1][1:_n])', '_m1', letIn('list_avg(_d[2][1:_n])', '_m2', 'list_sum(list_transform(range(0, _n), _i -> (_d[1][_i + 1] - _m1) * (_d[2][_i + 1] - _m2))) / sqrt(list_sum(list_transform(range(0, _n), _i -> pow(_d[1][_i + 1] - _m1, 2))) * list_sum(list_transform(range(0, _n), _i -> pow(_d[2][_i + 1] - _m2, 2))))'))))),
  fn('series_stats_dynamic', [1, 2], 'dynamic', (a) => statsDynamic(arg(a, 0))),
  fn('series_fit_line_dynamic', 1, 'dynamic', (a) => fitLineDynamic(arg(a, 0))),
  fn('series_fill_const', [2, 3], 'dynamic', (a, ctx) => withPlaceholder(ctx, a, 2, (l) => `list_transform(${l}, _v -> coalesce(_v, CAST(${real(ctx, arg(a, 1))} AS DOUBLE)))`)),
  fn('series_fill_forward', [1, 2], 'dynamic', (a, ctx) => withPlaceholder(ctx, a, 1, (l) => fillDirectional(l, false))),
  fn('series_fill_backward', [1, 2], 'dynamic', (a, ctx) => withPlaceholder(ctx, a, 1, (l) => fillDirectional(l, true))),
  fn('series_fill_linear', [1, 4], 'dynamic', (a, ctx) => {
    const edges = a[2] ? (arg(a, 2).type === 'bool' ? arg(a, 2).sql : `(${real(ctx, arg(a, 2))} <> 0)`) : 'TRUE';
    const constant = a[3] ? `CAST(${real(ctx, arg(a, 3))} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)';
    return withPlaceholder(ctx, a, 1, (l) => fillLinear(l, edges, constant));
  }),
];
