/**
 * mv-apply: expand per row, run the subquery on each row's items, and keep the row's other columns.
 * Rows are numbered (__rid) and carry a hidden copy of each of their columns (__mvo<i>); operators of the subquery
 * that look across rows are made per-row: summarize groups by the row, take/top/limit number rows within it,
 * project keeps the row's number and copies. Kusto adds the row's non-expanded columns to each subquery result:
 * a column the subquery still outputs keeps the subquery's value, one it dropped (summarize, project) comes from
 * the copy, so a column changed inside the subquery (e.g. `mv-expand` of it) is not what summarize groups by.
 */
import type { Column, NamedScalar, Relation, ScalarExpr, SortKey } from '../../ir/ir.ts';
import type { Operator } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call } from '../expressions.ts';
import type { Bound, Env } from '../scope.ts';
import { colRef, rowScope } from './columns.ts';
import { bindMvExpand } from './mv-expand.ts';
import { bindSortKeys, firstRowsPer } from './rows.ts';
import { bindSummarize } from './summarize.ts';

const RID = '__rid';
const RN = '__rn';
const copyName = (i: number): string => `__mvo${i}`;

function ridRef(): ScalarExpr {
  return { kind: 'column', name: RID, type: 'long' };
}

export function bindMvApply(b: Binder, input: Bound, op: Extract<Operator, { kind: 'mv-apply' }>, env: Env): Bound {
  const numbered: Relation = {
    kind: 'window',
    input: input.rel,
    items: [
      ...input.rel.columns.map((c) => ({ name: c.name, expr: colRef(c) })),
      ...input.rel.columns.map((c, i) => ({ name: copyName(i), expr: colRef(c) })),
      { name: RID, expr: call('row_number', [], 'long') },
    ],
    order: [],
    columns: [...input.rel.columns, ...input.rel.columns.map((c, i) => ({ name: copyName(i), type: c.type })), { name: RID, type: 'long' }],
  };
  const expandOp: Extract<Operator, { kind: 'mv-expand' }> = { kind: 'mv-expand', options: op.options, items: op.items, span: op.span };
  let cur = bindMvExpand(b, { rel: numbered }, expandOp, env);
  const expandedNames = new Set<string>();
  if (cur.rel.kind === 'mv-expand') {
    for (const it of cur.rel.items) expandedNames.add(it.name);
    if (cur.rel.indexColumn) expandedNames.add(cur.rel.indexColumn);
  }
  /** The hidden copies of the row's columns still present (the subquery may have dropped them). */
  const carried = (): Column[] => input.rel.columns.map((c, i) => ({ name: copyName(i), type: c.type })).filter((c) => cur.rel.columns.some((x) => x.name === c.name));
  let order: SortKey[] = [];
  for (const sub of op.body) {
    switch (sub.kind) {
      case 'summarize': {
        const keep = carried();
        const byKeys = [
          { expr: { kind: 'name' as const, name: RID, span: sub.span }, span: sub.span },
          ...keep.map((c) => ({ expr: { kind: 'name' as const, name: c.name, span: sub.span }, span: sub.span })),
          ...sub.by,
        ];
        cur = bindSummarize(b, cur, { ...sub, by: byKeys }, env);
        order = [];
        break;
      }
      case 'sort':
        order = bindSortKeys(b, cur, sub.keys, env);
        break;
      case 'take':
      case 'sample':
      case 'top': {
        if (sub.kind === 'top') order = bindSortKeys(b, cur, sub.keys, env);
        const n = bindExpr(b, sub.count, rowScope(cur, env));
        cur = { rel: firstRowsPer(cur.rel, [ridRef()], order, n, RN) };
        break;
      }
      case 'project': {
        const keep = carried();
        const names = new Set(sub.items.map((i) => i.name ?? (i.expr.kind === 'name' ? i.expr.name : '')));
        const extra = [RID, ...keep.map((c) => c.name)].filter((n) => !names.has(n)).map((n) => ({ expr: { kind: 'name' as const, name: n, span: sub.span }, span: sub.span }));
        cur = b.bindOp(cur, { ...sub, items: [...extra, ...sub.items] }, env);
        break;
      }
      default:
        cur = b.bindOp(cur, sub, env);
    }
    if (!cur.rel.columns.some((c) => c.name === RID)) {
      b.diags.error('unsupported-syntax', `'${sub.kind}' is not supported inside mv-apply.`, sub.span);
      return { rel: { kind: 'empty', columns: input.rel.columns } };
    }
  }
  // output: the row's non-expanded columns first (the subquery's value, else the copy), then what the subquery produced
  const items: NamedScalar[] = [];
  input.rel.columns.forEach((c, i) => {
    if (expandedNames.has(c.name)) return;
    const own = cur.rel.columns.find((x) => x.name === c.name);
    const copy = cur.rel.columns.find((x) => x.name === copyName(i));
    if (own) items.push({ name: c.name, expr: colRef(own) });
    else if (copy) items.push({ name: c.name, expr: colRef(copy) });
  });
  const hidden = new Set([RID, ...input.rel.columns.map((_c, i) => copyName(i))]);
  for (const c of cur.rel.columns) if (!hidden.has(c.name) && !items.some((x) => x.name === c.name)) items.push({ name: c.name, expr: colRef(c) });
  return { rel: { kind: 'project', input: cur.rel, items, columns: items.map((i) => ({ name: i.name, type: i.expr.type })) } };
}
