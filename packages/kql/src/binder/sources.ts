import { registry } from '../functions/index.ts';
import { orderArgs } from './binder.ts';
/** Tabular sources: tables and let names, datatable, print, range, union, function calls, materialize(). */
import type { Column, NamedScalar, Relation, ScalarExpr } from '../ir/ir.ts';
import type { Source, Tabular } from '../syntax/ast.ts';
import type { Binder } from './binder.ts';
import { oneRow } from './binder.ts';
import { bindExpr, ERROR_EXPR, lit } from './expressions.ts';
import { typeFromName } from './literals.ts';
import { bindUnion } from './operators/union.ts';
import { bindSearch } from './operators/search.ts';
import type { Bound, Env, RowScope } from './scope.ts';
import { uniqueName } from './naming.ts';
import { bindPatternCall } from './patterns.ts';
import { bindTuple } from './tuples.ts';
import { expandTuple } from './operators/columns.ts';

export function bindSource(b: Binder, s: Source, env: Env): Bound {
  switch (s.kind) {
    case 'table':
      return b.lookupTable(s.name, s.span, env);
    case 'paren':
      return b.bindTabular(s.inner, env);
    case 'datatable': {
      const columns: Column[] = s.columns.map((c) => {
        const t = typeFromName(c.type);
        if (!t) b.diags.error('invalid-literal', `Unknown type '${c.type}'.`, c.span);
        return { name: c.name, type: t ?? 'string' };
      });
      const n = columns.length;
      if (n === 0 || s.values.length % n !== 0) {
        b.diags.error('invalid-argument', `datatable has ${s.values.length} values, not a multiple of its ${n} columns.`, s.span);
        return { rel: { kind: 'empty', columns } };
      }
      const scope: RowScope = { env, columns: [], aggregates: false };
      const rows: ScalarExpr[][] = [];
      for (let i = 0; i < s.values.length; i += n) {
        const row: ScalarExpr[] = [];
        for (let j = 0; j < n; j++) {
          const v = s.values[i + j];
          const col = columns[j];
          if (!v || !col) continue;
          row.push(coerceLiteral(bindExpr(b, v, scope), col.type));
        }
        rows.push(row);
      }
      if (rows.length === 0) return { rel: { kind: 'empty', columns } };
      return { rel: { kind: 'values', rows, columns } };
    }
    case 'print': {
      const scope: RowScope = { env, columns: [], aggregates: false };
      const items: NamedScalar[] = [];
      const taken = new Set<string>();
      s.items.forEach((it, i) => {
        const tuple = bindTuple(b, it.expr, scope);
        const exprs = (it.name !== undefined && tuple?.single ? [tuple.single] : tuple?.exprs) ?? [bindExpr(b, it.expr, scope)];
        const names = it.names ?? (it.name === undefined ? tuple?.names : undefined) ?? [it.name ?? `print_${i}`];
        for (const [n, expr] of expandTuple(b, names, exprs, it.span)) {
          const name = uniqueName(n, taken);
          taken.add(name);
          items.push({ name, expr });
        }
      });
      return { rel: { kind: 'project', input: oneRow(), items, columns: items.map((x) => ({ name: x.name, type: x.expr.type })) }, order: [] };
    }
    case 'range': {
      const scope: RowScope = { env, columns: [], aggregates: false };
      const from = bindExpr(b, s.from, scope);
      const to = bindExpr(b, s.to, scope);
      const step = bindExpr(b, s.step, scope);
      const type = from.type === 'datetime' ? 'datetime' : from.type === 'timespan' ? 'timespan' : from.type === 'real' || to.type === 'real' || step.type === 'real' ? 'real' : 'long';
      const rel: Relation = { kind: 'range', from, to, step, columns: [{ name: s.name, type }] };
      return { rel, order: [{ expr: { kind: 'column', name: s.name, type }, desc: false, nullsFirst: false }] };
    }
    case 'union':
      return bindUnion(b, undefined, s.options, s.legs, env, s.span);
    case 'call': {
      const c = s.call;
      const fnv = env.get(c.name);
      if (fnv?.kind === 'function') return b.invokeTabularFunction(fnv, orderArgs(fnv.params, c.args), c.span, env);
      if (fnv?.kind === 'pattern') return bindPatternCall(b, fnv, c, s.path, env);
      if (s.path !== undefined) {
        b.diags.error('unknown-function', `'${c.name}' is not a pattern; only patterns take a path.`, c.nameSpan);
        return { rel: { kind: 'empty', columns: [] } };
      }
      if (c.name === 'materialize' || c.name === 'view') {
        const a0 = c.args[0]?.value;
        if (!a0) break;
        const tab: Tabular = a0.kind === 'tabular' ? a0.tabular : a0.kind === 'name' ? { source: { kind: 'table', name: a0.name, span: a0.span }, ops: [], span: a0.span } : { source: { kind: 'unsupported', name: 'materialize', span: a0.span }, ops: [], span: a0.span };
        const inner = b.bindTabular(tab, env);
        if (c.name === 'view') return inner;
        const name = b.newCteName();
        b.ctes.push({ name, relation: inner.rel, materialized: true });
        return { rel: { kind: 'cte-ref', name, columns: inner.rel.columns } };
      }
      if (c.name === 'table') {
        const a0 = c.args[0]?.value;
        if (a0?.kind === 'string') return b.lookupTable(a0.value, a0.span, env);
        break;
      }
      if (fnv?.kind === 'tabular') return fnv.bound;
      if (registry.get(c.name)) b.diags.error('invalid-argument', `'${c.name}' is a scalar function; a table or tabular expression is expected here.`, c.nameSpan);
      else b.reportUnknownFunction(c.name, c.nameSpan);
      return { rel: { kind: 'empty', columns: [] } };
    }
    case 'search':
      return bindSearch(b, undefined, s.tables, s.predicate, s.caseSensitive, env);
    case 'externaldata': {
      const columns: Column[] = s.columns.map((c) => ({ name: c.name, type: typeFromName(c.type) ?? 'string' }));
      const name = `_ext${b.externalData.length}`;
      const ignore = (s.properties.ignorefirstrecord ?? 'false').toLowerCase() === 'true';
      b.externalData.push({ table: name, urls: s.urls, format: s.properties.format ?? 'csv', ignoreFirstRecord: ignore, columns });
      return { rel: { kind: 'external', name, columns } };
    }
    case 'unsupported':
      b.diags.error('unsupported-operator', `'${s.name}' is not supported.`, s.span);
      return { rel: { kind: 'empty', columns: [] } };
  }
  b.diags.error('unsupported-syntax', 'Unsupported tabular source.', s.span);
  return { rel: { kind: 'empty', columns: [] } };
}

/** Literal values of a datatable column get the column's type. */
export function coerceLiteral(v: ScalarExpr, t: Column['type']): ScalarExpr {
  if (v === ERROR_EXPR) return lit(null, t);
  if (v.type === t) return v;
  if (v.kind === 'literal') {
    if (v.value === null) return lit(null, t);
    if ((t === 'int' || t === 'long' || t === 'real' || t === 'decimal') && typeof v.value === 'number') return lit(t === 'int' || t === 'long' ? Math.trunc(v.value) : v.value, t);
    if (t === 'dynamic') return lit(v.type === 'dynamic' ? v.value : JSON.stringify(v.value), 'dynamic');
    if (t === 'bool' && typeof v.value === 'number') return lit(v.value !== 0, 'bool');
  }
  return { kind: 'call', fn: convertFnFor(t), args: [v], type: t };
}

function convertFnFor(t: Column['type']): string {
  switch (t) {
    case 'string': return 'tostring';
    case 'int': return 'toint';
    case 'long': return 'tolong';
    case 'real': return 'todouble';
    case 'decimal': return 'todecimal';
    case 'bool': return 'tobool';
    case 'datetime': return 'todatetime';
    case 'timespan': return 'totimespan';
    case 'guid': return 'toguid';
    case 'dynamic': return 'todynamic';
  }
}
