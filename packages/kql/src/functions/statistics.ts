/**
 * Statistical functions: erf/erfc, beta_pdf/beta_cdf, and the aggregates percentiles_array /
 * percentilesw_array (nearest rank, kql-semantics §4: the smallest value with at least P% of the values,
 * or of the weight, at or below it), variancepif, stdevpif, covarianceif, covariancepif.
 */
import type { SqlArg } from '../dialect/dialect.ts';
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg, conv, real, str } from './helpers.ts';
import { fn, type EmitContext, type FunctionDef } from './registry.ts';

/** erfc with fractional error below 1.2e-7 (Chebyshev fit, Numerical Recipes erfcc), x bound to _z. */
function erfcSql(x: string): string {
  const poly = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
  let horner = String(poly[poly.length - 1]);
  for (let i = poly.length - 2; i >= 0; i--) horner = `(${String(poly[i])} + _t * ${horner})`;
  const body = letIn('1.0 / (1.0 + 0.5 * abs(_z))', '_t', `(_t * exp(-abs(_z) * abs(_z) + ${horner}))`);
  return letIn(`CAST(${x} AS DOUBLE)`, '_z', `CASE WHEN _z IS NULL THEN NULL WHEN _z >= 0 THEN ${body} ELSE 2.0 - ${body} END`);
}

/** erf: the Maclaurin series near 0 (relative accuracy for small x), 1 - erfc elsewhere. */
function erfSql(x: string): string {
  const terms: string[] = [];
  let fact = 1;
  for (let n = 0; n < 14; n++) {
    if (n > 0) fact *= n;
    terms.push(`${n % 2 === 0 ? '' : '-'}pow(_y, ${2 * n + 1}) / ${String(fact * (2 * n + 1))}`);
  }
  return letIn(`CAST(${x} AS DOUBLE)`, '_y', `CASE WHEN _y IS NULL THEN NULL WHEN abs(_y) < 0.5 THEN 2.0 / sqrt(pi()) * (${terms.join(' + ')}) ELSE 1.0 - ${erfcSql('_y')} END`);
}

const tiny = (v: string): string => `(CASE WHEN abs(${v}) < 1e-300 THEN 1e-300 ELSE ${v} END)`;

/** Continued fraction of the incomplete beta function (modified Lentz, 200 steps) for a, b, x SQL names. */
function betacf(a: string, b: string, x: string): string {
  const step = letIn(
    `${a} + _e.m * 2`,
    '_a2',
    letIn(
      `_e.m * (${b} - _e.m) * ${x} / ((_a2 - 1) * _a2)`,
      '_aa1',
      letIn(
        `{'d': 1.0 / ${tiny('1.0 + _aa1 * _s.d')}, 'c': ${tiny('1.0 + _aa1 / _s.c')}}`,
        '_p',
        letIn(
          `-(${a} + _e.m) * (${a} + ${b} + _e.m) * ${x} / (_a2 * (_a2 + 1))`,
          '_aa2',
          letIn(`{'d': 1.0 / ${tiny('1.0 + _aa2 * _p.d')}, 'c': ${tiny('1.0 + _aa2 / _p.c')}}`, '_q', `{'m': _e.m, 'c': _q.c, 'd': _q.d, 'h': _s.h * _p.d * _p.c * _q.d * _q.c}`),
        ),
      ),
    ),
  );
  const d0 = `1.0 / ${tiny(`1.0 - (${a} + ${b}) * ${x} / (${a} + 1)`)}`;
  return `list_reduce(list_transform(range(1, 201), _m -> {'m': CAST(_m AS DOUBLE), 'c': 0.0::DOUBLE, 'd': 0.0::DOUBLE, 'h': 0.0::DOUBLE}), (_s, _e) -> ${step}, {'m': 0.0::DOUBLE, 'c': 1.0::DOUBLE, 'd': ${d0}, 'h': ${d0}}).h`;
}

function betaArgs(ctx: EmitContext, a: SqlArg[], body: string): string {
  return letIn(`{'x': CAST(${real(ctx, arg(a, 0))} AS DOUBLE), 'a': CAST(${real(ctx, arg(a, 1))} AS DOUBLE), 'b': CAST(${real(ctx, arg(a, 2))} AS DOUBLE)}`, '_v', `CASE WHEN _v.x IS NULL OR _v.a IS NULL OR _v.b IS NULL THEN NULL WHEN _v.x < 0 OR _v.x > 1 OR _v.a <= 0 OR _v.b <= 0 THEN CAST('NaN' AS DOUBLE) ELSE ${body} END`);
}

const lnBeta = '(lgamma(_v.a) + lgamma(_v.b) - lgamma(_v.a + _v.b))';

function betaPdf(ctx: EmitContext, a: SqlArg[]): string {
  return betaArgs(ctx, a, `(CASE WHEN (_v.x = 0 AND _v.a < 1) OR (_v.x = 1 AND _v.b < 1) THEN CAST('Infinity' AS DOUBLE) WHEN (_v.x = 0 AND _v.a > 1) OR (_v.x = 1 AND _v.b > 1) THEN 0.0 ELSE exp((_v.a - 1) * ln(CASE WHEN _v.x = 0 THEN 1 ELSE _v.x END) + (_v.b - 1) * ln(CASE WHEN _v.x = 1 THEN 1 ELSE 1 - _v.x END) - ${lnBeta}) END)`);
}

/** The regularized incomplete beta I_x(a, b) for a bound struct _v {x, a, b} with 0 <= x <= 1 and a, b > 0. */
function betaCdfCore(): string {
  const bt = `exp(-${lnBeta} + _v.a * ln(_v.x) + _v.b * ln(1 - _v.x))`;
  // one continued fraction: on (a, b, x) below the mean, else on (b, a, 1 - x) and complemented
  const swap = '(_v.x >= (_v.a + 1) / (_v.a + _v.b + 2))';
  const cf = letIn(`{'a': CASE WHEN ${swap} THEN _v.b ELSE _v.a END, 'b': CASE WHEN ${swap} THEN _v.a ELSE _v.b END, 'x': CASE WHEN ${swap} THEN 1 - _v.x ELSE _v.x END}`, '_c', betacf('_c.a', '_c.b', '_c.x'));
  return `(CASE WHEN _v.x = 0 THEN 0.0 WHEN _v.x = 1 THEN 1.0 ELSE ${letIn(cf, '_cf', `CASE WHEN ${swap} THEN 1.0 - ${bt} * _cf / _v.b ELSE ${bt} * _cf / _v.a END`)} END)`;
}

function betaCdf(ctx: EmitContext, a: SqlArg[]): string {
  return betaArgs(ctx, a, betaCdfCore());
}

function cond(ctx: EmitContext, a: SqlArg): string {
  return a.type === 'bool' ? a.sql : conv(ctx, a, 'bool');
}

function agg(name: string, arity: [number, number], returns: FunctionDef['returns'], autoName: NonNullable<FunctionDef['autoName']>, duckdb: FunctionDef['duckdb']): FunctionDef {
  return { name, kind: 'aggregate', minArgs: arity[0], maxArgs: arity[1], returns, autoName, duckdb };
}

/** The percentages of a percentiles_array call: several numbers, or one dynamic array. */
function percentages(ctx: EmitContext, a: SqlArg[]): string {
  const only = a[0];
  if (a.length === 1 && only && only.type === 'dynamic') return `CAST(json_extract_string(${only.sql}, '$[*]') AS DOUBLE[])`;
  return `[${a.map((p) => `CAST(${real(ctx, p)} AS DOUBLE)`).join(', ')}]`;
}

/** Weighted nearest-rank percentile (an aggregate expression): the smallest value whose cumulative weight reaches p% of the total. */
export function weightedPercentileSql(ctx: EmitContext, x: SqlArg, weight: SqlArg, p: SqlArg): string {
  const v = x.type === 'dynamic' ? real(ctx, x) : x.sql;
  const w = `CAST(${real(ctx, weight)} AS DOUBLE)`;
  const sorted = `list_sort(list({'v': ${v}, 'w': ${w}}) FILTER (WHERE ${v} IS NOT NULL AND ${w} > 0))`;
  const pick = `list_reduce(_l, (_acc, _e) -> CASE WHEN _acc.w >= _p / 100.0 * _tot AND _acc.v IS NOT NULL THEN _acc ELSE {'v': _e.v, 'w': _acc.w + _e.w} END, {'v': NULL, 'w': 0.0::DOUBLE}).v`;
  return letIn(sorted, '_l', `CASE WHEN len(_l) = 0 THEN NULL ELSE ${letIn('list_sum(list_transform(_l, _e -> _e.w))', '_tot', letIn(`CAST(${real(ctx, p)} AS DOUBLE)`, '_p', pick))} END`);
}

function percentilesArray(weighted: boolean): FunctionDef['duckdb'] {
  return (a, ctx) => {
    const x = arg(a, 0);
    const v = x.type === 'dynamic' ? real(ctx, x) : x.sql;
    const ps = percentages(ctx, a.slice(weighted ? 2 : 1));
    if (!weighted) {
      const sorted = `list_sort(list(${v}) FILTER (WHERE ${v} IS NOT NULL))`;
      return letIn(sorted, '_l', `CASE WHEN len(_l) = 0 THEN NULL ELSE to_json(list_transform(${ps}, _p -> _l[CAST(greatest(1, least(len(_l), ceil(_p / 100.0 * len(_l)))) AS BIGINT)])) END`);
    }
    const w = `CAST(${real(ctx, arg(a, 1))} AS DOUBLE)`;
    const sorted = `list_sort(list({'v': ${v}, 'w': ${w}}) FILTER (WHERE ${v} IS NOT NULL AND ${w} > 0))`;
    const pick = `list_reduce(_l, (_acc, _e) -> CASE WHEN _acc.w >= _p / 100.0 * _tot AND _acc.v IS NOT NULL THEN _acc ELSE {'v': _e.v, 'w': _acc.w + _e.w} END, {'v': NULL, 'w': 0.0::DOUBLE}).v`;
    return letIn(sorted, '_l', `CASE WHEN len(_l) = 0 THEN NULL ELSE ${letIn('list_sum(list_transform(_l, _e -> _e.w))', '_tot', `to_json(list_transform(${ps}, _p -> ${pick}))`)} END`);
  };
}

/**
 * tdigest(): kept exact rather than estimated: a dynamic array of [value, weight] pairs (values as reals;
 * datetimes and timespans as ticks). percentile_tdigest() picks the weighted nearest rank from it, so
 * the results are those of percentilesw() over the same data.
 */
function digestOf(ctx: EmitContext, a: SqlArg[]): string {
  const x = arg(a, 0);
  const v = `CAST(${real(ctx, x)} AS DOUBLE)`;
  const w = a[1] ? `CAST(${real(ctx, arg(a, 1))} AS DOUBLE)` : '1.0';
  return `coalesce(to_json(list([${v}, ${w}]) FILTER (WHERE ${v} IS NOT NULL AND ${w} > 0)), CAST('[]' AS JSON))`;
}

/** The pairs of one or more digests, as DOUBLE[][] sorted by value. */
function pairsOf(digests: SqlArg[]): string {
  return `list_sort(flatten([${digests.map((d) => `coalesce(TRY_CAST(${d.sql} AS DOUBLE[][]), [])`).join(', ')}]))`;
}

/** Weighted nearest rank over sorted pairs _l with total weight _tot, for the percentage SQL p. */
function pickRank(p: string): string {
  return `list_reduce(list_transform(_l, _e -> {'v': _e[1], 'w': _e[2]}), (_acc, _e) -> CASE WHEN _acc.w >= ${p} / 100.0 * _tot AND _acc.v IS NOT NULL THEN _acc ELSE {'v': _e.v, 'w': _acc.w + _e.w} END, {'v': CAST(NULL AS DOUBLE), 'w': 0.0::DOUBLE}).v`;
}

function typeArg(a: SqlArg | undefined): string | undefined {
  return a && a.isConstant && typeof a.constant === 'string' && /^(int|long|real|double|decimal|datetime|timespan)$/.test(a.constant) ? a.constant : undefined;
}

function percentileTdigest(ctx: EmitContext, a: SqlArg[]): string {
  const t = typeArg(a[2]);
  const e = letIn(pairsOf([arg(a, 0)]), '_l', `CASE WHEN len(_l) = 0 THEN NULL ELSE ${letIn('list_sum(list_transform(_l, _e -> _e[2]))', '_tot', pickRank(`CAST(${real(ctx, arg(a, 1))} AS DOUBLE)`))} END`);
  if (t === undefined || t === 'real' || t === 'double') return e;
  return conv(ctx, { sql: e, type: 'real', isConstant: false }, t === 'double' ? 'real' : (t as 'int'));
}

/**
 * hll() (in aggregates.ts) keeps the exact distinct values as a dynamic array of strings; these read and
 * merge that form, so dcount_hll() is exact.
 */
const hllFunctions: FunctionDef[] = [
  agg('hll_if', [2, 3], 'dynamic', (n) => `hll_if_${n[0] ?? ''}`, (a, ctx) => `coalesce(to_json(list(DISTINCT ${str(ctx, arg(a, 0))}) FILTER (WHERE ${cond(ctx, arg(a, 1))})), CAST('[]' AS JSON))`),
  agg('hll_merge', [1, 1], 'dynamic', (n) => `hll_merge_${n[0] ?? ''}`, (a) => `coalesce(to_json(list_distinct(flatten(list(TRY_CAST(${arg(a, 0).sql} AS VARCHAR[]))))), CAST('[]' AS JSON))`),
  fn('dcount_hll', 1, 'long', (a) => `coalesce(CAST(len(list_distinct(TRY_CAST(${arg(a, 0).sql} AS VARCHAR[]))) AS BIGINT), 0)`),
];

export const statisticsFunctions: FunctionDef[] = [
  ...hllFunctions,
  agg('tdigest', [1, 2], 'dynamic', (n) => `tdigest_${n[0] ?? ''}`, (a, ctx) => digestOf(ctx, a)),
  agg('tdigest_merge', [1, 1], 'dynamic', (n) => `tdigest_merge_${n[0] ?? ''}`, (a) => `coalesce(to_json(flatten(list(TRY_CAST(${arg(a, 0).sql} AS DOUBLE[][])))), CAST('[]' AS JSON))`),
  fn('merge_tdigest', [1, 64], 'dynamic', (a) => `to_json(${pairsOf(a)})`),
  fn('percentile_tdigest', [2, 3], (args) => {
    const t = typeArg(args[2] as SqlArg | undefined);
    return t === undefined || t === 'double' ? 'real' : (t as 'real');
  }, (a, ctx) => percentileTdigest(ctx, a)),
  fn('percentiles_array_tdigest', [2, 1000], 'dynamic', (a, ctx) => letIn(pairsOf([arg(a, 0)]), '_l', `CASE WHEN len(_l) = 0 THEN NULL ELSE ${letIn('list_sum(list_transform(_l, _e -> _e[2]))', '_tot', `to_json(list_transform(${percentages(ctx, a.slice(1))}, _p -> ${pickRank('_p')}))`)} END`)),
  fn('rank_tdigest', 2, 'long', (a, ctx) => letIn(pairsOf([arg(a, 0)]), '_l', `CAST(list_sum(list_transform(list_filter(_l, _e -> _e[1] <= CAST(${real(ctx, arg(a, 1))} AS DOUBLE)), _e -> _e[2])) AS BIGINT)`)),
  fn('erf', 1, 'real', (a, ctx) => erfSql(real(ctx, arg(a, 0)))),
  fn('erfc', 1, 'real', (a, ctx) => erfcSql(real(ctx, arg(a, 0)))),
  fn('beta_pdf', 3, 'real', (a, ctx) => betaPdf(ctx, a)),
  fn('beta_cdf', 3, 'real', (a, ctx) => betaCdf(ctx, a)),
  agg('percentiles_array', [2, 1000], 'dynamic', (n) => `percentiles_${n[0] ?? ''}`, percentilesArray(false)),
  agg('percentilesw_array', [3, 1000], 'dynamic', (n) => `percentile_${n[0] ?? ''}`, percentilesArray(true)),
  agg('variancepif', [2, 2], 'real', (n) => `variancepif_${n[0] ?? ''}`, (a, ctx) => `coalesce(var_pop(${real(ctx, arg(a, 0))}) FILTER (WHERE ${cond(ctx, arg(a, 1))}), 0)`),
  agg('stdevpif', [2, 2], 'real', (n) => `stdevpif_${n[0] ?? ''}`, (a, ctx) => `coalesce(stddev_pop(${real(ctx, arg(a, 0))}) FILTER (WHERE ${cond(ctx, arg(a, 1))}), 0)`),
  agg('covarianceif', [3, 3], 'real', (n) => `covarianceif_${n[0] ?? ''}_${n[1] ?? ''}`, (a, ctx) => `covar_samp(${real(ctx, arg(a, 0))}, ${real(ctx, arg(a, 1))}) FILTER (WHERE ${cond(ctx, arg(a, 2))})`),
  agg('covariancepif', [3, 3], 'real', (n) => `covariancepif_${n[0] ?? ''}_${n[1] ?? ''}`, (a, ctx) => `covar_pop(${real(ctx, arg(a, 0))}, ${real(ctx, arg(a, 1))}) FILTER (WHERE ${cond(ctx, arg(a, 2))})`),
];
