/** union (operator and source): outer/inner column sets, withsource=, wildcard table names. */
import type { Span } from '../../diagnostics.ts';
import type { Column, NamedScalar, Relation } from '../../ir/ir.ts';
import type { OptionMap, Tabular } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import { lit } from '../expressions.ts';
import type { Bound, Env } from '../scope.ts';
import { matchWildcard } from './columns.ts';
import { uniqueName } from '../naming.ts';

export function bindUnion(b: Binder, input: Bound | undefined, options: OptionMap, legs: Tabular[], env: Env, span: Span): Bound {
  const bound: { name: string; bound: Bound }[] = [];
  if (input) bound.push({ name: input.name ?? 'union_arg0', bound: input });
  for (const leg of legs) {
    const src = leg.source;
    if (src.kind === 'table' && src.name.includes('*')) {
      const names = [...b.tableNames(), ...env.names()].filter((n) => matchWildcard(src.name, n));
      if (names.length === 0) b.diags.warning('unknown-table', `No table matches '${src.name}'.`, src.span);
      for (const n of names.sort()) bound.push({ name: n, bound: b.bindTabular({ ...leg, source: { kind: 'table', name: n, span: src.span } }, env) });
      continue;
    }
    const bl = b.bindTabular(leg, env);
    const name = bl.name ?? (src.kind === 'table' ? src.name : `union_arg${bound.length}`);
    bound.push({ name, bound: bl });
  }
  const kind = options.kind?.value ?? 'outer';
  if (kind !== 'outer' && kind !== 'inner') b.diags.error('invalid-argument', `Unknown union kind '${kind}'.`, options.kind?.span ?? span);
  // columns by name; a name with several types becomes name_type per type
  const byName = new Map<string, Column['type'][]>();
  const order: string[] = [];
  for (const { bound: x } of bound) {
    for (const c of x.rel.columns) {
      const ts = byName.get(c.name);
      if (!ts) {
        byName.set(c.name, [c.type]);
        order.push(c.name);
      } else if (!ts.includes(c.type)) ts.push(c.type);
    }
  }
  const withsource = options.withsource?.value;
  const kept = order.filter((n) => kind === 'outer' || bound.every(({ bound: x }) => x.rel.columns.some((c) => c.name === n)));
  // a column's own name wins over a generated name_type: the generated one takes a numeric suffix (x_long1)
  const taken = new Set<string>(kept.filter((n) => (byName.get(n) ?? []).length === 1));
  if (withsource) taken.add(withsource);
  const out: { name: string; source: string; type: Column['type'] }[] = [];
  for (const n of kept) {
    const ts = byName.get(n) ?? [];
    if (ts.length === 1) out.push({ name: n, source: n, type: ts[0] ?? 'string' });
    else
      for (const t of ts) {
        const name = uniqueName(`${n}_${t}`, taken);
        taken.add(name);
        out.push({ name, source: n, type: t });
      }
  }
  const inputs: Relation[] = bound.map(({ name, bound: x }) => {
    const items: NamedScalar[] = [];
    if (withsource) items.push({ name: withsource, expr: lit(name, 'string') });
    for (const o of out) {
      const c = x.rel.columns.find((cc) => cc.name === o.source && cc.type === o.type);
      items.push({ name: o.name, expr: c ? { kind: 'column', name: c.name, type: c.type } : lit(null, o.type) });
    }
    return { kind: 'project', input: x.rel, items, columns: items.map((i) => ({ name: i.name, type: i.expr.type })) };
  });
  const columns: Column[] = [...(withsource ? [{ name: withsource, type: 'string' as const }] : []), ...out.map((o) => ({ name: o.name, type: o.type }))];
  if (inputs.length === 0) return { rel: { kind: 'empty', columns } };
  if (inputs.length === 1 && inputs[0]) return { rel: inputs[0] };
  return { rel: { kind: 'union', inputs, sourceNames: bound.map((x) => x.name), columns } };
}
