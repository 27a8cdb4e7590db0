import type { KustoType } from '../../types.ts';
import type { LiteralValue } from '../../ir/ir.ts';
import type { Dialect, SqlArg } from '../dialect.ts';

const SQL_TYPES: Readonly<Record<KustoType, string>> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  long: 'BIGINT',
  real: 'DOUBLE',
  decimal: 'DOUBLE',
  bool: 'BOOLEAN',
  datetime: 'TIMESTAMP',
  timespan: 'INTERVAL',
  guid: 'UUID',
  dynamic: 'JSON',
};

/**
 * The only place a string becomes SQL text. DuckDB string literals have no backslash escapes; a quote is
 * doubled. NUL cannot appear inside a literal, so it is spliced in with chr(0).
 */
export function duckdbStringLiteral(value: string): string {
  if (value.includes('\0')) return value.split('\0').map(duckdbStringLiteral).join(' || chr(0) || ');
  return `'${value.replaceAll("'", "''")}'`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Binds a value to a lambda parameter for use (possibly several times) in `body`: a scalar 'let'. */
export function letIn(value: string, name: string, body: string): string {
  return `list_transform([${value}], lambda ${name}: ${body})[1]`;
}

/** Kusto datetime string form: 2017-01-01T00:00:00.0000000Z (DuckDB keeps microseconds; the 7th digit is 0). */
export function datetimeToString(sql: string): string {
  return `(strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%f') || '0Z')`;
}

/** Microseconds of an INTERVAL (DuckDB intervals from timestamp arithmetic carry days and micros). */
export function intervalMicros(sql: string): string {
  return `CAST(round(epoch(${sql}) * 1000000) AS BIGINT)`;
}

/** Kusto timespan string form: [-][d.]hh:mm:ss[.fffffff]. */
export function timespanToString(sql: string): string {
  const us = intervalMicros(sql);
  return letIn(us, '_u', `CASE WHEN _u IS NULL THEN NULL ELSE (CASE WHEN _u < 0 THEN '-' ELSE '' END) || (CASE WHEN abs(_u) >= 86400000000 THEN CAST(abs(_u) // 86400000000 AS VARCHAR) || '.' ELSE '' END) || lpad(CAST((abs(_u) // 3600000000) % 24 AS VARCHAR), 2, '0') || ':' || lpad(CAST((abs(_u) // 60000000) % 60 AS VARCHAR), 2, '0') || ':' || lpad(CAST((abs(_u) // 1000000) % 60 AS VARCHAR), 2, '0') || (CASE WHEN abs(_u) % 1000000 <> 0 THEN '.' || lpad(CAST(abs(_u) % 1000000 AS VARCHAR), 6, '0') || '0' ELSE '' END) END`);
}

/** Real to string the way Kusto prints it: integral values without a fraction. */
function realToString(sql: string): string {
  return `(CASE WHEN isnan(${sql}) THEN 'NaN' WHEN isinf(${sql}) THEN (CASE WHEN ${sql} > 0 THEN 'Infinity' ELSE '-Infinity' END) WHEN ${sql} = trunc(${sql}) AND abs(${sql}) < 1e15 THEN CAST(CAST(${sql} AS BIGINT) AS VARCHAR) ELSE CAST(${sql} AS VARCHAR) END)`;
}

/** Kusto's accepted datetime strings (ISO 8601 and close relatives); null when unparseable. */
export function datetimeFromString(sql: string): string {
  return `coalesce(TRY_CAST(regexp_replace(trim(${sql}), '[Zz]$', '') AS TIMESTAMP), try_strptime(trim(${sql}), ['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y', '%m-%d-%Y', '%a, %d %b %y %H:%M:%S GMT', '%A, %d-%b-%y %H:%M:%S GMT', '%Y-%m-%d %H:%M:%S GMT', '%a, %d %b %Y %H:%M:%S GMT']))`;
}

/** [-][d.]hh:mm[:ss[.fffffff]] or a number with a unit (1d, 2h, 30m, 10s, 100ms); null when unparseable. */
export function timespanFromString(sql: string): string {
  const re = `'^(-)?(?:(\\d+)\\.)?(\\d+):(\\d+)(?::(\\d+(?:\\.\\d+)?))?$'`;
  return letIn(`regexp_extract(trim(${sql}), ${re}, ['s', 'd', 'h', 'm', 'sec'])`, '_p', `CASE WHEN _p.h IS NOT NULL AND _p.h <> '' THEN (CASE WHEN _p.s = '-' THEN -1 ELSE 1 END) * to_microseconds(CAST(round((coalesce(TRY_CAST(nullif(_p.d, '') AS BIGINT), 0) * 86400 + CAST(_p.h AS BIGINT) * 3600 + CAST(_p.m AS BIGINT) * 60 + coalesce(TRY_CAST(nullif(_p.sec, '') AS DOUBLE), 0)) * 1000000) AS BIGINT)) ELSE TRY_CAST(${sql} AS INTERVAL) END`);
}

function ticksToInterval(ticks: number): string {
  const micros = Math.trunc(ticks / 10);
  return `to_microseconds(CAST(${micros} AS BIGINT))`;
}

function microsToTimestamp(micros: number): string {
  return `make_timestamp(CAST(${Math.trunc(micros)} AS BIGINT))`;
}

export class DuckDbDialect implements Dialect {
  readonly name = 'duckdb' as const;
  readonly supportsQualify = true;

  constructor(private readonly nowMicros: number) {}

  quoteIdent(name: string): string {
    return quoteIdent(name);
  }

  stringLiteral(value: string): string {
    return duckdbStringLiteral(value);
  }

  sqlType(type: KustoType): string {
    return SQL_TYPES[type];
  }

  nullOf(type: KustoType): string {
    return `CAST(NULL AS ${SQL_TYPES[type]})`;
  }

  now(): string {
    return microsToTimestamp(this.nowMicros);
  }

  literal(value: LiteralValue, type: KustoType): string {
    if (value === null) return this.nullOf(type);
    switch (type) {
      case 'string':
        return this.stringLiteral(String(value));
      case 'int':
        return `CAST(${Number(value)} AS INTEGER)`;
      case 'long':
        return `CAST(${safeNumber(value)} AS BIGINT)`;
      case 'real':
      case 'decimal': {
        const n = Number(value);
        if (Number.isNaN(n)) return `CAST('NaN' AS DOUBLE)`;
        if (!Number.isFinite(n)) return n > 0 ? `CAST('Infinity' AS DOUBLE)` : `CAST('-Infinity' AS DOUBLE)`;
        return `CAST(${safeNumber(n)} AS DOUBLE)`;
      }
      case 'bool':
        return value === true ? 'TRUE' : 'FALSE';
      case 'datetime':
        return microsToTimestamp(Number(value));
      case 'timespan':
        return ticksToInterval(Number(value));
      case 'guid':
        return `CAST(${this.stringLiteral(String(value))} AS UUID)`;
      case 'dynamic':
        return `CAST(${this.stringLiteral(String(value))} AS JSON)`;
    }
  }

  toString(arg: SqlArg): string {
    const s = arg.sql;
    switch (arg.type) {
      case 'string':
        return s;
      case 'int':
      case 'long':
      case 'guid':
        return `CAST(${s} AS VARCHAR)`;
      case 'real':
      case 'decimal':
        return realToString(s);
      case 'bool':
        return `(CASE WHEN ${s} THEN 'true' WHEN NOT ${s} THEN 'false' END)`;
      case 'datetime':
        return datetimeToString(s);
      case 'timespan':
        return timespanToString(s);
      case 'dynamic':
        return `json_extract_string(${s}, '$')`;
    }
  }

  toDynamic(arg: SqlArg): string {
    const s = arg.sql;
    switch (arg.type) {
      case 'dynamic':
        return s;
      case 'string':
      case 'int':
      case 'long':
      case 'real':
      case 'decimal':
      case 'bool':
        return `to_json(${s})`;
      case 'datetime':
      case 'timespan':
      case 'guid':
        return `to_json(${this.toString(arg)})`;
    }
  }

  convert(arg: SqlArg, to: KustoType): string {
    const from = arg.type;
    const s = arg.sql;
    if (from === to) return s;
    if (to === 'string') return this.toString(arg);
    if (to === 'dynamic') return this.toDynamic(arg);
    const str = from === 'dynamic' ? `json_extract_string(${s}, '$')` : s;
    switch (to) {
      case 'int':
      case 'long': {
        const t = SQL_TYPES[to];
        if (from === 'real' || from === 'decimal') return `TRY_CAST(trunc(${s}) AS ${t})`;
        if (from === 'bool') return `CAST(${s} AS ${t})`;
        if (from === 'datetime') return `CAST(epoch_us(${s}) * 10 + 621355968000000000 AS ${t})`;
        if (from === 'timespan') return `CAST(${intervalMicros(s)} * 10 AS ${t})`;
        if (from === 'string' || from === 'dynamic') return `coalesce(TRY_CAST(${str} AS ${t}), TRY_CAST(trunc(TRY_CAST(${str} AS DOUBLE)) AS ${t}))`;
        return `TRY_CAST(${s} AS ${t})`;
      }
      case 'real':
      case 'decimal':
        if (from === 'timespan') return `(${intervalMicros(s)} * 10.0)`;
        if (from === 'datetime') return `CAST(epoch_us(${s}) * 10 + 621355968000000000 AS DOUBLE)`;
        return `TRY_CAST(${str} AS DOUBLE)`;
      case 'bool':
        if (from === 'string' || from === 'dynamic') return `(CASE lower(${str}) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE ELSE TRY_CAST(TRY_CAST(${str} AS BIGINT) <> 0 AS BOOLEAN) END)`;
        if (from === 'int' || from === 'long' || from === 'real' || from === 'decimal') return `(${s} <> 0)`;
        return this.nullOf('bool');
      case 'datetime':
        if (from === 'string' || from === 'dynamic') return datetimeFromString(str);
        if (from === 'int' || from === 'long' || from === 'real' || from === 'decimal') return `make_timestamp(CAST((${s} - 621355968000000000) / 10 AS BIGINT))`;
        return this.nullOf('datetime');
      case 'timespan':
        if (from === 'string' || from === 'dynamic') return timespanFromString(str);
        if (from === 'int' || from === 'long' || from === 'real' || from === 'decimal') return `to_microseconds(CAST(${s} / 10 AS BIGINT))`;
        return this.nullOf('timespan');
      case 'guid':
        return `TRY_CAST(${str} AS UUID)`;
    }
  }
}

function safeNumber(v: string | number | boolean): string {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return '0';
  return String(n);
}
