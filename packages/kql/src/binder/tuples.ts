/**
 * Functions whose result is several columns. `array_sort_asc(a1, a2, ... [, nulls_last])` (and _desc) with more
 * than one array sorts the first and reorders the others to match, one column per array, named `<argument>_sorted`
 * unless the caller names them: `extend (s1, s2) = array_sort_asc(a1, a2)`.
 */
import type { ScalarExpr } from '../ir/ir.ts';
import type { Expr } from '../syntax/ast.ts';
import type { Binder } from './binder.ts';
import { bindExpr, call, lit } from './expressions.ts';
import { naturalName } from './naming.ts';
import type { RowScope } from './scope.ts';

const SORTS: Record<string, string> = { array_sort_asc: '__array_sort_asc_by', array_sort_desc: '__array_sort_desc_by' };

export interface TupleResult {
  exprs: ScalarExpr[];
  /** What a single name gets, when that is not an error (the first result of series_decompose_anomalies). */
  single?: ScalarExpr;
  /**
   * For results that are fields of one computed value: that value and the fields of any expression holding it, so
   * that extend can compute the value once (as a hidden column) instead of once per field.
   */
  shared?: { whole: ScalarExpr; members: (source: ScalarExpr) => ScalarExpr[] };
  /** The generated names, one per expression; absent for a single (ordinary) result. */
  names?: string[];
}

/**
 * series_stats(x [, ignore_nonfinite]) and series_fit_line(x): one column per statistic, named
 * `<function>_<argument>_<statistic>` (the fields of their `_dynamic` forms, typed as the docs list them).
 */
const SERIES_TUPLES: Record<string, { dynamic: string; fields: [string, 'real' | 'long' | 'dynamic'][]; singleIsFirst?: boolean }> = {
  series_stats: {
    dynamic: 'series_stats_dynamic',
    fields: [['min', 'real'], ['min_idx', 'long'], ['max', 'real'], ['max_idx', 'long'], ['avg', 'real'], ['stdev', 'real'], ['variance', 'real']],
  },
  series_fit_line: {
    dynamic: 'series_fit_line_dynamic',
    fields: [['rsquare', 'real'], ['slope', 'real'], ['variance', 'real'], ['rvariance', 'real'], ['interception', 'real'], ['line_fit', 'dynamic']],
  },
  series_decompose: {
    dynamic: '__series_decompose_dynamic',
    fields: [['baseline', 'dynamic'], ['seasonal', 'dynamic'], ['trend', 'dynamic'], ['residual', 'dynamic']],
  },
  // `extend a = series_decompose_anomalies(y)` names the flags only (hunting queries then mv-expand a and test a == 1)
  series_decompose_anomalies: {
    dynamic: '__series_decompose_anomalies_dynamic',
    fields: [['ad_flag', 'dynamic'], ['ad_score', 'dynamic'], ['baseline', 'dynamic']],
    singleIsFirst: true,
  },
};

function bindSeriesTuple(b: Binder, e: Expr & { kind: 'call' }, scope: RowScope): TupleResult | undefined {
  const def = SERIES_TUPLES[e.name];
  if (!def) return undefined;
  const whole = b.callFunction(def.dynamic, e.args.map((a) => bindExpr(b, a.value, scope)), e.span);
  const base = naturalName(e.args[0]?.value ?? e) ?? 'series';
  const convert: Record<string, string> = { real: 'todouble', long: 'tolong' };
  const members = (source: ScalarExpr): ScalarExpr[] =>
    def.fields.map(([field, type]) => {
      const member = b.callFunction('dynamic_member', [source, lit(field, 'string')], e.span);
      const to = convert[type];
      return to ? b.callFunction(to, [member], e.span) : member;
    });
  const exprs = members(whole);
  return {
    exprs,
    shared: { whole, members },
    ...(def.singleIsFirst && exprs[0] ? { single: exprs[0] } : {}),
    names: def.fields.map(([field]) => `${e.name}_${base}_${field}`),
  };
}

/** Functions whose result is several columns (so they cannot stand inside a scalar expression). */
export function isMultiColumnFunction(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(SERIES_TUPLES, name);
}

/** Binds `e` when it is a call that may return several columns; undefined for any other expression. */
export function bindTuple(b: Binder, e: Expr, scope: RowScope): TupleResult | undefined {
  if (e.kind === 'call' && SERIES_TUPLES[e.name]) return bindSeriesTuple(b, e, scope);
  if (e.kind !== 'call' || e.args.length < 2) return undefined;
  const by = SORTS[e.name];
  if (by === undefined) return undefined;
  const args = e.args.map((a) => bindExpr(b, a.value, scope));
  const last = args[args.length - 1];
  const nullsLast = last?.type === 'bool' ? last : lit(true, 'bool');
  const arrays = last?.type === 'bool' ? args.slice(0, -1) : args;
  const key = arrays[0];
  if (!key) return undefined;
  if (arrays.length === 1) return { exprs: [call(e.name, args, 'dynamic')] };
  return {
    exprs: arrays.map((a) => call(by, [a, key, nullsLast], 'dynamic')),
    names: arrays.map((_a, i) => `${naturalName(e.args[i]?.value ?? e) ?? `array${i + 1}`}_sorted`),
  };
}
