/**
 * Pattern statements: `declare pattern P = (a:string) [path:string] { ("x").["y"] = { T | ... }; ... };` and their
 * invocation `P("x").y`. The arguments (and path) must be constants; the first mapping whose values equal them
 * (a "*" value matches anything) gives the tabular expression, bound with the parameters set to the arguments.
 */
import type { Expr } from '../syntax/ast.ts';
import type { Binder } from './binder.ts';
import { bindExpr } from './expressions.ts';
import { Env, type Bound, type LetValue } from './scope.ts';

function constantText(b: Binder, e: Expr, env: Env): string | undefined {
  const x = bindExpr(b, e, { env, columns: [], aggregates: false });
  if (x.kind !== 'literal' || x.value === null) return undefined;
  return String(x.value);
}

export function bindPatternCall(b: Binder, v: LetValue & { kind: 'pattern' }, c: Expr & { kind: 'call' }, path: string | undefined, env: Env): Bound {
  const p = v.pattern;
  const empty: Bound = { rel: { kind: 'empty', columns: [] } };
  if (c.args.length !== p.params.length) {
    b.diags.error('wrong-arity', `Pattern '${p.name}' takes ${p.params.length} argument(s) but got ${c.args.length}.`, c.span);
    return empty;
  }
  if ((path === undefined) !== (p.pathParam === undefined)) {
    b.diags.error('invalid-argument', p.pathParam ? `Pattern '${p.name}' needs a path: ${p.name}(...).path.` : `Pattern '${p.name}' takes no path.`, c.span);
    return empty;
  }
  const values: string[] = [];
  for (const a of c.args) {
    const t = constantText(b, a.value, env);
    if (t === undefined) {
      b.diags.error('invalid-argument', `Pattern '${p.name}' is invoked with constant arguments only.`, a.value.span);
      return empty;
    }
    values.push(t);
  }
  const entry = p.entries.find((e) => {
    if (e.path !== undefined && e.path !== '*' && e.path !== path) return false;
    return e.args.every((x, i) => {
      const t = constantText(b, x, v.env);
      return t === '*' || t === values[i];
    });
  });
  if (!entry) {
    b.diags.error('invalid-argument', `Pattern '${p.name}' has no mapping for (${values.map((x) => JSON.stringify(x)).join(', ')})${path !== undefined ? `.${path}` : ''}.`, c.span);
    return empty;
  }
  const inner = new Env(v.env);
  p.params.forEach((param, i) => inner.set(param.name, { kind: 'scalar', expr: { kind: 'literal', value: values[i] ?? null, type: 'string' } }));
  if (p.pathParam && path !== undefined) inner.set(p.pathParam.name, { kind: 'scalar', expr: { kind: 'literal', value: path, type: 'string' } });
  return b.bindTabular(entry.body, inner);
}
