import type { DiagnosticBag } from '../../diagnostics.ts';
import type { ColumnDecl, Expr, LambdaParam, PatternEntry, QueryAst, Statement } from '../ast.ts';
import { lex } from '../lexer.ts';
import { Cursor, ParseError } from './cursor.ts';
import { parseExpr, parseTabularOrExpr } from './expressions.ts';
import { continueTabular } from './tabular.ts';

/** Parses a whole query (several `;`-separated statements). Never throws. */
export function parseQuery(text: string, diags: DiagnosticBag): QueryAst {
  const tokens = lex(text, diags);
  const c = new Cursor(tokens, text, diags);
  return { statements: parseStatements(c, false) };
}

function parseStatements(c: Cursor, inBody: boolean): Statement[] {
  const statements: Statement[] = [];
  while (!c.atEof() && !(inBody && c.isPunct('}'))) {
    if (c.eatPunct(';')) continue;
    const start = c.tok.span.start;
    try {
      statements.push(parseStatement(c));
      // a missing ';' before a `let` on a new line is tolerated (queries in the wild rely on it)
      const newLineLet = c.isWord('let') && /\n/.test(c.text.slice(c.prevEnd, c.tok.span.start));
      if (!c.atEof() && !c.isPunct(';') && !(inBody && c.isPunct('}')) && !newLineLet) c.fail(`Unexpected ${c.describe()}; expected '|' or ';'.`);
    } catch (err: unknown) {
      if (!(err instanceof ParseError)) throw err;
      c.diags.error('syntax-error', err.message, err.span);
      // resynchronise at the next ';' (or the end of the function body)
      let depth = 0;
      while (!c.atEof()) {
        if (c.isPunct('{') || c.isPunct('(') || c.isPunct('[')) depth++;
        else if (c.isPunct('}') || c.isPunct(')') || c.isPunct(']')) {
          if (depth === 0 && inBody && c.isPunct('}')) break;
          depth = Math.max(0, depth - 1);
        } else if (c.isPunct(';') && depth === 0) break;
        c.next();
      }
      if (c.pos === 0 || c.tok.span.start === start) c.next();
    }
  }
  return statements;
}

function looksLikeLambda(c: Cursor): boolean {
  // (  )  {   or  ( name : ...
  if (!c.isPunct('(')) return false;
  if (c.isPunct(')', 1)) return c.isPunct('{', 2);
  return c.peek().kind === 'ident' && c.isPunct(':', 2);
}

function parseStatement(c: Cursor): Statement {
  const start = c.tok.span.start;
  if (c.isWord('let')) {
    c.next();
    const n = c.expectName('a name for let');
    c.expectPunct('=');
    const view = c.eatWord('view');
    if (looksLikeLambda(c)) {
      const params = parseParams(c);
      c.expectPunct('{');
      const body = parseStatements(c, true);
      c.expectPunct('}');
      return { kind: 'let-function', name: n.value, params, body, view, span: c.span(start), nameSpan: n.span };
    }
    const value = parseTabularOrExpr(c);
    if (value.kind === 'tabular') return { kind: 'let-tabular', name: n.value, value: value.tabular, materialize: false, span: c.span(start), nameSpan: n.span };
    return { kind: 'let', name: n.value, value, span: c.span(start), nameSpan: n.span };
  }
  if (c.isWord('set')) {
    while (!c.atEof() && !c.isPunct(';')) c.next();
    return { kind: 'set', span: c.span(start) };
  }
  if (c.isWord('declare') && c.isWord('query_parameters', 1)) {
    c.next();
    c.next();
    const params = parseParams(c);
    return { kind: 'declare', params, span: c.span(start) };
  }
  if (c.isWord('declare') && c.isWord('pattern', 1)) return parsePattern(c, start);
  if (c.isWord('alias') || (c.isWord('restrict') && c.isWord('access', 1)) || c.isWord('pattern')) {
    c.fail(`'${c.tok.value}' statements are not supported.`);
  }
  const e = parseTabularOrExpr(c);
  if (e.kind === 'tabular') return { kind: 'query', tabular: e.tabular, span: c.span(start) };
  if (e.kind === 'name') return { kind: 'query', tabular: continueTabular(withPos(c), e), span: c.span(start) };
  if (e.kind === 'call') return { kind: 'query', tabular: { source: { kind: 'call', call: e, span: e.span }, ops: [], span: e.span }, span: c.span(start) };
  // a pattern invocation with a path: P("a").b or P("a").["b"]
  if ((e.kind === 'member' || e.kind === 'index') && e.target.kind === 'call') return { kind: 'query', tabular: continueTabular(c, e), span: c.span(start) };
  return { kind: 'expr', expr: e, span: c.span(start) };
}

/** `declare pattern Name = (params) [pathParam] { (values).path = { tabular }; ... }` */
function parsePattern(c: Cursor, start: number): Statement {
  c.next();
  c.next();
  const n = c.expectName('a pattern name');
  if (!c.isPunct('=')) c.fail('A pattern without a definition (declare pattern P;) is not supported.');
  c.expectPunct('=');
  const params = parseParams(c);
  let pathParam: LambdaParam | undefined;
  if (c.eatPunct('[')) {
    const s = c.tok.span.start;
    const pn = c.expectName('a path parameter name');
    c.expectPunct(':');
    const type = c.expectName('a type').value;
    c.expectPunct(']');
    pathParam = { name: pn.value, type, span: c.span(s) };
  }
  c.expectPunct('{');
  const entries: PatternEntry[] = [];
  while (!c.isPunct('}') && !c.atEof()) {
    if (c.eatPunct(';')) continue;
    const es = c.tok.span.start;
    c.expectPunct('(');
    const args: Expr[] = [];
    if (!c.isPunct(')')) {
      do args.push(parseExpr(c));
      while (c.eatPunct(','));
    }
    c.expectPunct(')');
    let path: string | undefined;
    if (c.eatPunct('.')) {
      if (c.eatPunct('[')) {
        const v = parseExpr(c);
        if (v.kind !== 'string') c.fail('A pattern path is a string.');
        path = v.kind === 'string' ? v.value : '';
        c.expectPunct(']');
      } else path = c.expectName('a path value').value;
    }
    c.expectPunct('=');
    c.expectPunct('{');
    const body = parseTabularOrExpr(c);
    if (body.kind !== 'tabular') c.fail('A pattern maps to a tabular expression.');
    c.expectPunct('}');
    if (body.kind === 'tabular') entries.push({ args, ...(path !== undefined ? { path } : {}), body: body.tabular, span: c.span(es) });
  }
  c.expectPunct('}');
  const st: Statement = { kind: 'pattern', name: n.value, params, entries, span: c.span(start), nameSpan: n.span };
  if (pathParam) st.pathParam = pathParam;
  return st;
}

function withPos(c: Cursor): Cursor {
  return c;
}

function parseParams(c: Cursor): LambdaParam[] {
  c.expectPunct('(');
  const params: LambdaParam[] = [];
  if (!c.isPunct(')')) {
    do {
      const s = c.tok.span.start;
      const n = c.expectName('a parameter name');
      c.expectPunct(':');
      const p: LambdaParam = { name: n.value, span: n.span };
      if (c.isPunct('(')) {
        c.next();
        if (c.isPunct('*')) {
          c.next();
          p.anySchema = true;
          p.columns = [];
        } else {
          const cols: ColumnDecl[] = [];
          if (!c.isPunct(')')) {
            do {
              if (c.isPunct('*')) {
                c.next();
                p.anySchema = true;
                continue;
              }
              const cn = c.expectName('a column name');
              c.expectPunct(':');
              const ty = c.expectName('a type');
              cols.push({ name: cn.value, type: ty.value, span: cn.span });
            } while (c.eatPunct(','));
          }
          p.columns = cols;
        }
        c.expectPunct(')');
      } else {
        p.type = c.expectName('a type').value;
      }
      if (c.eatPunct('=')) p.default = parseExpr(c);
      p.span = c.span(s);
      params.push(p);
    } while (c.eatPunct(','));
  }
  c.expectPunct(')');
  return params;
}
