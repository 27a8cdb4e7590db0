/** Names visible while binding: let-bound values and functions, and the columns of the current row. */
import type { Column, Relation, ScalarExpr, SortKey } from '../ir/ir.ts';
import type { LambdaParam, Statement } from '../syntax/ast.ts';

/** A bound tabular expression, with the order it is serialized in (if any) for window functions. */
export interface Bound {
  rel: Relation;
  order?: SortKey[] | undefined;
  /** The table, let or `as` name this result carries (union withsource=). */
  name?: string;
}

export type LetValue =
  | { kind: 'scalar'; expr: ScalarExpr }
  | { kind: 'tabular'; bound: Bound }
  | { kind: 'function'; params: LambdaParam[]; body: Statement[]; env: Env; view?: boolean }
  | { kind: 'pattern'; pattern: Statement & { kind: 'pattern' }; env: Env };

/** A lexical environment of let statements; inner environments shadow outer ones. */
export class Env {
  private readonly values = new Map<string, LetValue>();

  constructor(readonly parent?: Env) {}

  set(name: string, v: LetValue): void {
    this.values.set(name, v);
  }

  get(name: string): LetValue | undefined {
    return this.values.get(name) ?? this.parent?.get(name);
  }

  /** Let-bound functions declared with `view` (visible to search and union *). */
  views(): string[] {
    const out = new Set(this.parent?.views() ?? []);
    for (const [k, v] of this.values) if (v.kind === 'function' && v.view === true && v.params.length === 0) out.add(k);
    return [...out];
  }

  names(): string[] {
    return [...this.values.keys(), ...(this.parent?.names() ?? [])];
  }
}

/** Where a scalar expression is being bound. */
export interface RowScope {
  env: Env;
  columns: readonly Column[];
  /** In join conditions: the two sides. */
  left?: readonly Column[];
  right?: readonly Column[];
  /** Aggregates allowed (summarize). */
  aggregates: boolean;
  /** Set when a window function was used (extend/project need a window node). */
  usedWindow?: boolean;
  /** The operator's input columns when `columns` also holds ones defined earlier in the same operator. */
  inputColumns?: readonly Column[];
  /** Set when an aggregate function was used. */
  usedAggregate?: boolean;
}
