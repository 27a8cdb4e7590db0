/** Window functions over serialized input: prev, next, row_number, row_cumsum, row_rank_*. */
import { arg, long } from './helpers.ts';
import type { FunctionDef } from './registry.ts';

function win(name: string, min: number, max: number, returns: FunctionDef['returns'], duckdb: FunctionDef['duckdb']): FunctionDef {
  return { name, kind: 'window', minArgs: min, maxArgs: max, returns, duckdb };
}

export const windowFunctions: FunctionDef[] = [
  win('prev', 1, 3, (a) => a[0]?.type ?? 'string', (a, ctx) => `lag(${arg(a, 0).sql}, ${a[1] ? long(ctx, arg(a, 1)) : 1}${a[2] ? `, ${arg(a, 2).sql}` : ''}) OVER (${ctx.windowOrder})`),
  win('next', 1, 3, (a) => a[0]?.type ?? 'string', (a, ctx) => `lead(${arg(a, 0).sql}, ${a[1] ? long(ctx, arg(a, 1)) : 1}${a[2] ? `, ${arg(a, 2).sql}` : ''}) OVER (${ctx.windowOrder})`),
  win('row_number', 0, 2, 'long', (a, ctx) => {
    const start = a[0] ? long(ctx, arg(a, 0)) : '1';
    if (a[1]) {
      // restart numbering whenever the predicate is true
      const r = arg(a, 1).sql;
      return `(row_number() OVER (PARTITION BY _grp ORDER BY _ord) - 1 + ${start})`.replace('_grp', `sum(CASE WHEN ${r} THEN 1 ELSE 0 END) OVER (${ctx.windowOrder} ROWS UNBOUNDED PRECEDING)`).replace(' ORDER BY _ord', '');
    }
    return `(row_number() OVER (${ctx.windowOrder}) - 1 + ${start})`;
  }),
  win('row_cumsum', 1, 2, (a) => a[0]?.type ?? 'long', (a, ctx) => `sum(${arg(a, 0).sql}) OVER (${ctx.windowOrder} ROWS UNBOUNDED PRECEDING)`),
  win('row_rank_dense', 1, 1, 'long', (a, ctx) => `dense_rank() OVER (${ctx.windowOrder})`),
  win('row_rank_min', 1, 1, 'long', (a, ctx) => `rank() OVER (${ctx.windowOrder})`),
];
