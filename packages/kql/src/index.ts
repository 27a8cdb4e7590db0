/**
 * @palisade/kql: KQL (Kusto Query Language, as used in Defender Advanced Hunting) to SQL.
 * Pure TypeScript, no I/O. See README.md for the layout.
 */
export { compile, parse, type ParseResult } from './compile.ts';
export type { KustoType, Diagnostic, Severity, Schema, ColumnSchema, CompileOptions, CompileResult, Providers, ProviderTable, RenderInfo, ExternalDataRequirement } from './types.ts';
export { KUSTO_TYPES } from './types.ts';
export type { QueryAst } from './syntax/ast.ts';
