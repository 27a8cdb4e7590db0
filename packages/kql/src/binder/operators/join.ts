/** join and lookup. */
import type { Span } from '../../diagnostics.ts';
import type { Column, JoinKind, Relation, ScalarExpr } from '../../ir/ir.ts';
import type { Expr, Operator, OptionMap } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call, ERROR_EXPR } from '../expressions.ts';
import { uniqueName } from '../naming.ts';
import type { Bound, Env, RowScope } from '../scope.ts';

const KIND_ALIASES: Record<string, JoinKind> = {
  innerunique: 'innerunique', inner: 'inner', leftouter: 'leftouter', rightouter: 'rightouter', fullouter: 'fullouter', outer: 'fullouter',
  leftsemi: 'leftsemi', semi: 'leftsemi', leftanti: 'leftanti', anti: 'leftanti', leftantisemi: 'leftanti', rightsemi: 'rightsemi',
  rightanti: 'rightanti', rightantisemi: 'rightanti',
};

interface KeyPair {
  left: ScalarExpr;
  right: ScalarExpr;
  /** the right key column when both sides name the same column (`on Col`) */
  sameName?: string;
  rightName?: string;
}

function joinKind(b: Binder, options: OptionMap, def: JoinKind, span: Span): JoinKind {
  const k = options.kind?.value;
  if (k === undefined) return def;
  const kind = KIND_ALIASES[k];
  if (!kind) {
    b.diags.error('invalid-argument', `Unknown join kind '${k}'.`, options.kind?.span ?? span);
    return def;
  }
  return kind;
}

/** Brings two key expressions to one comparable type. */
function alignKeys(l: ScalarExpr, r: ScalarExpr): [ScalarExpr, ScalarExpr] {
  if (l.type === r.type && l.type !== 'dynamic') return [l, r];
  const num = (t: string): boolean => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
  if (num(l.type) && num(r.type)) return [l, r];
  return [l.type === 'string' ? l : call('tostring', [l], 'string'), r.type === 'string' ? r : call('tostring', [r], 'string')];
}

function bindKeys(b: Binder, on: Expr[], left: readonly Column[], right: readonly Column[], env: Env, span: Span): KeyPair[] {
  const pairs: KeyPair[] = [];
  const scope: RowScope = { env, columns: [], left, right, aggregates: false };
  const visit = (e: Expr): void => {
    if (e.kind === 'binary' && e.op === 'and') {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.kind === 'name') {
      const l = left.find((c) => c.name === e.name);
      const r = right.find((c) => c.name === e.name);
      if (!l || !r) {
        b.diags.error('unknown-column', `Join key '${e.name}' must exist on both sides.`, e.span);
        return;
      }
      const [a, z] = alignKeys({ kind: 'column', name: l.name, type: l.type, side: 'left' }, { kind: 'column', name: r.name, type: r.type, side: 'right' });
      pairs.push({ left: a, right: z, sameName: e.name, rightName: e.name });
      return;
    }
    if (e.kind === 'binary' && e.op === '==') {
      let le = e.left;
      let re = e.right;
      if (le.kind === 'side' && le.side === 'right') [le, re] = [re, le];
      const l = bindExpr(b, le, scope);
      const r = bindExpr(b, re, scope);
      if (l === ERROR_EXPR || r === ERROR_EXPR) return;
      const [a, z] = alignKeys(l, r);
      const pair: KeyPair = { left: a, right: z };
      if (re.kind === 'side') pair.rightName = re.name;
      pairs.push(pair);
      return;
    }
    b.diags.error('unsupported-syntax', 'Join conditions must be column names or $left.X == $right.Y equalities.', e.span);
  };
  for (const e of on) visit(e);
  if (on.length === 0) b.diags.error('syntax-error', "join needs an 'on' clause.", span);
  return pairs;
}

export function bindJoin(b: Binder, input: Bound, op: Extract<Operator, { kind: 'join' }>, env: Env): Bound {
  const kind = joinKind(b, op.options, 'innerunique', op.span);
  const right = b.bindTabular(op.right, env);
  const L = input.rel.columns;
  const R = right.rel.columns;
  const keys = bindKeys(b, op.on, L, R, env, op.span);
  const output: { name: string; side: 'left' | 'right'; source: string }[] = [];
  if (kind === 'leftsemi' || kind === 'leftanti') for (const c of L) output.push({ name: c.name, side: 'left', source: c.name });
  else if (kind === 'rightsemi' || kind === 'rightanti') for (const c of R) output.push({ name: c.name, side: 'right', source: c.name });
  else {
    const taken = new Set<string>();
    for (const c of L) {
      output.push({ name: c.name, side: 'left', source: c.name });
      taken.add(c.name);
    }
    for (const c of R) {
      const n = uniqueName(c.name, taken);
      taken.add(n);
      output.push({ name: n, side: 'right', source: c.name });
    }
  }
  const typeOf = (o: { side: 'left' | 'right'; source: string }): Column['type'] => ((o.side === 'left' ? L : R).find((c) => c.name === o.source)?.type ?? 'string');
  const rel: Relation = { kind: 'join', joinKind: kind, left: input.rel, right: right.rel, keys: keys.map((k) => ({ left: k.left, right: k.right })), output, columns: output.map((o) => ({ name: o.name, type: typeOf(o) })) };
  return { rel };
}

export function bindLookup(b: Binder, input: Bound, op: Extract<Operator, { kind: 'lookup' }>, env: Env): Bound {
  let kind = joinKind(b, op.options, 'leftouter', op.span);
  if (kind !== 'inner' && kind !== 'leftouter') {
    b.diags.error('invalid-argument', 'lookup supports kind=leftouter or kind=inner.', op.span);
    kind = 'leftouter';
  }
  const right = b.bindTabular(op.right, env);
  const L = input.rel.columns;
  const R = right.rel.columns;
  const keys = bindKeys(b, op.on, L, R, env, op.span);
  const rightKeys = new Set(keys.map((k) => k.rightName).filter((x): x is string => x !== undefined));
  const output: { name: string; side: 'left' | 'right'; source: string }[] = [];
  const taken = new Set<string>();
  for (const c of L) {
    output.push({ name: c.name, side: 'left', source: c.name });
    taken.add(c.name);
  }
  for (const c of R) {
    if (rightKeys.has(c.name)) continue;
    const n = uniqueName(c.name, taken);
    taken.add(n);
    output.push({ name: n, side: 'right', source: c.name });
  }
  const typeOf = (o: { side: 'left' | 'right'; source: string }): Column['type'] => ((o.side === 'left' ? L : R).find((c) => c.name === o.source)?.type ?? 'string');
  const rel: Relation = { kind: 'join', joinKind: kind, left: input.rel, right: right.rel, keys: keys.map((k) => ({ left: k.left, right: k.right })), output, columns: output.map((o) => ({ name: o.name, type: typeOf(o) })) };
  return { rel, order: input.order };
}
