/**
 * Compile-time rows of a relation built only from constants: datatable/print and the operators over them that
 * this evaluator knows (project/extend of literals, columns and bag_pack/pack_array, where on comparisons,
 * sort, take, summarize with make_bag/make_bag_if/make_list/make_set). bag_unpack uses it to know its output
 * columns without running the query; anything else gives undefined (the caller then asks for a schema).
 */
import type { Relation, ScalarExpr } from '../../ir/ir.ts';

type Row = ReadonlyMap<string, unknown>;

class NotConstant extends Error {}

function literal(e: ScalarExpr & { kind: 'literal' }): unknown {
  return typeof e.value === 'string' && e.type === 'dynamic' ? (JSON.parse(e.value) as unknown) : e.value;
}

function isBag(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function scalar(e: ScalarExpr, row: Row): unknown {
  if (e.kind === 'literal') return literal(e);
  if (e.kind === 'column' && e.side === undefined) {
    if (!row.has(e.name)) throw new NotConstant();
    return row.get(e.name);
  }
  if (e.kind !== 'call') throw new NotConstant();
  const args = (): unknown[] => e.args.map((a) => scalar(a, row));
  switch (e.fn) {
    case 'bag_pack': {
      const v = args();
      const out: Record<string, unknown> = {};
      for (let i = 0; i + 1 < v.length; i += 2) {
        const k = v[i];
        if (typeof k !== 'string') throw new NotConstant();
        out[k] = v[i + 1] ?? null;
      }
      return out;
    }
    case 'pack_array':
      return args();
    case '==':
    case '!=': {
      const [x, y] = args();
      if (typeof x === 'object' || typeof y === 'object') throw new NotConstant();
      return e.fn === '==' ? x === y : x !== y;
    }
    case 'and':
      return args().every((x) => x === true);
    case 'or':
      return args().some((x) => x === true);
    case 'not':
      return args()[0] === false;
    default:
      throw new NotConstant();
  }
}

function aggregate(e: ScalarExpr, rows: readonly Row[]): unknown {
  if (e.kind !== 'call') throw new NotConstant();
  const when = (r: Row): boolean => (e.fn.endsWith('_if') ? scalar(e.args[1] ?? { kind: 'literal', value: false, type: 'bool' }, r) === true : true);
  const first = e.args[0];
  if (!first) throw new NotConstant();
  const values = rows.filter(when).map((r) => scalar(first, r));
  switch (e.fn) {
    case 'make_bag':
    case 'make_bag_if':
      return Object.assign({}, ...values.filter(isBag)) as unknown;
    case 'make_list':
    case 'make_list_if':
      return values.filter((v) => v !== null);
    case 'make_set':
    case 'make_set_if':
      return [...new Map(values.filter((v) => v !== null).map((v) => [JSON.stringify(v), v])).values()];
    default:
      throw new NotConstant();
  }
}

type Ctes = ReadonlyMap<string, Relation>;

function rowsOf(rel: Relation, ctes: Ctes): Row[] {
  const named = (values: unknown[]): Row => new Map(rel.columns.map((c, i) => [c.name, values[i] ?? null]));
  switch (rel.kind) {
    case 'values':
      return rel.rows.map((r) => named(r.map((x) => (x.kind === 'literal' ? literal(x) : scalar(x, new Map())))));
    case 'project':
      return rowsOf(rel.input, ctes).map((r) => named(rel.items.map((i) => scalar(i.expr, r))));
    case 'filter':
      return rowsOf(rel.input, ctes).filter((r) => scalar(rel.predicate, r) === true);
    case 'sort':
      return rowsOf(rel.input, ctes);
    case 'limit': {
      const n = scalar(rel.count, new Map());
      if (typeof n !== 'number') throw new NotConstant();
      return rowsOf(rel.input, ctes).slice(0, Math.max(0, n));
    }
    case 'aggregate': {
      const input = rowsOf(rel.input, ctes);
      const groups = new Map<string, Row[]>();
      for (const r of input) {
        const key = JSON.stringify(rel.keys.map((k) => scalar(k.expr, r)));
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      if (rel.keys.length === 0 && groups.size === 0) groups.set('[]', []);
      return [...groups.entries()].map(([key, rs]) => named([...(JSON.parse(key) as unknown[]), ...rel.aggs.map((a) => aggregate(a.expr, rs))]));
    }
    case 'cte-ref': {
      const def = ctes.get(rel.name);
      if (!def) throw new NotConstant();
      return rowsOf(def, ctes);
    }
    default:
      throw new NotConstant();
  }
}

/** The values of a column when the relation is built only from constants, else undefined. */
export function constantColumn(rel: Relation, name: string, ctes: readonly { name: string; relation: Relation }[] = []): unknown[] | undefined {
  if (!rel.columns.some((c) => c.name === name)) return undefined;
  try {
    return rowsOf(rel, new Map(ctes.map((c) => [c.name, c.relation]))).map((r) => r.get(name));
  } catch (err) {
    if (err instanceof NotConstant || err instanceof SyntaxError) return undefined;
    throw err;
  }
}
