/**
 * The plan: plain, serialisable data between the binder and the SQL generator. Scalar expressions are typed;
 * every relation carries its output columns. Later phases switch exhaustively over `kind`.
 */
import type { KustoType } from '../types.ts';

export interface Column {
  name: string;
  type: KustoType;
}

/** A literal value. datetime: microseconds since the Unix epoch; timespan: 100ns ticks; dynamic: JSON text. */
export type LiteralValue = string | number | boolean | null;

export type ScalarExpr =
  | { kind: 'column'; name: string; type: KustoType; side?: 'left' | 'right' }
  | { kind: 'literal'; value: LiteralValue; type: KustoType }
  /** A call of a registered function (scalar, operator, aggregate or window); `fn` is its registry name. */
  | { kind: 'call'; fn: string; args: ScalarExpr[]; type: KustoType }
  /** A scalar subquery: first column of the first row. */
  | { kind: 'subquery'; relation: Relation; type: KustoType }
  /** `x in (tabular)`: membership in the first column of a relation. */
  | { kind: 'in-relation'; negated: boolean; caseInsensitive: boolean; operand: ScalarExpr; relation: Relation; type: 'bool' }
  /** A typeof(T) argument. */
  | { kind: 'type-arg'; value: KustoType; type: KustoType }
  /** A raw-SQL-free reference to a CTE-like named relation column used by providers; reserved. */
  | { kind: 'star'; type: KustoType };

export interface NamedScalar {
  name: string;
  expr: ScalarExpr;
}

/** An aggregate output column: an expression over aggregate calls (count(), round(avg(x), 2), ...). */
export type Aggregate = NamedScalar;

export interface SortKey {
  expr: ScalarExpr;
  desc: boolean;
  nullsFirst: boolean;
}

export type JoinKind = 'inner' | 'innerunique' | 'leftouter' | 'rightouter' | 'fullouter' | 'leftsemi' | 'leftanti' | 'rightsemi' | 'rightanti';

interface RelBase {
  columns: Column[];
}

export type Relation =
  | (RelBase & { kind: 'table'; table: string })
  | (RelBase & { kind: 'values'; rows: ScalarExpr[][] })
  | (RelBase & { kind: 'range'; from: ScalarExpr; to: ScalarExpr; step: ScalarExpr })
  | (RelBase & { kind: 'filter'; input: Relation; predicate: ScalarExpr })
  /** Compute output columns from input columns (project/extend/rename/reorder/away). */
  | (RelBase & { kind: 'project'; input: Relation; items: NamedScalar[] })
  | (RelBase & { kind: 'aggregate'; input: Relation; keys: NamedScalar[]; aggs: Aggregate[] })
  | (RelBase & { kind: 'distinct'; input: Relation })
  | (RelBase & { kind: 'sort'; input: Relation; keys: SortKey[] })
  | (RelBase & { kind: 'limit'; input: Relation; count: ScalarExpr })
  | (RelBase & {
      kind: 'join';
      joinKind: JoinKind;
      left: Relation;
      right: Relation;
      /** pairs of key expressions, left over left columns, right over right columns */
      keys: { left: ScalarExpr; right: ScalarExpr }[];
      /** an extra join condition over both sides (ipv4_lookup's range match) */
      condition?: ScalarExpr;
      /** output: from which side each output column comes, and its source name */
      output: { name: string; side: 'left' | 'right'; source: string }[];
    })
  | (RelBase & { kind: 'union'; inputs: Relation[]; sourceColumn?: string; sourceNames: string[] })
  | (RelBase & {
      kind: 'mv-expand';
      input: Relation;
      /** expanded items: the output column name, the array expression, the expansion kind and cast */
      items: { name: string; expr: ScalarExpr; bagMode: 'bag' | 'array'; toType: KustoType }[];
      indexColumn?: string;
      limit?: number;
    })
  /** Window computations that need the input order (serialize, prev/next/row_number). */
  | (RelBase & { kind: 'window'; input: Relation; items: NamedScalar[]; order: SortKey[]; partition?: ScalarExpr[] })
  /** Shared subexpression computed once: WITH name AS (...) (materialize()). */
  | (RelBase & { kind: 'cte-ref'; name: string })
  /** Data the caller loads before running the query (externaldata): a table it creates under `name`. */
  | (RelBase & { kind: 'external'; name: string })
  /**
   * A single-step scan: state carried from row to row in the input order (a recursive CTE). `assigns` read the
   * previous state through state columns; rows where `condition` is false are not output and keep the state.
   */
  | (RelBase & { kind: 'scan'; input: Relation; order: SortKey[]; state: NamedScalar[]; condition: ScalarExpr; assigns: NamedScalar[] })
  /**
   * A scan with several steps (or a match id, or `output=none`), following Kusto's scan logic: each row is checked
   * against the steps from last to first, a step matching when the previous step has an active sequence (the
   * sequence moves on) or when it has one itself (or is the first step). Expressions read the row's columns,
   * declared names (their defaults) and the steps' state as columns named `scanStepRef(step, name)`.
   */
  | (RelBase & { kind: 'scan-steps'; input: Relation; order: SortKey[]; declared: NamedScalar[]; steps: ScanStep[]; matchId?: string })
  /** A relation with no rows and the given columns. */
  | (RelBase & { kind: 'empty' });

export interface ScanStep {
  output: 'all' | 'none';
  condition: ScalarExpr;
  /** Assignments to declared names. */
  assigns: NamedScalar[];
}

/** The column name under which a scan's expressions read `<step>.<name>` (step 0-based); no KQL name has a NUL. */
export function scanStepRef(step: number, name: string): string {
  return `\u0000${step}\u0000${name}`;
}

/** The step and name of a scanStepRef() column name, or undefined for any other name. */
export function parseScanStepRef(column: string): { step: number; name: string } | undefined {
  if (!column.startsWith('\u0000')) return undefined;
  const at = column.indexOf('\u0000', 1);
  if (at < 0) return undefined;
  return { step: Number(column.slice(1, at)), name: column.slice(at + 1) };
}

export type RelationKind = Relation['kind'];
