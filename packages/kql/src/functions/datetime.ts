/** Date and time functions. DuckDB TIMESTAMP has microsecond precision; Kusto ticks are 100ns. */
import { intervalMicros } from '../dialect/duckdb/dialect.ts';
import type { SqlArg } from '../dialect/dialect.ts';
import { arg, constString, conv, long, real, str } from './helpers.ts';
import { fn, type EmitContext, type FunctionDef } from './registry.ts';

/** Microseconds between 0001-01-01 and 1970-01-01: Kusto's bin() origin is tick 0. */
const EPOCH_OFFSET_US = '62135596800000000';

function dt(ctx: EmitContext, a: SqlArg): string {
  return a.type === 'datetime' ? a.sql : conv(ctx, a, 'datetime');
}
function ts(ctx: EmitContext, a: SqlArg): string {
  return a.type === 'timespan' ? a.sql : conv(ctx, a, 'timespan');
}

/** bin(value, size): floor to a multiple of size; datetimes relative to 0001-01-01. */
export function binSql(ctx: EmitContext, v: SqlArg, size: SqlArg, origin?: SqlArg): string {
  if (v.type === 'datetime' || (v.type !== 'timespan' && size.type === 'timespan' && v.type !== 'real' && v.type !== 'long' && v.type !== 'int')) {
    const s = intervalMicros(ts(ctx, size));
    const x = `epoch_us(${dt(ctx, v)})`;
    const o = origin ? `epoch_us(${dt(ctx, origin)})` : `-${EPOCH_OFFSET_US}`;
    return `make_timestamp(CAST(floor((${x} - (${o})) / ${s}) * ${s} + (${o}) AS BIGINT))`;
  }
  if (v.type === 'timespan') {
    const s = intervalMicros(ts(ctx, size));
    const o = origin ? intervalMicros(ts(ctx, origin)) : '0';
    return `to_microseconds(CAST(floor((${intervalMicros(v.sql)} - ${o}) / ${s}) * ${s} + ${o} AS BIGINT))`;
  }
  const x = v.type === 'dynamic' ? real(ctx, v) : v.sql;
  const sz = size.type === 'dynamic' ? real(ctx, size) : size.sql;
  const o = origin ? (origin.type === 'dynamic' ? real(ctx, origin) : origin.sql) : '0';
  const e = `(floor((${x} - ${o}) / ${sz}) * ${sz} + ${o})`;
  if ((v.type === 'long' || v.type === 'int') && (size.type === 'long' || size.type === 'int')) return `CAST(${e} AS BIGINT)`;
  return e;
}

function binType(args: { type: string }[]): 'datetime' | 'timespan' | 'long' | 'real' {
  const t = args[0]?.type;
  if (t === 'datetime') return 'datetime';
  if (t === 'timespan') return 'timespan';
  if ((t === 'long' || t === 'int') && (args[1]?.type === 'long' || args[1]?.type === 'int')) return 'long';
  return 'real';
}

function startOf(unit: 'day' | 'week' | 'month' | 'year'): FunctionDef {
  return fn(`startof${unit}`, [1, 2], 'datetime', (a, ctx) => {
    const d = dt(ctx, arg(a, 0));
    const off = a[1] ? long(ctx, arg(a, 1)) : undefined;
    if (unit === 'week') {
      const base = `(date_trunc('day', ${d}) - to_days(CAST(dayofweek(${d}) AS INTEGER)))`;
      return off ? `(${base} + to_days(CAST(${off} * 7 AS INTEGER)))` : base;
    }
    const base = `date_trunc('${unit}', ${d})`;
    if (!off) return base;
    const add = unit === 'day' ? `to_days(CAST(${off} AS INTEGER))` : unit === 'month' ? `to_months(CAST(${off} AS INTEGER))` : `to_years(CAST(${off} AS INTEGER))`;
    return `CAST(${base} + ${add} AS TIMESTAMP)`;
  });
}

function endOf(unit: 'day' | 'week' | 'month' | 'year'): FunctionDef {
  const start = startOf(unit);
  return fn(`endof${unit}`, [1, 2], 'datetime', (a, ctx) => {
    const s = start.duckdb(a, ctx);
    const next = unit === 'day' ? 'to_days(1)' : unit === 'week' ? 'to_days(7)' : unit === 'month' ? 'to_months(1)' : 'to_years(1)';
    return `CAST(${s} + ${next} - to_microseconds(1) AS TIMESTAMP)`;
  });
}

const PART_UNITS: Record<string, string> = {
  year: 'year', quarter: 'quarter', month: 'month', week: 'week', day: 'day', hour: 'hour', minute: 'minute', second: 'second',
  millisecond: 'millisecond', microsecond: 'microsecond', nanosecond: 'nanosecond',
};

function unitOf(a: SqlArg | undefined): string | undefined {
  const c = constString(a);
  if (c === undefined) return undefined;
  const u = c.toLowerCase().replace(/s$/, '');
  return PART_UNITS[u] ?? (u === 'weekofyear' || u === 'week_of_year' ? 'week_of_year' : u === 'dayofyear' ? 'dayofyear' : undefined);
}

/** .NET-style format strings (format_datetime) as concatenated SQL pieces. */
function formatDatetime(ctx: EmitContext, d: string, fmt: string): string {
  const pieces: string[] = [];
  const lit = (s: string): void => {
    pieces.push(ctx.d.stringLiteral(s));
  };
  const tokens = fmt.match(/(yyyy|yy|y|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|tt|f{1,7}|F{1,7}|.)/g) ?? [];
  for (const t of tokens) {
    switch (t) {
      case 'yyyy': pieces.push(`strftime(${d}, '%Y')`); break;
      case 'yy': pieces.push(`strftime(${d}, '%y')`); break;
      case 'y': pieces.push(`CAST(year(${d}) % 100 AS VARCHAR)`); break;
      case 'MM': pieces.push(`strftime(${d}, '%m')`); break;
      case 'M': pieces.push(`CAST(month(${d}) AS VARCHAR)`); break;
      case 'dd': pieces.push(`strftime(${d}, '%d')`); break;
      case 'd': pieces.push(`CAST(day(${d}) AS VARCHAR)`); break;
      case 'HH': pieces.push(`strftime(${d}, '%H')`); break;
      case 'H': pieces.push(`CAST(hour(${d}) AS VARCHAR)`); break;
      case 'hh': pieces.push(`strftime(${d}, '%I')`); break;
      case 'h': pieces.push(`CAST(CASE WHEN hour(${d}) % 12 = 0 THEN 12 ELSE hour(${d}) % 12 END AS VARCHAR)`); break;
      case 'mm': pieces.push(`strftime(${d}, '%M')`); break;
      case 'm': pieces.push(`CAST(minute(${d}) AS VARCHAR)`); break;
      case 'ss': pieces.push(`strftime(${d}, '%S')`); break;
      case 's': pieces.push(`CAST(second(${d}) AS VARCHAR)`); break;
      case 'tt': pieces.push(`strftime(${d}, '%p')`); break;
      default:
        if (/^f+$/.test(t)) pieces.push(`substr(strftime(${d}, '%f') || '0', 1, ${t.length})`);
        else if (/^F+$/.test(t)) pieces.push(`rtrim(substr(strftime(${d}, '%f') || '0', 1, ${t.length}), '0')`);
        else lit(t);
    }
  }
  return pieces.length === 0 ? "''" : `concat(${pieces.join(', ')})`;
}

function formatTimespan(ctx: EmitContext, t: string, fmt: string): string {
  const us = intervalMicros(t);
  const pieces: string[] = [];
  const tokens = fmt.match(/(d{1,8}|hh|h|HH|H|mm|m|ss|s|f{1,7}|F{1,7}|.)/g) ?? [];
  for (const tk of tokens) {
    if (/^d+$/.test(tk)) pieces.push(`lpad(CAST(abs(${us}) // 86400000000 AS VARCHAR), ${tk.length}, '0')`);
    else if (tk === 'HH' || tk === 'hh') pieces.push(`lpad(CAST((abs(${us}) // 3600000000) % 24 AS VARCHAR), 2, '0')`);
    else if (tk === 'H' || tk === 'h') pieces.push(`CAST((abs(${us}) // 3600000000) % 24 AS VARCHAR)`);
    else if (tk === 'mm') pieces.push(`lpad(CAST((abs(${us}) // 60000000) % 60 AS VARCHAR), 2, '0')`);
    else if (tk === 'm') pieces.push(`CAST((abs(${us}) // 60000000) % 60 AS VARCHAR)`);
    else if (tk === 'ss') pieces.push(`lpad(CAST((abs(${us}) // 1000000) % 60 AS VARCHAR), 2, '0')`);
    else if (tk === 's') pieces.push(`CAST((abs(${us}) // 1000000) % 60 AS VARCHAR)`);
    else if (/^f+$/.test(tk)) pieces.push(`substr(lpad(CAST(abs(${us}) % 1000000 AS VARCHAR), 6, '0') || '0', 1, ${tk.length})`);
    else if (/^F+$/.test(tk)) pieces.push(`rtrim(substr(lpad(CAST(abs(${us}) % 1000000 AS VARCHAR), 6, '0') || '0', 1, ${tk.length}), '0')`);
    else pieces.push(ctx.d.stringLiteral(tk));
  }
  return pieces.length === 0 ? "''" : `concat(${pieces.join(', ')})`;
}

const ADD_FN: Record<string, (n: string) => string> = {
  year: (n) => `to_years(CAST(${n} AS INTEGER))`,
  quarter: (n) => `to_months(CAST(${n} * 3 AS INTEGER))`,
  month: (n) => `to_months(CAST(${n} AS INTEGER))`,
  week: (n) => `to_days(CAST(${n} * 7 AS INTEGER))`,
  day: (n) => `to_days(CAST(${n} AS INTEGER))`,
  hour: (n) => `to_hours(CAST(${n} AS BIGINT))`,
  minute: (n) => `to_minutes(CAST(${n} AS BIGINT))`,
  second: (n) => `to_seconds(CAST(${n} AS DOUBLE))`,
  millisecond: (n) => `to_milliseconds(CAST(${n} AS DOUBLE))`,
  microsecond: (n) => `to_microseconds(CAST(${n} AS BIGINT))`,
  nanosecond: (n) => `to_microseconds(CAST(${n} / 1000 AS BIGINT))`,
};

export const datetimeFunctions: FunctionDef[] = [
  fn('now', [0, 1], 'datetime', (a, ctx) => (a[0] ? `(${ctx.d.now()} + ${ts(ctx, arg(a, 0))})` : ctx.d.now())),
  fn('ago', 1, 'datetime', (a, ctx) => `(${ctx.d.now()} - ${ts(ctx, arg(a, 0))})`),
  fn('bin', 2, (a) => binType(a), (a, ctx) => binSql(ctx, arg(a, 0), arg(a, 1)), { aliases: ['floor'] }),
  fn('bin_at', 3, (a) => binType(a), (a, ctx) => binSql(ctx, arg(a, 0), arg(a, 1), arg(a, 2))),
  startOf('day'), startOf('week'), startOf('month'), startOf('year'),
  endOf('day'), endOf('week'), endOf('month'), endOf('year'),
  fn('getyear', 1, 'int', (a, ctx) => `CAST(year(${dt(ctx, arg(a, 0))}) AS INTEGER)`),
  fn('getmonth', 1, 'int', (a, ctx) => `CAST(month(${dt(ctx, arg(a, 0))}) AS INTEGER)`, { aliases: ['monthofyear'] }),
  fn('dayofmonth', 1, 'int', (a, ctx) => `CAST(day(${dt(ctx, arg(a, 0))}) AS INTEGER)`),
  fn('dayofyear', 1, 'int', (a, ctx) => `CAST(dayofyear(${dt(ctx, arg(a, 0))}) AS INTEGER)`),
  fn('hourofday', 1, 'int', (a, ctx) => `CAST(hour(${dt(ctx, arg(a, 0))}) AS INTEGER)`),
  fn('minuteofhour', 1, 'int', (a, ctx) => `CAST(minute(${dt(ctx, arg(a, 0))}) AS INTEGER)`),
  fn('week_of_year', 1, 'int', (a, ctx) => `CAST(weekofyear(${dt(ctx, arg(a, 0))}) AS INTEGER)`, { aliases: ['weekofyear'] }),
  fn('dayofweek', 1, 'timespan', (a, ctx) => `to_days(CAST(dayofweek(${dt(ctx, arg(a, 0))}) AS INTEGER))`),
  fn('datetime_part', 2, 'int', (a, ctx) => {
    const u = unitOf(a[0]);
    const d = dt(ctx, arg(a, 1));
    if (u === 'millisecond') return `CAST(millisecond(${d}) % 1000 AS INTEGER)`;
    if (u === 'microsecond') return `CAST(microsecond(${d}) % 1000000 AS INTEGER)`;
    if (u === 'nanosecond') return `CAST((microsecond(${d}) % 1000000) * 1000 AS INTEGER)`;
    if (u === 'week_of_year' || u === 'week') return `CAST(weekofyear(${d}) AS INTEGER)`;
    if (u === undefined) return 'CAST(NULL AS INTEGER)';
    return `CAST(date_part('${u}', ${d}) AS INTEGER)`;
  }, { check: (a) => (a[0]?.isConstant ? undefined : 'datetime_part needs a constant part name.') }),
  fn('datetime_diff', 3, 'long', (a, ctx) => {
    const u = unitOf(a[0]);
    const d1 = dt(ctx, arg(a, 1));
    const d2 = dt(ctx, arg(a, 2));
    if (u === 'week') return `CAST(date_diff('day', date_trunc('day', ${d2}) - to_days(CAST(dayofweek(${d2}) AS INTEGER)), date_trunc('day', ${d1}) - to_days(CAST(dayofweek(${d1}) AS INTEGER))) // 7 AS BIGINT)`;
    if (u === 'nanosecond') return `CAST(date_diff('microsecond', ${d2}, ${d1}) * 1000 AS BIGINT)`;
    if (u === undefined) return 'CAST(NULL AS BIGINT)';
    return `CAST(date_diff('${u}', ${d2}, ${d1}) AS BIGINT)`;
  }, { check: (a) => (a[0]?.isConstant ? undefined : 'datetime_diff needs a constant period.') }),
  fn('datetime_add', 3, 'datetime', (a, ctx) => {
    const u = unitOf(a[0]);
    const add = u ? ADD_FN[u] : undefined;
    if (!add) return 'CAST(NULL AS TIMESTAMP)';
    return `CAST(${dt(ctx, arg(a, 2))} + ${add(long(ctx, arg(a, 1)))} AS TIMESTAMP)`;
  }, { check: (a) => (a[0]?.isConstant ? undefined : 'datetime_add needs a constant period.') }),
  fn('format_datetime', 2, 'string', (a, ctx) => {
    const f = constString(a[1]);
    if (f === undefined) return `strftime(${dt(ctx, arg(a, 0))}, '%Y-%m-%d %H:%M:%S')`;
    return formatDatetime(ctx, dt(ctx, arg(a, 0)), f);
  }),
  fn('format_timespan', 2, 'string', (a, ctx) => {
    const f = constString(a[1]) ?? 'c';
    return formatTimespan(ctx, ts(ctx, arg(a, 0)), f);
  }),
  fn('make_datetime', [3, 7], 'datetime', (a, ctx) => {
    const p = (i: number, def: string): string => (a[i] ? long(ctx, arg(a, i)) : def);
    const sec = a[5] ? real(ctx, arg(a, 5)) : '0';
    return `TRY(make_timestamp(${p(0, '1')}, ${p(1, '1')}, ${p(2, '1')}, ${p(3, '0')}, ${p(4, '0')}, ${sec}))`;
  }),
  fn('make_timespan', [2, 4], 'timespan', (a, ctx) => {
    const n = a.map((x) => real(ctx, x));
    const [d, h, m, s] = n.length === 4 ? n : n.length === 3 ? ['0', ...n] : ['0', ...n, '0'];
    return `to_microseconds(CAST(round(((${d}) * 86400 + (${h}) * 3600 + (${m}) * 60 + (${s})) * 1000000) AS BIGINT))`;
  }),
  fn('unixtime_seconds_todatetime', 1, 'datetime', (a, ctx) => `make_timestamp(CAST(${real(ctx, arg(a, 0))} * 1000000 AS BIGINT))`),
  fn('unixtime_milliseconds_todatetime', 1, 'datetime', (a, ctx) => `make_timestamp(CAST(${real(ctx, arg(a, 0))} * 1000 AS BIGINT))`),
  fn('unixtime_microseconds_todatetime', 1, 'datetime', (a, ctx) => `make_timestamp(CAST(${real(ctx, arg(a, 0))} AS BIGINT))`),
  fn('unixtime_nanoseconds_todatetime', 1, 'datetime', (a, ctx) => `make_timestamp(CAST(${real(ctx, arg(a, 0))} / 1000 AS BIGINT))`),
  fn('datetime_utc_to_local', 2, 'datetime', (a, ctx) => `CAST(timezone(${str(ctx, arg(a, 1))}, CAST(${dt(ctx, arg(a, 0))} AS TIMESTAMPTZ)) AS TIMESTAMP)`),
  fn('datetime_local_to_utc', 2, 'datetime', (a, ctx) => `CAST(timezone(${str(ctx, arg(a, 1))}, ${dt(ctx, arg(a, 0))}) AS TIMESTAMP)`),
  fn('totimespan_seconds', 1, 'timespan', (a, ctx) => `to_microseconds(CAST(${real(ctx, arg(a, 0))} * 1000000 AS BIGINT))`),
];
