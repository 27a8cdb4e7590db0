/**
 * IPv6 functions. Addresses are parsed into a 128-bit UHUGEINT with a prefix length; IPv4 addresses are
 * compared as IPv4-mapped IPv6 (::ffff:a.b.c.d), so an IPv4 /24 is a 120-bit IPv6 prefix (Kusto docs,
 * ipv6-compare / ipv6-is-match). Anything that does not parse gives null.
 */
import type { SqlArg } from '../dialect/dialect.ts';
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg, long, str } from './helpers.ts';
import { fn, type EmitContext, type FunctionDef } from './registry.ts';

const V4_MAPPED = '281470681743360'; // 0xffff << 32

/** SQL struct {n: UHUGEINT, bits: INTEGER} for an IPv6 or IPv4 address text with optional /prefix; NULL if invalid. */
export function parseIpv6Sql(text: string): string {
  const v4 = letIn(`list_transform(string_split(_s.a, '.'), _o -> CAST(_o AS INTEGER))`, '_o', `CASE WHEN list_max(_o) > 255 OR coalesce(TRY_CAST(nullif(_s.p, '') AS INTEGER), 32) > 32 THEN NULL ELSE {'n': CAST(${V4_MAPPED} AS UHUGEINT) + CAST(_o[1] AS UHUGEINT) * 16777216 + CAST(_o[2] AS UHUGEINT) * 65536 + CAST(_o[3] AS UHUGEINT) * 256 + CAST(_o[4] AS UHUGEINT), 'bits': 96 + coalesce(TRY_CAST(nullif(_s.p, '') AS INTEGER), 32)} END`);
  // an embedded dotted IPv4 tail becomes two hex groups
  const tail = letIn(`regexp_extract(_s.a, '^(.*:)(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$', ['h', 'a', 'b', 'c', 'd'])`, '_t', `CASE WHEN _t.h <> '' THEN (CASE WHEN greatest(CAST(_t.a AS INTEGER), CAST(_t.b AS INTEGER), CAST(_t.c AS INTEGER), CAST(_t.d AS INTEGER)) > 255 THEN NULL ELSE _t.h || printf('%x:%x', CAST(_t.a AS INTEGER) * 256 + CAST(_t.b AS INTEGER), CAST(_t.c AS INTEGER) * 256 + CAST(_t.d AS INTEGER)) END) ELSE _s.a END`);
  const left = `(CASE WHEN _d[1] = '' THEN []::VARCHAR[] ELSE string_split(_d[1], ':') END)`;
  const right = `(CASE WHEN len(_d) = 2 AND _d[2] <> '' THEN string_split(_d[2], ':') ELSE []::VARCHAR[] END)`;
  const groups = `(CASE WHEN len(_d) = 1 THEN ${left} WHEN len(${left}) + len(${right}) <= 7 THEN list_concat(${left}, list_transform(range(0, 8 - len(${left}) - len(${right})), _z -> '0'), ${right}) END)`;
  const v6 = letIn(tail, '_x', letIn(`string_split(_x, '::')`, '_d', letIn(groups, '_g', `CASE WHEN len(_d) > 2 OR _g IS NULL OR len(_g) <> 8 OR NOT list_bool_and(list_transform(_g, _h -> regexp_matches(_h, '^[0-9A-Fa-f]{1,4}$'))) OR coalesce(TRY_CAST(nullif(_s.p, '') AS INTEGER), 128) > 128 THEN NULL ELSE {'n': list_reduce(list_transform(_g, _h -> CAST(CAST(('0x' || _h) AS INTEGER) AS UHUGEINT)), (_acc, _h) -> _acc * 65536 + _h), 'bits': coalesce(TRY_CAST(nullif(_s.p, '') AS INTEGER), 128)} END`)));
  return letIn(`regexp_extract(trim(${text}), '^([^/]+)(?:/(\\d{1,3}))?$', ['a', 'p'])`, '_s', `CASE WHEN _s.a IS NULL OR _s.a = '' THEN NULL WHEN regexp_matches(_s.a, '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$') THEN ${v4} WHEN contains(_s.a, ':') THEN ${v6} END`);
}

/** The network part of a 128-bit address: the top `bits` bits, as a number. */
function top(n: string, bits: string): string {
  return `(CASE WHEN ${bits} <= 0 THEN CAST(0 AS UHUGEINT) WHEN ${bits} >= 128 THEN ${n} ELSE ${n} >> CAST(128 - ${bits} AS UHUGEINT) END)`;
}

function v6(ctx: EmitContext, a: SqlArg): string {
  return parseIpv6Sql(str(ctx, a));
}

/** Compares two addresses on min(prefix1, prefix2[, prefix]) bits: -1, 0, 1; null if either fails to parse. */
function compare(ctx: EmitContext, a: SqlArg[]): string {
  const limit = a[2] ? `, CAST(${long(ctx, arg(a, 2))} AS INTEGER)` : '';
  return letIn(`[${v6(ctx, arg(a, 0))}, ${v6(ctx, arg(a, 1))}]`, '_c', `CASE WHEN _c[1] IS NULL OR _c[2] IS NULL THEN NULL ELSE ${letIn(`least(_c[1].bits, _c[2].bits${limit})`, '_k', `CAST(CASE WHEN ${top('_c[1].n', '_k')} < ${top('_c[2].n', '_k')} THEN -1 WHEN ${top('_c[1].n', '_k')} > ${top('_c[2].n', '_k')} THEN 1 ELSE 0 END AS INTEGER)`)} END`);
}

/** The address with the host bits cleared, as eight 4-digit lowercase hex groups. */
function formatV6(parsed: string, extraBits?: string): string {
  return letIn(parsed, '_f', `CASE WHEN _f IS NULL THEN NULL ELSE ${letIn(`least(_f.bits${extraBits ? `, ${extraBits}` : ''})`, '_k', letIn(`CASE WHEN _k <= 0 THEN CAST(0 AS UHUGEINT) WHEN _k >= 128 THEN _f.n ELSE _f.n - _f.n % (CAST(1 AS UHUGEINT) << CAST(128 - _k AS UHUGEINT)) END`, '_m', `array_to_string(list_transform(range(0, 8), _i -> printf('%04x', CAST((_m >> CAST(16 * (7 - _i) AS UHUGEINT)) & 65535 AS INTEGER))), ':')`))} END`);
}

export const ipv6Functions: FunctionDef[] = [
  fn('parse_ipv6', 1, 'string', (a, ctx) => formatV6(v6(ctx, arg(a, 0)))),
  // the mask counts IPv6 bits, also for IPv4 addresses (which use the low 32 of 128)
  fn('parse_ipv6_mask', 2, 'string', (a, ctx) => formatV6(v6(ctx, arg(a, 0)), `CAST(${long(ctx, arg(a, 1))} AS INTEGER)`)),
  fn('ipv6_compare', [2, 3], 'int', (a, ctx) => compare(ctx, a)),
  fn('ipv6_is_match', [2, 3], 'bool', (a, ctx) => `(${compare(ctx, a)} = 0)`),
  fn('ipv6_is_in_range', 2, 'bool', (a, ctx) => letIn(`[${v6(ctx, arg(a, 0))}, ${v6(ctx, arg(a, 1))}]`, '_c', `CASE WHEN _c[1] IS NULL OR _c[2] IS NULL THEN NULL ELSE ${top('_c[1].n', '_c[2].bits')} = ${top('_c[2].n', '_c[2].bits')} END`)),
  fn('ipv6_is_in_any_range', [2, 1000], 'bool', (a, ctx) => {
    const x = arg(a, 0);
    const lists = a.slice(1).map((r) => (r.type === 'dynamic' ? `CAST(json_extract_string(${r.sql}, '$[*]') AS VARCHAR[])` : `[${str(ctx, r)}]`));
    return letIn(v6(ctx, x), '_a', `CASE WHEN _a IS NULL THEN NULL ELSE coalesce(list_bool_or(list_transform(flatten([${lists.join(', ')}]), _rr -> ${letIn(parseIpv6Sql('_rr'), '_b', `${top('_a.n', '_b.bits')} = ${top('_b.n', '_b.bits')}`)})), FALSE) END`);
  }),
];
