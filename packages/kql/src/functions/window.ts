/** Window functions over serialized input: prev, next, row_number, row_cumsum, row_rank_*. */
import { arg, long } from './helpers.ts';
import type { FunctionDef } from './registry.ts';

function win(name: string, min: number, max: number, returns: FunctionDef['returns'], duckdb: FunctionDef['duckdb']): FunctionDef {
  return { name, kind: 'window', minArgs: min, maxArgs: max, returns, duckdb };
}

export const windowFunctions: FunctionDef[] = [
  win('prev', 1, 3, (a) => a[0]?.type ?? 'string', (a, ctx) => `lag(${arg(a, 0).sql}, ${a[1] ? long(ctx, arg(a, 1)) : 1}${a[2] ? `, ${arg(a, 2).sql}` : ''}) OVER (${ctx.windowOrder})`),
  win('next', 1, 3, (a) => a[0]?.type ?? 'string', (a, ctx) => `lead(${arg(a, 0).sql}, ${a[1] ? long(ctx, arg(a, 1)) : 1}${a[2] ? `, ${arg(a, 2).sql}` : ''}) OVER (${ctx.windowOrder})`),
  win('row_number', 0, 2, 'long', (a, ctx) => `(row_number() OVER (${ctx.windowOrder}) - 1 + ${a[0] ? long(ctx, arg(a, 0)) : '1'})`),
  // forms with a restart predicate are rewritten by the binder into these, partitioned by a restart group
  win('__row_number_grp', 2, 2, 'long', (a, ctx) => `(row_number() OVER (PARTITION BY ${arg(a, 1).sql} ${ctx.windowOrder}) - 1 + ${long(ctx, arg(a, 0))})`),
  win('__row_cumsum_grp', 2, 2, (a) => a[0]?.type ?? 'long', (a, ctx) => `sum(${arg(a, 0).sql}) OVER (PARTITION BY ${arg(a, 1).sql} ${ctx.windowOrder} ROWS UNBOUNDED PRECEDING)`),
  win('__restart_group', 1, 1, 'long', (a, ctx) => `sum(CASE WHEN ${arg(a, 0).sql} THEN 1 ELSE 0 END) OVER (${ctx.windowOrder} ROWS UNBOUNDED PRECEDING)`),
  win('row_cumsum', 1, 2, (a) => a[0]?.type ?? 'long', (a, ctx) => `sum(${arg(a, 0).sql}) OVER (${ctx.windowOrder} ROWS UNBOUNDED PRECEDING)`),
  // row_rank_dense / row_rank_min are rewritten by the binder (binder/operators/windows.ts)
  win('row_rank_dense', 1, 2, 'long', () => 'NULL'),
  win('row_rank_min', 1, 2, 'long', () => 'NULL'),
  win('__min_over_grp', 2, 2, 'long', (a) => `min(${arg(a, 0).sql}) OVER (PARTITION BY ${arg(a, 1).sql})`),
];
