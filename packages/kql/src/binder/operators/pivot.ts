/**
 * evaluate pivot(PivotColumn [, Aggregation] [, Column1, ...]) [: OutputSchema]: one output column per distinct
 * value of PivotColumn (named by the value as a string), holding the aggregation over the rows with that value,
 * grouped by the given columns (default: every column except the pivot column and those the aggregation reads).
 * The default aggregation is count(). The output columns depend on the data, so they must be known when
 * compiling: from the declared OutputSchema, or from the input when it is built from constants (datatable,
 * print); otherwise the plugin is reported as unsupported with the OutputSchema hint.
 */
import type { Aggregate, Column, Relation, ScalarExpr } from '../../ir/ir.ts';
import type { ColumnDecl, Expr } from '../../syntax/ast.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call } from '../expressions.ts';
import type { Bound, Env } from '../scope.ts';
import { colRef } from './columns.ts';
import { constantColumn } from './constant-rows.ts';

/** Each supported aggregation and its conditional form (the condition is its last argument). */
const CONDITIONAL: Record<string, string> = {
  count: 'countif', sum: 'sumif', min: 'minif', max: 'maxif', avg: 'avgif', dcount: 'dcountif', stdev: 'stdevif', variance: 'varianceif',
  take_any: 'take_anyif', any: 'take_anyif', make_list: 'make_list_if', make_set: 'make_set_if', make_bag: 'make_bag_if',
};

/** Column names an expression reads (names not bound to columns are ignored). */
function namesIn(e: unknown, out: Set<string>): void {
  if (e === null || typeof e !== 'object') return;
  if (Array.isArray(e)) {
    for (const x of e) namesIn(x, out);
    return;
  }
  const o = e as Record<string, unknown>;
  if (o['kind'] === 'name' && typeof o['name'] === 'string') out.add(o['name']);
  for (const [k, v] of Object.entries(o)) if (k !== 'span') namesIn(v, out);
}

function valueName(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return s === '' ? undefined : s;
}

export function bindPivot(b: Binder, input: Bound, c: Expr & { kind: 'call' }, schema: { star: boolean; columns: ColumnDecl[] } | undefined, env: Env, span: { start: number; end: number }): Bound {
  const fail = (msg: string, at = span): Bound => {
    b.diags.error('unsupported-operator', msg, at);
    return { rel: { kind: 'empty', columns: input.rel.columns } };
  };
  const args = c.args.map((a) => a.value);
  const pivotArg = args[0];
  if (pivotArg?.kind !== 'name') return fail('evaluate pivot(PivotColumn [, Aggregation] [, Column, ...]) needs a column name first.', c.span);
  const pivot = input.rel.columns.find((x) => x.name === pivotArg.name);
  if (!pivot) {
    b.diags.error('unknown-column', `pivot: unknown column '${pivotArg.name}'.`, pivotArg.span);
    return { rel: { kind: 'empty', columns: input.rel.columns } };
  }
  let aggAst: Expr | undefined;
  let rest = args.slice(1);
  if (rest[0]?.kind === 'call') {
    aggAst = rest[0];
    rest = rest.slice(1);
  }
  const groupNames: string[] = [];
  for (const a of rest) {
    if (a?.kind !== 'name') return fail('pivot: the grouping arguments must be column names.', a?.span ?? c.span);
    groupNames.push(a.name);
  }
  // the aggregation, bound once over the input; its conditional form is built per pivot value
  let agg: ScalarExpr = { kind: 'call', fn: 'count', args: [], type: 'long' };
  if (aggAst) {
    agg = bindExpr(b, aggAst, { env, columns: input.rel.columns, aggregates: true });
    if (agg.kind !== 'call' || CONDITIONAL[agg.fn] === undefined) {
      return fail(`pivot: the aggregation must be one of ${Object.keys(CONDITIONAL).map((n) => `${n}()`).join(', ')}.`, aggAst.span);
    }
  }
  const aggReads = new Set<string>();
  if (aggAst) namesIn(aggAst, aggReads);
  const groups: Column[] = [];
  if (groupNames.length > 0) {
    for (const n of groupNames) {
      const col = input.rel.columns.find((x) => x.name === n);
      if (!col) {
        b.diags.error('unknown-column', `pivot: unknown column '${n}'.`, c.span);
        return { rel: { kind: 'empty', columns: input.rel.columns } };
      }
      groups.push(col);
    }
  } else groups.push(...input.rel.columns.filter((x) => x.name !== pivot.name && !aggReads.has(x.name)));

  // the pivot values: declared by the OutputSchema (its columns after the grouping ones), else from constant input
  let values: { name: string }[];
  if (schema && !schema.star) {
    values = schema.columns.filter((d) => !groups.some((g) => g.name === d.name)).map((d) => ({ name: d.name }));
  } else {
    const data = constantColumn(input.rel, pivot.name, b.ctes);
    if (!data) return fail(`evaluate pivot: the values of '${pivot.name}' (the output columns) are only known when the query runs; declare them with an output schema, e.g. evaluate pivot(${pivot.name}) : (${groups.map((g) => `${g.name}:${g.type}`).join(', ')}${groups.length > 0 ? ', ' : ''}Value1:long, ...).`);
    const seen = new Set<string>();
    values = [];
    for (const v of data) {
      const n = valueName(v);
      if (n === undefined) return fail(`evaluate pivot: '${pivot.name}' has an empty value, which cannot name a column.`);
      if (!seen.has(n)) {
        seen.add(n);
        values.push({ name: n });
      }
    }
  }
  const asText = pivot.type === 'string' ? colRef(pivot) : b.callFunction('tostring', [colRef(pivot)], span);
  const aggregates: Aggregate[] = [];
  for (const v of values) {
    if (agg.kind !== 'call') break;
    const cond = b.callFunction('==', [asText, { kind: 'literal', value: v.name, type: 'string' }], span);
    const fn = CONDITIONAL[agg.fn] ?? agg.fn;
    aggregates.push({ name: v.name, expr: { kind: 'call', fn, args: [...agg.args, cond], type: agg.type } });
  }
  const columns: Column[] = [...groups, ...aggregates.map((a) => ({ name: a.name, type: a.expr.type }))];
  return { rel: { kind: 'aggregate', input: input.rel, keys: groups.map((g) => ({ name: g.name, expr: colRef(g) })), aggs: aggregates, columns } };
}

/**
 * evaluate narrow(): "unpivots" a table into Row (0-based row number), Column (the column's name) and Value (its
 * value as a string): one output row per input row and column. The numbered input is one shared CTE so that every
 * column sees the same row numbers.
 */
export function bindNarrow(b: Binder, input: Bound): Bound {
  const ROW = '__narrow_row';
  const numbered: Relation = {
    kind: 'window',
    input: input.rel,
    items: [...input.rel.columns.map((c) => ({ name: c.name, expr: colRef(c) })), { name: ROW, expr: call('row_number', [], 'long') }],
    order: input.order ?? [],
    columns: [...input.rel.columns, { name: ROW, type: 'long' }],
  };
  const name = b.newCteName();
  b.ctes.push({ name, relation: numbered, materialized: true });
  const shared: Relation = { kind: 'cte-ref', name, columns: numbered.columns };
  const columns: Column[] = [{ name: 'Row', type: 'long' }, { name: 'Column', type: 'string' }, { name: 'Value', type: 'string' }];
  const row = b.callFunction('-', [{ kind: 'column', name: ROW, type: 'long' }, { kind: 'literal', value: 1, type: 'long' }], undefined);
  const inputs: Relation[] = input.rel.columns.map((c) => ({
    kind: 'project',
    input: shared,
    items: [
      { name: 'Row', expr: row },
      { name: 'Column', expr: { kind: 'literal', value: c.name, type: 'string' } },
      { name: 'Value', expr: c.type === 'string' ? colRef(c) : b.callFunction('tostring', [colRef(c)], undefined) },
    ],
    columns,
  }));
  if (inputs.length === 0) return { rel: { kind: 'empty', columns } };
  return { rel: inputs.length === 1 && inputs[0] ? inputs[0] : { kind: 'union', inputs, sourceNames: [], columns } };
}
