/** Operators as functions: comparison, logic, arithmetic and the string predicates (has, contains, in...). */
import type { SqlArg } from '../dialect/dialect.ts';
import type { KustoType } from '../types.ts';
import { intervalMicros } from '../dialect/duckdb/dialect.ts';
import { arg, constString, conv, real, regexArg, sqlRegexEscape, str, strNN, termPattern, NON_TERM } from './helpers.ts';
import { fn, isNumeric, numericResult, type ArgInfo, type EmitContext, type FunctionDef } from './registry.ts';

/** Brings two operands to a common type for comparison; returns their SQL. */
function comparable(ctx: EmitContext, a: SqlArg, b: SqlArg): [string, string, KustoType] {
  const ta = a.type;
  const tb = b.type;
  if (ta === tb) {
    if (ta === 'dynamic') return [str(ctx, a), str(ctx, b), 'string'];
    return [a.sql, b.sql, ta];
  }
  if (isNumeric(ta) && isNumeric(tb)) return [a.sql, b.sql, 'real'];
  if (ta === 'dynamic') return [conv(ctx, a, tb), b.sql, tb];
  if (tb === 'dynamic') return [a.sql, conv(ctx, b, ta), ta];
  if (ta === 'string') return [conv(ctx, a, tb), b.sql, tb];
  if (tb === 'string') return [a.sql, conv(ctx, b, ta), ta];
  if (isNumeric(ta) && tb === 'bool') return [a.sql, conv(ctx, b, ta), ta];
  if (isNumeric(tb) && ta === 'bool') return [conv(ctx, a, tb), b.sql, tb];
  return [str(ctx, a), str(ctx, b), 'string'];
}

function cmp(op: string): FunctionDef {
  return fn(op, 2, 'bool', (args, ctx) => {
    const [l, r] = comparable(ctx, arg(args, 0), arg(args, 1));
    return `(${l} ${op} ${r})`;
  });
}

/** Kusto: `x == ''` is true for a missing string; `null != 5` is true. */
const equals = fn('==', 2, 'bool', (args, ctx) => {
  const a = arg(args, 0);
  const b = arg(args, 1);
  const [l, r, t] = comparable(ctx, a, b);
  if (t === 'string' && (constString(a) === '' || constString(b) === '')) return `(coalesce(${l}, '') = coalesce(${r}, ''))`;
  return `(${l} = ${r})`;
});

const notEquals = fn('!=', 2, 'bool', (args, ctx) => {
  const a = arg(args, 0);
  const b = arg(args, 1);
  const [l, r, t] = comparable(ctx, a, b);
  if (t === 'string') return `(coalesce(${l}, '') IS DISTINCT FROM coalesce(${r}, ''))`;
  return `(${l} IS DISTINCT FROM ${r})`;
});

/** ASCII-only case folding is what Kusto does; DuckDB lower() folds Unicode. Accepted difference (README). */
function lowerPair(ctx: EmitContext, args: SqlArg[]): [string, string] {
  return [`lower(${str(ctx, arg(args, 0))})`, `lower(${str(ctx, arg(args, 1))})`];
}

function negate(def: FunctionDef, name: string): FunctionDef {
  return fn(name, [def.minArgs, def.maxArgs], 'bool', (args, ctx) => `(NOT coalesce(${def.duckdb(args, ctx)}, FALSE))`);
}

function stringOp(name: string, emit: (args: SqlArg[], ctx: EmitContext) => string): FunctionDef[] {
  const pos = fn(name, 2, 'bool', emit);
  return [pos, negate(pos, `!${name}`)];
}

/** has / hasprefix / hassuffix of one needle. */
function termMatch(ctx: EmitContext, hay: SqlArg, needle: SqlArg, mode: 'has' | 'prefix' | 'suffix', cs: boolean): string {
  const h = str(ctx, hay);
  const c = constString(needle);
  const flags = cs ? '' : '(?i)';
  if (c !== undefined) {
    if (c === '') return mode === 'has' ? 'FALSE' : 'TRUE';
    const pattern = ctx.d.stringLiteral(flags + termPattern(c, mode));
    // a cheap substring test first, then the exact term rule
    const pre = cs ? `contains(${h}, ${ctx.d.stringLiteral(c)})` : `contains(lower(${h}), ${ctx.d.stringLiteral(c.toLowerCase())})`;
    return `(${pre} AND regexp_matches(${h}, ${pattern}))`;
  }
  const n = str(ctx, needle);
  const pre = mode === 'suffix' ? "''" : `CASE WHEN regexp_matches(${n}, '^[0-9A-Za-z]') THEN '(?:^|${NON_TERM})' ELSE '' END`;
  const post = mode === 'prefix' ? "''" : `CASE WHEN regexp_matches(${n}, '[0-9A-Za-z]$') THEN '(?:$|${NON_TERM})' ELSE '' END`;
  return `regexp_matches(${h}, '${flags}' || ${pre} || ${sqlRegexEscape(n)} || ${post})`;
}

/** Items of an `in`/`has_any` list: scalars, or dynamic arrays (flattened). */
function listItems(ctx: EmitContext, args: SqlArg[]): { scalars: SqlArg[]; arrays: SqlArg[] } {
  const scalars: SqlArg[] = [];
  const arrays: SqlArg[] = [];
  for (const a of args.slice(1)) (a.type === 'dynamic' ? arrays : scalars).push(a);
  void ctx;
  return { scalars, arrays };
}

function inList(ci: boolean): FunctionDef {
  return { name: ci ? 'in~' : 'in', minArgs: 1, maxArgs: 1_000_000, returns: 'bool', duckdb: (args, ctx) => {
    const x = arg(args, 0);
    const { scalars, arrays } = listItems(ctx, args);
    const parts: string[] = [];
    const xt = x.type === 'dynamic' ? 'string' : x.type;
    const lhs = ci ? `lower(${str(ctx, x)})` : x.type === 'dynamic' ? str(ctx, x) : x.sql;
    if (scalars.length > 0) {
      const items = scalars.map((s) => {
        if (ci) return `lower(${str(ctx, s)})`;
        if (s.type === xt || (isNumeric(s.type) && isNumeric(xt))) return s.sql;
        return conv(ctx, s, xt);
      });
      parts.push(`${lhs} IN (${items.join(', ')})`);
    }
    for (const a of arrays) {
      const list = `CAST(json_extract_string(${a.sql}, '$[*]') AS VARCHAR[])`;
      const l = ci ? `list_transform(${list}, _e -> lower(_e))` : list;
      parts.push(`list_contains(${l}, ${ci ? lhs : str(ctx, x)})`);
    }
    if (parts.length === 0) return 'FALSE';
    return `(${parts.join(' OR ')})`;
  } };
}

function hasAnyAll(all: boolean, cs: boolean): FunctionDef {
  return { name: `has_${all ? 'all' : 'any'}${cs ? '_cs' : ''}`, minArgs: 1, maxArgs: 1_000_000, returns: 'bool', duckdb: (args, ctx) => {
    const x = arg(args, 0);
    const { scalars, arrays } = listItems(ctx, args);
    const consts = scalars.map(constString);
    const h = str(ctx, x);
    const parts: string[] = [];
    if (!all && consts.every((c) => c !== undefined) && scalars.length > 0) {
      const needles = consts.filter((c): c is string => c !== undefined && c !== "");
      if (needles.length > 0) parts.push(`regexp_matches(${h}, ${ctx.d.stringLiteral((cs ? '' : '(?i)') + '(?:' + needles.map((n) => termPattern(n, 'has')).join('|') + ')')})`);
    } else {
      for (const s of scalars) parts.push(termMatch(ctx, x, s, 'has', cs));
    }
    for (const a of arrays) {
      const list = `CAST(json_extract_string(${a.sql}, '$[*]') AS VARCHAR[])`;
      const f = all ? 'list_bool_and' : 'list_bool_or';
      parts.push(`coalesce(${f}(list_transform(${list}, _n -> regexp_matches(${h}, '${cs ? '' : '(?i)'}' || CASE WHEN regexp_matches(_n, '^[0-9A-Za-z]') THEN '(?:^|${NON_TERM})' ELSE '' END || ${sqlRegexEscape('_n')} || CASE WHEN regexp_matches(_n, '[0-9A-Za-z]$') THEN '(?:$|${NON_TERM})' ELSE '' END))), ${all ? 'TRUE' : 'FALSE'})`);
    }
    if (parts.length === 0) return all ? 'TRUE' : 'FALSE';
    return `(${parts.join(all ? ' AND ' : ' OR ')})`;
  } };
}

function arithType(op: string, args: ArgInfo[]): KustoType {
  const a = args[0]?.type ?? 'long';
  const b = args[1]?.type ?? 'long';
  if (op === '-' && a === 'datetime' && b === 'datetime') return 'timespan';
  if ((op === '+' || op === '-') && a === 'datetime') return 'datetime';
  if (op === '+' && b === 'datetime') return 'datetime';
  if (a === 'timespan' && b === 'timespan') return op === '/' ? 'real' : op === '%' ? 'timespan' : 'timespan';
  if (a === 'timespan' || b === 'timespan') return 'timespan';
  return numericResult(a, b);
}

function microsToInterval(sql: string): string {
  return `to_microseconds(CAST(round(${sql}) AS BIGINT))`;
}

function arith(op: '+' | '-' | '*' | '/' | '%'): FunctionDef {
  return fn(op, 2, (args) => arithType(op, args), (args, ctx) => {
    const a = arg(args, 0);
    const b = arg(args, 1);
    const ta = a.type;
    const tb = b.type;
    if (ta === 'timespan' && tb === 'timespan') {
      if (op === '/') return `(${intervalMicros(a.sql)} / nullif(${intervalMicros(b.sql)}, 0))`;
      if (op === '%') return microsToInterval(`${intervalMicros(a.sql)} % nullif(${intervalMicros(b.sql)}, 0)`);
      if (op === '*') return 'NULL';
      return `(${a.sql} ${op} ${b.sql})`;
    }
    if (ta === 'timespan' && isNumeric(tb)) {
      if (op === '*') return microsToInterval(`${intervalMicros(a.sql)} * ${b.sql}`);
      if (op === '/') return microsToInterval(`${intervalMicros(a.sql)} / nullif(${b.sql}, 0)`);
      return microsToInterval(`${intervalMicros(a.sql)} ${op} (${b.sql}) / 10.0`);
    }
    if (isNumeric(ta) && tb === 'timespan' && op === '*') return microsToInterval(`${a.sql} * ${intervalMicros(b.sql)}`);
    if (ta === 'datetime' || tb === 'datetime') {
      if (ta === 'datetime' && tb === 'datetime' && op === '-') return `(${a.sql} - ${b.sql})`;
      const other = ta === 'datetime' ? b : a;
      const otherSql = other.type === 'timespan' ? other.sql : other.type === 'dynamic' || other.type === 'string' ? conv(ctx, other, 'timespan') : `to_microseconds(CAST((${other.sql}) / 10 AS BIGINT))`;
      if (ta === 'datetime') return `(${a.sql} ${op} ${otherSql})`;
      return `(${b.sql} + ${otherSql})`;
    }
    const l = isNumeric(ta) ? a.sql : real(ctx, a);
    const r = isNumeric(tb) ? b.sql : real(ctx, b);
    const integral = (ta === 'int' || ta === 'long') && (tb === 'int' || tb === 'long');
    if (op === '/') return integral ? `(${l} // nullif(${r}, 0))` : `(CAST(${l} AS DOUBLE) / ${r})`;
    if (op === '%') return integral ? `((${l} % nullif(${r}, 0) + abs(${r})) % nullif(abs(${r}), 0))` : `fmod(${l}, ${r})`;
    return `(${l} ${op} ${r})`;
  });
}

function between(negated: boolean): FunctionDef {
  return fn(negated ? '!between' : 'between', 3, 'bool', (args, ctx) => {
    const x = arg(args, 0);
    const lo = arg(args, 1);
    let hi = arg(args, 2);
    if (x.type === 'datetime' && hi.type === 'timespan') hi = { ...hi, sql: `(${conv(ctx, lo, 'datetime')} + ${hi.sql})`, type: 'datetime' };
    const t = x.type === 'dynamic' ? 'real' : x.type;
    const lsql = lo.type === t || (isNumeric(lo.type) && isNumeric(t)) ? lo.sql : conv(ctx, lo, t);
    const hsql = hi.type === t || (isNumeric(hi.type) && isNumeric(t)) ? hi.sql : conv(ctx, hi, t);
    const xs = x.type === 'dynamic' ? conv(ctx, x, 'real') : x.sql;
    const e = `(${xs} BETWEEN ${lsql} AND ${hsql})`;
    return negated ? `(NOT coalesce(${e}, FALSE))` : e;
  });
}

function boolArg(ctx: EmitContext, a: SqlArg): string {
  return a.type === 'bool' ? a.sql : conv(ctx, a, 'bool');
}

export const operatorFunctions: FunctionDef[] = [
  equals,
  notEquals,
  cmp('<'),
  cmp('<='),
  cmp('>'),
  cmp('>='),
  fn('=~', 2, 'bool', (args, ctx) => {
    // against a non-empty constant a missing string can never match: compare directly (cheaper, prunable)
    const c = constString(arg(args, 1));
    if (c !== undefined && c !== '') return `(lower(${str(ctx, arg(args, 0))}) = ${ctx.d.stringLiteral(c.toLowerCase())})`;
    const [l, r] = lowerPair(ctx, args);
    return `(coalesce(${l}, '') = coalesce(${r}, ''))`;
  }),
  fn('!~', 2, 'bool', (args, ctx) => {
    const [l, r] = lowerPair(ctx, args);
    return `(coalesce(${l}, '') <> coalesce(${r}, ''))`;
  }),
  fn('and', 2, 'bool', (args, ctx) => `(${boolArg(ctx, arg(args, 0))} AND ${boolArg(ctx, arg(args, 1))})`),
  fn('or', 2, 'bool', (args, ctx) => `(${boolArg(ctx, arg(args, 0))} OR ${boolArg(ctx, arg(args, 1))})`),
  fn('not', 1, 'bool', (args, ctx) => `(NOT ${boolArg(ctx, arg(args, 0))})`),
  fn('neg', 1, (a) => (a[0]?.type === 'dynamic' ? 'real' : a[0]?.type ?? 'long'), (args, ctx) => {
    const a = arg(args, 0);
    return a.type === 'dynamic' ? `(-${real(ctx, a)})` : `(-${a.sql})`;
  }),
  arith('+'),
  arith('-'),
  arith('*'),
  arith('/'),
  arith('%'),
  ...stringOp('has', (a, ctx) => termMatch(ctx, arg(a, 0), arg(a, 1), 'has', false)),
  ...stringOp('has_cs', (a, ctx) => termMatch(ctx, arg(a, 0), arg(a, 1), 'has', true)),
  ...stringOp('hasprefix', (a, ctx) => termMatch(ctx, arg(a, 0), arg(a, 1), 'prefix', false)),
  ...stringOp('hasprefix_cs', (a, ctx) => termMatch(ctx, arg(a, 0), arg(a, 1), 'prefix', true)),
  ...stringOp('hassuffix', (a, ctx) => termMatch(ctx, arg(a, 0), arg(a, 1), 'suffix', false)),
  ...stringOp('hassuffix_cs', (a, ctx) => termMatch(ctx, arg(a, 0), arg(a, 1), 'suffix', true)),
  ...stringOp('contains', (a, ctx) => {
    const c = constString(arg(a, 1));
    const needle = c !== undefined ? ctx.d.stringLiteral(c.toLowerCase()) : `lower(${str(ctx, arg(a, 1))})`;
    return `contains(lower(${str(ctx, arg(a, 0))}), ${needle})`;
  }),
  ...stringOp('contains_cs', (a, ctx) => `contains(${str(ctx, arg(a, 0))}, ${str(ctx, arg(a, 1))})`),
  ...stringOp('startswith', (a, ctx) => {
    const [l, r] = lowerPair(ctx, a);
    return `starts_with(${l}, ${r})`;
  }),
  ...stringOp('startswith_cs', (a, ctx) => `starts_with(${str(ctx, arg(a, 0))}, ${str(ctx, arg(a, 1))})`),
  ...stringOp('endswith', (a, ctx) => {
    const [l, r] = lowerPair(ctx, a);
    return `suffix(${l}, ${r})`;
  }),
  ...stringOp('endswith_cs', (a, ctx) => `suffix(${str(ctx, arg(a, 0))}, ${str(ctx, arg(a, 1))})`),
  fn('matches regex', 2, 'bool', (a, ctx) => `regexp_matches(${strNN(ctx, arg(a, 0))}, ${regexArg(ctx, arg(a, 1))})`),
  inList(false),
  inList(true),
  negate(inList(false), '!in'),
  negate(inList(true), '!in~'),
  hasAnyAll(false, false),
  hasAnyAll(true, false),
  hasAnyAll(false, true),
  hasAnyAll(true, true),
  negate(hasAnyAll(false, false), '!has_any'),
  negate(hasAnyAll(true, false), '!has_all'),
  between(false),
  between(true),
];

// aliases written as words
operatorFunctions.push(
  { ...negate(operatorFunctions.find((f) => f.name === 'contains') as FunctionDef, 'notcontains') },
  { ...negate(operatorFunctions.find((f) => f.name === 'contains_cs') as FunctionDef, 'notcontainscs') },
);
