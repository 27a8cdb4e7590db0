/** Functions the binder introduces itself (not callable from KQL by these names). */
import { arg, constString, str } from './helpers.ts';
import { fn, type FunctionDef } from './registry.ts';

function structOf(a: { sql: string }[]): string {
  return `{${a.map((x, i) => `'f${i}': ${x.sql}`).join(', ')}}`;
}

export const internalFunctions: FunctionDef[] = [
  { ...fn('__arg_max', [1, 10000], 'dynamic', (a) => `coalesce(arg_max(${structOf(a.slice(1))}, ${arg(a, 0).sql}), first(${structOf(a.slice(1))}))`), kind: 'aggregate' },
  { ...fn('__arg_min', [1, 10000], 'dynamic', (a) => `coalesce(arg_min(${structOf(a.slice(1))}, ${arg(a, 0).sql}), first(${structOf(a.slice(1))}))`), kind: 'aggregate' },
  fn('__field', 2, 'dynamic', (a) => `(${arg(a, 0).sql}).f${constString(a[1]) ?? '0'}`),
  fn('provider:geo', 2, 'dynamic', (a, ctx) => {
    const name = constString(a[1]) ?? '';
    // the provider's SQL function name comes from the caller's configuration; only plain names are used
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'CAST(NULL AS JSON)';
    return `CAST(${name}(${str(ctx, arg(a, 0))}) AS JSON)`;
  }),
];

internalFunctions.push(
  fn('__regex_group', 3, 'string', (a) => `regexp_extract(${arg(a, 0).sql}, ${arg(a, 1).sql}, ${constString(a[2]) ?? '1'})`),
  fn('__convert_nonempty', 2, (x) => x[1]?.type ?? 'string', (a, ctx) => ctx.d.convert({ sql: `nullif(${arg(a, 0).sql}, '')`, type: 'string', isConstant: false }, arg(a, 1).type)),
);
