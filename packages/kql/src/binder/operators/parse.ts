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
  if (op.where) base = { kind: 'filter', input: base, predicate: matched, columns: base.columns };
  const items: NamedScalar[] = input.rel.columns.filter((c) => !cols.some((x) => x.name === c.name)).map((c) => ({ name: c.name, expr: colRef(c) }));
  cols.forEach((c) => {
    const raw: ScalarExpr = call('__regex_group', [src, reLit, lit(c.group, 'long')], 'string');
    const expr: ScalarExpr = c.type === 'string' ? raw : call('__convert_nonempty', [raw, { kind: 'type-arg', value: c.type, type: c.type }], c.type);
    const at = items.findIndex((x) => x.name === c.name);
    if (at >= 0) items[at] = { name: c.name, expr };
    else items.push({ name: c.name, expr });
  });
  const rel: Relation = { kind: 'project', input: base, items, columns: items.map((i) => ({ name: i.name, type: i.expr.type })) };
  return keepOrder(input, rel, (n) => !cols.some((c) => c.name === n));
}
