/**
 * Every SQL difference between target databases is a member of this interface. The generator and the
 * function registry only speak to a Dialect; adding a database means one more implementation of it.
 */
import type { KustoType } from '../types.ts';
import type { LiteralValue } from '../ir/ir.ts';

/** A compiled argument: its SQL text, Kusto type and (for literals) its constant value. */
export interface SqlArg {
  sql: string;
  type: KustoType;
  /** Present when the argument is a literal known at compile time. */
  constant?: LiteralValue;
  isConstant: boolean;
}

export interface Dialect {
  readonly name: 'duckdb';
  /** Quote an identifier (table, column, alias). */
  quoteIdent(name: string): string;
  /** The one audited function that turns a string into a SQL string literal. */
  stringLiteral(value: string): string;
  /** A literal of a Kusto type. */
  literal(value: LiteralValue, type: KustoType): string;
  /** The storage type of a Kusto type. */
  sqlType(type: KustoType): string;
  /** A typed SQL NULL. */
  nullOf(type: KustoType): string;
  /** Kusto's string form of a value (tostring). */
  toString(arg: SqlArg): string;
  /** The value as dynamic (JSON). */
  toDynamic(arg: SqlArg): string;
  /** Convert between Kusto types with Kusto's conversion rules (null on failure). */
  convert(arg: SqlArg, to: KustoType): string;
  /** SQL for the instant `now()` of this query. */
  now(): string;
  /** Whether `QUALIFY` is available (used for innerunique joins). */
  readonly supportsQualify: boolean;
}
