/**
 * Series decomposition, forecast and anomaly detection, after the Kusto documentation of series_decompose(),
 * series_decompose_forecast(), series_decompose_anomalies(), series_outliers() and series_seasonal():
 *
 * - seasonal: the median of the (training) values at the same phase of the period; 0 without a period.
 * - trend, of the series minus its seasonal part: 'avg' (its average, the default), 'linefit' (least-squares
 *   line over the bin index, extrapolated over the test points) or 'none' (0).
 * - baseline = seasonal + trend; residual = value - baseline.
 * - series_outliers scores by Tukey's fences: (x - Qhigh) / (Qhigh - Qlow) above the high quantile, (x - Qlow) /
 *   (Qhigh - Qlow) below the low one, 0 between; 'tukey' uses the 25th/75th percentiles, 'ctukey' (the default)
 *   10th/90th or the given ones. Percentiles interpolate linearly. A null (or ignored) value scores 0.
 * - series_decompose_anomalies scores the residuals so (quantiles over the training part), and flags +1/-1 where the
 *   score is above the threshold k (default 1.5) / below -k.
 * - Test points (at the end) are left out of the medians, the trend fit and the quantiles; the forecast is the
 *   baseline over the whole length with its last `points` left out so (the seasonal part repeats, the trend extends).
 *
 * Where the documentation leaves the algorithm open, these choices are ours (documented in the README):
 * - Period auto-detection (seasonality -1): the lag p with 4 <= p < n/2 that is a local maximum of the
 *   autocorrelation of the training values (clipped to their 5th..95th percentiles first, so that the spikes being
 *   looked for do not hide the period), scaled by n / (n - p) (the unbiased estimate), with the
 *   highest score not below the seasonality threshold (0.6 for the decomposition, 0.7 for series_seasonal), or the
 *   smallest such peak that divides it; none otherwise. Kusto's series_periods_detect scores differently, so it is
 *   not offered as a function.
 * - When Qhigh = Qlow (a mostly constant residual; equal up to rounding, 1e-9 relative), the score is the plain
 *   distance outside that value.
 * - Null elements are missing values: left out of medians, averages and fits; their residual is null.
 */
import type { SqlArg } from '../dialect/dialect.ts';
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg, constString, long, real } from './helpers.ts';
import { fn, type ArgInfo, type EmitContext, type FunctionDef } from './registry.ts';
import { numbers } from './series.ts';

const TRENDS = ['avg', 'linefit', 'none'];
const METHODS = ['ctukey', 'tukey'];

function constOf(info: ArgInfo | undefined): unknown {
  return info?.isConstant ? info.constant : undefined;
}

/** A check that argument i, when given, is a constant string among `allowed`. */
function constantChoice(i: number, what: string, allowed: string[]): (args: ArgInfo[]) => string | undefined {
  return (args) => {
    const a = args[i];
    if (!a) return undefined;
    const v = constOf(a);
    if (!a.isConstant || typeof v !== 'string' || !allowed.includes(v)) return `The ${what} must be one of ${allowed.map((x) => `'${x}'`).join(', ')} (a constant string).`;
    return undefined;
  };
}

/** The series (argument 0) must be dynamic; the numeric arguments at `numeric` must be numbers (or null). */
function seriesArgs(name: string, numeric: number[]): (args: ArgInfo[]) => string | undefined {
  const isNumber = (a: ArgInfo): boolean => a.type === 'int' || a.type === 'long' || a.type === 'real' || a.type === 'decimal' || (a.isConstant && a.constant === null);
  return (args) => {
    if (args[0] && args[0].type !== 'dynamic') return `The series of ${name} must be a dynamic array (make-series or make_list output), not ${args[0].type}.`;
    const bad = numeric.find((i) => args[i] !== undefined && !isNumber(args[i]));
    return bad === undefined ? undefined : `Argument ${bad + 1} of ${name} must be a number.`;
  };
}

function all(...checks: ((args: ArgInfo[]) => string | undefined)[]): (args: ArgInfo[]) => string | undefined {
  return (args) => checks.map((c) => c(args)).find((m) => m !== undefined);
}

/** The argument as SQL, or `fallback` when absent or a null literal (Kusto lets callers skip to later arguments so). */
function optional(a: SqlArg | undefined, fallback: string, as: (a: SqlArg) => string): string {
  if (!a || (a.isConstant && a.constant === null)) return fallback;
  return as(a);
}

/**
 * The period of `_x[1:_nt]` (BIGINT): the best-scoring autocorrelation peak at or above `threshold`, else 0.
 * Needs `_x` (DOUBLE[]) and `_nt` (training length) in scope.
 */
function detectPeriod(threshold: string): string {
  // list_dot_product over two slices: a lambda indexing the captured list per element is far slower in DuckDB
  const acf = `list_transform(range(0, (_nt - 1) // 2 + 2), lambda _k: CASE WHEN _k < 3 OR _den = 0 OR _k >= _nt THEN NULL ELSE list_dot_product(_c[1:_nt - _k], _c[_k + 1:_nt]) / _den * _nt / (_nt - _k) END)`;
  const peaks = `list_filter(range(4, (_nt - 1) // 2 + 1), lambda _q: _a[_q + 1] >= ${threshold} AND _a[_q + 1] >= _a[_q] AND _a[_q + 1] >= coalesce(_a[_q + 2], -2))`;
  // the best-scoring peak, or the smallest peak that divides it (a period repeats at its multiples)
  const best = `coalesce(CAST(list_sort(list_transform(_pk, lambda _q: [-_a[_q + 1], _q]))[1][2] AS BIGINT), 0)`;
  const choice = letIn(peaks, '_pk', letIn(best, '_bp', `CASE WHEN _bp = 0 THEN 0 ELSE CAST(list_min(list_filter(_pk, lambda _q: _bp % _q = 0)) AS BIGINT) END`));
  // values clipped to their 5th..95th percentiles first, so that the spikes being looked for do not hide the period
  const clipped = `list_transform(_x[1:_nt], lambda _v: least(greatest(_v, _f1), _f3))`;
  const centred = letIn(clipped, '_xc', letIn('list_avg(_xc)', '_m', letIn('list_transform(_xc, lambda _v: coalesce(_v - _m, 0))', '_c', letIn('list_sum(list_transform(_c, lambda _v: _v * _v))', '_den', letIn(acf, '_a', choice)))));
  return letIn("list_aggregate(_x[1:_nt], 'quantile_cont', 0.05)", '_f1', letIn("list_aggregate(_x[1:_nt], 'quantile_cont', 0.95)", '_f3', centred));
}

/** The period: a constant positive seasonality as is, 0 as none, -1 (or any negative) detected. */
function periodSql(ctx: EmitContext, seasonality: SqlArg | undefined, threshold: string): string {
  if (!seasonality || (seasonality.isConstant && seasonality.constant === null)) return detectPeriod(threshold);
  if (seasonality.isConstant && typeof seasonality.constant === 'number') {
    const s = Math.trunc(seasonality.constant);
    return s < 0 ? detectPeriod(threshold) : `CAST(${s} AS BIGINT)`;
  }
  const s = long(ctx, seasonality);
  return `(CASE WHEN ${s} < 0 THEN ${detectPeriod(threshold)} ELSE coalesce(CAST(${s} AS BIGINT), 0) END)`;
}

/** The seasonal component over all `_n` points (DOUBLE[]); needs `_x`, `_n`, `_nt`, `_p`. */
const SEASONAL = letIn(
  'list_transform(range(0, _p), lambda _k: list_median(list_transform(range(_k + 1, _nt + 1, greatest(_p, 1)), lambda _j: _x[_j])))',
  '_med',
  'list_transform(range(0, _n), lambda _i: CASE WHEN _p > 0 THEN coalesce(_med[_i % _p + 1], 0) ELSE 0 END)::DOUBLE[]',
);

/** The trend component over all `_n` points (DOUBLE[]) of `_x - _s`, fitted on the training part. */
function trendSql(kind: string): string {
  if (kind === 'none') return 'list_transform(range(0, _n), lambda _i: 0)::DOUBLE[]';
  const d = 'list_transform(range(1, _nt + 1), lambda _j: _x[_j] - _s[_j])';
  if (kind === 'avg') return letIn(`coalesce(list_avg(${d}), 0)`, '_ta', 'list_transform(range(0, _n), lambda _i: _ta)::DOUBLE[]');
  // linefit: least squares over the non-null (index, value) pairs of the training part
  const js = letIn(d, '_d', 'list_filter(range(1, _nt + 1), lambda _j: _d[_j] IS NOT NULL)');
  const fit = letIn(
    'list_avg(_js)',
    '_mj',
    letIn(
      `coalesce(list_avg(list_transform(_js, lambda _j: _x[_j] - _s[_j])), 0)`,
      '_md',
      letIn(
        'list_sum(list_transform(_js, lambda _j: (_j - _mj) * (_j - _mj)))',
        '_sxx',
        letIn(
          'CASE WHEN _sxx > 0 THEN list_sum(list_transform(_js, lambda _j: (_j - _mj) * (_x[_j] - _s[_j] - _md))) / _sxx ELSE 0 END',
          '_sl',
          'list_transform(range(1, _n + 1), lambda _i: _md + _sl * (_i - coalesce(_mj, 0)))::DOUBLE[]',
        ),
      ),
    ),
  );
  return letIn(js, '_js', fit);
}

interface DecomposeArgs {
  series: SqlArg;
  seasonality: SqlArg | undefined;
  trend: string;
  testPoints: SqlArg | undefined;
  seasonalityThreshold: string;
}

/**
 * Binds `_x`, `_n`, `_nt`, `_p`, `_s` (seasonal), `_t` (trend), `_b` (baseline) and `_r` (residual) around `body`;
 * null when the value is not an array.
 */
function decompose(ctx: EmitContext, a: DecomposeArgs, body: string): string {
  const tp = optional(a.testPoints, '0', (x) => `coalesce(${long(ctx, x)}, 0)`);
  const inner = letIn(
    periodSql(ctx, a.seasonality, a.seasonalityThreshold),
    '_p',
    letIn(
      SEASONAL,
      '_s',
      letIn(
        trendSql(a.trend),
        '_t',
        letIn('list_transform(range(1, _n + 1), lambda _i: _s[_i] + _t[_i])', '_b', letIn('list_transform(range(1, _n + 1), lambda _i: _x[_i] - _b[_i])', '_r', body)),
      ),
    ),
  );
  return letIn(numbers(a.series), '_x', `CASE WHEN _x IS NULL THEN NULL ELSE ${letIn('len(_x)', '_n', letIn(`greatest(_n - greatest(${tp}, 0), 0)`, '_nt', inner))} END`);
}

/**
 * Tukey scores of the list `l` (1-based, length `len`), quantiles `lo`/`hi` (fractions) taken over its first
 * `over` elements that are not null and not `ignore`; a DOUBLE[] expression.
 */
function tukeyScores(l: string, len: string, over: string, lo: string, hi: string, ignore: string | undefined): string {
  const skip = (v: string): string => `${v} IS NULL${ignore ? ` OR ${v} = ${ignore}` : ''}`;
  const sample = `list_filter(${l}[1:${over}], lambda _v: NOT (${skip('_v')}))`;
  const score = `list_transform(range(1, ${len} + 1), lambda _i: CASE WHEN ${skip(`${l}[_i]`)} OR _qs IS NULL THEN 0 WHEN ${l}[_i] > _qh THEN (${l}[_i] - _qh) / _qr WHEN ${l}[_i] < _ql THEN (${l}[_i] - _ql) / _qr ELSE 0 END)::DOUBLE[]`;
  return letIn(
    `CASE WHEN len(${sample}) > 0 THEN ${sample} END`,
    '_qs',
    letIn(`list_aggregate(_qs, 'quantile_cont', ${lo})`, '_ql', letIn(`list_aggregate(_qs, 'quantile_cont', ${hi})`, '_qh', letIn('CASE WHEN _qh - _ql > 1e-9 * greatest(abs(_qh), abs(_ql), 1.0) THEN _qh - _ql ELSE 1.0 END', '_qr', score))),
  );
}

/** The quantile fractions of an outlier method. */
function quantiles(ctx: EmitContext, method: string, minPct: SqlArg | undefined, maxPct: SqlArg | undefined): [string, string] {
  if (method === 'tukey') return ['0.25', '0.75'];
  const pct = (x: SqlArg | undefined, dflt: string): string => optional(x, dflt, (v) => `(greatest(2.0, least(98.0, ${real(ctx, v)})) / 100.0)`);
  return [pct(minPct, '0.1'), pct(maxPct, '0.9')];
}

function seriesOutliers(ctx: EmitContext, a: SqlArg[]): string {
  const method = constString(a[1]) ?? 'ctukey';
  const [lo, hi] = quantiles(ctx, method, a[3], a[4]);
  const ignore = a[2] && !(a[2].isConstant && a[2].constant === null) ? `CAST(${real(ctx, a[2])} AS DOUBLE)` : undefined;
  return letIn(numbers(arg(a, 0)), '_x', `CASE WHEN _x IS NULL THEN NULL ELSE to_json(${tukeyScores('_x', 'len(_x)', 'len(_x)', lo, hi, ignore)}) END`);
}

function seriesSeasonal(ctx: EmitContext, a: SqlArg[]): string {
  return decompose(ctx, { series: arg(a, 0), seasonality: a[1], trend: 'none', testPoints: undefined, seasonalityThreshold: '0.7' }, 'to_json(_s)');
}

function seriesDecompose(ctx: EmitContext, a: SqlArg[]): string {
  const trend = constString(a[2]) ?? 'avg';
  const thr = optional(a[4], '0.6', (x) => real(ctx, x));
  return decompose(ctx, { series: arg(a, 0), seasonality: a[1], trend, testPoints: a[3], seasonalityThreshold: thr }, "json_object('baseline', to_json(_b), 'seasonal', to_json(_s), 'trend', to_json(_t), 'residual', to_json(_r))");
}

/** series_decompose_forecast(y, points [, seasonality, trend, threshold]): the baseline, fitted without the last points. */
function seriesDecomposeForecast(ctx: EmitContext, a: SqlArg[]): string {
  const trend = constString(a[3]) ?? 'avg';
  const thr = optional(a[4], '0.6', (x) => real(ctx, x));
  return decompose(ctx, { series: arg(a, 0), seasonality: a[2], trend, testPoints: arg(a, 1), seasonalityThreshold: thr }, 'to_json(_b)');
}

function seriesDecomposeAnomalies(ctx: EmitContext, a: SqlArg[]): string {
  const k = optional(a[1], '1.5', (x) => `CAST(${real(ctx, x)} AS DOUBLE)`);
  const trend = constString(a[3]) ?? 'avg';
  const method = constString(a[5]) ?? 'ctukey';
  const thr = optional(a[6], '0.6', (x) => real(ctx, x));
  const [lo, hi] = quantiles(ctx, method, undefined, undefined);
  const body = letIn(
    tukeyScores('_r', '_n', '_nt', lo, hi, undefined),
    '_sc',
    `json_object('ad_flag', to_json(list_transform(_sc, lambda _v: CASE WHEN _v > ${k} THEN 1 WHEN _v < -${k} THEN -1 ELSE 0 END)), 'ad_score', to_json(_sc), 'baseline', to_json(_b))`,
  );
  return decompose(ctx, { series: arg(a, 0), seasonality: a[2], trend, testPoints: a[4], seasonalityThreshold: thr }, body);
}

export const seriesDecomposeFunctions: FunctionDef[] = [
  fn('series_outliers', [1, 5], 'dynamic', (a, ctx) => seriesOutliers(ctx, a), { check: all(seriesArgs('series_outliers', [2, 3, 4]), constantChoice(1, 'kind of series_outliers', METHODS)) }),
  fn('series_seasonal', [1, 2], 'dynamic', (a, ctx) => seriesSeasonal(ctx, a), { check: seriesArgs('series_seasonal', [1]) }),
  fn('series_decompose_forecast', [2, 5], 'dynamic', (a, ctx) => seriesDecomposeForecast(ctx, a), { check: all(seriesArgs('series_decompose_forecast', [1, 2, 4]), constantChoice(3, 'trend of series_decompose_forecast', TRENDS)) }),
  // the whole results as bags; series_decompose() and series_decompose_anomalies() are their columns (binder/tuples.ts)
  fn('__series_decompose_dynamic', [1, 5], 'dynamic', (a, ctx) => seriesDecompose(ctx, a), { check: all(seriesArgs('series_decompose', [1, 3, 4]), constantChoice(2, 'trend of series_decompose', TRENDS)) }),
  fn('__series_decompose_anomalies_dynamic', [1, 7], 'dynamic', (a, ctx) => seriesDecomposeAnomalies(ctx, a), {
    check: all(seriesArgs('series_decompose_anomalies', [1, 2, 4, 6]), constantChoice(3, 'trend of series_decompose_anomalies', TRENDS), constantChoice(5, 'AD method of series_decompose_anomalies', METHODS)),
  }),
];
