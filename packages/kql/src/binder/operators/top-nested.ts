/**
 * top-nested: per level, aggregate by the level's keys (all previous levels' values plus this one), keep the
 * top N within each parent, and keep only rows whose parents were kept. Output: value and aggregate per level.
 */
import type { Column, NamedScalar, Relation, ScalarExpr } from '../../ir/ir.ts';
import type { Operator } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call } from '../expressions.ts';
import { naturalName, uniqueName } from '../naming.ts';
import type { Bound, Env, RowScope } from '../scope.ts';
import { colRef } from './columns.ts';

function ref(c: Column, side?: 'left' | 'right'): ScalarExpr {
  return side ? { kind: 'column', name: c.name, type: c.type, side } : { kind: 'column', name: c.name, type: c.type };
}

export function bindTopNested(b: Binder, input: Bound, op: Extract<Operator, { kind: 'top-nested' }>, env: Env): Bound {
  const taken = new Set<string>();
  const keys: NamedScalar[] = [];
  let selected: Relation | undefined;
  let counter = 0;
  for (const level of op.levels) {
    if (level.others) {
      b.diags.error('unsupported-syntax', "top-nested 'with others' is not supported yet.", op.span);
      return { rel: { kind: 'empty', columns: input.rel.columns } };
    }
    const scope: RowScope = { env, columns: input.rel.columns, aggregates: false };
    const value = bindExpr(b, level.of.expr, scope);
    const valueName = uniqueName(level.of.name ?? naturalName(level.of.expr) ?? `Column${++counter}`, taken);
    taken.add(valueName);
    const aggScope: RowScope = { env, columns: input.rel.columns, aggregates: true };
    const agg = bindExpr(b, level.by.expr, aggScope);
    const aggName = uniqueName(level.by.name ?? `aggregated_${valueName}`, taken);
    taken.add(aggName);
    const parentKeys = [...keys];
    keys.push({ name: valueName, expr: value });
    // aggregate by (parents..., value)
    const aggregated: Relation = {
      kind: 'aggregate',
      input: input.rel,
      keys: [...keys],
      aggs: [{ name: aggName, expr: agg }],
      columns: [...keys.map((k) => ({ name: k.name, type: k.expr.type })), { name: aggName, type: agg.type }],
    };
    // rank within the parent
    let ranked: Relation = aggregated;
    if (level.count) {
      const n = bindExpr(b, level.count, scope);
      const rn = '__rank';
      const aggCol: Column = { name: aggName, type: agg.type };
      const win: Relation = {
        kind: 'window',
        input: aggregated,
        items: [...aggregated.columns.map((c) => ({ name: c.name, expr: colRef(c) })), { name: rn, expr: call('row_number', [], 'long') }],
        order: [{ expr: ref(aggCol), desc: level.dir !== 'asc', nullsFirst: false }],
        partition: parentKeys.map((k) => ({ kind: 'column', name: k.name, type: k.expr.type })),
        columns: [...aggregated.columns, { name: rn, type: 'long' }],
      };
      const filtered: Relation = { kind: 'filter', input: win, predicate: call('<=', [{ kind: 'column', name: rn, type: 'long' }, n], 'bool'), columns: win.columns };
      ranked = { kind: 'project', input: filtered, items: aggregated.columns.map((c) => ({ name: c.name, expr: colRef(c) })), columns: aggregated.columns };
    }
    if (!selected) {
      selected = ranked;
      continue;
    }
    // keep children of kept parents; carry the parents' aggregate columns
    const prev: Relation = selected;
    const joinKeys = parentKeys.map((k) => {
      const c: Column = { name: k.name, type: k.expr.type };
      return { left: ref(c, 'left'), right: ref(c, 'right') };
    });
    const output = [
      ...prev.columns.map((c) => ({ name: c.name, side: 'left' as const, source: c.name })),
      { name: valueName, side: 'right' as const, source: valueName },
      { name: aggName, side: 'right' as const, source: aggName },
    ];
    const columns: Column[] = [...prev.columns, { name: valueName, type: value.type }, { name: aggName, type: agg.type }];
    selected = { kind: 'join', joinKind: 'inner', left: prev, right: ranked, keys: joinKeys, output, columns };
  }
  if (!selected) return input;
  return { rel: selected };
}
