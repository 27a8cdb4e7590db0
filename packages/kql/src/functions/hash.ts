/**
 * hash() / hash_xxhash64(): Kusto's hash is xxhash64 (seed 0) of the value's bytes (kql-semantics §10):
 * strings hash their UTF-8 bytes, datetimes and timespans the 8-byte little-endian tick count, integers
 * the 8-byte little-endian long. The algorithm is written in DuckDB SQL over UBIGINT with explicit
 * wrap-around (DuckDB errors on overflow), using list_reduce for the 32-byte stripes and the tail.
 */
import type { SqlArg } from '../dialect/dialect.ts';
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg, long, str } from './helpers.ts';
import { fn, type EmitContext, type FunctionDef } from './registry.ts';

const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;
const TWO64 = 1n << 64n;

const u = (n: bigint): string => `CAST(${(((n % TWO64) + TWO64) % TWO64).toString()} AS UBIGINT)`;
const mul = (a: string, b: string): string => `CAST((CAST(${a} AS UHUGEINT) * CAST(${b} AS UHUGEINT)) % ${TWO64.toString()} AS UBIGINT)`;
const add = (a: string, b: string): string => `CAST((CAST(${a} AS UHUGEINT) + CAST(${b} AS UHUGEINT)) % ${TWO64.toString()} AS UBIGINT)`;
let rotlCounter = 0;
/** Rotate left by a constant; the value is bound once. */
function rotl(x: string, r: number): string {
  const v = `_r${rotlCounter++}`;
  const mask = (1n << BigInt(64 - r)) - 1n;
  return letIn(x, v, `(((${v} & ${u(mask)}) << ${r}) | (${v} >> ${64 - r}))`);
}
/** xxh64 round: rotl(acc + input * P2, 31) * P1. */
const round = (acc: string, input: string): string => mul(rotl(add(acc, mul(input, u(P2))), 31), u(P1));
const merge = (acc: string, v: string): string => add(mul(`xor(${acc}, ${round(u(0n), v)})`, u(P1)), u(P4));

/** Little-endian unsigned read of `width` bytes of the byte list _b at zero-based offset `at`. */
function read(at: string, width: number): string {
  const parts: string[] = [];
  for (let j = 0; j < width; j++) parts.push(`(CAST(_b[${at} + ${j + 1}] AS UBIGINT) << ${8 * j})`);
  return `(${parts.join(' | ')})`;
}

/** xxh64 (seed 0) of a SQL INTEGER[] of byte values, as a signed BIGINT. */
export function xxhash64Sql(bytes: string): string {
  const stripes = `list_reduce(list_transform(range(0, len(_b) // 32), _s -> {'a': ${read('_s * 32', 8)}, 'b': ${read('_s * 32 + 8', 8)}, 'c': ${read('_s * 32 + 16', 8)}, 'd': ${read('_s * 32 + 24', 8)}}), (_acc, _x) -> {'a': ${round('_acc.a', '_x.a')}, 'b': ${round('_acc.b', '_x.b')}, 'c': ${round('_acc.c', '_x.c')}, 'd': ${round('_acc.d', '_x.d')}}, {'a': ${u(P1 + P2)}, 'b': ${u(P2)}, 'c': ${u(0n)}, 'd': ${u(-P1)}})`;
  const fromStripes = letIn(stripes, '_v', merge(merge(merge(merge(add(add(rotl('_v.a', 1), rotl('_v.b', 7)), add(rotl('_v.c', 12), rotl('_v.d', 18))), '_v.a'), '_v.b'), '_v.c'), '_v.d'));
  const h0 = add(`(CASE WHEN len(_b) >= 32 THEN ${fromStripes} ELSE ${u(P5)} END)`, 'CAST(len(_b) AS UBIGINT)');
  // the tail after the stripes: 8-byte words, one optional 4-byte word, then single bytes
  const o = '(len(_b) // 32 * 32)';
  const k8 = `((len(_b) - ${o}) // 8)`;
  const has4 = `(CASE WHEN (len(_b) - ${o}) % 8 >= 4 THEN 1 ELSE 0 END)`;
  const ops = `list_concat(list_transform(range(0, ${k8}), _i -> {'t': 8, 'v': ${read(`${o} + _i * 8`, 8)}}), CASE WHEN ${has4} = 1 THEN [{'t': 4, 'v': ${read(`${o} + ${k8} * 8`, 4)}}] ELSE [] END, list_transform(range(${o} + ${k8} * 8 + ${has4} * 4, len(_b)), _i -> {'t': 1, 'v': CAST(_b[_i + 1] AS UBIGINT)}))`;
  const step = `CASE _x.t WHEN 8 THEN ${add(mul(rotl(`xor(_acc.v, ${round(u(0n), '_x.v')})`, 27), u(P1)), u(P4))} WHEN 4 THEN ${add(mul(rotl(`xor(_acc.v, ${mul('_x.v', u(P1))})`, 23), u(P2)), u(P3))} ELSE ${mul(rotl(`xor(_acc.v, ${mul('_x.v', u(P5))})`, 11), u(P1))} END`;
  const tail = `list_reduce(${ops}, (_acc, _x) -> {'t': 0, 'v': ${step}}, {'t': 0, 'v': ${h0}}).v`;
  const aval1 = letIn(tail, '_h1', mul('xor(_h1, _h1 >> 33)', u(P2)));
  const aval2 = letIn(aval1, '_h2', mul('xor(_h2, _h2 >> 29)', u(P3)));
  const final = letIn(aval2, '_h3', 'xor(_h3, _h3 >> 32)');
  const signed = letIn(final, '_h', `CAST(CASE WHEN _h >= ${(1n << 63n).toString()} THEN CAST(_h AS HUGEINT) - ${TWO64.toString()} ELSE CAST(_h AS HUGEINT) END AS BIGINT)`);
  return letIn(bytes, '_b', `CASE WHEN _b IS NULL THEN NULL ELSE ${signed} END`);
}

/** The bytes Kusto hashes for a value, as a SQL INTEGER[] (NULL for null). */
function bytesOf(ctx: EmitContext, a: SqlArg): string {
  const le8 = (v: string): string => letIn(`CAST(${v} AS BIGINT)`, '_n', `CASE WHEN _n IS NULL THEN NULL ELSE list_transform(range(0, 8), _j -> CAST((CAST(_n AS HUGEINT) + CASE WHEN _n < 0 THEN ${TWO64.toString()} ELSE 0 END) // CAST(pow(2, 8 * _j) AS HUGEINT) % 256 AS INTEGER)) END`);
  switch (a.type) {
    case 'datetime':
    case 'timespan':
    case 'int':
    case 'long':
      return le8(long(ctx, a));
    default: {
      const s = str(ctx, a);
      return letIn(`hex(encode(${s}))`, '_hx', `CASE WHEN _hx IS NULL THEN NULL ELSE list_transform(range(0, length(_hx) // 2), _i -> CAST(('0x' || substr(_hx, _i * 2 + 1, 2)) AS INTEGER)) END`);
    }
  }
}

function hashCall(ctx: EmitContext, a: SqlArg[]): string {
  const h = xxhash64Sql(bytesOf(ctx, arg(a, 0)));
  if (!a[1]) return h;
  // hash(x, mod): the unsigned 64-bit hash modulo mod
  const m = long(ctx, arg(a, 1));
  return letIn(h, '_hm', `CAST(((CAST(_hm AS HUGEINT) + ${TWO64.toString()}) % ${TWO64.toString()}) % ${m} AS BIGINT)`);
}

export const hashFunctions: FunctionDef[] = [
  fn('hash', [1, 2], 'long', (a, ctx) => hashCall(ctx, a)),
  fn('hash_xxhash64', [1, 2], 'long', (a, ctx) => hashCall(ctx, a)),
];
