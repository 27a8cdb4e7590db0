/** Conditional functions: iff/iif, case, coalesce. */
import type { SqlArg } from '../dialect/dialect.ts';
import type { KustoType } from '../types.ts';
import { arg, conv } from './helpers.ts';
import { fn, isNumeric, numericResult, type ArgInfo, type EmitContext, type FunctionDef } from './registry.ts';

/** The common type of several branches: equal types stay, numbers widen, anything else is dynamic-free string. */
export function commonType(types: KustoType[]): KustoType {
  const known = types.filter((t) => t !== undefined);
  let t: KustoType | undefined;
  for (const x of known) {
    if (t === undefined) t = x;
    else if (t === x) continue;
    else if (isNumeric(t) && isNumeric(x)) t = numericResult(t, x);
    else if (t === 'dynamic' || x === 'dynamic') t = 'dynamic';
    else t = 'string';
  }
  return t ?? 'string';
}

function branch(ctx: EmitContext, a: SqlArg, t: KustoType): string {
  if (a.type === t) return a.sql;
  if (isNumeric(a.type) && isNumeric(t)) return `CAST(${a.sql} AS ${ctx.d.sqlType(t)})`;
  return conv(ctx, a, t);
}

function branchTypes(args: ArgInfo[], pick: (i: number) => boolean): KustoType {
  const ts: KustoType[] = [];
  args.forEach((a, i) => {
    if (pick(i) && !(a.isConstant && a.constant === null && a.type === 'dynamic')) ts.push(a.type);
  });
  return commonType(ts);
}

export const logicFunctions: FunctionDef[] = [
  fn('iff', 3, (a) => branchTypes(a, (i) => i > 0), (a, ctx) => {
    const t = branchTypes(a, (i) => i > 0);
    const c = arg(a, 0);
    const cond = c.type === 'bool' ? c.sql : conv(ctx, c, 'bool');
    return `(CASE WHEN ${cond} THEN ${branch(ctx, arg(a, 1), t)} ELSE ${branch(ctx, arg(a, 2), t)} END)`;
  }, { aliases: ['iif'] }),
  fn('case', [3, 1001], (a) => branchTypes(a, (i) => i % 2 === 1 || i === a.length - 1), (a, ctx) => {
    const t = branchTypes(a, (i) => i % 2 === 1 || i === a.length - 1);
    const parts: string[] = [];
    for (let i = 0; i + 1 < a.length; i += 2) {
      const c = arg(a, i);
      parts.push(`WHEN ${c.type === 'bool' ? c.sql : conv(ctx, c, 'bool')} THEN ${branch(ctx, arg(a, i + 1), t)}`);
    }
    return `(CASE ${parts.join(' ')} ELSE ${branch(ctx, arg(a, a.length - 1), t)} END)`;
  }),
  fn('coalesce', [1, 64], (a) => branchTypes(a, () => true), (a, ctx) => {
    const t = branchTypes(a, () => true);
    const items = a.map((x) => (t === 'string' ? `nullif(${branch(ctx, x, t)}, '')` : branch(ctx, x, t)));
    return t === 'string' ? `coalesce(${items.join(', ')}, '')` : `coalesce(${items.join(', ')})`;
  }),
];
