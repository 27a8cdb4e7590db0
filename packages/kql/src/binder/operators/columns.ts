/** where, extend, project and the project-* family, serialize. */
import { didYouMean, type Span } from '../../diagnostics.ts';
import type { Column, NamedScalar, Relation, ScalarExpr, SortKey } from '../../ir/ir.ts';
import type { Expr, NamedExpr, Operator } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call, ERROR_EXPR } from '../expressions.ts';
import { naturalName, uniqueName } from '../naming.ts';
import { bindTuple, type TupleResult } from '../tuples.ts';
import { bindSessionExtend, hasSessionCall } from './sessions.ts';
import { rewriteRestarts } from './windows.ts';
import type { Bound, Env, RowScope } from '../scope.ts';

export function colRef(c: Column): ScalarExpr {
  return { kind: 'column', name: c.name, type: c.type };
}

export function rowScope(input: Bound, env: Env, aggregates = false): RowScope {
  return { env, columns: input.rel.columns, aggregates };
}

/** Keeps the serialized order if its key columns survive unchanged. */
export function keepOrder(input: Bound, rel: Relation, unchanged: (name: string) => boolean): Bound {
  const order = input.order;
  if (!order) return { rel };
  const ok = order.every((k) => k.expr.kind === 'column' && unchanged(k.expr.name) && rel.columns.some((c) => c.name === (k.expr as { name: string }).name));
  return { rel, order: ok ? order : [] };
}

/** A project/window relation computing `items` over `input`. */
export function makeProject(input: Bound, items: NamedScalar[], window: boolean): Relation {
  const columns = items.map((i) => ({ name: i.name, type: i.expr.type }));
  if (window) return { kind: 'window', input: input.rel, items, order: input.order ?? [], columns };
  return { kind: 'project', input: input.rel, items, columns };
}

export function bindWhere(b: Binder, input: Bound, op: Extract<Operator, { kind: 'where' }>, env: Env): Bound {
  const scope = rowScope(input, env);
  let p = bindExpr(b, op.predicate, scope);
  if (p.type !== 'bool' && p !== ERROR_EXPR) p = call('tobool', [p], 'bool');
  if (scope.usedWindow) {
    // compute the predicate in a window step, filter on it, then drop it
    const tmp = uniqueName('__pred', new Set(input.rel.columns.map((c) => c.name)));
    const items: NamedScalar[] = [...input.rel.columns.map((c) => ({ name: c.name, expr: colRef(c) })), { name: tmp, expr: p }];
    const w = makeProject(input, items, true);
    const f: Relation = { kind: 'filter', input: w, predicate: { kind: 'column', name: tmp, type: 'bool' }, columns: w.columns };
    return keepOrder(input, { kind: 'project', input: f, items: input.rel.columns.map((c) => ({ name: c.name, expr: colRef(c) })), columns: input.rel.columns }, () => true);
  }
  const rel = input.rel;
  if (rel.kind === 'filter') {
    // consecutive filters are one WHERE (simpler SQL; keeps a base table's hidden columns in reach)
    return { rel: { ...rel, predicate: call('and', [rel.predicate, p], 'bool') }, order: input.order };
  }
  if (rel.kind === 'join' && rel.joinKind === 'innerunique' && columnsOf(p).every((n) => rel.output.some((o) => o.name === n && o.side === 'left' && o.source === n))) {
    // Kusto filters the left side before keeping one row per key, so the filter goes below the join
    const left: Relation = { kind: 'filter', input: rel.left, predicate: p, columns: rel.left.columns };
    return { rel: { ...rel, left }, order: input.order };
  }
  return { rel: { kind: 'filter', input: rel, predicate: p, columns: rel.columns }, order: input.order };
}

/** Names of the row columns an expression reads (not through subqueries). */
function columnsOf(e: ScalarExpr): string[] {
  switch (e.kind) {
    case 'column':
      return [e.name];
    case 'call':
      return e.args.flatMap(columnsOf);
    case 'in-relation':
      return columnsOf(e.operand);
    case 'literal':
    case 'subquery':
    case 'type-arg':
    case 'star':
      return [];
  }
}

/**
 * extend: new columns appended, existing names replaced in place. Later items may use earlier ones: their
 * expressions are substituted.
 */
export function bindExtend(b: Binder, input: Bound, items: NamedExpr[], env: Env, serialize: boolean): Bound {
  if (hasSessionCall(items)) return bindSessionExtend(b, input, items, env, serialize, bindExtend, bindProjectAway);
  const out: NamedScalar[] = input.rel.columns.map((c) => ({ name: c.name, expr: colRef(c) }));
  const defined = new Map<string, ScalarExpr>();
  let usedWindow = serialize;
  let counter = 0;
  const replaced = new Set<string>();
  // values several result columns share (series_decompose_anomalies): computed once, in a project under this one
  const shared = new Map<string, ScalarExpr>();
  for (const it of items) {
    const scope: RowScope = { env, columns: currentColumns(out), aggregates: false, inputColumns: input.rel.columns };
    const tuple = bindTuple(b, it.expr, scope);
    const plain = ((it.name !== undefined && tuple?.single ? [tuple.single] : tuple?.exprs) ?? [bindExpr(b, it.expr, scope)]).map((x) => substitute(x, defined));
    const exprs = sharedFields(tuple, plain, scope, input, defined, shared);
    if (scope.usedWindow) usedWindow = true;
    const names = it.names ?? (it.name === undefined ? tuple?.names : undefined) ?? [it.name ?? naturalName(it.expr) ?? nextColumnName(out, () => ++counter)];
    const targetNames = expandTuple(b, names, exprs, it.span);
    for (const [name, e] of targetNames) {
      const at = out.findIndex((o) => o.name === name);
      if (at >= 0) {
        out[at] = { name, expr: e };
        replaced.add(name);
      } else out.push({ name, expr: e });
      defined.set(name, e);
    }
  }
  const under = withShared(input, out, shared, usedWindow);
  let rel: Relation;
  if (usedWindow) {
    const r = rewriteRestarts(under, out);
    rel = makeProject(r.input, r.items, true);
  } else rel = makeProject(under, out, false);
  const bound = keepOrder(input, rel, (n) => !replaced.has(n));
  if (serialize && !bound.order) bound.order = [];
  return bound;
}

/**
 * When a multi-column result is the fields of one value (series_decompose_anomalies...), its fields read that value
 * from a hidden column computed once in a project underneath (`withShared`): DuckDB does not share the common
 * subexpression, so three fields would compute it three times. Returns the expressions to use.
 */
function sharedFields(tuple: TupleResult | undefined, exprs: ScalarExpr[], scope: RowScope, input: Bound, defined: ReadonlyMap<string, ScalarExpr>, shared: Map<string, ScalarExpr>): ScalarExpr[] {
  if (!tuple?.shared || exprs.length <= 1 || scope.usedWindow) return exprs;
  let hidden = `__shared${shared.size}`;
  while (input.rel.columns.some((c) => c.name === hidden)) hidden = `_${hidden}`;
  const whole = substitute(tuple.shared.whole, defined);
  shared.set(hidden, whole);
  return tuple.shared.members({ kind: 'column', name: hidden, type: whole.type });
}

/** The input plus the shared values as columns; with window functions the values go back inline instead. */
function withShared(input: Bound, out: NamedScalar[], shared: ReadonlyMap<string, ScalarExpr>, usedWindow: boolean): Bound {
  if (shared.size === 0) return input;
  if (usedWindow) {
    // window rewrites need the plain expressions
    for (const o of out) o.expr = substitute(o.expr, shared);
    return input;
  }
  const items: NamedScalar[] = [...input.rel.columns.map((c) => ({ name: c.name, expr: colRef(c) })), ...[...shared].map(([name, expr]) => ({ name, expr }))];
  return { ...input, rel: makeProject(input, items, false) };
}

function currentColumns(items: NamedScalar[]): Column[] {
  return items.map((i) => ({ name: i.name, type: i.expr.type }));
}

function nextColumnName(out: NamedScalar[], next: () => number): string {
  const taken = new Set(out.map((o) => o.name));
  for (;;) {
    const n = `Column${next()}`;
    if (!taken.has(n)) return n;
  }
}

/** Pairs names with the expression's columns: one for most functions, several for tuple results (tuples.ts). */
export function expandTuple(b: Binder, names: string[], exprs: ScalarExpr[], span: Span): [string, ScalarExpr][] {
  if (names.length === exprs.length) return names.map((n, i) => [n, exprs[i] ?? ERROR_EXPR]);
  if (exprs.length === 1) b.diags.error('unsupported-syntax', `This expression has one result; it cannot be assigned to ${names.length} names.`, span);
  else b.diags.error('invalid-argument', `This expression has ${exprs.length} results; name ${names.length === 1 ? 'them' : 'each'} with (${exprs.map((_e, i) => `c${i + 1}`).join(', ')}) = ...`, span);
  return names.map((n) => [n, ERROR_EXPR]);
}

/** Replaces references to columns defined earlier in the same operator by their expressions. */
export function substitute(e: ScalarExpr, defined: ReadonlyMap<string, ScalarExpr>): ScalarExpr {
  if (defined.size === 0) return e;
  switch (e.kind) {
    case 'column':
      return e.side === undefined ? (defined.get(e.name) ?? e) : e;
    case 'call':
      return { ...e, args: e.args.map((a) => substitute(a, defined)) };
    case 'in-relation':
      return { ...e, operand: substitute(e.operand, defined) };
    case 'literal':
    case 'subquery':
    case 'type-arg':
    case 'star':
      return e;
  }
}

export function bindProject(b: Binder, input: Bound, op: Extract<Operator, { kind: 'project' }>, env: Env): Bound {
  const out: NamedScalar[] = [];
  const defined = new Map<string, ScalarExpr>();
  const shared = new Map<string, ScalarExpr>();
  let usedWindow = false;
  let counter = 0;
  for (const it of op.items) {
    // wildcards: project Device*
    if (it.name === undefined && isWildcard(it.expr)) {
      const pattern = wildcardText(it.expr);
      for (const c of input.rel.columns) if (matchWildcard(pattern, c.name) && !out.some((o) => o.name === c.name)) out.push({ name: c.name, expr: colRef(c) });
      continue;
    }
    const scope: RowScope = { env, columns: [...input.rel.columns, ...currentColumns(out).filter((c) => !input.rel.columns.some((x) => x.name === c.name))], aggregates: false };
    const tuple = bindTuple(b, it.expr, scope);
    const plain = ((it.name !== undefined && tuple?.single ? [tuple.single] : tuple?.exprs) ?? [bindExpr(b, it.expr, scope)]).map((x) => substitute(x, defined));
    const exprs = sharedFields(tuple, plain, scope, input, defined, shared);
    if (scope.usedWindow) usedWindow = true;
    const names = it.names ?? (it.name === undefined ? tuple?.names : undefined) ?? [it.name ?? naturalName(it.expr) ?? nextColumnName(out, () => ++counter)];
    const named = it.name !== undefined || it.names !== undefined;
    for (const [name, expr] of expandTuple(b, names, exprs, it.span)) {
      const at = out.findIndex((o) => o.name === name);
      if (at >= 0) {
        if (named) out[at] = { name, expr };
        else b.diags.error('duplicate-column', `Column '${name}' appears more than once.`, it.span);
      } else out.push({ name, expr });
      if (named && !input.rel.columns.some((c) => c.name === name)) defined.set(name, expr);
    }
  }
  const rel = makeProject(withShared(input, out, shared, usedWindow), out, usedWindow);
  return keepOrder(input, rel, (n) => out.some((o) => o.name === n && o.expr.kind === 'column' && o.expr.name === n));
}

function isWildcard(e: Expr): boolean {
  return e.kind === 'binary' && e.op === '*' ? false : e.kind === 'name' && e.name.includes('*');
}

function wildcardText(e: Expr): string {
  return e.kind === 'name' ? e.name : '';
}

export function matchWildcard(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

export function bindProjectAway(b: Binder, input: Bound, patterns: { name: string; span: Span }[], _env: Env, keep: boolean): Bound {
  const cols = input.rel.columns;
  for (const p of patterns) {
    if (!p.name.includes('*') && !cols.some((c) => c.name === p.name)) {
      b.diags.error('unknown-column', `Unknown column '${p.name}'.${didYouMean(p.name, cols.map((c) => c.name))}`, p.span);
    }
  }
  const matches = (c: Column): boolean => patterns.some((p) => matchWildcard(p.name, c.name));
  const kept = cols.filter((c) => (keep ? matches(c) : !matches(c)));
  const rel: Relation = { kind: 'project', input: input.rel, items: kept.map((c) => ({ name: c.name, expr: colRef(c) })), columns: kept };
  return keepOrder(input, rel, () => true);
}

export function bindProjectRename(b: Binder, input: Bound, op: Extract<Operator, { kind: 'project-rename' }>): Bound {
  const cols = input.rel.columns;
  const renames = new Map<string, string>();
  for (const it of op.items) {
    if (!cols.some((c) => c.name === it.from)) b.diags.error('unknown-column', `Unknown column '${it.from}'.${didYouMean(it.from, cols.map((c) => c.name))}`, it.span);
    renames.set(it.from, it.name);
  }
  const items: NamedScalar[] = cols.map((c) => ({ name: renames.get(c.name) ?? c.name, expr: colRef(c) }));
  const rel: Relation = { kind: 'project', input: input.rel, items, columns: items.map((i) => ({ name: i.name, type: i.expr.type })) };
  return keepOrder(input, rel, (n) => !renames.has(n));
}

export function bindProjectReorder(b: Binder, input: Bound, op: Extract<Operator, { kind: 'project-reorder' }>): Bound {
  const cols = input.rel.columns;
  const first: Column[] = [];
  for (const it of op.items) {
    let m = cols.filter((c) => matchWildcard(it.name, c.name) && !first.includes(c));
    if (m.length === 0 && !it.name.includes('*')) b.diags.error('unknown-column', `Unknown column '${it.name}'.${didYouMean(it.name, cols.map((c) => c.name))}`, it.span);
    if (it.order) {
      const granny = it.order.startsWith('granny');
      m = [...m].sort((x, y) => (granny ? x.name.localeCompare(y.name, undefined, { numeric: true }) : x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      if (it.order.endsWith('desc')) m.reverse();
    }
    first.push(...m);
  }
  const ordered = [...first, ...cols.filter((c) => !first.includes(c))];
  const rel: Relation = { kind: 'project', input: input.rel, items: ordered.map((c) => ({ name: c.name, expr: colRef(c) })), columns: ordered };
  return keepOrder(input, rel, () => true);
}

export function bindSerialize(b: Binder, input: Bound, items: NamedExpr[], env: Env): Bound {
  const withOrder: Bound = { rel: input.rel, order: input.order ?? [] };
  if (items.length === 0) return withOrder;
  return bindExtend(b, withOrder, items, env, true);
}

export type { SortKey };

/** project-by-names "C*", dynamic(["a", "b"]), ...: constant names or wildcards; unknown names are ignored. */
export function bindProjectByNames(b: Binder, input: Bound, op: Extract<Operator, { kind: 'project-by-names' }>, env: Env): Bound {
  const patterns: string[] = [];
  for (const it of op.items) {
    const v = bindExpr(b, it, { env, columns: [], aggregates: false });
    if (v.kind === 'literal' && v.type === 'string' && typeof v.value === 'string') patterns.push(v.value);
    else if (v.kind === 'literal' && v.type === 'dynamic' && typeof v.value === 'string') {
      const arr: unknown = JSON.parse(v.value);
      if (Array.isArray(arr)) for (const x of arr) if (typeof x === 'string') patterns.push(x);
    } else b.diags.error('invalid-argument', 'project-by-names takes constant names, wildcards or arrays of names.', op.span);
  }
  const kept: Column[] = [];
  for (const p of patterns) for (const c of input.rel.columns) if (matchWildcard(p, c.name) && !kept.includes(c)) kept.push(c);
  return keepOrder(input, { kind: 'project', input: input.rel, items: kept.map((c) => ({ name: c.name, expr: colRef(c) })), columns: kept }, () => true);
}
