/**
 * row_window_session(Expr, MaxDistanceFromFirst, MaxDistanceBetweenNeighbors [, Restart]) in extend.
 * A row starts a new session when there is none yet, when Restart is true, when Expr is further than
 * MaxDistanceFromFirst from the session's first value, or further than MaxDistanceBetweenNeighbors from the
 * previous row's; the value is the session's first Expr. The session start is a running state, so the call is
 * rewritten into operators that exist: an extend of Expr, prev(Expr) and Restart, a one-step scan carrying the
 * start, the original extend reading the scan's column, and a project-away of the hidden columns.
 */
import type { Span } from '../../diagnostics.ts';
import type { Expr, NamedExpr, Operator } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import type { Bound, Env } from '../scope.ts';
import { bindScan } from './scan.ts';

const PREFIX = '__rws_';

/** Rewrites every row_window_session call in `e` (innermost first) with `replace`. */
function mapCalls(e: Expr, replace: (call: Expr & { kind: 'call' }) => Expr): Expr {
  const m = (x: Expr): Expr => mapCalls(x, replace);
  switch (e.kind) {
    case 'call': {
      const inner: Expr & { kind: 'call' } = { ...e, args: e.args.map((a) => ({ ...a, value: m(a.value) })) };
      return e.name === 'row_window_session' ? replace(inner) : inner;
    }
    case 'unary':
      return { ...e, operand: m(e.operand) };
    case 'binary':
      return { ...e, left: m(e.left), right: m(e.right) };
    case 'inlist':
      return { ...e, left: m(e.left), items: e.items.map(m) };
    case 'between':
      return { ...e, left: m(e.left), low: m(e.low), high: m(e.high) };
    case 'member':
      return { ...e, target: m(e.target) };
    case 'index':
      return { ...e, target: m(e.target), index: m(e.index) };
    case 'array':
      return { ...e, items: e.items.map(m) };
    default:
      return e;
  }
}

export function hasSessionCall(items: NamedExpr[]): boolean {
  let found = false;
  for (const it of items)
    mapCalls(it.expr, (c) => {
      found = true;
      return c;
    });
  return found;
}

type ExtendFn = (b: Binder, input: Bound, items: NamedExpr[], env: Env, serialize: boolean) => Bound;
type AwayFn = (b: Binder, input: Bound, patterns: { name: string; span: Span }[], env: Env, keep: boolean) => Bound;

export function bindSessionExtend(b: Binder, input: Bound, items: NamedExpr[], env: Env, serialize: boolean, extend: ExtendFn, away: AwayFn): Bound {
  const calls: { args: Expr[]; span: Span }[] = [];
  const rewritten = items.map((it) => ({
    ...it,
    expr: mapCalls(it.expr, (c) => {
      const i = calls.length;
      calls.push({ args: c.args.map((a) => a.value), span: c.span });
      return { kind: 'name', name: `${PREFIX}s${i}`, span: c.span };
    }),
  }));
  const name = (n: string, span: Span): Expr => ({ kind: 'name', name: n, span });
  const hidden: NamedExpr[] = [];
  for (const [i, c] of calls.entries()) {
    if (c.args.length < 3 || c.args.length > 4) {
      b.diags.error('invalid-argument', 'row_window_session() takes 3 or 4 arguments: Expr, MaxDistanceFromFirst, MaxDistanceBetweenNeighbors [, Restart].', c.span);
      return input;
    }
    const [e, , , restart] = c.args as [Expr, Expr, Expr, Expr | undefined];
    hidden.push(
      { name: `${PREFIX}e${i}`, expr: e, span: c.span },
      { name: `${PREFIX}p${i}`, expr: { kind: 'call', name: 'prev', nameSpan: c.span, args: [{ value: e }], span: c.span }, span: c.span },
      { name: `${PREFIX}r${i}`, expr: restart ?? { kind: 'bool', value: false, span: c.span }, span: c.span },
    );
  }
  let cur = extend(b, input, hidden, env, serialize);
  const or = (l: Expr, r: Expr, span: Span): Expr => ({ kind: 'binary', op: 'or', left: l, right: r, span, opSpan: span });
  const gt = (l: Expr, r: Expr, span: Span): Expr => ({ kind: 'binary', op: '>', left: l, right: r, span, opSpan: span });
  const minus = (l: Expr, r: Expr, span: Span): Expr => ({ kind: 'binary', op: '-', left: l, right: r, span, opSpan: span });
  const fn = (n: string, args: Expr[], span: Span): Expr => ({ kind: 'call', name: n, nameSpan: span, args: args.map((value) => ({ value })), span });
  const step = '__rws_step';
  const scan: Extract<Operator, { kind: 'scan' }> = {
    kind: 'scan',
    declare: calls.map((_c, i) => ({ name: `${PREFIX}s${i}`, type: cur.rel.columns.find((x) => x.name === `${PREFIX}e${i}`)?.type ?? 'datetime' })),
    steps: [
      {
        name: step,
        condition: { kind: 'bool', value: true, span: calls[0]?.span ?? { start: 0, end: 0 } },
        assigns: calls.map((c, i) => {
          const sp = c.span;
          const [, maxFirst, maxNeighbor] = c.args as [Expr, Expr, Expr];
          const e = name(`${PREFIX}e${i}`, sp);
          const start: Expr = { kind: 'member', target: name(step, sp), name: `${PREFIX}s${i}`, span: sp };
          const fresh = or(
            or(fn('isnull', [start], sp), fn('coalesce', [name(`${PREFIX}r${i}`, sp), { kind: 'bool', value: false, span: sp }], sp), sp),
            or(gt(minus(e, start, sp), maxFirst, sp), gt(minus(e, name(`${PREFIX}p${i}`, sp), sp), maxNeighbor, sp), sp),
            sp,
          );
          return { name: `${PREFIX}s${i}`, expr: fn('iff', [fresh, e, start], sp) };
        }),
      },
    ],
    span: calls[0]?.span ?? { start: 0, end: 0 },
  };
  cur = bindScan(b, cur, scan, env);
  cur = extend(b, cur, rewritten, env, false);
  return away(b, cur, [{ name: `${PREFIX}*`, span: scan.span }], env, false);
}
