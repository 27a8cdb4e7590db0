import type { Span } from '../diagnostics.ts';

/** Scalar expressions. */
export type Expr =
  | { kind: 'name'; name: string; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'number'; text: string; real: boolean; span: Span }
  | { kind: 'timespan'; ticks: number; span: Span }
  | { kind: 'typed'; type: string; body: string; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'null'; span: Span }
  | { kind: 'array'; items: Expr[]; span: Span }
  | { kind: 'bag'; entries: { key: string; value: Expr }[]; span: Span }
  | { kind: 'star'; span: Span }
  | { kind: 'unary'; op: '-' | '+' | 'not'; operand: Expr; span: Span }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; span: Span; opSpan: Span }
  /** `x in (a, b)`, `x has_any (..)`: right side is a list (may hold one tabular expression). */
  | { kind: 'inlist'; op: string; left: Expr; items: Expr[]; tabular?: Tabular; span: Span; opSpan: Span }
  | { kind: 'between'; negated: boolean; left: Expr; low: Expr; high: Expr; span: Span }
  | { kind: 'member'; target: Expr; name: string; span: Span }
  | { kind: 'index'; target: Expr; index: Expr; span: Span }
  | { kind: 'call'; name: string; nameSpan: Span; args: Arg[]; span: Span }
  /** `$left.X` / `$right.X` in join conditions. */
  | { kind: 'side'; side: 'left' | 'right'; name: string; span: Span }
  /** `typeof(long)` used as an argument. */
  | { kind: 'typeof'; type: string; span: Span }
  /** A tabular expression in scalar position, e.g. toscalar(T | ...), in ((T | project x)). */
  | { kind: 'tabular'; tabular: Tabular; span: Span };

/** A call argument: positional, named (`name = expr`), or a tabular expression. */
export interface Arg {
  name?: string;
  value: Expr;
}

/** `Name = expr` or `expr`, as in project/extend/summarize lists. */
export interface NamedExpr {
  name?: string;
  /** `(a, b) = expr` */
  names?: string[];
  nameSpan?: Span;
  expr: Expr;
  span: Span;
}

export interface SortKey {
  expr: Expr;
  dir?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

export interface ColumnDecl {
  name: string;
  type: string;
  span: Span;
}

/** Options like kind=inner, hint.strategy=shuffle, withsource=T. */
export type OptionMap = Record<string, { value: string; span: Span }>;

/** Tabular operators after `|`. */
export type Operator =
  | { kind: 'where'; predicate: Expr; span: Span }
  | { kind: 'extend'; items: NamedExpr[]; span: Span }
  | { kind: 'project'; items: NamedExpr[]; span: Span }
  | { kind: 'project-away'; patterns: { name: string; span: Span }[]; span: Span }
  | { kind: 'project-keep'; patterns: { name: string; span: Span }[]; span: Span }
  | { kind: 'project-rename'; items: { name: string; from: string; span: Span }[]; span: Span }
  | { kind: 'project-reorder'; items: { name: string; order?: string; span: Span }[]; span: Span }
  | { kind: 'summarize'; aggs: NamedExpr[]; by: NamedExpr[]; options: OptionMap; span: Span }
  | { kind: 'distinct'; items: NamedExpr[]; star: boolean; span: Span }
  | { kind: 'sort'; keys: SortKey[]; span: Span }
  | { kind: 'top'; count: Expr; keys: SortKey[]; span: Span }
  | { kind: 'take'; count: Expr; span: Span }
  | { kind: 'count'; span: Span }
  | { kind: 'join'; options: OptionMap; right: Tabular; on: Expr[]; span: Span }
  | { kind: 'lookup'; options: OptionMap; right: Tabular; on: Expr[]; span: Span }
  | { kind: 'union'; options: OptionMap; legs: Tabular[]; span: Span }
  | { kind: 'mv-expand'; options: OptionMap; items: { name?: string; expr: Expr; toType?: string; span: Span }[]; limit?: Expr; span: Span }
  | { kind: 'mv-apply'; options: OptionMap; items: { name?: string; expr: Expr; toType?: string; span: Span }[]; body: Operator[]; span: Span }
  | { kind: 'search'; predicate: Expr; caseSensitive: boolean; span: Span }
  | {
      kind: 'scan';
      matchId?: string;
      declare: { name: string; type: string; default?: Expr }[];
      steps: { name: string; output?: string; condition: Expr; assigns: { name: string; expr: Expr }[] }[];
      span: Span;
    }
  | { kind: 'parse-kv'; source: Expr; columns: ColumnDecl[]; options: Record<string, string>; span: Span }
  | { kind: 'project-by-names'; items: Expr[]; span: Span }
  | { kind: 'parse'; where: boolean; options: OptionMap; source: Expr; pattern: ParsePart[]; span: Span }
  | { kind: 'make-series'; options: OptionMap; aggs: (NamedExpr & { default?: Expr })[]; on: Expr; onName?: string; from?: Expr; to?: Expr; step: Expr; by: NamedExpr[]; span: Span }
  | { kind: 'render'; visualization: string; properties: Record<string, unknown>; span: Span }
  | { kind: 'evaluate'; call: Expr; options: OptionMap; schema?: { star: boolean; columns: ColumnDecl[] }; span: Span }
  | { kind: 'invoke'; call: Expr; span: Span }
  | { kind: 'serialize'; items: NamedExpr[]; span: Span }
  | { kind: 'as'; name: string; span: Span }
  | { kind: 'getschema'; span: Span }
  | { kind: 'sample'; count: Expr; span: Span }
  /** `partition by Col ( ops )` runs `body` per key; `partition by Col { T | ops }` runs `subquery` per key value. */
  | { kind: 'partition'; options: OptionMap; by: string; bySpan: Span; body?: Operator[]; subquery?: Tabular; span: Span }
  | { kind: 'top-nested'; levels: { count?: Expr; of: NamedExpr; others?: Expr; by: NamedExpr; dir?: 'asc' | 'desc' }[]; span: Span }
  | { kind: 'unsupported'; name: string; span: Span };

export type ParsePart = { kind: 'literal'; text: string } | { kind: 'star' } | { kind: 'column'; name: string; type?: string };

/** A tabular source, optionally followed by a pipeline. */
export type Source =
  | { kind: 'table'; name: string; span: Span }
  /** `path`: a pattern invocation's `.path` / `.["path"]`. */
  | { kind: 'call'; call: Expr & { kind: 'call' }; path?: string; span: Span }
  | { kind: 'datatable'; columns: ColumnDecl[]; values: Expr[]; span: Span }
  | { kind: 'print'; items: NamedExpr[]; span: Span }
  | { kind: 'range'; name: string; from: Expr; to: Expr; step: Expr; span: Span }
  | { kind: 'union'; options: OptionMap; legs: Tabular[]; span: Span }
  | { kind: 'paren'; inner: Tabular; span: Span }
  | { kind: 'search'; tables?: string[]; predicate: Expr; caseSensitive: boolean; span: Span }
  | { kind: 'externaldata'; columns: ColumnDecl[]; urls: string[]; properties: Record<string, string>; span: Span }
  | { kind: 'unsupported'; name: string; span: Span };

export interface Tabular {
  source: Source;
  ops: Operator[];
  span: Span;
}

export interface LambdaParam {
  name: string;
  /** scalar type name, or undefined with `columns` for a tabular parameter */
  type?: string;
  columns?: ColumnDecl[];
  /** `(*)` tabular parameter accepting any schema */
  anySchema?: boolean;
  default?: Expr;
  span: Span;
}

/** One mapping of a pattern: argument values ("*" matches any), an optional path value, and its tabular body. */
export interface PatternEntry {
  args: Expr[];
  path?: string;
  body: Tabular;
  span: Span;
}

export type Statement =
  | { kind: 'let'; name: string; value: Expr; span: Span; nameSpan: Span }
  | { kind: 'let-tabular'; name: string; value: Tabular; materialize: boolean; span: Span; nameSpan: Span }
  | { kind: 'let-function'; name: string; params: LambdaParam[]; body: Statement[]; view: boolean; span: Span; nameSpan: Span }
  | { kind: 'query'; tabular: Tabular; span: Span }
  | { kind: 'set'; span: Span }
  | { kind: 'declare'; params: LambdaParam[]; span: Span }
  /** `declare pattern P = (a:string) [p:string] { ("x").["y"] = { tabular }; ... };` */
  | { kind: 'pattern'; name: string; params: LambdaParam[]; pathParam?: LambdaParam; entries: PatternEntry[]; span: Span; nameSpan: Span }
  /** A scalar expression as the last statement of a function body. */
  | { kind: 'expr'; expr: Expr; span: Span };

export interface QueryAst {
  statements: Statement[];
}
