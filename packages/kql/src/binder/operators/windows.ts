/**
 * Window functions whose value depends on runs of rows (a restart predicate, or "the term changed") need
 * windows over windows, which SQL does not allow in one SELECT. They are rewritten into hidden columns
 * computed in two window steps before the operator: a flag per row, then a running group number.
 */
import type { Column, NamedScalar, Relation, ScalarExpr } from '../../ir/ir.ts';
import type { Bound } from '../scope.ts';
import { call } from '../expressions.ts';
import { colRef } from './columns.ts';

interface Hidden {
  flag: { name: string; expr: ScalarExpr };
  group: string;
  rowNumber?: string;
}

function changed(x: ScalarExpr): ScalarExpr {
  // the term differs from the previous row's (the first row counts as a change)
  return call('__distinct_from', [x, call('prev', [x], x.type)], 'bool');
}

/** Rewrites restart forms in `items`; returns the input extended with the hidden columns they need. */
export function rewriteRestarts(input: Bound, items: NamedScalar[]): { input: Bound; items: NamedScalar[] } {
  const hidden: Hidden[] = [];
  const taken = new Set(input.rel.columns.map((c) => c.name));
  const fresh = (base: string): string => {
    let i = hidden.length;
    while (taken.has(`${base}${i}`)) i++;
    taken.add(`${base}${i}`);
    return `${base}${i}`;
  };
  const add = (flag: ScalarExpr, withRowNumber = false): Hidden => {
    const h: Hidden = { flag: { name: fresh('__flag'), expr: flag }, group: fresh('__grp') };
    if (withRowNumber) h.rowNumber = fresh('__rn');
    hidden.push(h);
    return h;
  };
  const grp = (h: Hidden): ScalarExpr => ({ kind: 'column', name: h.group, type: 'long' });
  const visit = (e: ScalarExpr): ScalarExpr => {
    if (e.kind !== 'call') return e;
    const args = e.args.map(visit);
    const [a0, a1] = args;
    switch (e.fn) {
      case 'row_number':
        if (a1) return call('__row_number_grp', [a0 ?? { kind: 'literal', value: 1, type: 'long' }, grp(add(a1))], 'long');
        break;
      case 'row_cumsum':
        if (a0 && a1) return call('__row_cumsum_grp', [a0, grp(add(a1))], e.type);
        break;
      case 'row_rank_dense':
        if (a0 && a1) {
          // runs of equal terms numbered from 1 within each restart partition
          const part = add(a1);
          const runs = add(call('or', [changed(a0), a1], 'bool'));
          const first = call('__min_over_grp', [grp(runs), grp(part)], 'long');
          return call('+', [call('-', [grp(runs), first], 'long'), { kind: 'literal', value: 1, type: 'long' }], 'long');
        }
        if (a0) return grp(add(changed(a0)));
        break;
      case 'row_rank_min':
        if (a0) {
          const h = add(changed(a0), true);
          return call('__min_over_grp', [{ kind: 'column', name: h.rowNumber ?? '', type: 'long' }, grp(h)], 'long');
        }
        break;
      default:
        break;
    }
    return { ...e, args };
  };
  const rewritten = items.map((i) => ({ name: i.name, expr: visit(i.expr) }));
  if (hidden.length === 0) return { input, items };
  const order = input.order ?? [];
  const base = input.rel.columns.map((c) => ({ name: c.name, expr: colRef(c) }));
  const step1Items: NamedScalar[] = [...base];
  for (const h of hidden) {
    step1Items.push(h.flag);
    if (h.rowNumber) step1Items.push({ name: h.rowNumber, expr: call('row_number', [], 'long') });
  }
  const cols1: Column[] = step1Items.map((i) => ({ name: i.name, type: i.expr.type }));
  const step1: Relation = { kind: 'window', input: input.rel, items: step1Items, order, columns: cols1 };
  const step2Items: NamedScalar[] = [...cols1.map((c) => ({ name: c.name, expr: colRef(c) })), ...hidden.map((h) => ({ name: h.group, expr: call('__restart_group', [{ kind: 'column', name: h.flag.name, type: 'bool' }], 'long') }))];
  const step2: Relation = { kind: 'window', input: step1, items: step2Items, order, columns: step2Items.map((i) => ({ name: i.name, type: i.expr.type })) };
  return { input: { rel: step2, order }, items: rewritten };
}
