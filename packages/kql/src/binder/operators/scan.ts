/** scan with one step: a running state over the serialized rows (multi-step scans are not supported yet). */
import type { Column, NamedScalar } from '../../ir/ir.ts';
import type { Expr, Operator } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call, lit } from '../expressions.ts';
import { typeFromName } from '../literals.ts';
import type { Bound, Env, RowScope } from '../scope.ts';

/** `s1.x` (the step's previous state) becomes the state column `x`. */
function stepRefs(e: Expr, step: string): Expr {
  switch (e.kind) {
    case 'member':
      if (e.target.kind === 'name' && e.target.name === step) return { kind: 'name', name: e.name, span: e.span };
      return { ...e, target: stepRefs(e.target, step) };
    case 'binary':
      return { ...e, left: stepRefs(e.left, step), right: stepRefs(e.right, step) };
    case 'unary':
      return { ...e, operand: stepRefs(e.operand, step) };
    case 'call':
      return { ...e, args: e.args.map((a) => ({ ...a, value: stepRefs(a.value, step) })) };
    case 'between':
      return { ...e, left: stepRefs(e.left, step), low: stepRefs(e.low, step), high: stepRefs(e.high, step) };
    case 'inlist':
      return { ...e, left: stepRefs(e.left, step), items: e.items.map((i) => stepRefs(i, step)) };
    case 'index':
      return { ...e, target: stepRefs(e.target, step), index: stepRefs(e.index, step) };
    default:
      return e;
  }
}

export function bindScan(b: Binder, input: Bound, op: Extract<Operator, { kind: 'scan' }>, env: Env): Bound {
  const step = op.steps[0];
  if (op.steps.length !== 1 || !step || op.matchId !== undefined || (step.output !== undefined && step.output !== 'all')) {
    b.diags.error('unsupported-operator', "The operator 'scan' is supported with a single step (no with_match_id) only.", op.span);
    return { rel: { kind: 'empty', columns: input.rel.columns } };
  }
  const initScope: RowScope = { env, columns: [], aggregates: false };
  const state: NamedScalar[] = op.declare.map((d) => {
    const t = typeFromName(d.type) ?? 'string';
    const v = d.default ? bindExpr(b, d.default, initScope) : lit(null, t);
    return { name: d.name, expr: v.type === t ? v : call('__convert_nonempty', [call('tostring', [v], 'string'), { kind: 'type-arg', value: t, type: t }], t) };
  });
  const stateCols: Column[] = op.declare.map((d) => ({ name: d.name, type: typeFromName(d.type) ?? 'string' }));
  const scope: RowScope = { env, columns: [...input.rel.columns, ...stateCols], aggregates: false };
  const condition = bindExpr(b, stepRefs(step.condition, step.name), scope);
  const assigns: NamedScalar[] = stateCols.map((c) => {
    const a = step.assigns.find((x) => x.name === c.name);
    return { name: c.name, expr: a ? bindExpr(b, stepRefs(a.expr, step.name), scope) : { kind: 'column', name: c.name, type: c.type } };
  });
  const columns = [...input.rel.columns, ...stateCols];
  return { rel: { kind: 'scan', input: input.rel, order: input.order ?? [], state, condition, assigns, columns }, order: input.order };
}
