/** scan: one step as a running state over the serialized rows; several steps follow Kusto's scan logic. */
import { scanStepRef, type Column, type NamedScalar, type Relation, type ScanStep } from '../../ir/ir.ts';
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

/** `s.x` for any step name s becomes the column scanStepRef(index of s, x). */
function allStepRefs(e: Expr, steps: readonly string[]): Expr {
  const m = (x: Expr): Expr => allStepRefs(x, steps);
  switch (e.kind) {
    case 'member': {
      const j = e.target.kind === 'name' ? steps.indexOf(e.target.name) : -1;
      if (j >= 0) return { kind: 'name', name: scanStepRef(j, e.name), span: e.span };
      return { ...e, target: m(e.target) };
    }
    case 'binary':
      return { ...e, left: m(e.left), right: m(e.right) };
    case 'unary':
      return { ...e, operand: m(e.operand) };
    case 'call':
      return { ...e, args: e.args.map((a) => ({ ...a, value: m(a.value) })) };
    case 'between':
      return { ...e, left: m(e.left), low: m(e.low), high: m(e.high) };
    case 'inlist':
      return { ...e, left: m(e.left), items: e.items.map(m) };
    case 'index':
      return { ...e, target: m(e.target), index: m(e.index) };
    case 'array':
      return { ...e, items: e.items.map(m) };
    default:
      return e;
  }
}

function declaredState(b: Binder, op: Extract<Operator, { kind: 'scan' }>, env: Env): NamedScalar[] {
  const initScope: RowScope = { env, columns: [], aggregates: false };
  return op.declare.map((d) => {
    const t = typeFromName(d.type) ?? 'string';
    const v = d.default ? bindExpr(b, d.default, initScope) : lit(null, t);
    return { name: d.name, expr: v.type === t ? v : call('__convert_nonempty', [call('tostring', [v], 'string'), { kind: 'type-arg', value: t, type: t }], t) };
  });
}

/** Several steps, a match id or output=none: Kusto's scan logic (sql/scan-steps.ts). */
function bindScanSteps(b: Binder, input: Bound, op: Extract<Operator, { kind: 'scan' }>, env: Env): Bound {
  const names = op.steps.map((s) => s.name);
  if (new Set(names).size !== names.length) b.diags.error('invalid-argument', 'Scan step names must be unique.', op.span);
  if (op.steps.some((s) => s.output !== undefined && s.output !== 'all' && s.output !== 'none')) {
    b.diags.error('unsupported-operator', "scan steps with output=last are not supported yet (output=all and output=none are).", op.span);
    return { rel: { kind: 'empty', columns: input.rel.columns } };
  }
  const declared = declaredState(b, op, env);
  const rowCols: Column[] = [...input.rel.columns, ...declared.map((d) => ({ name: d.name, type: d.expr.type }))];
  const refs: Column[] = names.flatMap((_n, j) => rowCols.map((c) => ({ name: scanStepRef(j, c.name), type: c.type })));
  const scope: RowScope = { env, columns: [...rowCols, ...refs], aggregates: false };
  const steps: ScanStep[] = op.steps.map((s) => ({
    output: s.output === 'none' ? 'none' : 'all',
    condition: bindExpr(b, allStepRefs(s.condition, names), scope),
    assigns: s.assigns.map((a) => {
      const target = declared.find((d) => d.name === a.name);
      if (!target) b.diags.error('unknown-column', `'${a.name}' is not declared in the scan's declare clause.`, op.span);
      return { name: a.name, expr: bindExpr(b, allStepRefs(a.expr, names), scope) };
    }),
  }));
  const columns: Column[] = [...rowCols, ...(op.matchId !== undefined ? [{ name: op.matchId, type: 'long' as const }] : [])];
  const rel: Relation = { kind: 'scan-steps', input: input.rel, order: input.order ?? [], declared, steps, columns };
  if (op.matchId !== undefined) rel.matchId = op.matchId;
  return { rel, order: input.order };
}

export function bindScan(b: Binder, input: Bound, op: Extract<Operator, { kind: 'scan' }>, env: Env): Bound {
  const step = op.steps[0];
  if (op.steps.length !== 1 || !step || op.matchId !== undefined || (step.output !== undefined && step.output !== 'all')) return bindScanSteps(b, input, op, env);
  const state = declaredState(b, op, env);
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
