/** make-series. */
import type { Operator } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import type { Bound, Env } from '../scope.ts';

export function bindMakeSeries(b: Binder, input: Bound, op: Extract<Operator, { kind: 'make-series' }>, _env: Env): Bound {
  b.diags.error('unsupported-operator', "The operator 'make-series' is not supported yet.", op.span);
  return { rel: { kind: 'empty', columns: input.rel.columns } };
}
