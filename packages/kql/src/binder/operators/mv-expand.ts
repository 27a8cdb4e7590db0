/** mv-expand (and mv-apply, which is reported unsupported for now). */
import type { Column, Relation } from '../../ir/ir.ts';
import type { Operator } from '../../syntax/ast.ts';
import type { KustoType } from '../../types.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call } from '../expressions.ts';
import { typeFromName } from '../literals.ts';
import { naturalName } from '../naming.ts';
import type { Bound, Env } from '../scope.ts';
import { rowScope } from './columns.ts';

export function bindMvExpand(b: Binder, input: Bound, op: Extract<Operator, { kind: 'mv-expand' }>, env: Env): Bound {
  const scope = rowScope(input, env);
  const bagMode = op.options.kind?.value === 'array' || op.options.bagexpansion?.value === 'array' ? 'array' : 'bag';
  const items: Extract<Relation, { kind: 'mv-expand' }>['items'] = [];
  const columns: Column[] = [...input.rel.columns];
  let counter = 0;
  for (const it of op.items) {
    let expr = bindExpr(b, it.expr, scope);
    if (expr.type !== 'dynamic') expr = call('todynamic', [expr], 'dynamic');
    const name = it.name ?? naturalName(it.expr) ?? `Column${++counter}`;
    let toType: KustoType = 'dynamic';
    if (it.toType) {
      const t = typeFromName(it.toType);
      if (!t) b.diags.error('invalid-literal', `Unknown type '${it.toType}'.`, it.span);
      else toType = t;
    }
    items.push({ name, expr, bagMode, toType });
    const at = columns.findIndex((c) => c.name === name);
    if (at >= 0) columns[at] = { name, type: toType };
    else columns.push({ name, type: toType });
  }
  const rel: Extract<Relation, { kind: 'mv-expand' }> = { kind: 'mv-expand', input: input.rel, items, columns };
  const idx = op.options.with_itemindex?.value;
  if (idx) {
    rel.indexColumn = idx;
    columns.push({ name: idx, type: 'long' });
  }
  if (op.limit) {
    const l = bindExpr(b, op.limit, scope);
    if (l.kind === 'literal' && typeof l.value === 'number') rel.limit = l.value;
  }
  return { rel };
}
