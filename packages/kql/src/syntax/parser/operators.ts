import type { Expr, NamedExpr, Operator, ParsePart, SortKey, Tabular } from '../ast.ts';
import type { Cursor } from './cursor.ts';
import { parseExpr, parseNamedExpr, parseNamedList, parseTabularOrExpr } from './expressions.ts';
import { parseOptions, parseSearchBody, parseSource, parseUnionLegs, skipToPipe } from './tabular.ts';

/** Operators we recognise but do not compile; they become `unsupported-operator`. */
const KNOWN_UNSUPPORTED = new Set([
 'make-graph', 'graph-match', 'graph-merge', 'graph-to-table', 'reduce', 'fork', 'facet',
  'find', 'lookup-x', 'sample-distinct', 'consume', 'externaldata', 'macro-expand', 'graph-shortest-paths',
]);

export function parseOperator(c: Cursor): Operator {
  const start = c.tok.span.start;
  const w = c.readCompoundWord(['-']);
  if (!w) return c.fail(`Expected a tabular operator after '|' but found ${c.describe()}.`);
  const span = () => c.span(start);
  switch (w.word) {
    case 'where':
    case 'filter':
      return { kind: 'where', predicate: parseExpr(c), span: span() };
    case 'extend':
      return { kind: 'extend', items: parseNamedList(c), span: span() };
    case 'project':
      return { kind: 'project', items: parseNamedList(c), span: span() };
    case 'project-away':
    case 'project-keep':
      return { kind: w.word, patterns: parseNamePatterns(c), span: span() };
    case 'project-rename': {
      const items: { name: string; from: string; span: { start: number; end: number } }[] = [];
      do {
        const s = c.tok.span.start;
        const n = c.expectName('a new column name');
        c.expectPunct('=');
        const f = c.expectName('a column name');
        items.push({ name: n.value, from: f.value, span: c.span(s) });
      } while (c.eatPunct(','));
      return { kind: 'project-rename', items, span: span() };
    }
    case 'project-reorder': {
      const items: { name: string; order?: string; span: { start: number; end: number } }[] = [];
      for (const p of parseNamePatterns(c, true)) items.push(p);
      return { kind: 'project-reorder', items, span: span() };
    }
    case 'summarize': {
      const options = parseOptions(c, []);
      const aggs = parseNamedList(c, ['by']);
      let by: NamedExpr[] = [];
      if (c.eatWord('by')) by = parseNamedList(c);
      return { kind: 'summarize', aggs, by, options, span: span() };
    }
    case 'distinct': {
      if (c.isPunct('*')) {
        c.next();
        return { kind: 'distinct', items: [], star: true, span: span() };
      }
      return { kind: 'distinct', items: parseNamedList(c), star: false, span: span() };
    }
    case 'sort':
    case 'order': {
      parseOptions(c, []);
      c.expectWord('by');
      return { kind: 'sort', keys: parseSortKeys(c), span: span() };
    }
    case 'top': {
      const count = parseExpr(c);
      c.expectWord('by');
      return { kind: 'top', count, keys: parseSortKeys(c), span: span() };
    }
    case 'take':
    case 'limit':
      parseOptions(c, []);
      return { kind: 'take', count: parseExpr(c), span: span() };
    case 'count':
      return { kind: 'count', span: span() };
    case 'join':
    case 'lookup': {
      const options = parseOptions(c, ['kind', 'withsource']);
      const right = parseRightSide(c);
      const on: Expr[] = [];
      if (c.eatWord('on')) {
        do on.push(parseExpr(c));
        while (c.eatPunct(','));
      } else if (c.isWord('where')) c.fail("join ... where is not supported; use 'on'.");
      return { kind: w.word, options, right, on, span: span() };
    }
    case 'union': {
      const options = parseOptions(c, ['kind', 'withsource', 'isfuzzy']);
      return { kind: 'union', options, legs: parseUnionLegs(c), span: span() };
    }
    case 'mv-expand':
    case 'mvexpand': {
      const options = parseOptions(c, ['kind', 'with_itemindex', 'bagexpansion']);
      const items = parseExpandItems(c);
      let limit: Expr | undefined;
      if (c.eatWord('limit')) limit = parseExpr(c);
      const op: Operator = { kind: 'mv-expand', options, items, span: span() };
      if (limit) op.limit = limit;
      if (w.word === 'mvexpand' && !limit) op.limit = { kind: 'number', text: '128', real: false, span: w.span };
      return op;
    }
    case 'partition': {
      const options = parseOptions(c, []);
      c.expectWord('by');
      const key = c.expectName('the partition key column');
      if (c.eatPunct('{')) {
        const inner = parseTabularOrExpr(c);
        c.expectPunct('}');
        const subquery: Tabular =
          inner.kind === 'tabular' ? inner.tabular
          : inner.kind === 'name' ? { source: { kind: 'table', name: inner.name, span: inner.span }, ops: [], span: inner.span }
          : inner.kind === 'call' ? { source: { kind: 'call', call: inner, span: inner.span }, ops: [], span: inner.span }
          : c.fail('Expected a tabular expression inside partition { }.', inner.span);
        return { kind: 'partition', options, by: key.value, bySpan: key.span, subquery, span: span() };
      }
      c.expectPunct('(');
      const body: Operator[] = [];
      if (!c.isPunct(')')) {
        c.eatPunct('|');
        body.push(parseOperator(c));
        while (c.eatPunct('|')) body.push(parseOperator(c));
      }
      c.expectPunct(')');
      return { kind: 'partition', options, by: key.value, bySpan: key.span, body, span: span() };
    }
    case 'mv-apply': {
      const options = parseOptions(c, ['kind', 'with_itemindex']);
      const items = parseExpandItems(c);
      c.expectWord('on');
      c.expectPunct('(');
      const body: Operator[] = [];
      if (!c.isPunct(')')) {
        c.eatPunct('|');
        body.push(parseOperator(c));
        while (c.eatPunct('|')) body.push(parseOperator(c));
      }
      c.expectPunct(')');
      return { kind: 'mv-apply', options, items, body, span: span() };
    }
    case 'parse':
    case 'parse-where': {
      const options = parseOptions(c, ['kind', 'flags']);
      const source = parseExpr(c);
      c.expectWord('with');
      const pattern = parseParsePattern(c);
      return { kind: 'parse', where: w.word === 'parse-where', options, source, pattern, span: span() };
    }
    case 'make-series':
      return parseMakeSeries(c, start);
    case 'parse-kv': {
      const source = parseExpr(c);
      c.expectWord('as');
      c.expectPunct('(');
      const columns: { name: string; type: string; span: { start: number; end: number } }[] = [];
      while (!c.isPunct(')') && !c.atEof()) {
        const n = c.expectName('a column name');
        let type = 'string';
        if (c.eatPunct(':')) type = c.expectName('a type').value;
        columns.push({ name: n.value, type, span: n.span });
        c.eatPunct(',');
      }
      c.expectPunct(')');
      const options: Record<string, string> = {};
      if (c.eatWord('with')) {
        c.expectPunct('(');
        while (!c.isPunct(')') && !c.atEof()) {
          const k = c.expectName('an option').value;
          c.expectPunct('=');
          options[k] = c.next().value;
          c.eatPunct(',');
        }
        c.expectPunct(')');
      }
      return { kind: 'parse-kv', source, columns, options, span: span() };
    }
    case 'project-by-names': {
      const items: Expr[] = [];
      do items.push(parseExpr(c));
      while (c.eatPunct(','));
      return { kind: 'project-by-names', items, span: span() };
    }
    case 'render': {
      const viz = c.expectName('a visualization').value;
      const properties: Record<string, unknown> = {};
      if (c.eatWord('with')) {
        c.expectPunct('(');
        while (!c.isPunct(')') && !c.atEof()) {
          const k = c.expectName('a property').value;
          c.expectPunct('=');
          properties[k] = readRenderValue(c);
          c.eatPunct(',');
        }
        c.expectPunct(')');
      }
      // legacy `render timechart kind=...` and other trailing words
      while (c.tok.kind === 'ident' && c.isPunct('=', 1)) {
        const k = c.next().value;
        c.next();
        properties[k] = readRenderValue(c);
      }
      return { kind: 'render', visualization: viz, properties, span: span() };
    }
    case 'evaluate': {
      const options = parseOptions(c, []);
      const call = parseExpr(c);
      const op: Operator = { kind: 'evaluate', call, options, span: span() };
      if (c.eatPunct(':')) {
        // output schema: : (*, Name:type, ...)
        c.expectPunct('(');
        const schema = { star: false, columns: [] as { name: string; type: string; span: { start: number; end: number } }[] };
        while (!c.isPunct(')') && !c.atEof()) {
          if (c.eatPunct('*')) schema.star = true;
          else {
            const n = c.expectName('a column name');
            c.expectPunct(':');
            const t = c.expectName('a type');
            schema.columns.push({ name: n.value, type: t.value, span: n.span });
          }
          c.eatPunct(',');
        }
        c.expectPunct(')');
        op.schema = schema;
        op.span = span();
      }
      return op;
    }
    case 'invoke':
      return { kind: 'invoke', call: parseExpr(c), span: span() };
    case 'serialize':
      return { kind: 'serialize', items: parseNamedList(c), span: span() };
    case 'as': {
      parseOptions(c, ['hint.materialized']);
      const n = c.expectName('a name');
      return { kind: 'as', name: n.value, span: span() };
    }
    case 'search':
      return { kind: 'search', ...parseSearchBody(c), span: span() };
    case 'scan': {
      const opts = parseOptions(c, ['with_match_id']);
      const declare: { name: string; type: string; default?: Expr }[] = [];
      if (c.eatWord('declare')) {
        c.expectPunct('(');
        while (!c.isPunct(')') && !c.atEof()) {
          const n = c.expectName('a state name').value;
          c.expectPunct(':');
          const t = c.expectName('a type').value;
          const d: { name: string; type: string; default?: Expr } = { name: n, type: t };
          if (c.eatPunct('=')) d.default = parseExpr(c);
          declare.push(d);
          c.eatPunct(',');
        }
        c.expectPunct(')');
      }
      c.expectWord('with');
      c.expectPunct('(');
      const steps: Extract<Operator, { kind: 'scan' }>['steps'] = [];
      while (c.eatWord('step')) {
        const name = c.expectName('a step name').value;
        const step: Extract<Operator, { kind: 'scan' }>['steps'][number] = { name, condition: { kind: 'bool', value: true, span: c.tok.span }, assigns: [] };
        const o = parseOptions(c, ['output']);
        if (o.output) step.output = o.output.value;
        c.expectPunct(':');
        step.condition = parseExpr(c);
        if (c.eatPunct('=>')) {
          do {
            const n = c.expectName('a state name').value;
            c.expectPunct('=');
            step.assigns.push({ name: n, expr: parseExpr(c) });
          } while (c.eatPunct(','));
        }
        c.expectPunct(';');
        steps.push(step);
      }
      c.expectPunct(')');
      const op: Operator = { kind: 'scan', declare, steps, span: span() };
      if (opts.with_match_id) op.matchId = opts.with_match_id.value;
      return op;
    }
    case 'getschema':
      return { kind: 'getschema', span: span() };
    case 'sample':
      return { kind: 'sample', count: parseExpr(c), span: span() };
    case 'top-nested': {
      const levels: Extract<Operator, { kind: 'top-nested' }>['levels'] = [];
      c.pos -= 0;
      let first = true;
      do {
        if (!first) c.expectWord('top-nested') ;
        first = false;
        let count: Expr | undefined;
        if (!c.isWord('of')) count = parseExpr(c);
        c.expectWord('of');
        const of = parseNamedExpr(c);
        let others: Expr | undefined;
        if (c.eatWord('with')) {
          c.expectWord('others');
          c.expectPunct('=');
          others = parseExpr(c);
        }
        c.expectWord('by');
        const by = parseNamedExpr(c);
        let dir: 'asc' | 'desc' | undefined;
        if (c.eatWord('asc')) dir = 'asc';
        else if (c.eatWord('desc')) dir = 'desc';
        const level: (typeof levels)[number] = { of, by };
        if (count) level.count = count;
        if (others) level.others = others;
        if (dir) level.dir = dir;
        levels.push(level);
        if (!c.isPunct(',')) break;
        c.next();
        // next level repeats the operator name
        const again = c.readCompoundWord(['-']);
        if (again?.word !== 'top-nested') c.fail("Expected 'top-nested'.");
        first = true;
      } while (!c.atEof());
      return { kind: 'top-nested', levels, span: span() };
    }
    default: {
      skipToPipe(c);
      if (!KNOWN_UNSUPPORTED.has(w.word) && !/^[a-z][a-z-]*$/.test(w.word)) {
        c.diags.error('syntax-error', `'${w.word}' is not a tabular operator.`, w.span);
        return { kind: 'unsupported', name: '', span: span() };
      }
      return { kind: 'unsupported', name: w.word, span: span() };
    }
  }
}

function readRenderValue(c: Cursor): unknown {
  if (c.isPunct('(')) {
    c.next();
    const vals: unknown[] = [];
    while (!c.isPunct(')') && !c.atEof()) {
      vals.push(readRenderValue(c));
      c.eatPunct(',');
    }
    c.expectPunct(')');
    return vals;
  }
  const t = c.next();
  if (t.kind === 'int' || t.kind === 'real') return Number(t.value);
  if (t.kind === 'ident' && /^(?:true|false|TRUE|FALSE|True|False)$/.test(t.value)) return t.value.toLowerCase() === 'true';
  if (t.kind === 'ident') {
    let v = t.value;
    while (c.isPunct('-') && !c.tok.spaceBefore && c.peek().kind === 'ident') {
      c.next();
      v += '-' + c.next().value;
    }
    return v;
  }
  return t.value;
}

function parseRightSide(c: Cursor) {
  const start = c.tok.span.start;
  if (c.isPunct('(')) {
    c.next();
    const inner = parseTabularOrExpr(c);
    c.expectPunct(')');
    if (inner.kind === 'tabular') return inner.tabular;
    if (inner.kind === 'name') return { source: { kind: 'table' as const, name: inner.name, span: inner.span }, ops: [], span: c.span(start) };
    if (inner.kind === 'call') return { source: { kind: 'call' as const, call: inner, span: inner.span }, ops: [], span: c.span(start) };
    return c.fail('Expected a tabular expression.', inner.span);
  }
  const source = parseSource(c);
  return { source, ops: [], span: c.span(start) };
}

function parseNamePatterns(c: Cursor, withOrder = false): { name: string; order?: string; span: { start: number; end: number } }[] {
  const out: { name: string; order?: string; span: { start: number; end: number } }[] = [];
  do {
    const s = c.tok.span.start;
    let name = '';
    // a name with optional * wildcards: Foo*, *Id, Device*Events, *1 (digits right after a wildcard lex as a number)
    for (;;) {
      const t = c.tok;
      const digits = name !== '' && !t.spaceBefore && (t.kind === 'int' || t.kind === 'timespan') && /^[0-9A-Za-z_]+$/.test(c.text.slice(t.span.start, t.span.end));
      if (!(t.kind === 'ident' || c.isPunct('*') || digits)) break;
      if (name !== '' && t.spaceBefore) break;
      c.next();
      name += digits ? c.text.slice(t.span.start, t.span.end) : t.value;
    }
    if (name === '') c.fail(`Expected a column name but found ${c.describe()}.`);
    const item: { name: string; order?: string; span: { start: number; end: number } } = { name, span: c.span(s) };
    if (withOrder) {
      const o = c.tok;
      if (o.kind === 'ident' && ['asc', 'desc', 'granny-asc', 'granny-desc'].includes(o.value)) {
        const cw = c.readCompoundWord(['-']);
        if (cw) item.order = cw.word;
      }
    }
    out.push(item);
  } while (c.eatPunct(','));
  return out;
}

function parseSortKeys(c: Cursor): SortKey[] {
  const keys: SortKey[] = [];
  do {
    const expr = parseExpr(c);
    const k: SortKey = { expr };
    if (c.eatWord('asc')) k.dir = 'asc';
    else if (c.eatWord('desc')) k.dir = 'desc';
    if (c.eatWord('nulls')) {
      if (c.eatWord('first')) k.nulls = 'first';
      else {
        c.expectWord('last');
        k.nulls = 'last';
      }
    }
    keys.push(k);
  } while (c.eatPunct(','));
  return keys;
}

function parseExpandItems(c: Cursor): { name?: string; expr: Expr; toType?: string; span: { start: number; end: number } }[] {
  const items: { name?: string; expr: Expr; toType?: string; span: { start: number; end: number } }[] = [];
  do {
    const s = c.tok.span.start;
    const ne = parseNamedExpr(c);
    const item: { name?: string; expr: Expr; toType?: string; span: { start: number; end: number } } = { expr: ne.expr, span: ne.span };
    if (ne.name !== undefined) item.name = ne.name;
    if (c.eatWord('to')) {
      c.expectWord('typeof');
      c.expectPunct('(');
      item.toType = c.expectName('a type').value;
      c.expectPunct(')');
    }
    item.span = c.span(s);
    items.push(item);
  } while (c.eatPunct(','));
  return items;
}

function parseParsePattern(c: Cursor): ParsePart[] {
  const parts: ParsePart[] = [];
  for (;;) {
    const t = c.tok;
    if (t.kind === 'string') {
      let text = c.next().value;
      while (c.tok.kind === 'string' && !c.tok.spaceBefore) text += c.next().value;
      parts.push({ kind: 'literal', text });
    } else if (c.isPunct('*')) {
      c.next();
      parts.push({ kind: 'star' });
    } else if (t.kind === 'ident' && !(t.value === 'with' || t.value === 'by')) {
      const n = c.next().value;
      const part: ParsePart = { kind: 'column', name: n };
      if (c.isPunct(':')) {
        c.next();
        part.type = c.expectName('a type').value;
      }
      parts.push(part);
    } else break;
    c.eatPunct(',');
  }
  if (parts.length === 0) c.fail('Expected a parse pattern.');
  return parts;
}

function parseMakeSeries(c: Cursor, start: number): Operator {
  const options = parseOptions(c, ['kind']);
  const aggs: (NamedExpr & { default?: Expr })[] = [];
  do {
    const ne: NamedExpr & { default?: Expr } = parseNamedExpr(c);
    if (c.eatWord('default')) {
      c.expectPunct('=');
      ne.default = parseExpr(c);
    }
    aggs.push(ne);
  } while (c.eatPunct(','));
  c.expectWord('on');
  // `on Axis in range(...)`: the axis is a column name, and `in` starts the range (not the `in` operator)
  let on: Expr;
  if (c.tok.kind === 'ident' && c.isWord('in', 1) && c.isWord('range', 2)) {
    const t = c.next();
    on = { kind: 'name', name: t.value, span: t.span };
  } else on = parseExpr(c);
  let from: Expr | undefined;
  let to: Expr | undefined;
  let step: Expr | undefined;
  if (c.eatWord('in')) {
    // on Axis in range(start, stop, step)
    const r = parseExpr(c);
    if (r.kind !== 'call' || r.name !== 'range' || r.args.length !== 3) c.fail('Expected range(start, stop, step).', r.span);
    from = r.args[0]?.value;
    to = r.args[1]?.value;
    step = r.args[2]?.value;
  } else {
    if (c.eatWord('from')) from = parseExpr(c);
    if (c.eatWord('to')) to = parseExpr(c);
    c.expectWord('step');
    step = parseExpr(c);
  }
  let by: NamedExpr[] = [];
  if (c.eatWord('by')) by = parseNamedList(c);
  if (!step) return c.fail('make-series needs a step.');
  const op: Operator = { kind: 'make-series', options, aggs, on, step, by, span: c.span(start) };
  if (from) op.from = from;
  if (to) op.to = to;
  return op;
}
