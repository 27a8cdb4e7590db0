/** Binding scalar expressions: names, literals, operators and calls, to typed IR. */
import { didYouMean } from '../diagnostics.ts';
import { isMultiColumnFunction } from './tuples.ts';
import { registry } from '../functions/index.ts';
import { resultType, type ArgInfo } from '../functions/registry.ts';
import type { ScalarExpr } from '../ir/ir.ts';
import type { Expr } from '../syntax/ast.ts';
import type { KustoType } from '../types.ts';
import type { Binder } from './binder.ts';
import { typedLiteral, typeFromName } from './literals.ts';
import type { RowScope } from './scope.ts';
import { bindSpecialCall, isSpecialCall } from './special-calls.ts';

/** Placeholder for an expression that failed to bind; its error has been reported. */
export const ERROR_EXPR: ScalarExpr = { kind: 'literal', value: null, type: 'dynamic' };

export function lit(value: string | number | boolean | null, type: KustoType): ScalarExpr {
  return { kind: 'literal', value, type };
}

export function call(fn: string, args: ScalarExpr[], type: KustoType): ScalarExpr {
  return { kind: 'call', fn, args, type };
}

export function argInfo(e: ScalarExpr): ArgInfo {
  if (e.kind === 'literal') return { type: e.type, isConstant: true, constant: e.value };
  if (e.kind === 'type-arg') return { type: e.type, isConstant: true, constant: e.value };
  return { type: e.type, isConstant: false };
}

/** A dynamic literal from the dynamic(...) AST body, as JSON text. */
function dynamicValue(b: Binder, e: Expr): unknown {
  switch (e.kind) {
    case 'string':
      return e.value;
    case 'number':
      return Number(e.text);
    case 'bool':
      return e.value;
    case 'null':
      return null;
    case 'array':
      return e.items.map((i) => dynamicValue(b, i));
    case 'bag': {
      const o: Record<string, unknown> = {};
      for (const { key, value } of e.entries) o[key] = dynamicValue(b, value);
      return o;
    }
    case 'unary':
      if (e.op === '-' && e.operand.kind === 'number') return -Number(e.operand.text);
      break;
    case 'timespan':
      return formatTicks(e.ticks);
    case 'typed': {
      const t = typedLiteral(e.type, e.body);
      if ('error' in t) {
        b.diags.error('invalid-literal', t.error, e.span);
        return null;
      }
      if (t.type === 'datetime' && typeof t.value === 'number') return new Date(t.value / 1000).toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}0000Z`);
      if (t.type === 'timespan' && typeof t.value === 'number') return formatTicks(t.value);
      return t.value;
    }
    case 'name':
      if (e.name === 'null') return null;
      break;
    default:
      break;
  }
  b.diags.error('invalid-literal', 'A dynamic literal may only hold constants.', e.span);
  return null;
}

/** Ticks to the Kusto timespan string form. */
export function formatTicks(ticks: number): string {
  const neg = ticks < 0;
  let t = Math.abs(ticks);
  const days = Math.floor(t / 864e9);
  t -= days * 864e9;
  const h = Math.floor(t / 36e9);
  t -= h * 36e9;
  const m = Math.floor(t / 6e8);
  t -= m * 6e8;
  const s = Math.floor(t / 1e7);
  t -= s * 1e7;
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${neg ? '-' : ''}${days > 0 ? `${days}.` : ''}${p2(h)}:${p2(m)}:${p2(s)}${t > 0 ? `.${String(Math.round(t)).padStart(7, '0')}` : ''}`;
}

const OPS_NEEDING_CALL = new Set(['==', '!=', '<', '<=', '>', '>=', '=~', '!~', '+', '-', '*', '/', '%', 'and', 'or', 'matches regex']);

export function bindExpr(b: Binder, e: Expr, scope: RowScope): ScalarExpr {
  switch (e.kind) {
    case 'name':
      return bindName(b, e.name, e.span, scope);
    case 'string':
      return lit(e.value, 'string');
    case 'number': {
      if (e.real) return lit(Number(e.text), 'real');
      const n = Number(e.text);
      return lit(n, 'long');
    }
    case 'timespan':
      return lit(e.ticks, 'timespan');
    case 'typed': {
      if (e.type === 'dynamic') return lit(null, 'dynamic');
      const t = typedLiteral(e.type, e.body);
      if ('error' in t) {
        b.diags.error('invalid-literal', t.error, e.span);
        return ERROR_EXPR;
      }
      return lit(t.value, t.type);
    }
    case 'bool':
      return lit(e.value, 'bool');
    case 'null':
      return lit(null, 'dynamic');
    case 'array':
    case 'bag':
      return lit(JSON.stringify(dynamicValue(b, e)), 'dynamic');
    case 'star':
      b.diags.error('syntax-error', "'*' is not allowed here.", e.span);
      return ERROR_EXPR;
    case 'unary': {
      const x = bindExpr(b, e.operand, scope);
      if (e.op === '+') return x;
      if (x.kind === 'literal' && typeof x.value === 'number') return lit(-x.value, x.type);
      return call('neg', [x], x.type === 'dynamic' ? 'real' : x.type);
    }
    case 'binary': {
      const l = bindExpr(b, e.left, scope);
      const r = bindExpr(b, e.right, scope);
      const name = OPS_NEEDING_CALL.has(e.op) ? e.op : e.op;
      return b.callFunction(name, [l, r], e.opSpan);
    }
    case 'inlist': {
      const l = bindExpr(b, e.left, scope);
      const first = e.items[0];
      if (e.items.length === 1 && first && first.kind === 'tabular' && (e.op === 'in' || e.op === '!in' || e.op === 'in~' || e.op === '!in~')) {
        const rel = b.bindTabular(first.tabular, scope.env);
        return { kind: 'in-relation', negated: e.op.startsWith('!'), caseInsensitive: e.op.endsWith('~'), operand: l, relation: rel.rel, type: 'bool' };
      }
      const items: ScalarExpr[] = [];
      for (const it of e.items) {
        if (it.kind === 'tabular') {
          const rel = b.bindTabular(it.tabular, scope.env);
          // has_any over a tabular expression: its first column as a dynamic array
          items.push({ kind: 'subquery', relation: b.listOfFirstColumn(rel.rel), type: 'dynamic' });
          continue;
        }
        const x = bindExpr(b, it, scope);
        // constant arrays are flattened into the list
        if (x.kind === 'literal' && x.type === 'dynamic' && typeof x.value === 'string') {
          const v: unknown = JSON.parse(x.value);
          if (Array.isArray(v)) {
            for (const el of (v as unknown[]).flat(Infinity)) items.push(jsonToLiteral(el));
            continue;
          }
        }
        items.push(x);
      }
      return b.callFunction(e.op, [l, ...items], e.opSpan);
    }
    case 'between': {
      const x = bindExpr(b, e.left, scope);
      const lo = bindExpr(b, e.low, scope);
      const hi = bindExpr(b, e.high, scope);
      return b.callFunction(e.negated ? '!between' : 'between', [x, lo, hi], e.span);
    }
    case 'member': {
      const t = bindExpr(b, e.target, scope);
      return memberAccess(b, t, lit(e.name, 'string'));
    }
    case 'index': {
      const t = bindExpr(b, e.target, scope);
      const i = bindExpr(b, e.index, scope);
      return memberAccess(b, t, i);
    }
    case 'side': {
      const cols = e.side === 'left' ? scope.left : scope.right;
      if (!cols) {
        b.diags.error('syntax-error', `$${e.side} is only allowed in join conditions.`, e.span);
        return ERROR_EXPR;
      }
      const c = cols.find((x) => x.name === e.name);
      if (!c) {
        b.diags.error('unknown-column', `Unknown column '${e.name}' on the ${e.side} side of the join.${didYouMean(e.name, cols.map((x) => x.name))}`, e.span);
        return ERROR_EXPR;
      }
      return { kind: 'column', name: c.name, type: c.type, side: e.side };
    }
    case 'typeof': {
      const t = typeFromName(e.type);
      if (!t) {
        b.diags.error('invalid-literal', `Unknown type '${e.type}'.`, e.span);
        return ERROR_EXPR;
      }
      return { kind: 'type-arg', value: t, type: t };
    }
    case 'tabular': {
      // a tabular expression in scalar position is its single value (toscalar semantics)
      const rel = b.bindTabular(e.tabular, scope.env);
      const first = rel.rel.columns[0];
      return { kind: 'subquery', relation: rel.rel, type: first?.type ?? 'dynamic' };
    }
    case 'call':
      return bindCall(b, e, scope);
  }
}

export function jsonToLiteral(v: unknown): ScalarExpr {
  if (v === null || v === undefined) return lit(null, 'dynamic');
  if (typeof v === 'string') return lit(v, 'string');
  if (typeof v === 'boolean') return lit(v, 'bool');
  if (typeof v === 'number') return Number.isInteger(v) ? lit(v, 'long') : lit(v, 'real');
  return lit(JSON.stringify(v), 'dynamic');
}

function memberAccess(b: Binder, target: ScalarExpr, key: ScalarExpr): ScalarExpr {
  let t = target;
  if (t.type !== 'dynamic') t = call('todynamic', [t], 'dynamic');
  // fold constant paths into literal JSON
  if (t.kind === 'literal' && typeof t.value === 'string' && key.kind === 'literal') {
    try {
      const v: unknown = JSON.parse(t.value);
      let r: unknown = null;
      if (Array.isArray(v) && typeof key.value === 'number') r = v.at(key.value) ?? null;
      else if (v && typeof v === 'object' && !Array.isArray(v) && typeof key.value === 'string') r = (v as Record<string, unknown>)[key.value] ?? null;
      return lit(r === null ? null : JSON.stringify(r), 'dynamic');
    } catch {
      /* fall through */
    }
  }
  return b.callFunction('dynamic_member', [t, key], undefined);
}

function bindName(b: Binder, name: string, span: { start: number; end: number }, scope: RowScope): ScalarExpr {
  const c = scope.columns.find((x) => x.name === name);
  if (c) return { kind: 'column', name: c.name, type: c.type };
  const v = scope.env.get(name);
  if (v?.kind === 'scalar') return v.expr;
  if (v?.kind === 'tabular') {
    const first = v.bound.rel.columns[0];
    return { kind: 'subquery', relation: v.bound.rel, type: first?.type ?? 'dynamic' };
  }
  if (name === 'null') return lit(null, 'dynamic');
  const candidates = [...scope.columns.map((x) => x.name), ...scope.env.names()];
  b.diags.error('unknown-column', `Unknown column or name '${name}'.${didYouMean(name, candidates)}`, span);
  return ERROR_EXPR;
}

function bindCall(b: Binder, e: Expr & { kind: 'call' }, scope: RowScope): ScalarExpr {
  const fnv = scope.env.get(e.name);
  if (fnv?.kind === 'function') return b.invokeScalarFunction(fnv, e, scope);
  if (isSpecialCall(e.name)) return bindSpecialCall(b, e, scope);
  const def = registry.get(e.name);
  if (!def && isMultiColumnFunction(e.name)) {
    b.diags.error('invalid-argument', `${e.name}() returns several columns: use it on its own in extend or project, e.g. extend (c1, c2, ...) = ${e.name}(...).`, e.nameSpan);
    return ERROR_EXPR;
  }
  if (!def) {
    b.reportUnknownFunction(e.name, e.nameSpan);
    return ERROR_EXPR;
  }
  if (def.kind === 'aggregate') {
    if (!scope.aggregates) {
      b.diags.error('invalid-argument', `Aggregate function '${e.name}' is only allowed in summarize (or make-series).`, e.nameSpan);
      return ERROR_EXPR;
    }
    scope.usedAggregate = true;
  }
  if (def.kind === 'window') scope.usedWindow = true;
  const args: ScalarExpr[] = [];
  for (const a of e.args) {
    if (a.value.kind === 'star') {
      if (def.name === 'count') continue;
      b.diags.error('unsupported-syntax', `'*' is not supported as an argument of ${e.name}.`, a.value.span);
      return ERROR_EXPR;
    }
    // aggregates' arguments are row expressions
    const inner: RowScope = def.kind === 'aggregate' ? { ...scope, aggregates: false } : scope;
    args.push(bindExpr(b, a.value, inner));
    if (inner !== scope && inner.usedWindow) scope.usedWindow = true;
  }
  return b.callFunction(e.name, args, e.nameSpan);
}

export { resultType };
