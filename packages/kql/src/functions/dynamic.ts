/** Functions over dynamic values (JSON in DuckDB): arrays, property bags, sets, parsing helpers. */
import type { SqlArg } from '../dialect/dialect.ts';
import { intervalMicros, letIn } from '../dialect/duckdb/dialect.ts';
import { arg, constString, dyn, long, str, strNN } from './helpers.ts';
import { fn, type EmitContext, type FunctionDef } from './registry.ts';

/** JSON[] of an array argument; NULL when the value is not an array. */
export function jsonList(a: SqlArg): string {
  return `(CASE WHEN json_type(${a.sql}) = 'ARRAY' THEN CAST(${a.sql} AS JSON[]) END)`;
}

/** Elements of an array as their string form, for set comparisons. */
function keyOf(e: string): string {
  return `coalesce(json_extract_string(${e}, '$'), 'null')`;
}

/** A JSON path for a constant key: $."key". */
export function jsonKeyPath(key: string): string {
  return `$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/**
 * The positions (0-based) of an array's elements in sorted order, as Kusto's array_sort_asc/desc order them:
 * numbers first (numerically), then strings, then other values (by their JSON text); nulls last unless
 * `nullsLast` is false. Ties keep their original order.
 */
function sortPermutation(list: string, desc: boolean, nullsLast: string): string {
  const e = '_k[_i + 1]';
  const nullGroup = desc ? `CASE WHEN ${nullsLast} THEN -1 ELSE 9 END` : `CASE WHEN ${nullsLast} THEN 9 ELSE -1 END`;
  const group = `CASE WHEN ${e} IS NULL OR json_type(${e}) = 'NULL' THEN ${nullGroup} WHEN json_type(${e}) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN 0 WHEN json_type(${e}) = 'VARCHAR' THEN 1 ELSE 2 END`;
  const key = `{'g': ${group}, 'n': TRY_CAST(json_extract_string(${e}, '$') AS DOUBLE), 's': coalesce(json_extract_string(${e}, '$'), ''), 'i': ${desc ? '-_i' : '_i'}}`;
  return letIn(list, '_k', `list_transform(list_sort(list_transform(range(0, len(_k)), _i -> ${key}), '${desc ? 'DESC' : 'ASC'}'), _x -> abs(_x.i))`);
}

/** `target` reordered by the sorted order of `key`; null when their lengths differ (Kusto's rule for arrays 2..N). */
export function sortedBy(target: SqlArg, key: SqlArg, desc: boolean, nullsLast: string): string {
  return letIn(`[${jsonList(target)}]`, '_t', `CASE WHEN len(_t[1]) = len(${jsonList(key)}) THEN to_json(list_transform(${sortPermutation(jsonList(key), desc, nullsLast)}, _j -> _t[1][_j + 1])) END`);
}

/** array_sort_asc/desc(array [, nulls_last]); with several arrays the binder makes one column per array. */
function arraySort(name: string, desc: boolean): FunctionDef {
  return fn(name, [1, 2], 'dynamic', (a, ctx) => sortedBy(arg(a, 0), arg(a, 0), desc, a[1] ? ctx.d.convert(arg(a, 1), 'bool') : 'TRUE'), {
    check: (args) => (args[1] && args[1].type !== 'bool' ? `${name} with several arrays returns one column per array: use it alone in print, project or extend.` : undefined),
  });
}

function setOp(name: string, op: 'union' | 'intersect' | 'difference'): FunctionDef {
  return fn(name, [2, 64], 'dynamic', (a) => {
    const lists = a.map(jsonList);
    if (op === 'union') return letIn(`flatten([${lists.map((l) => `coalesce(${l}, [])`).join(', ')}])`, '_f', 'to_json(list_filter(_f, lambda _x, _i: list_position(_f, _x) = _i))');
    const first = letIn(`coalesce(${lists[0] ?? '[]'}, [])`, '_f', 'list_filter(_f, lambda _x, _i: list_position(_f, _x) = _i)');
    const rest = lists.slice(1).map((l) => `list_transform(coalesce(${l}, []), _y -> ${keyOf('_y')})`);
    const cond = rest.map((r) => (op === 'intersect' ? `list_contains(${r}, ${keyOf('_x')})` : `NOT list_contains(${r}, ${keyOf('_x')})`)).join(' AND ');
    return `to_json(list_filter(${first}, _x -> ${cond}))`;
  });
}

function bagKeysValue(ctx: EmitContext, a: SqlArg[]): string {
  // bag_pack(k1, v1, k2, v2, ...): keys are strings
  const parts: string[] = [];
  for (let i = 0; i + 1 < a.length; i += 2) {
    const k = arg(a, i);
    if (k.type !== 'string' && k.type !== 'dynamic') continue;
    parts.push(`${str(ctx, k)}, ${dyn(ctx, arg(a, i + 1))}`);
  }
  if (parts.length === 0) return `CAST('{}' AS JSON)`;
  return `json_object(${parts.join(', ')})`;
}

export const dynamicFunctions: FunctionDef[] = [
  fn('dynamic_member', 2, 'dynamic', (a, ctx) => {
    const key = arg(a, 1);
    const c = constString(key);
    if (key.type === 'string') {
      if (c !== undefined) return `json_extract(${arg(a, 0).sql}, ${ctx.d.stringLiteral(jsonKeyPath(c))})`;
      return `json_extract(${arg(a, 0).sql}, '$."' || replace(${key.sql}, '"', '\\"') || '"')`;
    }
    if (key.isConstant && typeof key.constant === 'number') {
      const i = key.constant;
      return `json_extract(${arg(a, 0).sql}, ${ctx.d.stringLiteral(i < 0 ? `$[#${i}]` : `$[${i}]`)})`;
    }
    const i = long(ctx, key);
    return `json_extract(${arg(a, 0).sql}, CASE WHEN ${i} < 0 THEN '$[#' || CAST(${i} AS VARCHAR) || ']' ELSE '$[' || CAST(${i} AS VARCHAR) || ']' END)`;
  }),
  fn('dynamic_array', [0, 100000], 'dynamic', (a, ctx) => (a.length === 0 ? `CAST('[]' AS JSON)` : `to_json([${a.map((x) => dyn(ctx, x)).join(', ')}])`)),
  fn('dynamic_bag', [0, 100000], 'dynamic', (a, ctx) => (a.length === 0 ? `CAST('{}' AS JSON)` : bagKeysValue(ctx, a))),
  fn('array_length', 1, 'long', (a) => `(CASE WHEN json_type(${arg(a, 0).sql}) = 'ARRAY' THEN CAST(json_array_length(${arg(a, 0).sql}) AS BIGINT) END)`),
  fn('pack_array', [1, 100000], 'dynamic', (a, ctx) => `to_json([${a.map((x) => dyn(ctx, x)).join(', ')}])`, { aliases: [] }),
  fn('bag_pack', [0, 100000], 'dynamic', (a, ctx) => (a.length === 0 ? `CAST('{}' AS JSON)` : bagKeysValue(ctx, a)), { aliases: ['pack', 'pack_dictionary'] }),
  fn('array_concat', [1, 64], 'dynamic', (a) => `to_json(flatten([${a.map((x) => `coalesce(${jsonList(x)}, [])`).join(', ')}]))`),
  fn('array_index_of', [2, 5], 'long', (a, ctx) => {
    const start = a[2] ? long(ctx, arg(a, 2)) : '0';
    const len = a[3] ? long(ctx, arg(a, 3)) : '-1';
    const occ = a[4] ? long(ctx, arg(a, 4)) : '1';
    return letIn(`list_transform(${jsonList(arg(a, 0))}, _e -> json_extract_string(_e, '$'))`, '_l', letIn(`CASE WHEN ${start} < 0 THEN greatest(len(_l) + ${start}, 0) ELSE ${start} END`, '_s', `CASE WHEN _l IS NULL THEN NULL WHEN _s >= len(_l) OR ${occ} < 1 THEN -1 ELSE coalesce(list_filter(range(_s, CASE WHEN ${len} < 0 THEN len(_l) ELSE least(len(_l), _s + ${len}) END), _i -> _l[_i + 1] = ${str(ctx, arg(a, 1))})[${occ}], -1) END`));
  }),
  fn('array_slice', 3, 'dynamic', (a, ctx) => {
    const l = jsonList(arg(a, 0));
    return letIn(l, '_l', `to_json(list_slice(_l, (CASE WHEN ${long(ctx, arg(a, 1))} < 0 THEN len(_l) + ${long(ctx, arg(a, 1))} ELSE ${long(ctx, arg(a, 1))} END) + 1, CASE WHEN ${long(ctx, arg(a, 2))} < 0 THEN len(_l) + ${long(ctx, arg(a, 2))} ELSE ${long(ctx, arg(a, 2))} END + 1))`);
  }),
  fn('array_reverse', 1, 'dynamic', (a) => `to_json(list_reverse(${jsonList(arg(a, 0))}))`),
  fn('array_sum', 1, 'real', (a) => `list_sum(list_transform(${jsonList(arg(a, 0))}, _e -> TRY_CAST(json_extract_string(_e, '$') AS DOUBLE)))`),
  arraySort('array_sort_asc', false),
  arraySort('array_sort_desc', true),
  fn('array_shift_left', [2, 3], 'dynamic', (a, ctx) => letIn(jsonList(arg(a, 0)), '_l', `to_json(list_transform(range(0, len(_l)), _i -> CASE WHEN _i + ${long(ctx, arg(a, 1))} >= 0 AND _i + ${long(ctx, arg(a, 1))} < len(_l) THEN _l[_i + ${long(ctx, arg(a, 1))} + 1] ELSE ${a[2] ? dyn(ctx, arg(a, 2)) : 'NULL'} END))`)),
  fn('array_shift_right', [2, 3], 'dynamic', (a, ctx) => letIn(jsonList(arg(a, 0)), '_l', `to_json(list_transform(range(0, len(_l)), _i -> CASE WHEN _i - ${long(ctx, arg(a, 1))} >= 0 AND _i - ${long(ctx, arg(a, 1))} < len(_l) THEN _l[_i - ${long(ctx, arg(a, 1))} + 1] ELSE ${a[2] ? dyn(ctx, arg(a, 2)) : 'NULL'} END))`)),
  fn('array_rotate_left', 2, 'dynamic', (a, ctx) => letIn(jsonList(arg(a, 0)), '_l', `to_json(list_transform(range(0, len(_l)), _i -> _l[((_i + ${long(ctx, arg(a, 1))}) % len(_l) + len(_l)) % len(_l) + 1]))`)),
  fn('array_rotate_right', 2, 'dynamic', (a, ctx) => letIn(jsonList(arg(a, 0)), '_l', `to_json(list_transform(range(0, len(_l)), _i -> _l[((_i - ${long(ctx, arg(a, 1))}) % len(_l) + len(_l)) % len(_l) + 1]))`)),
  fn('array_iff', 3, 'dynamic', (a, ctx) => {
    // scalar branches apply to every element
    const branch = (x: SqlArg): string => (x.type === 'dynamic' ? jsonList(x) : `list_transform(range(0, 100000), _z -> ${dyn(ctx, x)})`);
    return letIn(`[${jsonList(arg(a, 0))}, ${branch(arg(a, 1))}, ${branch(arg(a, 2))}]`, '_t', `to_json(list_transform(range(0, len(_t[1])), _i -> CASE WHEN coalesce(TRY_CAST(json_extract_string(_t[1][_i + 1], '$') AS BOOLEAN), TRY_CAST(json_extract_string(_t[1][_i + 1], '$') AS DOUBLE) <> 0) THEN _t[2][_i + 1] ELSE _t[3][_i + 1] END))`);
  }, { aliases: ['array_iif'] }),
  fn('array_split', 2, 'dynamic', (a) => {
    const l = jsonList(arg(a, 0));
    const idx = arg(a, 1);
    const points = idx.type === 'dynamic' ? `CAST(${idx.sql} AS BIGINT[])` : `[${idx.sql}]`;
    return letIn(`[${l}]`, '_w', letIn(points, '_p', `to_json(list_transform(range(0, len(_p) + 1), _k -> list_slice(_w[1], CASE WHEN _k = 0 THEN 1 ELSE least(greatest(_p[_k], 0), len(_w[1])) + 1 END, CASE WHEN _k = len(_p) THEN len(_w[1]) ELSE least(greatest(_p[_k + 1], 0), len(_w[1])) END)))`));
  }),
  setOp('set_union', 'union'),
  setOp('set_intersect', 'intersect'),
  setOp('set_difference', 'difference'),
  fn('set_has_element', 2, 'bool', (a, ctx) => `list_contains(list_transform(${jsonList(arg(a, 0))}, _e -> json_extract_string(_e, '$')), ${str(ctx, arg(a, 1))})`),
  fn('jaccard_index', 2, 'real', (a) => letIn(`[list_distinct(list_transform(coalesce(${jsonList(arg(a, 0))}, []), _e -> ${keyOf('_e')})), list_distinct(list_transform(coalesce(${jsonList(arg(a, 1))}, []), _e -> ${keyOf('_e')}))]`, '_s', `CAST(len(list_intersect(_s[1], _s[2])) AS DOUBLE) / nullif(len(list_distinct(list_concat(_s[1], _s[2]))), 0)`)),
  fn('bag_keys', 1, 'dynamic', (a) => `(CASE WHEN json_type(${arg(a, 0).sql}) = 'OBJECT' THEN to_json(json_keys(${arg(a, 0).sql})) END)`),
  fn('bag_has_key', 2, 'bool', (a, ctx) => {
    const k = constString(a[1]);
    if (k !== undefined && k.startsWith('$')) return `(json_type(${arg(a, 0).sql}) = 'OBJECT' AND coalesce(json_exists(${arg(a, 0).sql}, ${ctx.d.stringLiteral(k)}), FALSE))`;
    return `(json_type(${arg(a, 0).sql}) = 'OBJECT' AND list_contains(json_keys(${arg(a, 0).sql}), ${str(ctx, arg(a, 1))}))`;
  }),
  fn('bag_merge', [2, 64], 'dynamic', (a) => `json_merge_patch(${a.map((x) => `coalesce(${x.sql}, CAST('{}' AS JSON))`).reverse().join(', ')})`),
  fn('bag_remove_keys', 2, 'dynamic', (a, ctx) => {
    const b = arg(a, 0).sql;
    // constant keys (or JSON paths like $.a.b): a merge patch that sets them to null removes them, nested too
    const keysConst = arg(a, 1).isConstant && typeof arg(a, 1).constant === 'string' ? (JSON.parse(String(arg(a, 1).constant)) as unknown) : undefined;
    if (Array.isArray(keysConst) && keysConst.every((k) => typeof k === 'string')) {
      const patch: Record<string, unknown> = {};
      for (const k of keysConst) setPath(patch, k, null);
      return `(CASE WHEN json_type(${b}) = 'OBJECT' THEN json_merge_patch(${b}, CAST(${ctx.d.stringLiteral(JSON.stringify(patch))} AS JSON)) END)`;
    }
    const keys = `CAST(json_extract_string(${arg(a, 1).sql}, '$[*]') AS VARCHAR[])`;
    return `(CASE WHEN json_type(${b}) = 'OBJECT' THEN coalesce(CAST(to_json(map_from_entries(list_filter(list_transform(json_keys(${b}), _k -> {'k': _k, 'v': json_extract(${b}, '$."' || _k || '"')}), _e -> NOT list_contains(${keys}, _e.k)))) AS JSON), CAST('{}' AS JSON)) END)`;
  }),
  fn('bag_set_key', 3, 'dynamic', (a, ctx) => {
    const k = constString(a[1]);
    if (k !== undefined && k.startsWith('$')) {
      // a JSON path: build the nested object around the value, then merge
      const parts = pathParts(k);
      let v = dyn(ctx, arg(a, 2));
      for (const p of [...parts].reverse()) v = `json_object(${ctx.d.stringLiteral(p)}, ${v})`;
      return `json_merge_patch(${arg(a, 0).sql}, ${v})`;
    }
    return `json_merge_patch(${arg(a, 0).sql}, json_object(${str(ctx, arg(a, 1))}, ${dyn(ctx, arg(a, 2))}))`;
  }),
  fn('bag_zip', 2, 'dynamic', (a) => letIn(`[${jsonList(arg(a, 0))}, ${jsonList(arg(a, 1))}]`, '_z', `CAST(to_json(map_from_entries(list_transform(list_filter(range(0, len(_z[1])), _i -> json_type(_z[1][_i + 1]) = 'VARCHAR'), _i -> {'k': json_extract_string(_z[1][_i + 1], '$'), 'v': CASE WHEN _i < len(_z[2]) THEN _z[2][_i + 1] ELSE CAST('null' AS JSON) END}))) AS JSON)`)),
  fn('zip', [2, 16], 'dynamic', (a) => letIn(`[${a.map((x) => `coalesce(${jsonList(x)}, [])`).join(', ')}]`, '_z', `to_json(list_transform(range(0, list_max(list_transform(_z, _q -> len(_q)))), _i -> list_transform(_z, _q -> _q[_i + 1])))`)),
  fn('extractjson', [2, 3], 'string', (a, ctx) => `json_extract_string(${strNN(ctx, arg(a, 1))}, ${str(ctx, arg(a, 0))})`, { aliases: ['extract_json'] }),
  fn('parse_url', 1, 'dynamic', (a, ctx) => {
    // Path without its leading '/', as the parse_url documentation prints it
    const re = `'^(?:([A-Za-z][A-Za-z0-9+.-]*)://)?(?:([^:@/]*)(?::([^@/]*))?@)?([^:/?#]*)(?::(\\d+))?(?:/([^?#]*))?(?:\\?([^#]*))?(?:#(.*))?$'`;
    return letIn(`regexp_extract(${str(ctx, arg(a, 0))}, ${re}, ['scheme', 'user', 'pass', 'host', 'port', 'path', 'query', 'fragment'])`, '_u', `json_object('Scheme', _u.scheme, 'Host', _u.host, 'Port', _u.port, 'Path', _u.path, 'Username', _u.user, 'Password', _u.pass, 'Query Parameters', CAST(coalesce(to_json(map_from_entries(list_transform(list_filter(string_split(_u.query, '&'), _q -> _q <> ''), _q -> {'k': url_decode(split_part(_q, '=', 1)), 'v': url_decode(substr(_q, length(split_part(_q, '=', 1)) + 2))}))), '{}') AS JSON), 'Fragment', _u.fragment)`);
  }),
  fn('parse_urlquery', 1, 'dynamic', (a, ctx) => `json_object('Query Parameters', CAST(coalesce(to_json(map_from_entries(list_transform(list_filter(string_split(regexp_replace(${str(ctx, arg(a, 0))}, '^\\?', ''), '&'), _q -> _q <> ''), _q -> {'k': url_decode(split_part(_q, '=', 1)), 'v': url_decode(substr(_q, length(split_part(_q, '=', 1)) + 2))}))), '{}') AS JSON))`),
  fn('parse_path', 1, 'dynamic', (a, ctx) => {
    // scheme://, a drive root (C:), directories split at / or \, and an alternate data stream after the file name
    // (file.txt:stream); a UNC share or a leading / is not a root (the docs' outputs)
    const p = str(ctx, arg(a, 0));
    const parts = `{'scheme': regexp_extract(_p, '^([A-Za-z][A-Za-z0-9+.-]*)://', 1), 'rest': regexp_replace(_p, '^[A-Za-z][A-Za-z0-9+.-]*://', '')}`;
    const seg = `regexp_extract(substr(_q.rest, length(regexp_extract(_q.rest, '^([A-Za-z]:)', 1)) + 1), '([^\\\\/]*)$', 1)`;
    const body = `json_object('Scheme', _q.scheme, 'RootPath', regexp_extract(_q.rest, '^([A-Za-z]:)', 1), 'DirectoryPath', regexp_extract(_q.rest, '^(.*)[\\\\/][^\\\\/]*$', 1), 'DirectoryName', regexp_extract(_q.rest, '([^\\\\/]*)[\\\\/][^\\\\/]*$', 1), 'Filename', split_part(_seg, ':', 1), 'Extension', regexp_extract(split_part(_seg, ':', 1), '\\.([^.]*)$', 1), 'AlternateDataStreamName', CASE WHEN contains(_seg, ':') THEN substr(_seg, strpos(_seg, ':') + 1) ELSE '' END)`;
    return letIn(p, '_p', `CASE WHEN _p IS NULL THEN NULL ELSE ${letIn(parts, '_q', letIn(seg, '_seg', body))} END`);
  }),
  fn('parse_command_line', 2, 'dynamic', (a, ctx) => `to_json(list_transform(regexp_extract_all(${strNN(ctx, arg(a, 0))}, '"([^"]*)"|(\\S+)', 0), _t -> trim(_t, '"')))`),
  fn('parse_csv', 1, 'dynamic', (a, ctx) => {
    // the first record: fields end at ',' or at a newline outside quotes; "" inside quotes is a quote
    const src = `(${strNN(ctx, arg(a, 0))} || chr(10))`;
    const re = `'("(?:[^"]|"")*"|[^,\\n]*)(,|\\n)'`;
    return letIn(`[regexp_extract_all(${src}, ${re}, 1), regexp_extract_all(${src}, ${re}, 2)]`, '_c', `to_json(list_transform(list_slice(_c[1], 1, coalesce(list_position(_c[2], chr(10)), len(_c[1]))), _f -> CASE WHEN starts_with(_f, '"') THEN replace(substr(_f, 2, length(_f) - 2), '""', '"') ELSE _f END))`);
  }),
  fn('parse_version', 1, 'decimal', (a, ctx) => letIn(`string_split(${str(ctx, arg(a, 0))}, '.')`, '_v', `CASE WHEN len(_v) BETWEEN 1 AND 4 AND list_bool_and(list_transform(_v, _x -> regexp_matches(_x, '^\\d{1,8}$'))) THEN CAST(list_reduce(list_transform(range(0, 4), _i -> coalesce(TRY_CAST(_v[_i + 1] AS DOUBLE), 0)), (_acc, _x) -> _acc * 100000000 + _x) AS DOUBLE) END`)),
  fn('range', [2, 3], 'dynamic', (a, ctx) => {
    // inclusive stop; at most 1,048,576 elements, computed by index so a huge range never materializes
    const [s, e] = [arg(a, 0), arg(a, 1)];
    const bad = '_r.s IS NULL OR _r.e IS NULL OR _r.st IS NULL OR _r.st = 0';
    const count = (start: string, stop: string, step: string): string => `CAST(greatest(0, least(1048576, floor((${stop} - ${start}) / nullif(${step}, 0)) + 1)) AS BIGINT)`;
    if (s.type === 'datetime' || s.type === 'timespan') {
      const us = (x: SqlArg): string => (x.type === 'datetime' ? `epoch_us(${x.sql})` : intervalMicros(x.type === 'timespan' ? x.sql : ctx.d.convert(x, 'timespan')));
      const step = a[2] ? intervalMicros(a[2].type === 'timespan' ? a[2].sql : ctx.d.convert(a[2], 'timespan')) : s.type === 'timespan' ? '3600000000' : '86400000000';
      const item = s.type === 'datetime' ? 'make_timestamp(_s0 + _i * _st)' : 'to_microseconds(_s0 + _i * _st)';
      return letIn(`{'s': ${us(s)}, 'e': ${us(e)}, 'st': CAST(${step} AS BIGINT)}`, '_r', letIn('_r.s', '_s0', letIn('_r.st', '_st', `CASE WHEN ${bad} THEN NULL ELSE to_json(list_transform(range(0, ${count('_r.s', '_r.e', '_r.st')}), _i -> ${ctx.d.toString({ sql: item, type: s.type, isConstant: false })})) END`)));
    }
    const integral = [s, e, a[2]].every((x) => !x || x.type === 'int' || x.type === 'long');
    const t = integral ? 'BIGINT' : 'DOUBLE';
    const step = a[2] ? a[2].sql : '1';
    return letIn(`{'s': CAST(${s.sql} AS ${t}), 'e': CAST(${e.sql} AS ${t}), 'st': CAST(${step} AS ${t})}`, '_r', `CASE WHEN ${bad} THEN NULL ELSE to_json(list_transform(range(0, ${count('_r.s', '_r.e', '_r.st')}), _i -> _r.s + _i * _r.st)) END`);
  }),
];

/** `$.a.b` / `$['a']['b']` / plain `a` as key parts. */
function pathParts(path: string): string[] {
  if (!path.startsWith('$')) return [path];
  const parts: string[] = [];
  const re = /\.([^.[\]]+)|\[['"]([^'"]+)['"]\]/g;
  for (const m of path.slice(1).matchAll(re)) parts.push(m[1] ?? m[2] ?? '');
  return parts;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = pathParts(path);
  let o = target;
  parts.forEach((p, i) => {
    if (i === parts.length - 1) o[p] = value;
    else {
      const next = o[p];
      if (next && typeof next === 'object') o = next as Record<string, unknown>;
      else {
        const created: Record<string, unknown> = {};
        o[p] = created;
        o = created;
      }
    }
  });
}
