/** Kusto's automatic column names. */
import type { Expr } from '../syntax/ast.ts';

/** Functions whose unnamed result takes the name of their first argument (casts, bin...). */
const NAME_FROM_ARG = new Set([
  'tostring', 'toint', 'tolong', 'todouble', 'toreal', 'todecimal', 'tobool', 'toboolean', 'todatetime', 'todate', 'totimespan', 'totime', 'toguid',
  'todynamic', 'parse_json', 'parsejson', 'toobject', 'bin', 'floor', 'bin_at', 'tolower', 'toupper',
]);

/**
 * Functions whose unnamed result is named `<function>_<first argument>` (the docs' outputs:
 * `dcount_hll(hllMerged)` -> dcount_hll_hllMerged, `percentile_tdigest(t, 100)` -> percentile_tdigest_t).
 */
const NAME_FN_ARG = new Set(['dcount_hll', 'percentile_tdigest']);

/** Whether an unnamed call of `fn` takes the name of its first argument (tostring(x) -> x). */
export function takesFirstArgumentName(fn: string): boolean {
  return NAME_FROM_ARG.has(fn);
}

/** The name an unnamed expression gets, if it has a natural one (a column, a path, a cast of one). */
export function naturalName(e: Expr): string | undefined {
  switch (e.kind) {
    case 'name':
      return e.name;
    case 'member': {
      const t = naturalName(e.target);
      return t === undefined ? undefined : `${t}_${e.name}`;
    }
    case 'index': {
      const t = naturalName(e.target);
      if (t === undefined) return undefined;
      if (e.index.kind === 'string') return `${t}_${e.index.value}`;
      if (e.index.kind === 'number') return `${t}_${e.index.text}`;
      return undefined;
    }
    case 'call': {
      const first = e.args[0];
      if (NAME_FROM_ARG.has(e.name) && first) return naturalName(first.value);
      if (NAME_FN_ARG.has(e.name) && first?.value.kind === 'name') return `${e.name}_${first.value.name}`;
      return undefined;
    }
    case 'side':
      return e.name;
    default:
      return undefined;
  }
}

/** Makes `name` unique among `taken` by appending 1, 2, ... */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 1; ; i++) if (!taken.has(`${name}${i}`)) return `${name}${i}`;
}
