import type { ColumnDecl, Expr, Operator, OptionMap, Source, Tabular } from '../ast.ts';
import { ParseError, type Cursor } from './cursor.ts';
import type { Expr as ExprNode } from '../ast.ts';
import { parseArgs, parseExpr, parseNamedList, parseTabularOrExpr } from './expressions.ts';
import { parseOperator } from './operators.ts';

const UNSUPPORTED_SOURCES = new Set(['find', 'evaluate', 'cluster', 'database']);

/** Whether the cursor is at a token that can only start a tabular expression. */
export function startsTabular(c: Cursor): boolean {
  const t = c.tok;
  if (t.kind !== 'ident' || t.extra === 'quoted') return false;
  switch (t.value) {
    case 'datatable':
      return c.isPunct('(', 1);
    case 'print':
      return true;
    case 'range':
      return c.peek().kind === 'ident' && c.isWord('from', 2);
    case 'union':
    case 'find':
    case 'search':
    case 'externaldata':
    case 'external_data':
      return true;
    default:
      return false;
  }
}

/**
 * Parses a tabular expression. If `head` is given it is an already parsed expression that starts it
 * (a name, a call, a parenthesised tabular expression).
 */
export function continueTabular(c: Cursor, head: Expr | undefined): Tabular {
  const start = head ? head.span.start : c.tok.span.start;
  const source = head ? sourceFromExpr(c, head) : parseSource(c);
  const ops: Operator[] = [];
  while (c.isPunct('|')) {
    c.next();
    const opStart = c.tok.span.start;
    try {
      ops.push(parseOperator(c));
    } catch (err: unknown) {
      if (!(err instanceof ParseError)) throw err;
      c.diags.error('syntax-error', err.message, err.span);
      skipToPipe(c);
      ops.push({ kind: 'unsupported', name: '', span: c.span(opStart) });
    }
  }
  return { source, ops, span: c.span(start) };
}

/** Skips to the next `|`, `;` or unbalanced `)` at this nesting depth. */
export function skipToPipe(c: Cursor): void {
  let depth = 0;
  while (!c.atEof()) {
    const t = c.tok;
    if (t.kind === 'punct') {
      if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
      else if (t.value === ')' || t.value === ']' || t.value === '}') {
        if (depth === 0) return;
        depth--;
      } else if ((t.value === '|' || t.value === ';') && depth === 0) return;
    }
    c.next();
  }
}

function sourceFromExpr(c: Cursor, e: Expr): Source {
  switch (e.kind) {
    case 'name':
      return { kind: 'table', name: e.name, span: e.span };
    case 'call':
      return { kind: 'call', call: e, span: e.span };
    case 'tabular':
      return { kind: 'paren', inner: e.tabular, span: e.span };
    case 'member':
    case 'index': {
      // a pattern invocation with a path: P("a").b or P("a").["b"]
      const path = e.kind === 'member' ? e.name : e.index.kind === 'string' ? e.index.value : undefined;
      if (e.target.kind === 'call' && path !== undefined) return { kind: 'call', call: e.target, path, span: e.span };
      return c.fail('Expected a table, a tabular function or a tabular expression before \'|\'.', e.span);
    }
    default:
      return c.fail('Expected a table, a tabular function or a tabular expression before \'|\'.', e.span);
  }
}

export function parseOptions(c: Cursor, names: readonly string[]): OptionMap {
  const opts: OptionMap = {};
  for (;;) {
    const t = c.tok;
    if (t.kind !== 'ident') return opts;
    // option names may be dotted (hint.strategy) and values hyphenated
    const save = c.pos;
    const w = c.readCompoundWord(['.']);
    if (!w || !c.isPunct('=') || !(names.includes(w.word) || w.word.startsWith('hint.'))) {
      c.pos = save;
      return opts;
    }
    c.next();
    const v = c.tok;
    if (v.kind === 'ident') {
      const vv = c.readCompoundWord(['-']);
      opts[w.word] = { value: vv?.word ?? '', span: w.span };
    } else if (v.kind === 'string' || v.kind === 'int' || v.kind === 'real') {
      c.next();
      opts[w.word] = { value: v.value, span: w.span };
    } else if (v.kind === 'typed') {
      c.next();
      opts[w.word] = { value: v.value, span: w.span };
    } else c.fail(`Expected a value for ${w.word}.`);
  }
}

function parseColumnDecls(c: Cursor): ColumnDecl[] {
  c.expectPunct('(');
  const cols: ColumnDecl[] = [];
  if (!c.isPunct(')')) {
    do {
      const n = c.expectName('a column name');
      c.expectPunct(':');
      const ty = c.expectName('a type');
      cols.push({ name: n.value, type: ty.value, span: c.span(n.span.start) });
    } while (c.eatPunct(','));
  }
  c.expectPunct(')');
  return cols;
}

export function parseUnionLegs(c: Cursor): Tabular[] {
  const legs: Tabular[] = [];
  do {
    const start = c.tok.span.start;
    if (c.isPunct('(')) {
      c.next();
      const inner = parseTabularOrExpr(c);
      c.expectPunct(')');
      if (inner.kind === 'tabular') legs.push(inner.tabular);
      else legs.push({ source: sourceFromExpr(c, inner), ops: [], span: c.span(start) });
    } else {
      // names may carry wildcards: Device*Events
      const t = c.expectName('a table name');
      let name = t.value;
      while ((c.isPunct('*') && !c.tok.spaceBefore) || (c.tok.kind === 'ident' && !c.tok.spaceBefore && name.endsWith('*'))) {
        name += c.next().value;
      }
      if (c.isPunct('(') && !name.includes('*')) {
        const args = parseArgs(c);
        const call = { kind: 'call' as const, name, nameSpan: t.span, args, span: c.span(start) };
        legs.push({ source: { kind: 'call', call, span: call.span }, ops: [], span: c.span(start) });
      } else legs.push({ source: { kind: 'table', name, span: c.span(start) }, ops: [], span: c.span(start) });
    }
  } while (c.eatPunct(','));
  return legs;
}

export function parseSource(c: Cursor): Source {
  const t = c.tok;
  const start = t.span.start;
  if (c.isPunct('(')) {
    c.next();
    const inner = parseTabularOrExpr(c);
    c.expectPunct(')');
    if (inner.kind === 'tabular') return { kind: 'paren', inner: inner.tabular, span: c.span(start) };
    return sourceFromExpr(c, inner);
  }
  if (t.kind !== 'ident') return c.fail(`Expected a table or tabular expression but found ${c.describe()}.`);
  switch (t.value) {
    case 'datatable': {
      c.next();
      const columns = parseColumnDecls(c);
      c.expectPunct('[');
      const values: Expr[] = [];
      if (!c.isPunct(']')) {
        do {
          if (c.isPunct(']')) break;
          values.push(parseExpr(c));
        } while (c.eatPunct(','));
      }
      c.expectPunct(']');
      return { kind: 'datatable', columns, values, span: c.span(start) };
    }
    case 'print': {
      c.next();
      const items = parseNamedList(c);
      return { kind: 'print', items, span: c.span(start) };
    }
    case 'range': {
      c.next();
      const n = c.expectName('a column name');
      c.expectWord('from');
      const from = parseExpr(c);
      c.expectWord('to');
      const to = parseExpr(c);
      c.expectWord('step');
      const step = parseExpr(c);
      return { kind: 'range', name: n.value, from, to, step, span: c.span(start) };
    }
    case 'union': {
      c.next();
      const options = parseOptions(c, ['kind', 'withsource', 'isfuzzy']);
      const legs = parseUnionLegs(c);
      return { kind: 'union', options, legs, span: c.span(start) };
    }
    case 'search': {
      c.next();
      const s = parseSearchBody(c);
      return { kind: 'search', ...s, span: c.span(start) };
    }
    case 'externaldata':
    case 'external_data': {
      c.next();
      const columns = parseColumnDecls(c);
      const urls: string[] = [];
      if (c.tok.kind === 'ident' && c.tok.extra === 'quoted') urls.push(c.next().value);
      else c.expectPunct('[');
      while (urls.length === 0 && !c.isPunct(']') && !c.atEof()) {
        const u = c.tok;
        if (u.kind !== 'string') c.fail(`Expected a URL string but found ${c.describe()}.`);
        let url = c.next().value;
        while (c.tok.kind === 'string') url += c.next().value;
        urls.push(url);
        c.eatPunct(',');
        if (c.isPunct(']')) break;
      }
      if (c.isPunct(']')) c.next();
      const properties: Record<string, string> = {};
      if (c.eatWord('with')) {
        c.expectPunct('(');
        while (!c.isPunct(')') && !c.atEof()) {
          const k = c.expectName('a property name').value;
          c.expectPunct('=');
          const v = c.next();
          properties[k.toLowerCase()] = v.value;
          c.eatPunct(',');
        }
        c.expectPunct(')');
      }
      return { kind: 'externaldata', columns, urls, properties, span: c.span(start) };
    }
    default: {
      if (UNSUPPORTED_SOURCES.has(t.value)) {
        c.next();
        skipToPipe(c);
        return { kind: 'unsupported', name: t.value, span: c.span(start) };
      }
      const e = parseExpr(c);
      return sourceFromExpr(c, e);
    }
  }
}

/** `[kind=case_sensitive] [in (T1, T2)] predicate` of search. */
export function parseSearchBody(c: Cursor): { tables?: string[]; predicate: ExprNode; caseSensitive: boolean } {
  const options = parseOptions(c, ['kind']);
  const out: { tables?: string[]; predicate: ExprNode; caseSensitive: boolean } = { predicate: { kind: 'bool', value: true, span: c.tok.span }, caseSensitive: options.kind?.value === 'case_sensitive' };
  if (c.isWord('in') && c.isPunct('(', 1)) {
    c.next();
    c.next();
    const tables: string[] = [];
    while (!c.isPunct(')') && !c.atEof()) {
      let name = c.expectName('a table name').value;
      while (c.isPunct('*') && !c.tok.spaceBefore) name += c.next().value + (c.tok.kind === 'ident' && !c.tok.spaceBefore ? c.next().value : '');
      tables.push(name);
      c.eatPunct(',');
    }
    c.expectPunct(')');
    out.tables = tables;
  }
  out.predicate = parseExpr(c);
  return out;
}
