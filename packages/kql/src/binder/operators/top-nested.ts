/** top-nested. */
import type { Operator } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import type { Bound, Env } from '../scope.ts';

export function bindTopNested(b: Binder, input: Bound, op: Extract<Operator, { kind: 'top-nested' }>, _env: Env): Bound {
  b.diags.error('unsupported-operator', "The operator 'top-nested' is not supported yet.", op.span);
  return { rel: { kind: 'empty', columns: input.rel.columns } };
}
