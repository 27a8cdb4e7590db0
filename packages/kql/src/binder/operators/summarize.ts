/** summarize: group keys, aggregates (with Kusto's auto names), arg_max/arg_min, percentiles. */
import { registry } from '../../functions/index.ts';
import type { Column, NamedScalar, Relation, ScalarExpr } from '../../ir/ir.ts';
import type { Expr, NamedExpr, Operator } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import { argInfo, bindExpr, call, ERROR_EXPR, lit } from '../expressions.ts';
import { naturalName, takesFirstArgumentName, uniqueName } from '../naming.ts';
import type { Bound, Env, RowScope } from '../scope.ts';
import { colRef } from './columns.ts';

export interface BoundKeys {
  keys: NamedScalar[];
}

export function bindGroupKeys(b: Binder, input: Bound, by: NamedExpr[], env: Env, taken: Set<string>): NamedScalar[] {
  const scope: RowScope = { env, columns: input.rel.columns, aggregates: false };
  let counter = 0;
  return by.map((it) => {
    const expr = bindExpr(b, it.expr, scope);
    let name = it.name ?? naturalName(it.expr);
    if (name === undefined) {
      do name = `Column${++counter}`;
      while (taken.has(name));
    }
    name = uniqueName(name, taken);
    taken.add(name);
    return { name, expr };
  });
}

export function bindSummarize(b: Binder, input: Bound, op: Extract<Operator, { kind: 'summarize' }>, env: Env): Bound {
  const taken = new Set<string>();
  const keys = bindGroupKeys(b, input, op.by, env, taken);
  const aggs: NamedScalar[] = [];
  /** Output columns after the aggregate: plain, or extracted from an arg_max struct. */
  const outputs: { name: string; expr: ScalarExpr }[] = keys.map((k) => ({ name: k.name, expr: { kind: 'column', name: k.name, type: k.expr.type } }));
  let hidden = 0;
  let colCounter = 0;
  const keyNames = new Set(keys.map((k) => k.name));
  for (const it of op.aggs) {
    const e = it.expr;
    if (e.kind === 'call' && (e.name === 'arg_max' || e.name === 'arg_min' || e.name === 'argmax' || e.name === 'argmin')) {
      bindArgMax(b, input, env, e, it, keyNames, taken, aggs, outputs, `__arg${hidden++}`);
      continue;
    }
    if (e.kind === 'call' && (e.name === 'percentiles' || e.name === 'percentilesw') && it.name === undefined) {
      const scope: RowScope = { env, columns: input.rel.columns, aggregates: false };
      const x = bindExpr(b, e.args[0]?.value ?? { kind: 'null', span: e.span }, scope);
      const weighted = e.name === 'percentilesw';
      const w = weighted && e.args[1] ? bindExpr(b, e.args[1].value, scope) : undefined;
      const base = naturalName(e.args[0]?.value ?? { kind: 'null', span: e.span }) ?? 'x';
      for (const p of e.args.slice(weighted ? 2 : 1)) {
        const pv = bindExpr(b, p.value, scope);
        const name = uniqueName(`percentile_${base}_${String(pv.kind === 'literal' ? pv.value : '').replace('.', '_')}`, taken);
        taken.add(name);
        const agg = weighted && w ? b.callFunction('percentilew', [x, w, pv], e.span) : b.callFunction('percentile', [x, pv], e.span);
        aggs.push({ name, expr: agg });
        outputs.push({ name, expr: { kind: 'column', name, type: agg.type } });
      }
      continue;
    }
    const scope: RowScope = { env, columns: input.rel.columns, aggregates: true };
    const expr = bindExpr(b, e, scope);
    if (!scope.usedAggregate && expr !== ERROR_EXPR) b.diags.error('invalid-argument', 'A summarize expression must use an aggregation function (count(), sum(), ...).', it.span);
    let name = it.name ?? innerArgName(e);
    if (name === undefined) {
      if (e.kind === 'call') {
        const def = registry.get(e.name);
        if (def?.kind === 'aggregate' && def.autoName) {
          const argNames = e.args.map((a) => naturalName(a.value));
          const infos = expr.kind === 'call' ? expr.args.map(argInfo) : [];
          name = def.autoName(argNames, infos);
        } else name = wrappedAggregateName(e, expr);
      }
      if (name === undefined) {
        do name = `Column${++colCounter}`;
        while (taken.has(name));
      }
    }
    name = uniqueName(name, taken);
    taken.add(name);
    aggs.push({ name, expr });
    outputs.push({ name, expr: { kind: 'column', name, type: expr.type } });
  }
  const aggColumns: Column[] = [...keys.map((k) => ({ name: k.name, type: k.expr.type })), ...aggs.map((a) => ({ name: a.name, type: a.expr.type }))];
  const rel: Relation = { kind: 'aggregate', input: input.rel, keys, aggs, columns: aggColumns };
  if (hidden === 0) return { rel };
  return { rel: { kind: 'project', input: rel, items: outputs, columns: outputs.map((o) => ({ name: o.name, type: o.expr.type })) } };
}

function bindArgMax(
  b: Binder,
  input: Bound,
  env: Env,
  e: Expr & { kind: 'call' },
  it: NamedExpr,
  keyNames: Set<string>,
  taken: Set<string>,
  aggs: NamedScalar[],
  outputs: { name: string; expr: ScalarExpr }[],
  hiddenName: string,
): void {
  const scope: RowScope = { env, columns: input.rel.columns, aggregates: false };
  const first = e.args[0];
  if (!first) {
    b.diags.error('wrong-arity', `${e.name}() needs at least one argument.`, e.span);
    return;
  }
  const target = bindExpr(b, first.value, scope);
  const fields: { name: string; expr: ScalarExpr }[] = [];
  const targetName = it.names?.[0] ?? it.name ?? naturalName(first.value) ?? `${e.name.replace('arg', '')}_`;
  fields.push({ name: targetName, expr: target });
  let i = 0;
  for (const a of e.args.slice(1)) {
    i++;
    if (a.value.kind === 'star') {
      for (const c of input.rel.columns) {
        if (keyNames.has(c.name) || fields.some((f) => f.name === c.name)) continue;
        fields.push({ name: c.name, expr: colRef(c) });
      }
      continue;
    }
    const x = bindExpr(b, a.value, scope);
    const n = it.names?.[i] ?? a.name ?? naturalName(a.value) ?? `Column${i}`;
    if (!fields.some((f) => f.name === n)) fields.push({ name: n, expr: x });
  }
  const isMax = e.name === 'arg_max' || e.name === 'argmax';
  const structCall = call(isMax ? '__arg_max' : '__arg_min', [target, ...fields.map((f) => f.expr)], 'dynamic');
  aggs.push({ name: hiddenName, expr: structCall });
  fields.forEach((f, idx) => {
    const name = uniqueName(f.name, taken);
    taken.add(name);
    outputs.push({ name, expr: call('__field', [{ kind: 'column', name: hiddenName, type: 'dynamic' }, lit(idx, 'long')], f.expr.type) });
  });
}

/** `toint(Name = dcountif(...))`: an argument named inside the call names the output column. */
/**
 * A function that takes its first argument's name (casts: `tostring(make_set(X))`), around an aggregate, unnamed,
 * is named as the aggregate would be (`set_X`), as `tostring(X)` is named X; hunting queries read that name
 * afterwards. Other functions around an aggregate (`round(avg(X), 2)`) get Column1, ...
 */
function wrappedAggregateName(e: Expr & { kind: 'call' }, bound: ScalarExpr): string | undefined {
  if (!takesFirstArgumentName(e.name)) return undefined;
  const def = registry.get(e.name);
  if (!def || def.kind === 'aggregate') return undefined;
  const inner = e.args[0]?.value;
  if (inner?.kind !== 'call') return undefined;
  const innerDef = registry.get(inner.name);
  if (innerDef?.kind !== 'aggregate' || !innerDef.autoName) return undefined;
  // further arguments must be constants (round(avg(x), 2)), not other columns or aggregates
  if (e.args.slice(1).some((a) => a.value.kind === 'call' || a.value.kind === 'name')) return undefined;
  const boundInner = bound.kind === 'call' ? bound.args[0] : undefined;
  const infos = boundInner?.kind === 'call' ? boundInner.args.map(argInfo) : [];
  return innerDef.autoName(inner.args.map((a) => naturalName(a.value)), infos);
}

function innerArgName(e: Expr): string | undefined {
  if (e.kind !== 'call') return undefined;
  for (const a of e.args) {
    if (a.name !== undefined) return a.name;
    const inner = innerArgName(a.value);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
