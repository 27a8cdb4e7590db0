/** Numeric functions. */
import { arg, long, real } from './helpers.ts';
import { fn, numericResult, type FunctionDef } from './registry.ts';

function unaryReal(name: string, sql: string): FunctionDef {
  return fn(name, 1, 'real', (a, ctx) => `${sql}(${real(ctx, arg(a, 0))})`);
}

export const mathFunctions: FunctionDef[] = [
  fn('abs', 1, (a) => (a[0]?.type === 'int' || a[0]?.type === 'long' || a[0]?.type === 'timespan' ? a[0].type : 'real'), (a, ctx) => {
    const x = arg(a, 0);
    if (x.type === 'timespan') return `(CASE WHEN ${x.sql} < INTERVAL 0 SECOND THEN -${x.sql} ELSE ${x.sql} END)`;
    return `abs(${x.type === 'int' || x.type === 'long' ? x.sql : real(ctx, x)})`;
  }),
  fn('round', [1, 2], 'real', (a, ctx) => `round(${real(ctx, arg(a, 0))}, ${a[1] ? `CAST(${long(ctx, arg(a, 1))} AS INTEGER)` : '0'})`),
  fn('ceiling', 1, 'real', (a, ctx) => `ceil(${real(ctx, arg(a, 0))})`),
  unaryReal('sqrt', 'sqrt'),
  unaryReal('exp', 'exp'),
  fn('exp2', 1, 'real', (a, ctx) => `pow(2, ${real(ctx, arg(a, 0))})`),
  fn('exp10', 1, 'real', (a, ctx) => `pow(10, ${real(ctx, arg(a, 0))})`),
  unaryReal('log', 'ln'),
  unaryReal('log2', 'log2'),
  unaryReal('log10', 'log10'),
  unaryReal('sin', 'sin'),
  unaryReal('cos', 'cos'),
  unaryReal('tan', 'tan'),
  unaryReal('asin', 'asin'),
  unaryReal('acos', 'acos'),
  unaryReal('atan', 'atan'),
  unaryReal('cot', 'cot'),
  unaryReal('degrees', 'degrees'),
  unaryReal('radians', 'radians'),
  unaryReal('gamma', 'gamma'),
  unaryReal('loggamma', 'lgamma'),
  fn('atan2', 2, 'real', (a, ctx) => `atan2(${real(ctx, arg(a, 0))}, ${real(ctx, arg(a, 1))})`),
  fn('pow', 2, 'real', (a, ctx) => `pow(${real(ctx, arg(a, 0))}, ${real(ctx, arg(a, 1))})`),
  fn('sign', 1, 'real', (a, ctx) => `sign(${real(ctx, arg(a, 0))})`),
  fn('pi', 0, 'real', () => 'pi()'),
  fn('isnan', 1, 'bool', (a, ctx) => `isnan(${real(ctx, arg(a, 0))})`),
  fn('isinf', 1, 'bool', (a, ctx) => `isinf(${real(ctx, arg(a, 0))})`),
  fn('isfinite', 1, 'bool', (a, ctx) => `isfinite(${real(ctx, arg(a, 0))})`),
  fn('rand', [0, 1], 'real', (a, ctx) => (a[0] ? `floor(random() * ${real(ctx, arg(a, 0))})` : 'random()'), { volatile: true }),
  fn('binary_and', 2, 'long', (a, ctx) => `(${long(ctx, arg(a, 0))} & ${long(ctx, arg(a, 1))})`),
  fn('binary_or', 2, 'long', (a, ctx) => `(${long(ctx, arg(a, 0))} | ${long(ctx, arg(a, 1))})`),
  fn('binary_xor', 2, 'long', (a, ctx) => `xor(${long(ctx, arg(a, 0))}, ${long(ctx, arg(a, 1))})`),
  fn('binary_not', 1, 'long', (a, ctx) => `(~${long(ctx, arg(a, 0))})`),
  fn('binary_shift_left', 2, 'long', (a, ctx) => `(CAST(${long(ctx, arg(a, 0))} AS BIGINT) << CAST(${long(ctx, arg(a, 1))} AS INTEGER))`),
  fn('binary_shift_right', 2, 'long', (a, ctx) => `(CAST(${long(ctx, arg(a, 0))} AS BIGINT) >> CAST(${long(ctx, arg(a, 1))} AS INTEGER))`),
  fn('bitset_count_ones', 1, 'long', (a, ctx) => `CAST(bit_count(CAST(${long(ctx, arg(a, 0))} AS BIGINT)) AS BIGINT)`),
  fn('tohex', [1, 2], 'string', (a, ctx) => (a[1] ? `lpad(lower(hex(${long(ctx, arg(a, 0))})), CAST(${long(ctx, arg(a, 1))} AS INTEGER), '0')` : `lower(hex(${long(ctx, arg(a, 0))}))`)),
  fn('max_of', [1, 64], (a) => a.map((x) => x.type).reduce((p, t) => (p === t ? p : numericResult(p, t))), (a) => `greatest(${a.map((x) => x.sql).join(', ')})`),
  fn('min_of', [1, 64], (a) => a.map((x) => x.type).reduce((p, t) => (p === t ? p : numericResult(p, t))), (a) => `least(${a.map((x) => x.sql).join(', ')})`),
];
