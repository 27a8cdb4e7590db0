/** IPv4 functions, over the dotted-quad string form. */
import { letIn } from '../dialect/duckdb/dialect.ts';
import type { SqlArg } from '../dialect/dialect.ts';
import { arg, long, str } from './helpers.ts';
import { fn, type EmitContext, type FunctionDef } from './registry.ts';

const QUAD = `'^\\s*(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?\\s*$'`;

/** The address (and optional /prefix) as a struct {n: BIGINT, bits: INTEGER}; NULL if it does not parse. */
function parsed(sqlText: string): string {
  return letIn(`regexp_extract(${sqlText}, ${QUAD}, ['a', 'b', 'c', 'd', 'p'])`, '_q', `CASE WHEN _q.a <> '' AND CAST(_q.a AS INTEGER) < 256 AND CAST(_q.b AS INTEGER) < 256 AND CAST(_q.c AS INTEGER) < 256 AND CAST(_q.d AS INTEGER) < 256 THEN {'n': CAST(_q.a AS BIGINT) * 16777216 + CAST(_q.b AS BIGINT) * 65536 + CAST(_q.c AS BIGINT) * 256 + CAST(_q.d AS BIGINT), 'bits': coalesce(TRY_CAST(nullif(_q.p, '') AS INTEGER), 32)} END`);
}

function ip(ctx: EmitContext, a: SqlArg): string {
  return parsed(str(ctx, a));
}

/** Network address of n with a prefix of `bits`. */
function masked(n: string, bits: string): string {
  return `(${n} // CAST(pow(2, 32 - ${bits}) AS BIGINT))`;
}

function inRange(ctx: EmitContext, addr: SqlArg, range: SqlArg, prefix?: SqlArg): string {
  return letIn(`[${ip(ctx, addr)}, ${ip(ctx, range)}]`, '_r', `CASE WHEN _r[1] IS NULL OR _r[2] IS NULL THEN NULL ELSE ${masked('_r[1].n', `least(_r[2].bits, _r[1].bits${prefix ? `, ${long(ctx, prefix)}` : ''})`)} = ${masked('_r[2].n', `least(_r[2].bits, _r[1].bits${prefix ? `, ${long(ctx, prefix)}` : ''})`)} END`);
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export const ipFunctions: FunctionDef[] = [
  fn('ipv4_is_private', 1, 'bool', (a, ctx) => letIn(ip(ctx, arg(a, 0)), '_p', `CASE WHEN _p IS NULL THEN NULL ELSE (${PRIVATE.map((r) => {
    const [base, bits] = r.split('/') as [string, string];
    const n = base.split('.').reduce((acc, x) => acc * 256 + Number(x), 0);
    return `_p.n // ${2 ** (32 - Number(bits))} = ${Math.floor(n / 2 ** (32 - Number(bits)))}`;
  }).join(' OR ')}) END`)),
  fn('ipv4_is_in_range', 2, 'bool', (a, ctx) => inRange(ctx, arg(a, 0), arg(a, 1))),
  fn('ipv4_is_match', [2, 3], 'bool', (a, ctx) => inRange(ctx, arg(a, 0), arg(a, 1), a[2])),
  fn('ipv4_compare', [2, 3], 'int', (a, ctx) => letIn(`[${ip(ctx, arg(a, 0))}, ${ip(ctx, arg(a, 1))}]`, '_r', `CASE WHEN _r[1] IS NULL OR _r[2] IS NULL THEN NULL ELSE sign(${masked('_r[1].n', `least(_r[1].bits, _r[2].bits${a[2] ? `, ${long(ctx, arg(a, 2))}` : ''})`)} - ${masked('_r[2].n', `least(_r[1].bits, _r[2].bits${a[2] ? `, ${long(ctx, arg(a, 2))}` : ''})`)}) END`)),
  fn('ipv4_is_in_any_range', [2, 1000], 'bool', (a, ctx) => {
    const x = arg(a, 0);
    const ranges = a.slice(1);
    const parts = ranges.map((r) => {
      if (r.type === 'dynamic') {
        return letIn(ip(ctx, x), '_a', `list_bool_or(list_transform(CAST(json_extract_string(${r.sql}, '$[*]') AS VARCHAR[]), _rr -> ${letIn(parsed('_rr'), '_b', `${masked('_a.n', '_b.bits')} = ${masked('_b.n', '_b.bits')}`)}))`);
      }
      return inRange(ctx, x, r);
    });
    return `coalesce(${parts.join(' OR ')}, FALSE)`;
  }),
  fn('parse_ipv4', 1, 'long', (a, ctx) => `(${ip(ctx, arg(a, 0))}).n`),
  fn('parse_ipv4_mask', 2, 'long', (a, ctx) => letIn(ip(ctx, arg(a, 0)), '_p', `${masked('_p.n', `least(_p.bits, ${long(ctx, arg(a, 1))})`)} * CAST(pow(2, 32 - least(_p.bits, ${long(ctx, arg(a, 1))})) AS BIGINT)`)),
  fn('ipv4_netmask_suffix', 1, 'int', (a, ctx) => `(${ip(ctx, arg(a, 0))}).bits`),
  fn('format_ipv4', [1, 2], 'string', (a, ctx) => {
    const x = arg(a, 0);
    const n = x.type === 'string' ? `(${ip(ctx, x)}).n` : long(ctx, x);
    return letIn(n, '_n', `CAST(_n // 16777216 % 256 AS VARCHAR) || '.' || CAST(_n // 65536 % 256 AS VARCHAR) || '.' || CAST(_n // 256 % 256 AS VARCHAR) || '.' || CAST(_n % 256 AS VARCHAR)`);
  }),
  fn('has_ipv4', 2, 'bool', (a, ctx) => ipSearch(ctx, arg(a, 0), [arg(a, 1)], false)),
  fn('has_ipv4_prefix', 2, 'bool', (a, ctx) => ipSearch(ctx, arg(a, 0), [arg(a, 1)], true)),
  fn('has_any_ipv4', [2, 1000], 'bool', (a, ctx) => ipSearch(ctx, arg(a, 0), a.slice(1), false)),
  fn('has_any_ipv4_prefix', [2, 1000], 'bool', (a, ctx) => ipSearch(ctx, arg(a, 0), a.slice(1), true)),
];

/**
 * has_ipv4 / has_ipv4_prefix: the text contains the address (or a prefix of one) delimited by non-address
 * characters. A prefix must be whole octets ending with a dot, or a complete address.
 */
function ipSearch(ctx: EmitContext, text: SqlArg, needles: SqlArg[], prefix: boolean): string {
  const h = str(ctx, text);
  const test = (x: string): string => {
    const whole = `regexp_matches(${h}, '(?:^|[^0-9.])' || regexp_escape(${x}) || '(?:$|[^0-9.])')`;
    if (!prefix) return whole;
    return `(CASE WHEN regexp_matches(${x}, '^(\\d{1,3}\\.){1,3}$') THEN regexp_matches(${h}, '(?:^|[^0-9.])' || regexp_escape(${x}) || '\\d') WHEN regexp_matches(${x}, '^(\\d{1,3}\\.){3}\\d{1,3}$') THEN ${whole} ELSE FALSE END)`;
  };
  const lists = needles.map((n) => (n.type === 'dynamic' ? `CAST(json_extract_string(${n.sql}, '$[*]') AS VARCHAR[])` : `[${str(ctx, n)}]`));
  return `coalesce(list_bool_or(list_transform(flatten([${lists.join(', ')}]), _ip -> ${test('_ip')})), FALSE)`;
}
