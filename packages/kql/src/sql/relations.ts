/** Relational IR to SQL: each node is one SELECT over its input as a subquery. */
import type { Dialect } from '../dialect/dialect.ts';
import type { Relation, ScalarExpr, SortKey } from '../ir/ir.ts';
import { emitExpr, type ExprContext } from './expressions.ts';
import { scanStepsSql } from './scan-steps.ts';

export type RelationSql = (rel: Relation) => string;

/**
 * A hidden column (the ingestion time) that row-preserving operators carry from base tables when the query reads
 * it, so that `ingestion_time()` also works after where/extend/project/sort/take and over let-bound tables.
 */
export interface HiddenCarry {
  column: string;
  /** The caller's tables, which all have the column (provider views and external data do not). */
  tables: ReadonlySet<string>;
  ctes: ReadonlyMap<string, Relation>;
}

export class SqlGenerator {
  private alias = 0;
  private readonly carried = new Map<Relation, boolean>();

  constructor(
    readonly d: Dialect,
    private readonly carry?: HiddenCarry,
  ) {}

  /** Whether `rel` outputs the hidden column as well as its own columns. */
  carries(rel: Relation): boolean {
    if (!this.carry) return false;
    const known = this.carried.get(rel);
    if (known !== undefined) return known;
    let r = false;
    switch (rel.kind) {
      case 'table':
        r = this.carry.tables.has(rel.table);
        break;
      case 'filter':
      case 'sort':
      case 'limit':
      case 'project':
      case 'window':
      case 'mv-expand':
        r = this.carries(rel.input);
        break;
      case 'cte-ref': {
        const def = this.carry.ctes.get(rel.name);
        r = def !== undefined && this.carries(def);
        break;
      }
      default:
        r = false;
    }
    this.carried.set(rel, r);
    return r;
  }

  /** `, "hidden"` when `rel` carries the hidden column (to append to its select list). */
  private hidden(rel: Relation): string {
    return this.carry && this.carries(rel) ? `, ${this.q(this.carry.column)}` : '';
  }

  private nextAlias(): string {
    return `_t${this.alias++}`;
  }

  /** Whether the input of the relation being written carries the hidden column (see `relation`). */
  private inputCarries = true;

  ctx(windowOrder = ''): ExprContext {
    const ctx: ExprContext = { d: this.d, windowOrder, relation: (r) => this.relation(r) };
    const carry = this.carry;
    // ingestion_time() where no table row is underneath (after summarize, join, union...): null, as for rows without one
    if (carry && !this.inputCarries) ctx.columnSql = (name) => (name === carry.column ? 'CAST(NULL AS TIMESTAMP)' : undefined);
    return ctx;
  }

  expr(e: ScalarExpr, windowOrder = ''): string {
    return emitExpr(e, this.ctx(windowOrder));
  }

  q(name: string): string {
    return this.d.quoteIdent(name);
  }

  orderBy(keys: readonly SortKey[]): string {
    return keys.map((k) => `${this.expr(k.expr)} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');
  }

  /** FROM item for a relation: a table name or a parenthesised subquery with an alias. */
  from(rel: Relation): string {
    if (rel.kind === 'table') return `${this.q(rel.table)} AS ${this.nextAlias()}`;
    if (rel.kind === 'cte-ref' || rel.kind === 'external') return `${this.q(rel.name)} AS ${this.nextAlias()}`;
    return `(${this.relation(rel)}) AS ${this.nextAlias()}`;
  }

  /** Columns of a relation that passes its input's columns through: `*`, except over a base table (hidden columns). */
  passThrough(rel: Relation, input: Relation): string {
    // an input carrying the hidden column under an operator that does not (distinct) must not pass it on
    if (input.kind === 'table' || (this.carries(input) && !this.carries(rel))) return `${this.selectList(rel)}${this.hidden(rel)}`;
    return '*';
  }

  selectList(rel: Relation): string {
    return rel.columns.length === 0 ? '1 AS "__one"' : rel.columns.map((c) => this.q(c.name)).join(', ');
  }

  relation(rel: Relation): string {
    if (!this.carry) return this.relationSql(rel);
    const saved = this.inputCarries;
    this.inputCarries = 'input' in rel ? this.carries(rel.input) : rel.kind === 'table';
    try {
      return this.relationSql(rel);
    } finally {
      this.inputCarries = saved;
    }
  }

  private relationSql(rel: Relation): string {
    switch (rel.kind) {
      case 'table':
        return `SELECT ${this.selectList(rel)}${this.hidden(rel)} FROM ${this.q(rel.table)}`;
      case 'cte-ref':
      case 'external':
        return `SELECT ${this.selectList(rel)} FROM ${this.q(rel.name)}`;
      case 'values': {
        if (rel.columns.length === 0) return `SELECT ${rel.rows.map(() => '1').slice(0, 1).join('')} AS "__one"`;
        const rows = rel.rows.map((r) => `(${r.map((v) => this.expr(v)).join(', ')})`).join(', ');
        return `SELECT ${this.selectList(rel)} FROM (VALUES ${rows}) AS _v(${rel.columns.map((c) => this.q(c.name)).join(', ')})`;
      }
      case 'range': {
        const c = rel.columns[0];
        const name = this.q(c?.name ?? 'x');
        return `SELECT unnest(generate_series(${this.expr(rel.from)}, ${this.expr(rel.to)}, ${this.expr(rel.step)})) AS ${name}`;
      }
      case 'empty':
        return `SELECT ${rel.columns.length === 0 ? '1 AS "__one"' : rel.columns.map((c) => `${this.d.nullOf(c.type)} AS ${this.q(c.name)}`).join(', ')} WHERE FALSE`;
      case 'filter':
        return `SELECT ${this.passThrough(rel, rel.input)} FROM ${this.from(rel.input)} WHERE ${this.expr(rel.predicate)}`;
      case 'project': {
        const items = rel.items.map((i) => `${this.expr(i.expr)} AS ${this.q(i.name)}`);
        return `SELECT ${items.length === 0 ? '1 AS "__one"' : items.join(', ')}${this.hidden(rel)} FROM ${this.from(rel.input)}`;
      }
      case 'window': {
        const part = rel.partition && rel.partition.length > 0 ? `PARTITION BY ${rel.partition.map((p) => this.expr(p)).join(', ')} ` : '';
        const order = `${part}${rel.order.length > 0 ? `ORDER BY ${this.orderBy(rel.order)}` : ''}`;
        const items = rel.items.map((i) => `${this.expr(i.expr, order)} AS ${this.q(i.name)}`);
        // A window over serialized rows keeps their order (Kusto), but SQL window evaluation may emit rows in
        // any order (DuckDB does, in parallel): restate the serialized order on the result.
        const keep = !part && rel.order.length > 0 ? ` ORDER BY ${this.orderBy(rel.order)}` : '';
        return `SELECT ${items.join(', ')}${this.hidden(rel)} FROM ${this.from(rel.input)}${keep}`;
      }
      case 'aggregate': {
        const keys = rel.keys.map((k) => `${this.expr(k.expr)} AS ${this.q(k.name)}`);
        const aggs = rel.aggs.map((a) => `${this.expr(a.expr)} AS ${this.q(a.name)}`);
        const all = [...keys, ...aggs];
        const groupBy = rel.keys.length > 0 ? ` GROUP BY ${rel.keys.map((_k, i) => String(i + 1)).join(', ')}` : '';
        return `SELECT ${all.length === 0 ? '1 AS "__one"' : all.join(', ')} FROM ${this.from(rel.input)}${groupBy}`;
      }
      case 'distinct':
        return `SELECT DISTINCT ${this.passThrough(rel, rel.input)} FROM ${this.from(rel.input)}`;
      case 'sort':
        return `SELECT ${this.passThrough(rel, rel.input)} FROM ${this.from(rel.input)} ORDER BY ${this.orderBy(rel.keys)}`;
      case 'limit':
        return `SELECT ${this.passThrough(rel, rel.input)} FROM ${this.from(rel.input)} LIMIT greatest(CAST(${this.expr(rel.count)} AS BIGINT), 0)`;
      case 'join':
        return this.join(rel);
      case 'union':
        return rel.inputs.map((i) => `SELECT ${this.selectList(rel)} FROM ${this.from(i)}`).join(' UNION ALL ');
      case 'mv-expand':
        return this.mvExpand(rel);
      case 'scan':
        return this.scan(rel);
      case 'scan-steps':
        return scanStepsSql(this, rel);
    }
  }

  private join(rel: Extract<Relation, { kind: 'join' }>): string {
    const L = '_l';
    const R = '_r';
    const ctx: ExprContext = { ...this.ctx(), sideAlias: { left: L, right: R } };
    const conds = rel.keys.map((k) => `${emitExpr(k.left, ctx)} = ${emitExpr(k.right, ctx)}`);
    if (rel.condition) conds.push(emitExpr(rel.condition, ctx));
    const cond = conds.length === 0 ? 'TRUE' : conds.join(' AND ');
    let left = `(${this.relation(rel.left)}) AS ${L}`;
    if (rel.joinKind === 'innerunique' && rel.keys.length > 0) {
      // Kusto keeps one left row per key before an inner join
      const keys = rel.keys.map((k) => emitExpr(k.left, { ...this.ctx(), sideAlias: { left: '_u', right: '_u' } })).join(', ');
      left = `(SELECT * FROM (${this.relation(rel.left)}) AS _u QUALIFY row_number() OVER (PARTITION BY ${keys}) = 1) AS ${L}`;
    }
    const right = `(${this.relation(rel.right)}) AS ${R}`;
    const cols = rel.output.map((o) => `${o.side === 'left' ? L : R}.${this.q(o.source)} AS ${this.q(o.name)}`).join(', ') || '1 AS "__one"';
    switch (rel.joinKind) {
      case 'inner':
      case 'innerunique':
        return `SELECT ${cols} FROM ${left} INNER JOIN ${right} ON ${cond}`;
      case 'leftouter':
        return `SELECT ${cols} FROM ${left} LEFT JOIN ${right} ON ${cond}`;
      case 'rightouter':
        return `SELECT ${cols} FROM ${left} RIGHT JOIN ${right} ON ${cond}`;
      case 'fullouter':
        return `SELECT ${cols} FROM ${left} FULL OUTER JOIN ${right} ON ${cond}`;
      case 'leftsemi':
        return `SELECT ${cols} FROM ${left} SEMI JOIN ${right} ON ${cond}`;
      case 'leftanti':
        return `SELECT ${cols} FROM ${left} ANTI JOIN ${right} ON ${cond}`;
      case 'rightsemi':
        return `SELECT ${cols} FROM ${right} SEMI JOIN ${left} ON ${cond}`;
      case 'rightanti':
        return `SELECT ${cols} FROM ${right} ANTI JOIN ${left} ON ${cond}`;
    }
  }

  /** Row i's state = assigns over row i and the state after row i-1 (the declared defaults before row 1). */
  private scan(rel: Extract<Relation, { kind: 'scan' }>): string {
    const order = rel.order.length > 0 ? `ORDER BY ${this.orderBy(rel.order)}` : '';
    const inCols = rel.input.columns.map((c) => this.q(c.name));
    const stateNames = rel.state.map((s) => this.q(s.name));
    const step = (prev: string): string[] => rel.assigns.map((a, i) => `CASE WHEN coalesce(${this.expr(rel.condition)}, FALSE) THEN ${this.expr(a.expr)} ELSE ${prev}.${stateNames[i] ?? ''} END AS ${stateNames[i] ?? ''}`);
    const matched = `coalesce(${this.expr(rel.condition)}, FALSE) AS "__matched"`;
    const init = rel.state.map((s) => `${this.expr(s.expr)} AS ${this.q(s.name)}`).join(', ') || '1 AS "__none"';
    const src = `SELECT *, row_number() OVER (${order}) AS "__i" FROM (${this.relation(rel.input)}) AS _s`;
    const base = `SELECT _src."__i", ${[...step('_prev'), matched].join(', ')} FROM _src, (SELECT ${init}) AS _prev WHERE _src."__i" = 1`;
    const rec = `SELECT _src."__i", ${[...step('_scan'), matched].join(', ')} FROM _scan JOIN _src ON _src."__i" = _scan."__i" + 1`;
    const out = [...inCols.map((c) => `_src.${c}`), ...stateNames.map((c) => `_scan.${c}`)].join(', ');
    return `WITH RECURSIVE _src AS (${src}), _scan AS (${base} UNION ALL ${rec}) SELECT ${out} FROM _scan JOIN _src ON _src."__i" = _scan."__i" WHERE _scan."__matched" ORDER BY _src."__i"`;
  }

  private mvExpand(rel: Extract<Relation, { kind: 'mv-expand' }>): string {
    const expanded = new Set(rel.items.map((i) => i.name));
    const keep = rel.input.columns.filter((c) => !expanded.has(c.name)).map((c) => this.q(c.name));
    if (this.carry && this.carries(rel)) keep.push(this.q(this.carry.column));
    const unnests: string[] = [];
    // the lists are computed in their own projection: unnest() over a list column is several times faster in
    // DuckDB than unnest() over the expression that builds it (1M elements: ~0.6 s against ~2.5 s)
    const lists: string[] = [];
    rel.items.forEach((it, i) => {
      const x = this.expr(it.expr);
      const bag = it.bagMode === 'bag'
        ? `list_transform(json_keys(${x}), lambda _k: json_object(_k, json_extract(${x}, '$."' || replace(_k, '"', '\\"') || '"')))`
        : `list_transform(json_keys(${x}), lambda _k: to_json([to_json(_k), json_extract(${x}, '$."' || replace(_k, '"', '\\"') || '"')]))`;
      let list = `(CASE WHEN ${x} IS NULL OR json_type(${x}) = 'NULL' THEN [CAST(NULL AS JSON)] WHEN json_type(${x}) = 'ARRAY' THEN CAST(${x} AS JSON[]) WHEN json_type(${x}) = 'OBJECT' THEN ${bag} ELSE [${x}] END)`;
      if (rel.limit !== undefined) list = `list_slice(${list}, 1, ${Math.max(0, Math.trunc(rel.limit))})`;
      lists.push(`${list} AS "__mvl${i}"`);
      unnests.push(`unnest("__mvl${i}") AS "__mv${i}"`);
      if (i === 0 && rel.indexColumn) unnests.push(`unnest(range(0, len("__mvl0"))) AS "__mvidx"`);
    });
    const listed = `SELECT ${[...keep, ...lists].join(', ')} FROM ${this.from(rel.input)}`;
    const inner = `SELECT ${[...keep, ...unnests].join(', ')} FROM (${listed}) AS ${this.nextAlias()}`;
    const outer = rel.columns.map((c) => {
      const idx = rel.items.findIndex((it) => it.name === c.name);
      if (idx >= 0) {
        const it = rel.items[idx];
        const v = `"__mv${idx}"`;
        const conv = it && it.toType !== 'dynamic' ? this.d.convert({ sql: v, type: 'dynamic', isConstant: false }, it.toType) : v;
        return `${conv} AS ${this.q(c.name)}`;
      }
      if (c.name === rel.indexColumn) return `CAST("__mvidx" AS BIGINT) AS ${this.q(c.name)}`;
      return this.q(c.name);
    });
    return `SELECT ${outer.join(', ')}${this.hidden(rel)} FROM (${inner}) AS ${this.nextAlias()}`;
  }
}

/** The whole query: CTEs, the root relation, its final order and row cap. */
export function generateQuery(
  d: Dialect,
  root: Relation,
  ctes: { name: string; relation: Relation; materialized: boolean }[],
  order: readonly SortKey[] | undefined,
  maxRows: number | undefined,
  hidden?: { column: string; tables: ReadonlySet<string> },
): string {
  const g = new SqlGenerator(d, hidden === undefined ? undefined : { ...hidden, ctes: new Map(ctes.map((c) => [c.name, c.relation])) });
  const body = g.relation(root);
  const cols = root.columns.length === 0 ? '*' : root.columns.map((c) => d.quoteIdent(c.name)).join(', ');
  const orderOk = order && order.length > 0 && order.every((k) => k.expr.kind === 'column' && root.columns.some((c) => c.name === (k.expr as { name: string }).name));
  const orderSql = orderOk ? ` ORDER BY ${g.orderBy(order)}` : '';
  const limit = maxRows !== undefined ? ` LIMIT ${Math.max(0, Math.trunc(maxRows))}` : '';
  const withSql = ctes.length > 0 ? `WITH ${ctes.map((c) => `${d.quoteIdent(c.name)} AS ${c.materialized ? 'MATERIALIZED ' : ''}(${g.relation(c.relation)})`).join(', ')} ` : '';
  return `${withSql}SELECT ${cols} FROM (${body}) AS _result${orderSql}${limit}`;
}
