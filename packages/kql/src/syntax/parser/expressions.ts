import type { Arg, Expr, NamedExpr, Tabular } from '../ast.ts';
import { TIMESPAN_UNITS } from '../lexer.ts';
import type { Cursor } from './cursor.ts';
import { continueTabular, startsTabular } from './tabular.ts';

const BOOL_WORDS: ReadonlyMap<string, boolean> = new Map([['true', true], ['false', false], ['TRUE', true], ['FALSE', false], ['True', true], ['False', false]]);

/** Binary string/set operators written as words, with their `!` negations and `_cs` forms. */
const WORD_OPS = new Set([
  'has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs',
  'contains', 'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs',
  'notcontains', 'notcontainscs', 'like', 'notlike',
]);
/** Word operators whose right side is a parenthesised list. */
const LIST_OPS = new Set(['in', 'in~', '!in', '!in~', 'has_any', 'has_all', 'has_any_cs', 'has_all_cs', '!has_any', '!has_all']);
const COMPARISON = new Set(['==', '!=', '<>', '<', '<=', '>', '>=', '=~', '!~']);

export function parseExpr(c: Cursor): Expr {
  return parseOr(c);
}

/** An expression that may also be a tabular expression (a name or call followed by `|`, a datatable...). */
export function parseTabularOrExpr(c: Cursor): Expr {
  const start = c.tok.span.start;
  if (startsTabular(c)) {
    const tab = continueTabular(c, undefined);
    return { kind: 'tabular', tabular: tab, span: c.span(start) };
  }
  const e = parseExpr(c);
  if (c.isPunct('|')) {
    const tab = continueTabular(c, e);
    return { kind: 'tabular', tabular: tab, span: c.span(start) };
  }
  return e;
}

function parseOr(c: Cursor): Expr {
  let left = parseAnd(c);
  while (c.isWord('or')) {
    const opTok = c.next();
    const right = parseAnd(c);
    left = { kind: 'binary', op: 'or', left, right, span: { start: left.span.start, end: right.span.end }, opSpan: opTok.span };
  }
  return left;
}

function parseAnd(c: Cursor): Expr {
  let left = parsePredicate(c);
  while (c.isWord('and')) {
    const opTok = c.next();
    const right = parsePredicate(c);
    left = { kind: 'binary', op: 'and', left, right, span: { start: left.span.start, end: right.span.end }, opSpan: opTok.span };
  }
  return left;
}

/** Reads a predicate operator at the cursor without consuming it; returns its canonical spelling and token count. */
function peekPredicateOp(c: Cursor): { op: string; count: number } | undefined {
  const t = c.tok;
  if (t.kind === 'punct' && COMPARISON.has(t.value)) return { op: t.value === '<>' ? '!=' : t.value, count: 1 };
  let neg = false;
  let k = 0;
  if (t.kind === 'punct' && t.value === '!' && c.peek().kind === 'ident' && !c.peek().spaceBefore) {
    neg = true;
    k = 1;
  }
  const w = c.peek(k);
  if (w.kind !== 'ident' || w.extra === 'quoted') return undefined;
  let word = w.value;
  let count = k + 1;
  if ((word === 'in') && c.isPunct('~', k + 1) && !c.peek(k + 1).spaceBefore) {
    word = 'in~';
    count++;
  }
  if (word === 'matches' && c.isWord('regex', k + 1)) return neg ? undefined : { op: 'matches regex', count: count + 1 };
  if (word === 'between') return { op: neg ? '!between' : 'between', count };
  if (WORD_OPS.has(word) || LIST_OPS.has(word)) return { op: (neg ? '!' : '') + word, count };
  return undefined;
}

function parsePredicate(c: Cursor): Expr {
  let left = parseAdditive(c);
  for (;;) {
    const p = peekPredicateOp(c);
    if (!p) return left;
    const opStart = c.tok.span.start;
    for (let i = 0; i < p.count; i++) c.next();
    const opSpan = c.span(opStart);
    if (p.op === 'between' || p.op === '!between') {
      c.expectPunct('(');
      const low = parseAdditive(c);
      c.expectPunct('..');
      const high = parseAdditive(c);
      c.expectPunct(')');
      left = { kind: 'between', negated: p.op === '!between', left, low, high, span: c.span(left.span.start) };
      continue;
    }
    if (LIST_OPS.has(p.op)) {
      if (!c.isPunct('(')) {
        // `x in list` without parentheses (a let-bound dynamic array)
        const item = parseAdditive(c);
        left = { kind: 'inlist', op: p.op, left, items: [item], span: c.span(left.span.start), opSpan };
        continue;
      }
      c.expectPunct('(');
      const items: Expr[] = [];
      if (!c.isPunct(')')) {
        do {
          if (c.isPunct(')')) break; // trailing comma
          items.push(parseTabularOrExpr(c));
        } while (c.eatPunct(','));
      }
      c.expectPunct(')');
      left = { kind: 'inlist', op: p.op, left, items, span: c.span(left.span.start), opSpan };
      continue;
    }
    const right = parseAdditive(c);
    left = { kind: 'binary', op: p.op, left, right, span: { start: left.span.start, end: right.span.end }, opSpan };
  }
}

function parseAdditive(c: Cursor): Expr {
  let left = parseMultiplicative(c);
  while (c.isPunct('+') || c.isPunct('-')) {
    const opTok = c.next();
    const right = parseMultiplicative(c);
    left = { kind: 'binary', op: opTok.value, left, right, span: { start: left.span.start, end: right.span.end }, opSpan: opTok.span };
  }
  return left;
}

function parseMultiplicative(c: Cursor): Expr {
  let left = parseUnary(c);
  while (c.isPunct('*') || c.isPunct('/') || c.isPunct('%')) {
    const opTok = c.next();
    const right = parseUnary(c);
    left = { kind: 'binary', op: opTok.value, left, right, span: { start: left.span.start, end: right.span.end }, opSpan: opTok.span };
  }
  return left;
}

function parseUnary(c: Cursor): Expr {
  if (c.isPunct('-') || c.isPunct('+')) {
    const t = c.next();
    const operand = parseUnary(c);
    return { kind: 'unary', op: t.value === '-' ? '-' : '+', operand, span: { start: t.span.start, end: operand.span.end } };
  }
  return parsePostfix(c);
}

function parsePostfix(c: Cursor): Expr {
  let e = parsePrimary(c);
  for (;;) {
    if (c.isPunct('.') && c.isPunct('[', 1)) {
      c.next();
      c.next();
      const index = parseExpr(c);
      c.expectPunct(']');
      e = { kind: 'index', target: e, index, span: c.span(e.span.start) };
      continue;
    }
    if (c.isPunct('.') && c.peek().kind === 'ident') {
      c.next();
      const n = c.next();
      e = { kind: 'member', target: e, name: n.value, span: { start: e.span.start, end: n.span.end } };
      continue;
    }
    if (c.isPunct('[')) {
      c.next();
      const index = parseExpr(c);
      c.expectPunct(']');
      e = { kind: 'index', target: e, index, span: c.span(e.span.start) };
      continue;
    }
    // d['key'] lexes as a bracket-quoted name right after the expression
    if (c.tok.kind === 'ident' && c.tok.extra === 'quoted' && !c.tok.spaceBefore) {
      const t = c.next();
      e = { kind: 'index', target: e, index: { kind: 'string', value: t.value, span: t.span }, span: c.span(e.span.start) };
      continue;
    }
    return e;
  }
}

/** Adjacent string literals are one literal: "a" 'b' @"c" -> "abc". */
function parseStrings(c: Cursor): Expr {
  const first = c.next();
  let value = first.value;
  while (c.tok.kind === 'string') value += c.next().value;
  return { kind: 'string', value, span: c.span(first.span.start) };
}

export function parseArgs(c: Cursor): Arg[] {
  c.expectPunct('(');
  const args: Arg[] = [];
  if (!c.isPunct(')')) {
    do {
      if (c.tok.kind === 'ident' && c.isPunct('=', 1) && !c.isPunct('==', 1)) {
        const n = c.next().value;
        c.next();
        args.push({ name: n, value: parseTabularOrExpr(c) });
      } else if (c.isPunct('*') && (c.isPunct(',', 1) || c.isPunct(')', 1))) {
        const t = c.next();
        args.push({ value: { kind: 'star', span: t.span } });
      } else {
        args.push({ value: parseTabularOrExpr(c) });
      }
    } while (c.eatPunct(','));
  }
  c.expectPunct(')');
  return args;
}

function parseDynamicBody(c: Cursor): Expr {
  c.dynamicDepth++;
  try {
    return parseExpr(c);
  } finally {
    c.dynamicDepth--;
  }
}

function parsePrimary(c: Cursor): Expr {
  const t = c.tok;
  const start = t.span.start;
  switch (t.kind) {
    case 'string':
      return parseStrings(c);
    case 'int':
    case 'real':
      c.next();
      return { kind: 'number', text: t.value, real: t.kind === 'real', span: t.span };
    case 'timespan': {
      c.next();
      const unit = TIMESPAN_UNITS[t.extra ?? ''] ?? 0;
      return { kind: 'timespan', ticks: Math.round(Number(t.value) * unit), span: t.span };
    }
    case 'typed':
      c.next();
      return { kind: 'typed', type: t.extra ?? '', body: t.value, span: t.span };
    case 'punct': {
      if (t.value === '(') {
        c.next();
        const inner = parseTabularOrExpr(c);
        c.expectPunct(')');
        // keep the parenthesised span so diagnostics point at the whole thing
        return inner.kind === 'tabular' ? { ...inner, span: c.span(start) } : inner;
      }
      if (t.value === '[' && c.dynamicDepth > 0) {
        c.next();
        const items: Expr[] = [];
        if (!c.isPunct(']')) {
          do {
            if (c.isPunct(']')) break;
            items.push(parseExpr(c));
          } while (c.eatPunct(','));
        }
        c.expectPunct(']');
        return { kind: 'array', items, span: c.span(start) };
      }
      if (t.value === '{' && c.dynamicDepth > 0) {
        c.next();
        const entries: { key: string; value: Expr }[] = [];
        if (!c.isPunct('}')) {
          do {
            if (c.isPunct('}')) break;
            const k = c.tok;
            if (k.kind !== 'string' && k.kind !== 'ident') c.fail(`Expected a property name but found ${c.describe()}.`);
            c.next();
            c.expectPunct(':');
            entries.push({ key: k.value, value: parseExpr(c) });
          } while (c.eatPunct(','));
        }
        c.expectPunct('}');
        return { kind: 'bag', entries, span: c.span(start) };
      }
      if (t.value === '*') {
        c.next();
        return { kind: 'star', span: t.span };
      }
      if (t.value === '$' ) c.fail(`Unexpected '$'.`);
      return c.fail(`Expected an expression but found ${c.describe()}.`);
    }
    case 'ident': {
      if (t.extra === 'quoted') {
        c.next();
        if (c.dynamicDepth > 0) return { kind: 'array', items: [{ kind: 'string', value: t.value, span: t.span }], span: t.span };
        return { kind: 'name', name: t.value, span: t.span };
      }
      const w = t.value;
      if ((w === '$left' || w === '$right') && c.isPunct('.', 1)) {
        c.next();
        c.next();
        const n = c.expectName('a column name');
        return { kind: 'side', side: w === '$left' ? 'left' : 'right', name: n.value, span: c.span(start) };
      }
      // the grammar's boolean literals: true/false, TRUE/FALSE, True/False
      const bool = BOOL_WORDS.get(w);
      if (bool !== undefined) {
        c.next();
        return { kind: 'bool', value: bool, span: t.span };
      }
      if (w === 'null' && c.dynamicDepth > 0) {
        c.next();
        return { kind: 'null', span: t.span };
      }
      if (w === 'dynamic' && c.isPunct('(', 1)) {
        c.next();
        c.next();
        if (c.isPunct(')')) {
          c.next();
          return { kind: 'null', span: c.span(start) };
        }
        const body = parseDynamicBody(c);
        c.expectPunct(')');
        return { kind: 'call', name: 'dynamic', nameSpan: t.span, args: [{ value: body }], span: c.span(start) };
      }
      if (w === 'typeof' && c.isPunct('(', 1) && c.peek(2).kind === 'ident' && c.isPunct(')', 3)) {
        c.next();
        c.next();
        const ty = c.next().value;
        c.next();
        return { kind: 'typeof', type: ty, span: c.span(start) };
      }
      c.next();
      if (c.isPunct(':') && c.peek().kind === 'string') {
        // search syntax Column:"term" means Column has "term"
        const opTok = c.next();
        const right = parseStrings(c);
        return { kind: 'binary', op: 'has', left: { kind: 'name', name: w, span: t.span }, right, span: c.span(start), opSpan: opTok.span };
      }
      if (c.isPunct('(') && !c.tok.spaceBefore) {
        const args = parseArgs(c);
        return { kind: 'call', name: w, nameSpan: t.span, args, span: c.span(start) };
      }
      if (c.isPunct('(') && c.tok.spaceBefore && !isKeywordLike(w)) {
        const args = parseArgs(c);
        return { kind: 'call', name: w, nameSpan: t.span, args, span: c.span(start) };
      }
      return { kind: 'name', name: w, span: t.span };
    }
    case 'eof':
      return c.fail('Unexpected end of the query: expected an expression.');
  }
}

/** Words that may be followed by a parenthesis without being a call. */
function isKeywordLike(w: string): boolean {
  return w === 'by' || w === 'on' || w === 'with' || w === 'and' || w === 'or' || w === 'kind' || w === 'in';
}

/** `Name = expr` or `expr`, or `(A, B) = expr`. */
export function parseNamedExpr(c: Cursor): NamedExpr {
  const start = c.tok.span.start;
  if (c.tok.kind === 'ident' && c.isPunct('=', 1)) {
    const n = c.next();
    c.next();
    const expr = parseExpr(c);
    return { name: n.value, nameSpan: n.span, expr, span: c.span(start) };
  }
  if (c.isPunct('(')) {
    // tuple assignment (a, b) = expr
    let k = 1;
    let ok = true;
    while (ok) {
      if (c.peek(k).kind !== 'ident') ok = false;
      else if (c.isPunct(',', k + 1)) k += 2;
      else if (c.isPunct(')', k + 1) && c.isPunct('=', k + 2)) break;
      else ok = false;
    }
    if (ok) {
      c.next();
      const names: string[] = [];
      do names.push(c.expectName().value);
      while (c.eatPunct(','));
      c.expectPunct(')');
      c.expectPunct('=');
      const expr = parseExpr(c);
      return { names, expr, span: c.span(start) };
    }
  }
  const expr = parseExpr(c);
  return { expr, span: c.span(start) };
}

export function parseNamedList(c: Cursor, stopWords: readonly string[] = []): NamedExpr[] {
  const items: NamedExpr[] = [];
  if (isListEnd(c, stopWords)) return items;
  do {
    if (isListEnd(c, stopWords)) break;
    items.push(parseNamedExpr(c));
  } while (c.eatPunct(','));
  return items;
}

function isListEnd(c: Cursor, stopWords: readonly string[]): boolean {
  return c.atEof() || c.isPunct('|') || c.isPunct(';') || c.isPunct(')') || stopWords.some((w) => c.isWord(w));
}

export type { Tabular };
