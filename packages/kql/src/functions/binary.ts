/**
 * Byte-level helpers: base64 to and from byte arrays and GUIDs (GUID bytes in the .NET order Kusto
 * uses: the first three groups little-endian), plus around() and assert().
 */
import type { SqlArg } from '../dialect/dialect.ts';
import { letIn } from '../dialect/duckdb/dialect.ts';
import { arg, constString, conv, str } from './helpers.ts';
import { fn, type EmitContext, type FunctionDef } from './registry.ts';

/** Hex digits (32, lowercase, no dashes) of a GUID in .NET byte order, from its canonical text. */
function guidToNetHex(text: string): string {
  return letIn(`replace(lower(${text}), '-', '')`, '_g', `CASE WHEN _g IS NULL OR length(_g) <> 32 THEN NULL ELSE substr(_g, 7, 2) || substr(_g, 5, 2) || substr(_g, 3, 2) || substr(_g, 1, 2) || substr(_g, 11, 2) || substr(_g, 9, 2) || substr(_g, 15, 2) || substr(_g, 13, 2) || substr(_g, 17, 16) END`);
}

/** The canonical GUID text of 32 hex digits in .NET byte order. */
function netHexToGuid(hex: string): string {
  return letIn(`lower(${hex})`, '_h', `CASE WHEN _h IS NULL OR length(_h) <> 32 THEN NULL ELSE substr(_h, 7, 2) || substr(_h, 5, 2) || substr(_h, 3, 2) || substr(_h, 1, 2) || '-' || substr(_h, 11, 2) || substr(_h, 9, 2) || '-' || substr(_h, 15, 2) || substr(_h, 13, 2) || '-' || substr(_h, 17, 4) || '-' || substr(_h, 21, 12) END`);
}

function guidText(ctx: EmitContext, a: SqlArg): string {
  return a.type === 'guid' ? `CAST(${a.sql} AS VARCHAR)` : str(ctx, a);
}

export const binaryFunctions: FunctionDef[] = [
  fn('base64_decode_toguid', 1, 'guid', (a, ctx) => `TRY_CAST(${netHexToGuid(`hex(TRY(from_base64(${str(ctx, arg(a, 0))})))`)} AS UUID)`),
  fn('base64_encode_fromguid', 1, 'string', (a, ctx) => letIn(guidToNetHex(guidText(ctx, arg(a, 0))), '_x', `CASE WHEN _x IS NULL THEN NULL ELSE to_base64(unhex(_x)) END`)),
  fn('base64_encode_fromarray', 1, 'string', (a) => {
    // a dynamic array of byte values; anything else (or an out-of-range element) gives null
    const x = arg(a, 0);
    if (x.type !== 'dynamic') return 'CAST(NULL AS VARCHAR)';
    return letIn(`CASE WHEN json_type(${x.sql}) = 'ARRAY' THEN list_transform(CAST(${x.sql} AS JSON[]), _e -> TRY_CAST(json_extract_string(_e, '$') AS INTEGER)) END`, '_l', `CASE WHEN _l IS NULL OR len(_l) = 0 OR NOT list_bool_and(list_transform(_l, _v -> _v IS NOT NULL AND _v BETWEEN 0 AND 255)) THEN NULL ELSE to_base64(unhex(array_to_string(list_transform(_l, _v -> printf('%02x', _v)), ''))) END`);
  }),
  fn('around', 3, 'bool', (a, ctx) => {
    // value within [center - delta, center + delta], for numbers, datetimes and timespans
    const [v, c, d] = [arg(a, 0), arg(a, 1), arg(a, 2)];
    const t = v.type === 'datetime' || c.type === 'datetime' ? 'datetime' : v.type === 'timespan' ? 'timespan' : 'real';
    const val = v.type === t ? v.sql : conv(ctx, v, t);
    const cen = c.type === t ? c.sql : conv(ctx, c, t);
    const del = t === 'real' ? (d.type === 'real' ? d.sql : conv(ctx, d, 'real')) : d.type === 'timespan' ? d.sql : conv(ctx, d, 'timespan');
    return `(${val} BETWEEN ${cen} - ${del} AND ${cen} + ${del})`;
  }),
  fn('assert', 2, 'bool', (a, ctx) => {
    // a failed assertion fails the query with the message
    const c = arg(a, 0);
    const cond = c.type === 'bool' ? c.sql : conv(ctx, c, 'bool');
    const msg = constString(a[1]);
    return `(CASE WHEN ${cond} THEN TRUE ELSE error(${msg !== undefined ? ctx.d.stringLiteral(`assert: ${msg}`) : `'assert: ' || ${str(ctx, arg(a, 1))}`}) END)`;
  }),
];
