/** String functions. */
import { arg, constString, countGroups, long, regexArg, str, strNN, kustoRegex } from './helpers.ts';
import { letIn } from '../dialect/duckdb/dialect.ts';
import { fn, type FunctionDef } from './registry.ts';

export const stringFunctions: FunctionDef[] = [
  fn('strlen', 1, 'long', (a, ctx) => `CAST(length(${strNN(ctx, arg(a, 0))}) AS BIGINT)`),
  fn('string_size', 1, 'long', (a, ctx) => `CAST(strlen(${strNN(ctx, arg(a, 0))}) AS BIGINT)`),
  fn('tolower', 1, 'string', (a, ctx) => `lower(${str(ctx, arg(a, 0))})`),
  fn('toupper', 1, 'string', (a, ctx) => `upper(${str(ctx, arg(a, 0))})`),
  fn('strcat', [1, 64], 'string', (a, ctx) => `concat(${a.map((x) => str(ctx, x)).join(', ')})`),
  fn('strcat_delim', [2, 64], 'string', (a, ctx) => `concat_ws(${str(ctx, arg(a, 0))}, ${a.slice(1).map((x) => `coalesce(${str(ctx, x)}, '')`).join(', ')})`),
  fn('strcat_array', 2, 'string', (a, ctx) => `array_to_string(list_transform(CAST(${arg(a, 0).sql} AS JSON[]), _e -> coalesce(json_extract_string(_e, '$'), '')), ${str(ctx, arg(a, 1))})`),
  fn('substring', [2, 3], 'string', (a, ctx) => {
    const s = strNN(ctx, arg(a, 0));
    const start = long(ctx, arg(a, 1));
    const st = `(CASE WHEN ${start} < 0 THEN greatest(length(${s}) + ${start}, 0) ELSE ${start} END)`;
    if (a.length === 2) return `substr(${s}, ${st} + 1)`;
    return `substr(${s}, ${st} + 1, greatest(${long(ctx, arg(a, 2))}, 0))`;
  }),
  fn('indexof', [2, 5], 'long', (a, ctx) => {
    const s = strNN(ctx, arg(a, 0));
    const m = str(ctx, arg(a, 1));
    const start0 = a[2] ? long(ctx, arg(a, 2)) : '0';
    const start = `(CASE WHEN ${start0} < 0 THEN greatest(length(${s}) + ${start0}, 0) ELSE ${start0} END)`;
    const len = a[3] ? long(ctx, arg(a, 3)) : '-1';
    const occ = a[4] ? long(ctx, arg(a, 4)) : '1';
    // the n-th occurrence: each search looks in [p, p + len) and the next one starts after the previous match
    // (indexof("abcdefgabcdefg", "cde", 1, 10, 2) = 9 in the Kusto docs)
    const step = `CASE WHEN _st.r < 0 AND _st.n > 0 THEN _st ELSE ${letIn(`instr(CASE WHEN ${len} < 0 THEN substr(${s}, _st.p + 1) ELSE substr(${s}, _st.p + 1, ${len}) END, ${m})`, '_k', `CASE WHEN _k = 0 OR ${m} = '' AND _st.p > length(${s}) THEN {'p': _st.p, 'r': CAST(-1 AS BIGINT), 'n': _st.n + 1} ELSE {'p': _st.p + _k, 'r': CAST(_st.p + _k - 1 AS BIGINT), 'n': _st.n + 1} END`)} END`;
    const fold = `list_reduce(list_transform(range(0, ${occ}), _z -> {'p': CAST(0 AS BIGINT), 'r': CAST(0 AS BIGINT), 'n': CAST(0 AS BIGINT)}), (_st, _z) -> ${step}, {'p': CAST(${start} AS BIGINT), 'r': CAST(-1 AS BIGINT), 'n': CAST(0 AS BIGINT)}).r`;
    return `(CASE WHEN ${occ} < 0 OR ${len} < -1 THEN NULL WHEN ${start} > length(${s}) THEN -1 WHEN ${occ} = 0 THEN -1 ELSE ${fold} END)`;
  }),
  fn('replace_string', 3, 'string', (a, ctx) => `replace(${strNN(ctx, arg(a, 0))}, ${str(ctx, arg(a, 1))}, ${str(ctx, arg(a, 2))})`),
  fn('replace_strings', 3, 'string', (a, ctx) => {
    // all lookups at once: each lookup first becomes a private-use placeholder, then its rewrite
    const lookups = constStringArray(a[1]);
    const rewrites = constStringArray(a[2]);
    if (!lookups || !rewrites) return 'CAST(NULL AS VARCHAR)';
    let e = strNN(ctx, arg(a, 0));
    lookups.forEach((l, i) => {
      if (l !== '') e = `replace(${e}, ${ctx.d.stringLiteral(l)}, chr(${0xe000 + i}))`;
    });
    lookups.forEach((_l, i) => {
      // a rewrite that is not a string leaves its lookup unchanged
      const r = rewrites[i] === '\u0000' ? lookups[i] ?? '' : rewrites[i] ?? '';
      e = `replace(${e}, chr(${0xe000 + i}), ${ctx.d.stringLiteral(r)})`;
    });
    return e;
  }),
  fn('replace_regex', 3, 'string', (a, ctx) => `regexp_replace(${strNN(ctx, arg(a, 0))}, ${regexArg(ctx, arg(a, 1))}, ${rewrite(ctx, a)}, 'g')`),
  fn('replace', 3, 'string', (a, ctx) => `regexp_replace(${strNN(ctx, arg(a, 2))}, ${regexArg(ctx, arg(a, 0))}, ${rewrite(ctx, a, 1)}, 'g')`),
  fn('trim', 2, 'string', (a, ctx) => trimRegex(ctx, a, 'both')),
  fn('trim_start', 2, 'string', (a, ctx) => trimRegex(ctx, a, 'start')),
  fn('trim_end', 2, 'string', (a, ctx) => trimRegex(ctx, a, 'end')),
  fn('reverse', 1, 'string', (a, ctx) => `reverse(${strNN(ctx, arg(a, 0))})`),
  fn('strrep', [2, 3], 'string', (a, ctx) => {
    const s = str(ctx, arg(a, 0));
    const n = long(ctx, arg(a, 1));
    if (a.length === 2) return `repeat(${s}, CAST(${n} AS BIGINT))`;
    return `array_to_string(list_transform(range(0, ${n}), _i -> ${s}), ${str(ctx, arg(a, 2))})`;
  }),
  fn('strcmp', 2, 'int', (a, ctx) => `(CASE WHEN ${str(ctx, arg(a, 0))} < ${str(ctx, arg(a, 1))} THEN -1 WHEN ${str(ctx, arg(a, 0))} > ${str(ctx, arg(a, 1))} THEN 1 ELSE 0 END)`),
  fn('extract', [3, 4], (args) => {
    const t = args[3];
    return t && t.isConstant && typeof t.constant === 'string' ? (t.constant as never) : 'string';
  }, (a, ctx) => {
    const g = arg(a, 1);
    const s = strNN(ctx, arg(a, 2));
    const re = regexArg(ctx, arg(a, 0));
    // DuckDB wants the group index as a plain integer constant
    const groupConst = g.isConstant && typeof g.constant === 'number' ? Math.trunc(g.constant) : undefined;
    const e = groupConst !== undefined
      ? `nullif(regexp_extract(${s}, ${re}, ${groupConst}), '')`
      : `nullif(CASE ${long(ctx, g)} ${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `WHEN ${i} THEN regexp_extract(${s}, ${re}, ${i})`).join(' ')} END, '')`;
    const t = a[3];
    if (t && t.isConstant && typeof t.constant === 'string' && t.constant !== 'string') return ctx.d.convert({ sql: e, type: 'string', isConstant: false }, t.constant as never);
    return `coalesce(${e}, '')`;
  }),
  fn('extract_all', [2, 3], 'dynamic', (a, ctx) => {
    const re = regexArg(ctx, arg(a, 0));
    const s = strNN(ctx, arg(a, a.length - 1));
    const pattern = constString(arg(a, 0));
    const groups = pattern === undefined ? 1 : countGroups(kustoRegex(pattern));
    // one array per match holding the selected groups (all groups by default)
    let selected = Array.from({ length: groups }, (_v, i) => i + 1);
    if (a.length === 3) {
      const g = arg(a, 1);
      const parsed: unknown = g.isConstant && typeof g.constant === 'string' ? JSON.parse(g.constant) : undefined;
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'number')) selected = parsed;
    }
    if (a.length === 2 && groups <= 1) return letIn(`regexp_extract_all(${s}, ${re}, ${groups})`, '_m', 'CASE WHEN len(_m) = 0 THEN NULL ELSE to_json(_m) END');
    const one = selected.length === 1;
    const row = one ? `regexp_extract(_w, ${re}, ${selected[0] ?? 0})` : `[${selected.map((k) => `regexp_extract(_w, ${re}, ${k})`).join(', ')}]`;
    return letIn(`regexp_extract_all(${s}, ${re}, 0)`, '_m', `CASE WHEN len(_m) = 0 THEN NULL ELSE to_json(list_transform(_m, _w -> ${row})) END`);
  }),
  fn('split', [2, 3], 'dynamic', (a, ctx) => {
    const parts = `string_split(${strNN(ctx, arg(a, 0))}, ${str(ctx, arg(a, 1))})`;
    if (a.length === 2) return `to_json(${parts})`;
    const i = long(ctx, arg(a, 2));
    return `(SELECT CASE WHEN ${i} >= 0 AND ${i} < len(_p) THEN to_json([_p[${i} + 1]]) ELSE NULL END FROM (SELECT ${parts} AS _p))`;
  }),
  fn('countof', [2, 3], 'long', (a, ctx) => {
    const s = strNN(ctx, arg(a, 0));
    const kind = constString(a[2]);
    if (kind === 'regex') return `CAST(len(regexp_extract_all(${s}, ${regexArg(ctx, arg(a, 1))})) AS BIGINT)`;
    const n = str(ctx, arg(a, 1));
    // plain search counts overlapping matches
    return `CAST(len(list_filter(range(0, greatest(length(${s}) - length(${n}) + 1, 0)), _i -> substr(${s}, _i + 1, length(${n})) = ${n})) AS BIGINT)`;
  }),
  fn('isempty', 1, 'bool', (a, ctx) => {
    const x = arg(a, 0);
    if (x.type === 'string') return `(${x.sql} IS NULL OR ${x.sql} = '')`;
    if (x.type === 'dynamic') return `(${x.sql} IS NULL OR json_type(${x.sql}) = 'NULL' OR (json_type(${x.sql}) = 'VARCHAR' AND json_extract_string(${x.sql}, '$') = ''))`;
    return `(${str(ctx, x)} IS NULL)`;
  }),
  fn('isnotempty', 1, 'bool', (a, ctx) => {
    const x = arg(a, 0);
    if (x.type === 'string') return `(${x.sql} IS NOT NULL AND ${x.sql} <> '')`;
    if (x.type === 'dynamic') return `(${x.sql} IS NOT NULL AND json_type(${x.sql}) <> 'NULL' AND NOT (json_type(${x.sql}) = 'VARCHAR' AND json_extract_string(${x.sql}, '$') = ''))`;
    return `(${str(ctx, x)} IS NOT NULL)`;
  }, { aliases: ['notempty', 'isnotempty'] }),
  fn('isnull', 1, 'bool', (a) => {
    const x = arg(a, 0);
    if (x.type === 'string') return 'FALSE';
    if (x.type === 'dynamic') return `(${x.sql} IS NULL OR json_type(${x.sql}) = 'NULL')`;
    return `(${x.sql} IS NULL)`;
  }),
  fn('isnotnull', 1, 'bool', (a) => {
    const x = arg(a, 0);
    if (x.type === 'string') return 'TRUE';
    if (x.type === 'dynamic') return `(${x.sql} IS NOT NULL AND json_type(${x.sql}) <> 'NULL')`;
    return `(${x.sql} IS NOT NULL)`;
  }, { aliases: ['notnull'] }),
  fn('isascii', 1, 'bool', (a, ctx) => `regexp_matches(${strNN(ctx, arg(a, 0))}, '^[\\x00-\\x7F]*$')`),
  fn('hash_sha256', 1, 'string', (a, ctx) => `sha256(${str(ctx, arg(a, 0))})`),
  fn('hash_md5', 1, 'string', (a, ctx) => `md5(${str(ctx, arg(a, 0))})`),
  fn('hash_sha1', 1, 'string', (a, ctx) => `sha1(${str(ctx, arg(a, 0))})`),
  fn('base64_encode_tostring', 1, 'string', (a, ctx) => `to_base64(encode(${str(ctx, arg(a, 0))}))`, { aliases: ['base64_encodestring'] }),
  fn('base64_decode_tostring', 1, 'string', (a, ctx) => `TRY(decode(from_base64(${str(ctx, arg(a, 0))})))`, { aliases: ['base64_decodestring'] }),
  fn('base64_decode_toarray', 1, 'dynamic', (a, ctx) => `(SELECT to_json(list_transform(range(0, length(_h) // 2), _i -> CAST(('0x' || substr(_h, _i * 2 + 1, 2)) AS INTEGER))) FROM (SELECT hex(TRY(from_base64(${str(ctx, arg(a, 0))}))) AS _h))`),
  fn('url_decode', 1, 'string', (a, ctx) => `url_decode(replace(${str(ctx, arg(a, 0))}, '+', ' '))`),
  fn('url_encode', 1, 'string', (a, ctx) => `replace(url_encode(${str(ctx, arg(a, 0))}), '%20', '+')`),
  fn('url_encode_component', 1, 'string', (a, ctx) => `url_encode(${str(ctx, arg(a, 0))})`),
  fn('unicode_codepoints_to_string', [1, 1000], 'string', (a, ctx) => `concat(${a.map((x) => (x.type === 'dynamic' ? `array_to_string(list_transform(CAST(${x.sql} AS BIGINT[]), _c -> chr(CAST(_c AS INTEGER))), '')` : `chr(CAST(${long(ctx, x)} AS INTEGER))`)).join(', ')})`),
  fn('unicode_codepoints_from_string', 1, 'dynamic', (a, ctx) => `to_json(list_transform(string_split(${str(ctx, arg(a, 0))}, ''), _c -> unicode(_c)))`),
  fn('translate', 3, 'string', (a, ctx) => `translate(${str(ctx, arg(a, 2))}, ${str(ctx, arg(a, 0))}, ${str(ctx, arg(a, 1))})`),
  fn('regex_quote', 1, 'string', (a, ctx) => `regexp_replace(${str(ctx, arg(a, 0))}, '([\\\\^$.|?*+()\\[\\]{}])', '\\\\\\1', 'g')`),
  fn('indexof_regex', [2, 4], 'long', (a, ctx) => `coalesce(nullif(CAST(instr(${strNN(ctx, arg(a, 0))}, regexp_extract(${strNN(ctx, arg(a, 0))}, ${regexArg(ctx, arg(a, 1))})) AS BIGINT), 0) - 1, -1)`),
  fn('new_guid', 0, 'guid', () => 'uuid()', { volatile: true }),
  fn('has_any_index', 2, 'long', (a, ctx) => {
    // index of the first lookup (in array order) that is a whole term of the text, as `has`; -1 when none
    const l = arg(a, 1);
    const items = l.type === 'dynamic' ? `coalesce(CAST(json_extract_string(${l.sql}, '$[*]') AS VARCHAR[]), [])` : `[${str(ctx, l)}]`;
    const h = strNN(ctx, arg(a, 0));
    const term = `(_n <> '' AND regexp_matches(${h}, '(?i)' || CASE WHEN regexp_matches(_n, '^[0-9A-Za-z]') THEN '(?:^|[^0-9A-Za-z])' ELSE '' END || regexp_escape(_n) || CASE WHEN regexp_matches(_n, '[0-9A-Za-z]$') THEN '(?:$|[^0-9A-Za-z])' ELSE '' END))`;
    return `coalesce(CAST(list_position(list_transform(${items}, _n -> coalesce(${term}, FALSE)), TRUE) AS BIGINT) - 1, -1)`;
  }),
];

/** `\1` in a Kusto rewrite is the same in RE2; `$1` is not supported by RE2 and is translated. */
function rewrite(ctx: Parameters<FunctionDef['duckdb']>[1], a: Parameters<FunctionDef['duckdb']>[0], i = 2): string {
  const c = constString(a[i]);
  if (c !== undefined) return ctx.d.stringLiteral(c.replace(/\$(\d)/g, '\\$1'));
  return str(ctx, arg(a, i));
}

function trimRegex(ctx: Parameters<FunctionDef['duckdb']>[1], a: Parameters<FunctionDef['duckdb']>[0], where: 'both' | 'start' | 'end'): string {
  const c = constString(a[0]);
  const re = c !== undefined ? kustoRegex(c) : undefined;
  const s = strNN(ctx, arg(a, 1));
  const pat = (p: string): string => (re !== undefined ? ctx.d.stringLiteral(p.replace('RE', `(?:${re})`)) : `replace(${ctx.d.stringLiteral(p)}, 'RE', '(?:' || ${str(ctx, arg(a, 0))} || ')')`);
  let e = s;
  if (where !== 'end') e = `regexp_replace(${e}, ${pat('^(?:RE)+')}, '')`;
  if (where !== 'start') e = `regexp_replace(${e}, ${pat('(?:RE)+$')}, '')`;
  return e;
}


function constStringArray(a: { isConstant: boolean; constant?: unknown } | undefined): string[] | undefined {
  if (!a?.isConstant || typeof a.constant !== 'string') return undefined;
  try {
    const v: unknown = JSON.parse(a.constant);
    return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : '\u0000')) : undefined;
  } catch {
    return undefined;
  }
}
