/** Conversions between Kusto types, and the type-inspection functions. */
import { arg, conv, str } from './helpers.ts';
import { fn, type FunctionDef } from './registry.ts';
import type { KustoType } from '../types.ts';

function to(name: string, t: KustoType, aliases: string[] = []): FunctionDef {
  return fn(name, [1, 2], t, (a, ctx) => conv(ctx, arg(a, 0), t), { aliases });
}

export const conversionFunctions: FunctionDef[] = [
  fn('tostring', 1, 'string', (a, ctx) => str(ctx, arg(a, 0))),
  to('toint', 'int'),
  to('tolong', 'long'),
  to('todouble', 'real', ['toreal']),
  to('todecimal', 'decimal'),
  to('tobool', 'bool', ['toboolean']),
  to('todatetime', 'datetime', ['todate']),
  to('totimespan', 'timespan', ['totime']),
  to('toguid', 'guid'),
  fn('todynamic', 1, 'dynamic', (a, ctx) => {
    const x = arg(a, 0);
    if (x.type === 'dynamic') return x.sql;
    if (x.type === 'string') {
      // valid JSON -> the value; anything else -> a dynamic string holding the text; '' -> null
      return `(CASE WHEN ${x.sql} IS NULL OR ${x.sql} = '' THEN NULL WHEN json_valid(${x.sql}) THEN CAST(${x.sql} AS JSON) ELSE to_json(${x.sql}) END)`;
    }
    return ctx.d.toDynamic(x);
  }, { aliases: ['parse_json', 'parsejson', 'toobject'] }),
  fn('gettype', 1, 'string', (a, ctx) => {
    const x = arg(a, 0);
    if (x.type !== 'dynamic') return ctx.d.stringLiteral(x.type === 'real' ? 'real' : x.type === 'timespan' ? 'timespan' : x.type);
    return `(CASE json_type(${x.sql}) WHEN 'OBJECT' THEN 'dictionary' WHEN 'ARRAY' THEN 'array' WHEN 'VARCHAR' THEN 'string' WHEN 'BIGINT' THEN (CASE WHEN abs(CAST(${x.sql} AS DOUBLE)) < 2147483648 THEN 'int' ELSE 'long' END) WHEN 'UBIGINT' THEN 'long' WHEN 'DOUBLE' THEN 'real' WHEN 'BOOLEAN' THEN 'bool' WHEN 'NULL' THEN 'null' ELSE 'null' END)`;
  }),
];
