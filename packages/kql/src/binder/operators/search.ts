/**
 * search: a string literal in the predicate matches any column (`has`, or `has_cs` with kind=case_sensitive);
 * `Column:"x"` is `Column has "x"`; other terms are ordinary predicates. Without a piped input it searches
 * the listed tables (or every table and `view`), as a union with a `$table` column.
 */
import type { Span } from '../../diagnostics.ts';
import type { ScalarExpr } from '../../ir/ir.ts';
import type { Expr, Tabular } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call } from '../expressions.ts';
import type { Bound, Env, RowScope } from '../scope.ts';
import { matchWildcard } from './columns.ts';
import { bindUnion } from './union.ts';

function anyColumnHas(b: Binder, scope: RowScope, term: ScalarExpr, cs: boolean, span: Span): ScalarExpr {
  const parts = scope.columns.map((c) => b.callFunction(cs ? 'has_cs' : 'has', [{ kind: 'column', name: c.name, type: c.type }, term], span));
  if (parts.length === 0) return { kind: 'literal', value: false, type: 'bool' };
  return parts.reduce((x, y) => call('or', [x, y], 'bool'));
}

function bindPredicate(b: Binder, e: Expr, scope: RowScope, cs: boolean): ScalarExpr {
  if (e.kind === 'string') return anyColumnHas(b, scope, { kind: 'literal', value: e.value, type: 'string' }, cs, e.span);
  if (e.kind === 'binary' && (e.op === 'and' || e.op === 'or')) return call(e.op, [bindPredicate(b, e.left, scope, cs), bindPredicate(b, e.right, scope, cs)], 'bool');
  if (e.kind === 'unary' && e.op === 'not') return call('not', [bindPredicate(b, e.operand, scope, cs)], 'bool');
  const x = bindExpr(b, e, scope);
  return x.type === 'bool' ? x : call('tobool', [x], 'bool');
}

function filter(b: Binder, input: Bound, predicate: Expr, cs: boolean, env: Env): Bound {
  const scope: RowScope = { env, columns: input.rel.columns, aggregates: false };
  const p = bindPredicate(b, predicate, scope, cs);
  return { rel: { kind: 'filter', input: input.rel, predicate: p, columns: input.rel.columns }, order: input.order };
}

export function bindSearch(b: Binder, input: Bound | undefined, tables: string[] | undefined, predicate: Expr, cs: boolean, env: Env): Bound {
  if (input) return filter(b, input, predicate, cs, env);
  const all = [...b.tableNames(), ...env.views()];
  const names = tables ? all.filter((n) => tables.some((t) => matchWildcard(t, n))).concat(tables.filter((t) => !t.includes('*') && !all.includes(t))) : all;
  const legs: Tabular[] = [];
  for (const n of names) {
    const bound = b.lookupTable(n, predicate.span, env);
    const leg = filter(b, bound, predicate, cs, env);
    const name = `__search_${legs.length}`;
    env.set(name, { kind: 'tabular', bound: { ...leg, name: n } });
    legs.push({ source: { kind: 'table', name, span: predicate.span }, ops: [], span: predicate.span });
  }
  return bindUnion(b, undefined, { withsource: { value: '$table', span: predicate.span } }, legs, env, predicate.span);
}
