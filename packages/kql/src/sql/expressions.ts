/** Scalar IR to SQL through the Dialect and the function registry. */
import type { Dialect, SqlArg } from '../dialect/dialect.ts';
import { registry } from '../functions/index.ts';
import type { ScalarExpr } from '../ir/ir.ts';
import type { RelationSql } from './relations.ts';

export interface ExprContext {
  d: Dialect;
  /** `ORDER BY ...` of the serialized input, for window functions. */
  windowOrder: string;
  /** Table aliases for join sides. */
  sideAlias?: { left: string; right: string };
  /** Compiles a nested relation (subqueries). */
  relation: RelationSql;
  /** SQL for column references the enclosing relation resolves itself (scan state); undefined: a plain column. */
  columnSql?: (name: string) => string | undefined;
}

export function emitExpr(e: ScalarExpr, ctx: ExprContext): string {
  switch (e.kind) {
    case 'column': {
      const own = ctx.columnSql?.(e.name);
      if (own !== undefined) return own;
      const q = ctx.d.quoteIdent(e.name);
      if (e.side && ctx.sideAlias) return `${e.side === 'left' ? ctx.sideAlias.left : ctx.sideAlias.right}.${q}`;
      return q;
    }
    case 'literal':
      return ctx.d.literal(e.value, e.type);
    case 'type-arg':
      return ctx.d.stringLiteral(e.value);
    case 'star':
      throw new Error('star expression reached SQL generation');
    case 'subquery': {
      const first = e.relation.columns[0];
      if (!first) return ctx.d.nullOf(e.type);
      return `(SELECT ${ctx.d.quoteIdent(first.name)} FROM (${ctx.relation(e.relation)}) AS _sq LIMIT 1)`;
    }
    case 'in-relation': {
      const first = e.relation.columns[0];
      if (!first) return e.negated ? 'TRUE' : 'FALSE';
      const inner = ctx.relation(e.relation);
      const col = ctx.d.quoteIdent(first.name);
      const operandArg: SqlArg = { sql: emitExpr(e.operand, ctx), type: e.operand.type, isConstant: false };
      const lhs = e.caseInsensitive ? `lower(${ctx.d.toString(operandArg)})` : first.type === 'string' && e.operand.type !== 'string' ? ctx.d.toString(operandArg) : operandArg.sql;
      const rhs = e.caseInsensitive || (first.type === 'string' && e.operand.type !== 'string') ? (e.caseInsensitive ? `lower(${ctx.d.toString({ sql: col, type: first.type, isConstant: false })})` : col) : col;
      const test = `${lhs} IN (SELECT ${rhs} FROM (${inner}) AS _in)`;
      return e.negated ? `(NOT coalesce(${test}, FALSE))` : `(${test})`;
    }
    case 'call': {
      const def = registry.get(e.fn);
      if (!def) throw new Error(`unregistered function ${e.fn}`);
      const args: SqlArg[] = e.args.map((a) => {
        const sa: SqlArg = { sql: emitExpr(a, ctx), type: a.type, isConstant: a.kind === 'literal' || a.kind === 'type-arg' };
        if (a.kind === 'literal') sa.constant = a.value;
        if (a.kind === 'type-arg') sa.constant = a.value;
        return sa;
      });
      return def.duckdb(args, { d: ctx.d, windowOrder: ctx.windowOrder });
    }
  }
}
