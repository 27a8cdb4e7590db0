/**
 * The function registry: one entry per Kusto function (scalar, aggregate or window), as data. An entry says
 * how many arguments it takes, its result type, and how each dialect writes it. Adding a function is one
 * entry in the family file it belongs to (strings.ts, datetime.ts, ...); index.ts lists the families.
 */
import type { KustoType } from '../types.ts';
import type { Dialect, SqlArg } from '../dialect/dialect.ts';
import type { LiteralValue } from '../ir/ir.ts';

export interface EmitContext {
  d: Dialect;
  /** For window functions: the `ORDER BY ...` of the serialized input ('' when unknown). */
  windowOrder: string;
}

export type Emitter = (args: SqlArg[], ctx: EmitContext) => string;

/** What the binder knows about an argument when it types a call. */
export interface ArgInfo {
  type: KustoType;
  isConstant: boolean;
  constant?: LiteralValue;
}

export interface FunctionDef {
  name: string;
  aliases?: readonly string[];
  /** scalar by default */
  kind?: 'scalar' | 'aggregate' | 'window';
  minArgs: number;
  maxArgs: number;
  returns: KustoType | ((args: ArgInfo[]) => KustoType);
  /** Optional argument check; returns an error message. */
  check?: (args: ArgInfo[]) => string | undefined;
  /** Column-name prefix for aggregates when the result is unnamed (count -> count_, make_set -> set_). */
  autoName?: (argNames: (string | undefined)[], args: ArgInfo[]) => string;
  /** The DuckDB SQL. */
  duckdb: Emitter;
  /** Non-deterministic functions (rand, new_guid) are flagged so callers can know. */
  volatile?: boolean;
}

export class FunctionRegistry {
  private readonly byName = new Map<string, FunctionDef>();

  constructor(families: readonly (readonly FunctionDef[])[]) {
    for (const family of families) for (const def of family) this.add(def);
  }

  add(def: FunctionDef): void {
    this.byName.set(def.name, def);
    for (const a of def.aliases ?? []) this.byName.set(a, def);
  }

  get(name: string): FunctionDef | undefined {
    return this.byName.get(name);
  }

  names(): IterableIterator<string> {
    return this.byName.keys();
  }
}

export function resultType(def: FunctionDef, args: ArgInfo[]): KustoType {
  return typeof def.returns === 'function' ? def.returns(args) : def.returns;
}

/** Shorthand for a fixed-arity scalar function. */
export function fn(name: string, arity: number | [number, number], returns: FunctionDef['returns'], duckdb: Emitter, extra: Partial<FunctionDef> = {}): FunctionDef {
  const [minArgs, maxArgs] = typeof arity === 'number' ? [arity, arity] : arity;
  return { name, minArgs, maxArgs, returns, duckdb, ...extra };
}

export const NUMERIC: ReadonlySet<KustoType> = new Set(['int', 'long', 'real', 'decimal']);

export function isNumeric(t: KustoType): boolean {
  return NUMERIC.has(t);
}

/** int + int -> int, int + long -> long, anything with real -> real. */
export function numericResult(a: KustoType, b: KustoType): KustoType {
  if (a === 'real' || b === 'real' || a === 'decimal' || b === 'decimal') return 'real';
  if (a === 'long' || b === 'long') return 'long';
  if (a === 'int' && b === 'int') return 'int';
  if (a === 'dynamic' || b === 'dynamic') return 'real';
  return 'long';
}
