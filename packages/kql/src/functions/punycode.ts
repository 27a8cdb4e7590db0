/**
 * Punycode (RFC 3492) in DuckDB SQL: the encoder and decoder loops are list_reduce folds over a state
 * struct. punycode_from_string / punycode_to_string work on one label; the _domain_ forms split a domain
 * on dots (also the ideographic full stops U+3002, U+FF0E, U+FF61) and add or strip the "xn--" prefix
 * on labels that need it. Input that cannot be decoded gives null (an empty string).
 */
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg, str } from './helpers.ts';
import { fn, type FunctionDef } from './registry.ts';

/** RFC 3492 bias adaptation; the inner loop runs at most 6 times for 32-bit deltas. */
function adapt(delta: string, numPoints: string, first: string): string {
  const d0 = `(CASE WHEN ${first} THEN (${delta}) // 700 ELSE (${delta}) // 2 END)`;
  const d1 = letIn(d0, '_ad', `_ad + _ad // (${numPoints})`);
  const loop = `list_reduce(list_transform(range(0, 6), _z -> {'d': CAST(0 AS BIGINT), 'k': CAST(0 AS BIGINT)}), (_st, _z) -> CASE WHEN _st.d > 455 THEN {'d': _st.d // 35, 'k': _st.k + 36} ELSE _st END, {'d': CAST(${d1} AS BIGINT), 'k': CAST(0 AS BIGINT)})`;
  return letIn(loop, '_al', `(_al.k + (36 * _al.d) // (_al.d + 38))`);
}

/** The threshold t for digit position k. */
const threshold = (k: string, bias: string): string => `(CASE WHEN ${k} <= ${bias} THEN 1 WHEN ${k} >= ${bias} + 26 THEN 26 ELSE ${k} - ${bias} END)`;
const digitChar = (v: string): string => `chr(CAST(CASE WHEN ${v} < 26 THEN 97 + ${v} ELSE 22 + ${v} END AS INTEGER))`;

/** The variable-length integer q with the given bias, as punycode digits. */
function encodeInt(q: string, bias: string): string {
  const step = letIn(threshold('_ei.k', bias), '_t', `CASE WHEN _ei.done OR _ei.q < _t THEN {'q': _ei.q, 'k': _ei.k, 'out': _ei.out, 'done': TRUE} ELSE {'q': (_ei.q - _t) // (36 - _t), 'k': _ei.k + 36, 'out': _ei.out || ${digitChar('_t + (_ei.q - _t) % (36 - _t)')}, 'done': FALSE} END`);
  const folded = `list_reduce(list_transform(range(0, 12), _z -> {'q': CAST(0 AS BIGINT), 'k': CAST(0 AS BIGINT), 'out': '', 'done': FALSE}), (_ei, _z) -> ${step}, {'q': CAST(${q} AS BIGINT), 'k': CAST(36 AS BIGINT), 'out': '', 'done': FALSE})`;
  return letIn(folded, '_ef', `_ef.out || ${digitChar('_ef.q')}`);
}

/** Punycode of one label (without the xn-- prefix). */
export function punycodeEncode(text: string): string {
  // one event per (non-basic code point m in ascending order, input position j)
  const events = `flatten(list_transform(list_sort(list_distinct(list_filter(_cp, _c -> _c >= 128))), _m -> list_transform(range(0, len(_cp)), _j -> {'m': _m, 'c': _cp[_j + 1], 'first': _j = 0, 'last': _j = len(_cp) - 1, 'n': CAST(0 AS BIGINT), 'delta': CAST(0 AS BIGINT), 'bias': CAST(0 AS BIGINT), 'h': CAST(0 AS BIGINT), 'out': ''})))`;
  const onFirst = `(CASE WHEN _e.first THEN {'n': _e.m, 'delta': _s.delta + (_e.m - _s.n) * (_s.h + 1)} ELSE {'n': _s.n, 'delta': _s.delta} END)`;
  const afterChar = letIn(onFirst, '_f', letIn(`CASE WHEN _e.c < _f.n THEN _f.delta + 1 ELSE _f.delta END`, '_dl', `CASE WHEN _e.c = _f.n THEN {'m': _e.m, 'c': _e.c, 'first': _e.first, 'last': _e.last, 'n': _f.n, 'delta': CAST(0 AS BIGINT), 'bias': CAST(${adapt('_dl', '_s.h + 1', '_s.h = _nb')} AS BIGINT), 'h': _s.h + 1, 'out': _s.out || ${encodeInt('_dl', '_s.bias')}} ELSE {'m': _e.m, 'c': _e.c, 'first': _e.first, 'last': _e.last, 'n': _f.n, 'delta': _dl, 'bias': _s.bias, 'h': _s.h, 'out': _s.out} END`));
  const step = letIn(afterChar, '_r', `CASE WHEN _e.last THEN {'m': _r.m, 'c': _r.c, 'first': _r.first, 'last': _r.last, 'n': _r.n + 1, 'delta': _r.delta + 1, 'bias': _r.bias, 'h': _r.h, 'out': _r.out} ELSE _r END`);
  const init = `{'m': CAST(0 AS BIGINT), 'c': CAST(0 AS BIGINT), 'first': FALSE, 'last': FALSE, 'n': CAST(128 AS BIGINT), 'delta': CAST(0 AS BIGINT), 'bias': CAST(72 AS BIGINT), 'h': _nb, 'out': ''}`;
  const basic = `array_to_string(list_transform(list_filter(_cp, _c -> _c < 128), _c -> chr(CAST(_c AS INTEGER))), '')`;
  const body = letIn(`CAST(len(list_filter(_cp, _c -> _c < 128)) AS BIGINT)`, '_nb', `${basic} || (CASE WHEN _nb > 0 THEN '-' ELSE '' END) || list_reduce(${events}, (_s, _e) -> ${step}, ${init}).out`);
  return letIn(`list_filter(list_transform(string_split(${text}, ''), _ch -> CAST(unicode(_ch) AS BIGINT)), _c -> _c >= 0)`, '_cp', `CASE WHEN _cp IS NULL THEN NULL ELSE ${body} END`);
}

/** The label decoded from punycode (without the xn-- prefix); NULL when it is not valid punycode. */
export function punycodeDecode(text: string): string {
  const hasDash = `(strpos(_in, '-') > 0)`;
  const basicPart = `(CASE WHEN ${hasDash} THEN substr(_in, 1, length(_in) - strpos(reverse(_in), '-')) ELSE '' END)`;
  const digits = `(CASE WHEN ${hasDash} THEN substr(_in, length(_in) - strpos(reverse(_in), '-') + 2) ELSE _in END)`;
  const digitValue = (ch: string): string => `(CASE WHEN ${ch} BETWEEN 'a' AND 'z' THEN unicode(${ch}) - 97 WHEN ${ch} BETWEEN 'A' AND 'Z' THEN unicode(${ch}) - 65 WHEN ${ch} BETWEEN '0' AND '9' THEN unicode(${ch}) - 22 ELSE -1000000 END)`;
  const state = (f: Record<string, string>): string => `{'dg': ${f['dg'] ?? '_s.dg'}, 'n': ${f['n'] ?? '_s.n'}, 'i': ${f['i'] ?? '_s.i'}, 'oldi': ${f['oldi'] ?? '_s.oldi'}, 'w': ${f['w'] ?? '_s.w'}, 'k': ${f['k'] ?? '_s.k'}, 'bias': ${f['bias'] ?? '_s.bias'}, 'out': ${f['out'] ?? '_s.out'}, 'inint': ${f['inint'] ?? '_s.inint'}, 'bad': ${f['bad'] ?? '_s.bad'}}`;
  const big = (v: string): string => `CAST(${v} AS BIGINT)`;
  // start of an integer: oldi = i, w = 1, k = 36
  const start = letIn(`{'oldi': CASE WHEN _s.inint THEN _s.oldi ELSE _s.i END, 'w': CASE WHEN _s.inint THEN _s.w ELSE 1 END, 'k': CASE WHEN _s.inint THEN _s.k ELSE 36 END}`, '_b', letIn(`_s.i + _e.dg * _b.w`, '_i2', letIn(threshold('_b.k', '_s.bias'), '_t', `CASE WHEN _e.dg < 0 OR _s.bad THEN ${state({ bad: 'TRUE' })} WHEN _e.dg < _t THEN ${letIn('len(_s.out) + 1', '_np', letIn(`_s.n + _i2 // _np`, '_n2', letIn(`_i2 % _np`, '_at', state({ n: '_n2', i: '_at + 1', oldi: '_b.oldi', w: '_b.w', k: '_b.k', bias: big(adapt('_i2 - _b.oldi', '_np', '_b.oldi = 0')), out: 'list_concat(_s.out[1:_at], [_n2], _s.out[_at + 1:])', inint: 'FALSE' }))))} ELSE ${state({ i: '_i2', oldi: '_b.oldi', w: '_b.w * (36 - _t)', k: '_b.k + 36', inint: 'TRUE' })} END`)));
  const events = `list_transform(string_split(${digits}, ''), _ch -> {'dg': CAST(${digitValue('_ch')} AS BIGINT), 'n': CAST(0 AS BIGINT), 'i': CAST(0 AS BIGINT), 'oldi': CAST(0 AS BIGINT), 'w': CAST(0 AS BIGINT), 'k': CAST(0 AS BIGINT), 'bias': CAST(0 AS BIGINT), 'out': []::BIGINT[], 'inint': FALSE, 'bad': FALSE})`;
  const init = `{'dg': CAST(0 AS BIGINT), 'n': CAST(128 AS BIGINT), 'i': CAST(0 AS BIGINT), 'oldi': CAST(0 AS BIGINT), 'w': CAST(1 AS BIGINT), 'k': CAST(36 AS BIGINT), 'bias': CAST(72 AS BIGINT), 'out': list_filter(list_transform(string_split(${basicPart}, ''), _ch -> CAST(unicode(_ch) AS BIGINT)), _c -> _c >= 0), 'inint': FALSE, 'bad': FALSE}`;
  const folded = `list_reduce(${events}, (_s, _e) -> ${start}, ${init})`;
  return letIn(text, '_in', `CASE WHEN _in IS NULL THEN NULL ELSE ${letIn(folded, '_fd', `CASE WHEN _fd.bad OR _fd.inint OR list_bool_or(list_transform(_fd.out, _c -> _c > 1114111)) THEN NULL ELSE array_to_string(list_transform(_fd.out, _c -> chr(CAST(_c AS INTEGER))), '') END`)} END`);
}

/** Domain labels: split on '.' and the ideographic full stops. */
const labels = (text: string): string => `string_split(regexp_replace(${text}, '[\\x{3002}\\x{FF0E}\\x{FF61}]', '.', 'g'), '.')`;

export const punycodeFunctions: FunctionDef[] = [
  fn('punycode_from_string', 1, 'string', (a, ctx) => punycodeEncode(str(ctx, arg(a, 0)))),
  fn('punycode_to_string', 1, 'string', (a, ctx) => punycodeDecode(str(ctx, arg(a, 0)))),
  fn('punycode_domain_from_string', 1, 'string', (a, ctx) => `array_to_string(list_transform(${labels(str(ctx, arg(a, 0)))}, _lb -> CASE WHEN regexp_matches(_lb, '^[\\x00-\\x7F]*$') THEN _lb ELSE 'xn--' || ${punycodeEncode('_lb')} END), '.')`),
  fn('punycode_domain_to_string', 1, 'string', (a, ctx) => letIn(`list_transform(${labels(str(ctx, arg(a, 0)))}, _lb -> CASE WHEN lower(substr(_lb, 1, 4)) = 'xn--' THEN ${punycodeDecode('substr(_lb, 5)')} ELSE _lb END)`, '_ls', `CASE WHEN list_bool_or(list_transform(_ls, _x -> _x IS NULL)) THEN NULL ELSE array_to_string(_ls, '.') END`)),
];
