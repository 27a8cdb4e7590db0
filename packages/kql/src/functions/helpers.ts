/** Small SQL building blocks shared by the function families (DuckDB). */
import type { SqlArg } from '../dialect/dialect.ts';
import type { EmitContext } from './registry.ts';
import type { KustoType } from '../types.ts';

export function arg(args: SqlArg[], i: number): SqlArg {
  const a = args[i];
  if (!a) throw new Error(`missing argument ${i}`);
  return a;
}

/** The argument as a string (Kusto conversion). */
export function str(ctx: EmitContext, a: SqlArg): string {
  return ctx.d.toString(a);
}

/** The argument as a string where a missing (null) string is the empty string, as Kusto strings never are null. */
export function strNN(ctx: EmitContext, a: SqlArg): string {
  if (a.isConstant && a.constant !== null) return ctx.d.toString(a);
  return `coalesce(${ctx.d.toString(a)}, '')`;
}

export function real(ctx: EmitContext, a: SqlArg): string {
  return a.type === 'real' || a.type === 'decimal' ? a.sql : ctx.d.convert(a, 'real');
}

export function long(ctx: EmitContext, a: SqlArg): string {
  return a.type === 'long' || a.type === 'int' ? a.sql : ctx.d.convert(a, 'long');
}

export function conv(ctx: EmitContext, a: SqlArg, t: KustoType): string {
  return ctx.d.convert(a, t);
}

export function dyn(ctx: EmitContext, a: SqlArg): string {
  return ctx.d.toDynamic(a);
}

/** A constant string argument's value, or undefined. */
export function constString(a: SqlArg | undefined): string | undefined {
  if (!a || !a.isConstant || a.constant === null || a.constant === undefined) return undefined;
  return String(a.constant);
}

/** Escapes text for use inside an RE2 pattern. */
export function regexEscape(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** Characters that make up Kusto terms: runs of these are terms, anything else is a delimiter. */
export const TERM_CHAR = '[0-9A-Za-z]';
export const NON_TERM = '[^0-9A-Za-z]';

/** Regex for `has`/`hasprefix`/`hassuffix` of one needle, following the term model in kql-semantics §1.2. */
export function termPattern(needle: string, mode: 'has' | 'prefix' | 'suffix'): string {
  const startsAlnum = /^[0-9A-Za-z]/.test(needle);
  const endsAlnum = /[0-9A-Za-z]$/.test(needle);
  const pre = startsAlnum && mode !== 'suffix' ? `(?:^|${NON_TERM})` : '';
  const post = endsAlnum && mode !== 'prefix' ? `(?:$|${NON_TERM})` : '';
  return `${pre}${regexEscape(needle)}${post}`;
}

/** A SQL expression producing a regex-escaped version of a string expression (for non-constant needles). */
export function sqlRegexEscape(sql: string): string {
  return `regexp_escape(${sql})`;
}

/**
 * Kusto regexes (Rust regex syntax) to RE2: the syntax overlaps for everything the corpora use. Named groups
 * `(?<n>..)` become `(?P<n>..)`.
 */
export function kustoRegex(pattern: string): string {
  return pattern.replace(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?P<$1>');
}

export function regexArg(ctx: EmitContext, a: SqlArg): string {
  const c = constString(a);
  if (c !== undefined) return ctx.d.stringLiteral(kustoRegex(c));
  return str(ctx, a);
}

export function sqlList(items: string[]): string {
  return items.join(', ');
}

/** Number of capturing groups in a regex (unescaped '(' not followed by '?', plus named groups). */
export function countGroups(re: string): number {
  let n = 0;
  for (let i = 0; i < re.length; i++) {
    const ch = re[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      // skip character class
      i++;
      while (i < re.length && re[i] !== ']') {
        if (re[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (ch === '(' && (re[i + 1] !== '?' || re[i + 2] === 'P' || re[i + 2] === '<')) n++;
  }
  return n;
}
