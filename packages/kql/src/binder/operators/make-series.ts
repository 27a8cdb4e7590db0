/**
 * make-series, composed from plain relations: filter to [from, to), aggregate per (keys, bin), collect each
 * series' bins, then lay the values out over every bin of the axis with the default where a bin is empty.
 */
import type { NamedScalar, Relation, ScalarExpr } from '../../ir/ir.ts';
import type { Operator } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call, lit } from '../expressions.ts';
import type { Bound, Env, RowScope } from '../scope.ts';
import { bindGroupKeys } from './summarize.ts';
import { naturalName, uniqueName } from '../naming.ts';
import { registry } from '../../functions/index.ts';
import { argInfo } from '../expressions.ts';

export function bindMakeSeries(b: Binder, input: Bound, op: Extract<Operator, { kind: 'make-series' }>, env: Env): Bound {
  const scope: RowScope = { env, columns: input.rel.columns, aggregates: false };
  const axis = bindExpr(b, op.on, scope);
  const axisName = naturalName(op.on) ?? 'Column1';
  const step = bindExpr(b, op.step, scope);
  const from = op.from ? bindExpr(b, op.from, scope) : undefined;
  const to = op.to ? bindExpr(b, op.to, scope) : undefined;
  const nonempty = op.options.kind?.value === 'nonempty';
  const taken = new Set<string>();
  const keys = bindGroupKeys(b, input, op.by, env, taken);

  // 1. rows inside [from, to)
  let rel: Relation = input.rel;
  const conds: ScalarExpr[] = [];
  if (from) conds.push(b.callFunction('>=', [axis, from], op.span));
  if (to) conds.push(b.callFunction('<', [axis, to], op.span));
  if (conds.length > 0) rel = { kind: 'filter', input: rel, predicate: conds.reduce((x, y) => call('and', [x, y], 'bool')), columns: rel.columns };

  // 2. aggregate per (keys, bin)
  const bin = from ? b.callFunction('bin_at', [axis, step, from], op.span) : b.callFunction('bin', [axis, step], op.span);
  const aggs: { name: string; expr: ScalarExpr; default: ScalarExpr }[] = [];
  let counter = 0;
  for (const it of op.aggs) {
    const aggScope: RowScope = { env, columns: input.rel.columns, aggregates: true };
    const expr = bindExpr(b, it.expr, aggScope);
    let name = it.name;
    if (name === undefined && it.expr.kind === 'call') {
      const def = registry.get(it.expr.name);
      if (def?.autoName) name = def.autoName(it.expr.args.map((a) => naturalName(a.value)), expr.kind === 'call' ? expr.args.map(argInfo) : []);
    }
    name = uniqueName(name ?? `Column${++counter}`, taken);
    taken.add(name);
    const def = it.default ? bindExpr(b, it.default, scope) : lit(0, expr.type === 'real' ? 'real' : 'long');
    aggs.push({ name, expr, default: def });
  }
  const BIN = '__bin';
  const keyRefs: NamedScalar[] = keys.map((k) => ({ name: k.name, expr: { kind: 'column', name: k.name, type: k.expr.type } }));
  const perBin: Relation = {
    kind: 'aggregate',
    input: rel,
    keys: [...keys, { name: BIN, expr: bin }],
    aggs: aggs.map((a) => ({ name: a.name, expr: a.expr })),
    columns: [...keys.map((k) => ({ name: k.name, type: k.expr.type })), { name: BIN, type: bin.type }, ...aggs.map((a) => ({ name: a.name, type: a.expr.type }))],
  };

  // the axis: [start, end) by step; without from/to it spans the data
  const dataBins = (fn: 'min' | 'max'): ScalarExpr => ({
    kind: 'subquery',
    relation: { kind: 'aggregate', input: perBin, keys: [], aggs: [{ name: 'v', expr: call(fn, [{ kind: 'column', name: BIN, type: bin.type }], bin.type) }], columns: [{ name: 'v', type: bin.type }] },
    type: bin.type,
  });
  const start = from ?? dataBins('min');
  const end = to ?? b.callFunction('+', [dataBins('max'), step], op.span);

  // 3. one row per series with its (bin, value) pairs
  const binRef: ScalarExpr = { kind: 'column', name: BIN, type: bin.type };
  const perSeries: Relation = {
    kind: 'aggregate',
    input: perBin,
    keys: keyRefs,
    aggs: aggs.map((a) => ({ name: a.name, expr: call('__series_pairs', [binRef, { kind: 'column', name: a.name, type: a.expr.type }], 'dynamic') })),
    columns: [...keyRefs.map((k) => ({ name: k.name, type: k.expr.type })), ...aggs.map((a) => ({ name: a.name, type: 'dynamic' as const }))],
  };
  let series: Relation = perSeries;
  const first = aggs[0];
  if (!nonempty && first) series = { kind: 'filter', input: perSeries, predicate: call('__series_nonempty', [{ kind: 'column', name: first.name, type: 'dynamic' }], 'bool'), columns: perSeries.columns };

  // 4. values over every bin, then the axis itself
  const items: NamedScalar[] = [
    ...keyRefs,
    ...aggs.map((a) => ({ name: a.name, expr: call('__series_fill', [{ kind: 'column', name: a.name, type: 'dynamic' }, start, end, step, a.default], 'dynamic') })),
    { name: uniqueName(axisName, taken), expr: call('__series_axis', [start, end, step], 'dynamic') },
  ];
  return { rel: { kind: 'project', input: series, items, columns: items.map((i) => ({ name: i.name, type: i.expr.type })) } };
}
