/**
 * Geospatial functions that need no geometry library: great-circle distance (haversine on a sphere of
 * the mean Earth radius 6371008.8 m, within 1e-6 of Kusto's documented results), point-in-circle, and
 * geohash encoding/decoding. Invalid coordinates give null (an empty string for geohashes).
 */
import type { SqlArg } from '../dialect/dialect.ts';
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg, long, real, str } from './helpers.ts';
import { fn, type EmitContext, type FunctionDef } from './registry.ts';

const EARTH_RADIUS = '6371008.8';
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

const d = (ctx: EmitContext, a: SqlArg): string => `CAST(${real(ctx, a)} AS DOUBLE)`;

/** Valid longitude/latitude check on bound names. */
const valid = (lon: string, lat: string): string => `(${lon} BETWEEN -180 AND 180 AND ${lat} BETWEEN -90 AND 90)`;

function distance(lon1: string, lat1: string, lon2: string, lat2: string): string {
  return `(2 * ${EARTH_RADIUS} * asin(sqrt(pow(sin(radians(${lat2} - ${lat1}) / 2), 2) + cos(radians(${lat1})) * cos(radians(${lat2})) * pow(sin(radians(${lon2} - ${lon1}) / 2), 2))))`;
}

function distanceSql(ctx: EmitContext, a: SqlArg[]): string {
  return letIn(`{'x1': ${d(ctx, arg(a, 0))}, 'y1': ${d(ctx, arg(a, 1))}, 'x2': ${d(ctx, arg(a, 2))}, 'y2': ${d(ctx, arg(a, 3))}}`, '_g', `CASE WHEN ${valid('_g.x1', '_g.y1')} AND ${valid('_g.x2', '_g.y2')} THEN ${distance('_g.x1', '_g.y1', '_g.x2', '_g.y2')} END`);
}

/** Geohash of a point with `precision` characters (1..18). */
function geohash(ctx: EmitContext, a: SqlArg[]): string {
  const p = a[2] ? `CAST(${long(ctx, arg(a, 2))} AS INTEGER)` : '5';
  const nlon = '((_h.p * 5 + 1) // 2)';
  const nlat = '((_h.p * 5) // 2)';
  const idx = (v: string, lo: number, span: number, n: string): string => `least(CAST(floor((${v} - (${lo})) / ${span} * pow(2, ${n})) AS BIGINT), CAST(pow(2, ${n}) AS BIGINT) - 1)`;
  const bit = (j: string): string => `(CASE WHEN (${j}) % 2 = 0 THEN (_q.x >> (${nlon} - 1 - (${j}) // 2)) & 1 ELSE (_q.y >> (${nlat} - 1 - ((${j}) - 1) // 2)) & 1 END)`;
  const char = `substr('${BASE32}', CAST(1 + ${[0, 1, 2, 3, 4].map((b) => `${bit(`_c * 5 + ${b}`)} * ${2 ** (4 - b)}`).join(' + ')} AS INTEGER), 1)`;
  const body = letIn(`{'x': ${idx('_h.x', -180, 360, nlon)}, 'y': ${idx('_h.y', -90, 180, nlat)}}`, '_q', `array_to_string(list_transform(range(0, _h.p), _c -> ${char}), '')`);
  return letIn(`{'x': ${d(ctx, arg(a, 0))}, 'y': ${d(ctx, arg(a, 1))}, 'p': ${p}}`, '_h', `CASE WHEN _h.x IS NULL OR _h.y IS NULL THEN '' WHEN ${valid('_h.x', '_h.y')} AND _h.p BETWEEN 1 AND 18 THEN ${body} ELSE '' END`);
}

/** The cell of a geohash as {x0, x1, y0, y1} bounds, or NULL when it is not a valid geohash. */
function geohashCell(text: string): string {
  const bits = `flatten(list_transform(_v, _i -> [(_i >> 4) & 1, (_i >> 3) & 1, (_i >> 2) & 1, (_i >> 1) & 1, _i & 1]))`;
  const value = (parity: number): string => `list_reduce(list_prepend(CAST(0 AS HUGEINT), list_transform(list_filter(_b, lambda _x, _k: _k % 2 = ${parity}), _x -> CAST(_x AS HUGEINT))), (_acc, _x) -> _acc * 2 + _x)`;
  const cell = letIn(bits, '_b', letIn(`{'nx': (len(_b) + 1) // 2, 'ny': len(_b) // 2, 'x': ${value(1)}, 'y': ${value(0)}}`, '_n', `{'x0': -180 + 360 * CAST(_n.x AS DOUBLE) / pow(2, _n.nx), 'x1': -180 + 360 * CAST(_n.x + 1 AS DOUBLE) / pow(2, _n.nx), 'y0': -90 + 180 * CAST(_n.y AS DOUBLE) / pow(2, _n.ny), 'y1': -90 + 180 * CAST(_n.y + 1 AS DOUBLE) / pow(2, _n.ny)}`));
  return letIn(`lower(${text})`, '_s', `CASE WHEN _s IS NULL OR length(_s) NOT BETWEEN 1 AND 18 OR NOT regexp_matches(_s, '^[${BASE32}]+$') THEN NULL ELSE ${letIn(`list_transform(string_split(_s, ''), _ch -> CAST(strpos('${BASE32}', _ch) - 1 AS BIGINT))`, '_v', cell)} END`);
}

export const geoFunctions: FunctionDef[] = [
  fn('geo_distance_2points', 4, 'real', (a, ctx) => distanceSql(ctx, a)),
  fn('geo_point_in_circle', 5, 'bool', (a, ctx) => letIn(distanceSql(ctx, a.slice(0, 4)), '_dist', `(_dist <= ${d(ctx, arg(a, 4))})`)),
  fn('geo_point_to_geohash', [2, 3], 'string', (a, ctx) => geohash(ctx, a)),
  fn('geo_geohash_to_central_point', 1, 'dynamic', (a, ctx) => letIn(geohashCell(str(ctx, arg(a, 0))), '_cell', `CASE WHEN _cell IS NULL THEN NULL ELSE json_object('type', 'Point', 'coordinates', [(_cell.x0 + _cell.x1) / 2, (_cell.y0 + _cell.y1) / 2]) END`)),
  fn('geo_geohash_to_polygon', 1, 'dynamic', (a, ctx) => letIn(geohashCell(str(ctx, arg(a, 0))), '_cell', `CASE WHEN _cell IS NULL THEN NULL ELSE json_object('type', 'Polygon', 'coordinates', [[[_cell.x0, _cell.y0], [_cell.x1, _cell.y0], [_cell.x1, _cell.y1], [_cell.x0, _cell.y1], [_cell.x0, _cell.y0]]]) END`)),
];
