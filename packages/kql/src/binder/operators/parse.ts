/** parse / parse-where: a pattern of literals, `*` and typed columns, compiled to one regular expression. */
import { countGroups, kustoRegex, regexEscape } from '../../functions/helpers.ts';
import type { NamedScalar, Relation, ScalarExpr } from '../../ir/ir.ts';
import type { Operator } from '../../syntax/ast.ts';
import type { KustoType } from '../../types.ts';
import type { Binder } from '../binder.ts';
import { bindExpr, call, lit } from '../expressions.ts';
import { typeFromName } from '../literals.ts';
import type { Bound, Env } from '../scope.ts';
import { colRef, keepOrder, rowScope } from './columns.ts';

export function bindParse(b: Binder, input: Bound, op: Extract<Operator, { kind: 'parse' }>, env: Env): Bound {
  const scope = rowScope(input, env);
  let src = bindExpr(b, op.source, scope);
  if (src.type !== 'string') src = call('tostring', [src], 'string');
  const kind = op.options.kind?.value ?? 'simple';
  const flags = op.options.flags?.value ?? '';
  // kind=regex follows the documented examples: columns are greedy (flags=U swaps that), literals are regexes
  const lazy = kind !== 'regex';
  let re = '';
  let group = 0;
  const cols: { name: string; type: KustoType; group: number }[] = [];
  op.pattern.forEach((p, i) => {
    const last = i === op.pattern.length - 1;
    switch (p.kind) {
      case 'literal':
        if (kind === 'regex') {
          re += kustoRegex(p.text);
          group += countGroups(kustoRegex(p.text));
        } else re += regexEscape(p.text);
        break;
      case 'star':
        re += last ? '.*' : lazy ? '.*?' : '.*';
        break;
      case 'column': {
        const t = p.type ? typeFromName(p.type) : 'string';
        if (!t) b.diags.error('invalid-literal', `Unknown type '${p.type ?? ''}'.`, op.span);
        const type = t ?? 'string';
        group++;
        cols.push({ name: p.name, type, group });
        const body = type === 'long' || type === 'int' ? '-?\\d+' : type === 'real' ? '-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?' : last ? '.*' : lazy ? '.*?' : '.*';
        re += `(${body})`;
        break;
      }
    }
  });
  const anchored = kind === 'regex' ? re : `^${re}${op.pattern[op.pattern.length - 1]?.kind === 'column' ? '$' : ''}`;
  let pattern = anchored;
  const reFlags = flags.replace(/[^imsU]/g, '');
  if (kind === 'regex' && reFlags) pattern = `(?${reFlags})${pattern}`;
  if (kind !== 'regex') pattern = `(?s)${pattern}`;
  const reLit = lit(pattern, 'string');
  const matched = call('matches regex', [src, reLit], 'bool');
  let base: Relation = input.rel;
  const values = cols.map((c) => {
    const raw: ScalarExpr = call('__regex_group', [src, reLit, lit(c.group, 'long')], 'string');
    return c.type === 'string' ? raw : call('__convert_nonempty', [raw, { kind: 'type-arg', value: c.type, type: c.type }], c.type);
  });
  // simple (and regex) kinds: the row matches only if every typed column converts; relaxed keeps the others
  const typedOk = cols.map((c, i) => (c.type === 'string' ? undefined : call('isnotnull', [values[i] as ScalarExpr], 'bool'))).filter((x): x is ScalarExpr => x !== undefined);
  const ok = kind === 'relaxed' ? matched : typedOk.reduce((x, y) => call('and', [x, y], 'bool'), matched);
  if (op.where) base = { kind: 'filter', input: input.rel, predicate: ok, columns: input.rel.columns };
  const items: NamedScalar[] = input.rel.columns.filter((c) => !cols.some((x) => x.name === c.name)).map((c) => ({ name: c.name, expr: colRef(c) }));
  cols.forEach((c, i) => {
    const v = values[i] as ScalarExpr;
    const expr: ScalarExpr = op.where || kind === 'relaxed' || typedOk.length === 0 ? v : call('iff', [ok, v, lit(null, c.type)], c.type);
    const at = items.findIndex((x) => x.name === c.name);
    if (at >= 0) items[at] = { name: c.name, expr };
    else items.push({ name: c.name, expr });
  });
  const rel: Relation = { kind: 'project', input: base, items, columns: items.map((i) => ({ name: i.name, type: i.expr.type })) };
  return keepOrder(input, rel, (n) => !cols.some((c) => c.name === n));
}

/** A regex-safe character class body for a set of delimiter characters. */
function cls(chars: string): string {
  return chars.replace(/[\\\]^-]/g, '\\$&');
}

/**
 * parse-kv: each listed key is found by one regular expression. Values stop at the pair delimiter (or, with
 * greedy=true, at the next `key<kv_delimiter>`), may be quoted, and are trimmed; then converted to the type.
 */
export function bindParseKv(b: Binder, input: Bound, op: Extract<Operator, { kind: 'parse-kv' }>, env: Env): Bound {
  const scope = rowScope(input, env);
  let src = bindExpr(b, op.source, scope);
  if (src.type !== 'string') src = call('tostring', [src], 'string');
  const o = op.options;
  const items: NamedScalar[] = input.rel.columns.map((c) => ({ name: c.name, expr: colRef(c) }));
  const put = (name: string, expr: ScalarExpr): void => {
    const at = items.findIndex((x) => x.name === name);
    if (at >= 0) items[at] = { name, expr };
    else items.push({ name, expr });
  };
  const convert = (raw: ScalarExpr, t: KustoType): ScalarExpr => (t === 'string' ? raw : call('__convert_nonempty', [raw, { kind: 'type-arg', value: t, type: t }], t));
  if (o.regex !== undefined) {
    // regex=...: group 1 is the key, group 2 the value
    for (const c of op.columns) {
      const t = typeFromName(c.type) ?? 'string';
      put(c.name, convert(call('__kv_regex', [src, lit(kustoRegex(o.regex), 'string'), lit(c.name, 'string')], 'string'), t));
    }
  } else {
    const pair = o.pair_delimiter ?? ',;';
    const kv = o.kv_delimiter ?? ':=';
    const quote = o.quote ?? '';
    const open = quote[0] ?? '';
    const close = quote.length > 1 ? (quote[1] ?? '') : open;
    const greedy = (o.greedy ?? 'false').toLowerCase() === 'true';
    const escape = o.escape ?? '';
    for (const c of op.columns) {
      const t = typeFromName(c.type) ?? 'string';
      const k = regexEscape(c.name);
      const keyPat = open ? `(?:${k}|${regexEscape(open)}${k}${regexEscape(close)})` : k;
      const quoted = open ? (escape ? `${regexEscape(open)}((?:[^${cls(close + escape)}]|${regexEscape(escape)}.)*)${regexEscape(close)}` : `${regexEscape(open)}([^${cls(close)}]*)${regexEscape(close)}`) : '';
      const plain = greedy ? `(.*?)(?:[${cls(pair)}][^${cls(pair + kv)}]+[${cls(kv)}]|$)` : `([^${cls(pair)}]*)`;
      const re = `(?:^|[${cls(pair)}\\s])\\s*${keyPat}\\s*[${cls(kv)}]\\s*(?:${quoted ? `${quoted}|` : ''}${plain})`;
      const reLit = lit(re, 'string');
      let raw: ScalarExpr = quoted ? call('__kv_value', [src, reLit, lit(escape, 'string')], 'string') : call('__regex_group', [src, reLit, lit(1, 'long')], 'string');
      raw = call('__trim_ws', [raw], 'string');
      put(c.name, convert(raw, t));
    }
  }
  return keepOrder(input, { kind: 'project', input: input.rel, items, columns: items.map((i) => ({ name: i.name, type: i.expr.type })) }, (n) => !op.columns.some((c) => c.name === n));
}
