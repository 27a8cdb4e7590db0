/**
 * A small OData $filter parser for the Graph-compatible lists: comparisons (eq, ne, gt, ge, lt, le) of an
 * allowed property with a quoted string or a date-time, joined by and/or, with parentheses. Anything else is a
 * 400 that says what and where.
 */
import { badRequest } from '../http/errors.ts';

export type FilterOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterExpr = { kind: 'cmp'; property: string; op: FilterOp; value: string | null } | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr };

const ops = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

export function parseFilter(text: string, allowed: readonly string[]): FilterExpr {
  const tokens: { t: string; at: number }[] = [];
  const re = /\s*(?:(\()|(\))|'((?:[^']|'')*)'|([A-Za-z_][\w/]*)|(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)|(\S))/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    const at = m.index + (m[0].length - m[0].trimStart().length);
    if (m[6] !== undefined) throw badRequest(`$filter: unexpected "${m[6]}" at position ${at + 1}.`);
    tokens.push({ t: m[1] ?? m[2] ?? (m[3] !== undefined ? `'${m[3].replaceAll("''", "'")}` : (m[4] ?? `@${m[5] ?? ''}`)), at });
    if (text.slice(re.lastIndex).trim() === '') break;
  }
  let i = 0;
  const peek = (): string | undefined => tokens[i]?.t;
  const where = (): string => { const t = tokens[i]; return t ? `position ${t.at + 1}` : 'the end'; };
  const term = (): FilterExpr => {
    if (peek() === '(') {
      i++;
      const e = expr();
      if (peek() !== ')') throw badRequest(`$filter: expected ")" at ${where()}.`);
      i++;
      return e;
    }
    const prop = tokens[i];
    if (!prop || !/^[A-Za-z]/.test(prop.t)) throw badRequest(`$filter: expected a property at ${where()}.`);
    if (!allowed.includes(prop.t)) throw badRequest(`$filter: property "${prop.t}" at position ${prop.at + 1} cannot be filtered; use ${allowed.join(', ')}.`);
    i++;
    const op = peek();
    if (!op || !ops.has(op)) throw badRequest(`$filter: expected eq, ne, gt, ge, lt or le at ${where()}.`);
    i++;
    const lit = peek();
    let value: string | null;
    if (lit?.startsWith("'")) value = lit.slice(1);
    else if (lit?.startsWith('@')) value = lit.slice(1);
    else if (lit === 'null') value = null;
    else throw badRequest(`$filter: expected a quoted value, a date-time or null at ${where()}.`);
    i++;
    return { kind: 'cmp', property: prop.t, op: op as FilterOp, value };
  };
  const expr = (): FilterExpr => {
    let left = term();
    while (peek() === 'and' || peek() === 'or') {
      const kind = peek() as 'and' | 'or';
      i++;
      left = { kind, left, right: term() };
    }
    return left;
  };
  const e = expr();
  if (i < tokens.length) throw badRequest(`$filter: unexpected "${tokens[i]?.t ?? ''}" at ${where()}.`);
  return e;
}

/** $orderby "prop [asc|desc]" restricted to allowed properties. */
export function parseOrderBy(text: string | undefined, allowed: readonly string[], fallback: { property: string; desc: boolean }): { property: string; desc: boolean } {
  if (!text) return fallback;
  const m = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(text);
  if (!m?.[1] || !allowed.includes(m[1])) throw badRequest(`$orderby must be one of ${allowed.join(', ')}, optionally followed by asc or desc; got "${text}".`);
  return { property: m[1], desc: (m[2] ?? 'asc').toLowerCase() === 'desc' };
}
