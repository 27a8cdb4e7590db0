/**
 * partition: split the input by the values of a key column, run a subquery on each part, and union the results.
 *
 * `T | partition by Col ( ops )` (native/shuffle/legacy strategies alike: the strategy changes how Kusto runs it,
 * not the result): the rows carry a hidden copy of the key, and the operators that look across rows are made
 * per-key — summarize and count group by it, top/take number rows within it, distinct and project keep it. The
 * row-wise operators run unchanged. Anything else is reported as unsupported inside partition.
 *
 * `T | partition by Col { Source | ops }` (legacy): the subquery has its own source and sees the key value as a
 * scalar named `Col` (or `toscalar(Col)`). Each source row is paired with every distinct key value of T, and the
 * subquery then runs per key the same way.
 */
import type { Column, Relation, ScalarExpr, SortKey } from '../../ir/ir.ts';
import type { Operator } from '../../syntax/ast.ts';
import { didYouMean } from '../../diagnostics.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call, lit } from '../expressions.ts';
import { Env, type Bound } from '../scope.ts';
import { colRef, rowScope } from './columns.ts';
import { bindSortKeys, firstRowsPer } from './rows.ts';
import { bindSummarize } from './summarize.ts';

const KEY = '__pkey';
const RN = '__prn';

/** Operators that work row by row: inside a partition they run as they are (the hidden key passes through). */
const ROW_WISE = new Set<Operator['kind']>(['where', 'extend', 'project-away', 'project-rename', 'project-reorder', 'parse', 'parse-kv', 'mv-expand', 'render']);

export function bindPartition(b: Binder, input: Bound, op: Extract<Operator, { kind: 'partition' }>, env: Env): Bound {
  const empty = (): Bound => ({ rel: { kind: 'empty', columns: input.rel.columns } });
  const keyCol = input.rel.columns.find((c) => c.name === op.by);
  if (!keyCol) {
    b.diags.error('unknown-column', `Unknown partition key column '${op.by}'.${didYouMean(op.by, input.rel.columns.map((c) => c.name))}`, op.bySpan);
    return empty();
  }
  const keyType = keyCol.type;
  if (op.subquery) {
    // the distinct key values of T, paired with every row of the subquery's own source
    const keys: Relation = {
      kind: 'distinct',
      input: { kind: 'project', input: input.rel, items: [{ name: KEY, expr: colRef(keyCol) }], columns: [{ name: KEY, type: keyType }] },
      columns: [{ name: KEY, type: keyType }],
    };
    const inner = new Env(env);
    inner.set(op.by, { kind: 'scalar', expr: { kind: 'column', name: KEY, type: keyType } });
    const source = b.bindSourceNode(op.subquery.source, inner);
    const columns: Column[] = [...source.rel.columns.filter((c) => c.name !== KEY), { name: KEY, type: keyType }];
    const paired: Relation = {
      kind: 'join',
      joinKind: 'inner',
      left: source.rel,
      right: keys,
      keys: [],
      condition: lit(true, 'bool'),
      output: columns.map((c) => ({ name: c.name, side: c.name === KEY ? ('right' as const) : ('left' as const), source: c.name })),
      columns,
    };
    return perKey(b, { rel: paired }, op.subquery.ops, inner, keyType, op.span) ?? empty();
  }
  const start: Relation = {
    kind: 'project',
    input: input.rel,
    items: [...input.rel.columns.map((c) => ({ name: c.name, expr: colRef(c) })), { name: KEY, expr: colRef(keyCol) }],
    columns: [...input.rel.columns, { name: KEY, type: keyType }],
  };
  return perKey(b, { rel: start }, op.body ?? [], env, keyType, op.span) ?? empty();
}

/** Runs `ops` on each key's rows of `cur` (which carries the key as KEY); the result drops KEY. */
function perKey(b: Binder, start: Bound, ops: Operator[], env: Env, keyType: Column['type'], span: { start: number; end: number }): Bound | undefined {
  const keyRef: ScalarExpr = { kind: 'column', name: KEY, type: keyType };
  const keyName = { kind: 'name' as const, name: KEY, span };
  let cur = start;
  let order: SortKey[] = [];
  for (const sub of ops) {
    switch (sub.kind) {
      case 'summarize':
        cur = bindSummarize(b, cur, { ...sub, by: [{ expr: keyName, span: sub.span }, ...sub.by] }, env);
        order = [];
        break;
      case 'count': {
        const columns: Column[] = [{ name: KEY, type: keyType }, { name: 'Count', type: 'long' }];
        cur = { rel: { kind: 'aggregate', input: cur.rel, keys: [{ name: KEY, expr: keyRef }], aggs: [{ name: 'Count', expr: call('count', [], 'long') }], columns } };
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
        cur = { rel: firstRowsPer(cur.rel, [keyRef], order, n, RN) };
        break;
      }
      case 'distinct':
        cur = b.bindOp(cur, sub.star ? sub : { ...sub, items: [{ expr: keyName, span: sub.span }, ...sub.items] }, env);
        order = [];
        break;
      case 'project': {
        const named = sub.items.some((i) => (i.name ?? (i.expr.kind === 'name' ? i.expr.name : '')) === KEY);
        cur = b.bindOp(cur, named ? sub : { ...sub, items: [...sub.items, { expr: keyName, span: sub.span }] }, env);
        break;
      }
      case 'project-keep':
        cur = b.bindOp(cur, { ...sub, patterns: [...sub.patterns, { name: KEY, span: sub.span }] }, env);
        break;
      default:
        if (!ROW_WISE.has(sub.kind)) {
          b.diags.error('unsupported-syntax', `'${sub.kind}' is not supported inside partition yet (supported: summarize, count, top, take, sort, distinct, project and row-wise operators).`, sub.span);
          return undefined;
        }
        cur = b.bindOp(cur, sub, env);
        if (sub.kind === 'mv-expand') order = [];
    }
    if (!cur.rel.columns.some((c) => c.name === KEY)) {
      b.diags.error('unsupported-syntax', `'${sub.kind}' drops the partition key here; this form is not supported inside partition.`, sub.span);
      return undefined;
    }
  }
  const out = cur.rel.columns.filter((c) => c.name !== KEY);
  return { rel: { kind: 'project', input: cur.rel, items: out.map((c) => ({ name: c.name, expr: colRef(c) })), columns: out } };
}
