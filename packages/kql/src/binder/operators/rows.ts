/** Row-level operators: sort/order, top, take/limit/sample, count, distinct, getschema. */
import type { Column, Relation, ScalarExpr, SortKey } from '../../ir/ir.ts';
import type { Expr, NamedExpr, Operator, SortKey as AstSortKey } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call, lit } from '../expressions.ts';
import { naturalName } from '../naming.ts';
import type { Bound, Env } from '../scope.ts';
import { colRef, rowScope } from './columns.ts';

export function bindSortKeys(b: Binder, input: Bound, keys: AstSortKey[], env: Env): SortKey[] {
  const scope = rowScope(input, env);
  return keys.map((k) => {
    const desc = k.dir !== 'asc';
    const nullsFirst = k.nulls ? k.nulls === 'first' : !desc;
    return { expr: bindExpr(b, k.expr, scope), desc, nullsFirst };
  });
}

export function bindSort(b: Binder, input: Bound, keys: AstSortKey[], env: Env): Bound {
  const k = bindSortKeys(b, input, keys, env);
  const rel: Relation = { kind: 'sort', input: input.rel, keys: k, columns: input.rel.columns };
  return { rel, order: k.every((x) => x.expr.kind === 'column') ? k : [] };
}

function countExpr(b: Binder, e: Expr, input: Bound, env: Env): ScalarExpr {
  const c = bindExpr(b, e, rowScope(input, env));
  if (c.type !== 'long' && c.type !== 'int') b.diags.error('type-mismatch', 'The row count must be an integer.', e.span);
  return c;
}

export function bindTake(b: Binder, input: Bound, count: Expr, env: Env): Bound {
  const c = countExpr(b, count, input, env);
  return { rel: { kind: 'limit', input: input.rel, count: c, columns: input.rel.columns }, order: input.order };
}

export function bindTop(b: Binder, input: Bound, op: Extract<Operator, { kind: 'top' }>, env: Env): Bound {
  const sorted = bindSort(b, input, op.keys, env);
  const c = countExpr(b, op.count, input, env);
  return { rel: { kind: 'limit', input: sorted.rel, count: c, columns: input.rel.columns }, order: sorted.order };
}

export function bindCount(input: Bound): Bound {
  return { rel: { kind: 'aggregate', input: input.rel, keys: [], aggs: [{ name: 'Count', expr: { kind: 'call', fn: 'count', args: [], type: 'long' } }], columns: [{ name: 'Count', type: 'long' }] } };
}

export function bindDistinct(b: Binder, input: Bound, op: Extract<Operator, { kind: 'distinct' }>, env: Env): Bound {
  if (op.star) return { rel: { kind: 'distinct', input: input.rel, columns: input.rel.columns } };
  const scope = rowScope(input, env);
  let counter = 0;
  const items = op.items.map((it: NamedExpr) => ({ name: it.name ?? naturalName(it.expr) ?? `Column${++counter}`, expr: bindExpr(b, it.expr, scope) }));
  const cols: Column[] = items.map((i) => ({ name: i.name, type: i.expr.type }));
  const proj: Relation = { kind: 'project', input: input.rel, items, columns: cols };
  return { rel: { kind: 'distinct', input: proj, columns: cols } };
}

const DOTNET_TYPES: Record<string, string> = {
  string: 'System.String', int: 'System.Int32', long: 'System.Int64', real: 'System.Double', decimal: 'System.Data.SqlTypes.SqlDecimal',
  bool: 'System.Boolean', datetime: 'System.DateTime', timespan: 'System.TimeSpan', guid: 'System.Guid', dynamic: 'System.Object',
};

export function bindGetschema(input: Bound): Bound {
  const rows = input.rel.columns.map((c, i) => [lit(c.name, 'string'), lit(i, 'int'), lit(DOTNET_TYPES[c.type] ?? c.type, 'string'), lit(c.type, 'string')]);
  const columns: Column[] = [
    { name: 'ColumnName', type: 'string' },
    { name: 'ColumnOrdinal', type: 'int' },
    { name: 'DataType', type: 'string' },
    { name: 'ColumnType', type: 'string' },
  ];
  if (rows.length === 0) return { rel: { kind: 'empty', columns } };
  return { rel: { kind: 'values', rows, columns }, order: [{ expr: colRef(columns[1] as Column), desc: false, nullsFirst: false }] };
}

/**
 * The first `n` rows of each group of `rel` (in `order`), numbered in a hidden column `rn` that is dropped
 * again: top/take/sample applied per partition key (partition) or per source row (mv-apply).
 */
export function firstRowsPer(rel: Relation, partition: ScalarExpr[], order: SortKey[], n: ScalarExpr, rn: string): Relation {
  const withRn: Relation = {
    kind: 'window',
    input: rel,
    items: [...rel.columns.map((c) => ({ name: c.name, expr: colRef(c) })), { name: rn, expr: call('row_number', [], 'long') }],
    order,
    partition,
    columns: [...rel.columns, { name: rn, type: 'long' }],
  };
  const filtered: Relation = { kind: 'filter', input: withRn, predicate: call('<=', [{ kind: 'column', name: rn, type: 'long' }, n], 'bool'), columns: withRn.columns };
  return { kind: 'project', input: filtered, items: rel.columns.map((c) => ({ name: c.name, expr: colRef(c) })), columns: rel.columns };
}
