/** IPv4 netmask formatting and range-to-CIDR conversion. Unparseable input gives null (empty string). */
import type { SqlArg } from '../dialect/dialect.ts';
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg, long, str } from './helpers.ts';
import { fn, type EmitContext, type FunctionDef } from './registry.ts';

const QUAD = `'^\\s*(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?\\s*$'`;

/** {n: BIGINT, bits: INTEGER} of an IPv4 text or number (a number is the address itself); NULL if invalid. */
function ipv4(ctx: EmitContext, a: SqlArg): string {
  if (a.type === 'int' || a.type === 'long' || a.type === 'real') {
    return letIn(`CAST(${long(ctx, a)} AS BIGINT)`, '_nn', `CASE WHEN _nn BETWEEN 0 AND 4294967295 THEN {'n': _nn, 'bits': 32} END`);
  }
  return letIn(`regexp_extract(${str(ctx, a)}, ${QUAD}, ['a', 'b', 'c', 'd', 'p'])`, '_q', `CASE WHEN _q.a <> '' AND CAST(_q.a AS INTEGER) < 256 AND CAST(_q.b AS INTEGER) < 256 AND CAST(_q.c AS INTEGER) < 256 AND CAST(_q.d AS INTEGER) < 256 AND coalesce(TRY_CAST(nullif(_q.p, '') AS INTEGER), 32) <= 32 THEN {'n': CAST(_q.a AS BIGINT) * 16777216 + CAST(_q.b AS BIGINT) * 65536 + CAST(_q.c AS BIGINT) * 256 + CAST(_q.d AS BIGINT), 'bits': coalesce(TRY_CAST(nullif(_q.p, '') AS INTEGER), 32)} END`);
}

const dotted = (n: string): string => `(CAST(${n} // 16777216 % 256 AS VARCHAR) || '.' || CAST(${n} // 65536 % 256 AS VARCHAR) || '.' || CAST(${n} // 256 % 256 AS VARCHAR) || '.' || CAST(${n} % 256 AS VARCHAR))`;
const network = (n: string, bits: string): string => `(${n} // CAST(pow(2, 32 - ${bits}) AS BIGINT) * CAST(pow(2, 32 - ${bits}) AS BIGINT))`;

function cidrList(ctx: EmitContext, a: SqlArg[]): string {
  // greedy: at each step the largest aligned block that starts at cur and ends at or before the end
  const block = `list_max(list_filter(range(0, 33), _p -> _s.cur % CAST(pow(2, _p) AS BIGINT) = 0 AND _s.cur + CAST(pow(2, _p) AS BIGINT) - 1 <= _hi))`;
  const step = `CASE WHEN _s.cur > _hi THEN _s ELSE ${letIn(block, '_b', `{'cur': _s.cur + CAST(pow(2, _b) AS BIGINT), 'out': list_append(_s.out, ${dotted('_s.cur')} || '/' || CAST(32 - _b AS VARCHAR))}`)} END`;
  const fold = `list_reduce(list_transform(range(0, 64), _z -> {'cur': CAST(0 AS BIGINT), 'out': []::VARCHAR[]}), (_s, _z) -> ${step}, {'cur': _lo, 'out': []::VARCHAR[]}).out`;
  return letIn(`[${ipv4(ctx, arg(a, 0))}, ${ipv4(ctx, arg(a, 1))}]`, '_r', `CASE WHEN _r[1] IS NULL OR _r[2] IS NULL OR _r[1].n > _r[2].n THEN NULL ELSE ${letIn('_r[1].n', '_lo', letIn('_r[2].n', '_hi', `to_json(${fold})`))} END`);
}

export const ipRangeFunctions: FunctionDef[] = [
  fn('format_ipv4_mask', [1, 2], 'string', (a, ctx) => letIn(ipv4(ctx, arg(a, 0)), '_m', `CASE WHEN _m IS NULL THEN NULL ELSE ${letIn(`least(_m.bits${a[1] ? `, CAST(${long(ctx, arg(a, 1))} AS INTEGER)` : ''})`, '_k', `CASE WHEN _k < 0 THEN NULL ELSE ${dotted(network('_m.n', '_k'))} || '/' || CAST(_k AS VARCHAR) END`)} END`)),
  fn('ipv4_range_to_cidr_list', 2, 'dynamic', (a, ctx) => cidrList(ctx, a)),
];
