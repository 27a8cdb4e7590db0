/** evaluate (plugins) and invoke (let-defined functions over the piped table). */
import type { Operator } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import type { Bound, Env } from '../scope.ts';

export function bindEvaluate(b: Binder, input: Bound, op: Extract<Operator, { kind: 'evaluate' }>, _env: Env): Bound {
  const name = op.call.kind === 'call' ? op.call.name : 'evaluate';
  b.diags.error('unsupported-operator', `The plugin 'evaluate ${name}' is not supported yet.`, op.span);
  return { rel: { kind: 'empty', columns: input.rel.columns } };
}

export function bindInvoke(b: Binder, input: Bound, op: Extract<Operator, { kind: 'invoke' }>, env: Env): Bound {
  const c = op.call;
  if (c.kind !== 'call') {
    b.diags.error('syntax-error', 'invoke needs a function call.', op.span);
    return input;
  }
  const fnv = env.get(c.name);
  if (fnv?.kind === 'function') return b.invokeTabularFunction(fnv, c.args.map((a) => a.value), c.span, env, input);
  if (c.name === 'FileProfile' || c.name === 'DeviceFromIP' || c.name === 'SeenBy') {
    b.diags.error('missing-provider', `${c.name}() needs a provider; none was configured.`, c.span);
    return { rel: { kind: 'empty', columns: input.rel.columns } };
  }
  b.reportUnknownFunction(c.name, c.nameSpan);
  return { rel: { kind: 'empty', columns: input.rel.columns } };
}
