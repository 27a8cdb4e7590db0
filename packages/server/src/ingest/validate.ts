/**
 * Ingest validators, derived from the schema module: for each hunting table, one coercer per column that
 * takes what a source sent and returns the cell the event store appends (see events/event-store.ts), or a
 * field error. Nothing here names a column by hand except Timestamp, which every event must carry.
 */
import { huntingTables } from '../schema/advanced-hunting.ts';
import type { KustoType, TableDef } from '../schema/advanced-hunting.ts';
import type { Cell } from '../events/event-store-types.ts';
import type { TableColumnsBuilder } from '../events/columns.ts';

export interface FieldError {
  readonly field: string | null;
  readonly code: string;
  readonly message: string;
}

type Coerce = (v: unknown) => Cell | FieldError;

const fail = (code: string, message: string): FieldError => ({ field: null, code, message });
const isFieldError = (v: Cell | FieldError): v is FieldError => v !== null && typeof v === 'object';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;
const TIMESPAN = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

const describe = (v: unknown): string => {
  const s = typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? 'undefined');
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

function integer(min: number, max: number, kind: string): Coerce {
  return (v) => {
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) n = Number(v);
    else return fail('invalidType', `expected ${kind}, got ${describe(v)}`);
    if (!Number.isInteger(n) || n < min || n > max) return fail('outOfRange', `expected ${kind}, got ${describe(v)}`);
    return n;
  };
}

/** Normalises an ISO 8601 date-time (any offset, up to 7 fractional digits) to UTC 'YYYY-MM-DD HH:MM:SS.ffffff'. */
export function normaliseDatetime(v: unknown): string | FieldError {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? fail('invalidDatetime', 'invalid date') : v.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof v !== 'string') return fail('invalidType', `expected an ISO 8601 datetime string, got ${describe(v)}`);
  const m = ISO.exec(v.trim());
  if (!m) return fail('invalidDatetime', `expected an ISO 8601 datetime, got ${describe(v)}`);
  const [, y, mo, d, h, mi, s = '00', frac = '', tz = 'Z'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return fail('invalidDatetime', `not a valid date-time: ${describe(v)}`);
  }
  let offsetMin = 0;
  if (tz !== 'Z' && tz !== 'z' && tz !== 'UTC') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  const utc = new Date(ms - offsetMin * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  const micros = (frac + '000000').slice(0, 6);
  return `${utc.slice(0, 10)} ${utc.slice(11, 19)}.${micros}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The two digits at i..i+1 as a number, or -1 when either is not a digit. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * A datetime cell: epoch microseconds (UTC). The common shape, 'YYYY-MM-DDTHH:MM:SS[.f...][Z]' (what
 * Defender and most exporters write), is read by character position without allocating; anything else
 * (offsets, 'UTC', spaces, no seconds) goes through normaliseDatetime and stays a normalised string,
 * which the event store also takes.
 */
function datetime(v: unknown): Cell | FieldError {
  if (typeof v === 'string' && v.length >= 19) {
    const sep = v.charCodeAt(10);
    const y1 = two(v, 0);
    const y2 = two(v, 2);
    const mo = two(v, 5);
    const d = two(v, 8);
    const h = two(v, 11);
    const mi = two(v, 14);
    const sec = two(v, 17);
    let end = v.length;
    const last = v.charCodeAt(end - 1);
    if (last === 90 || last === 122) end--; // Z z
    if (
      y1 >= 1 && y2 >= 0 && mo >= 1 && mo <= 12 && d >= 1 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59 &&
      v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45 && (sep === 84 || sep === 32) && v.charCodeAt(13) === 58 && v.charCodeAt(16) === 58 &&
      (end === 19 || (end > 20 && v.charCodeAt(19) === 46))
    ) {
      const year = y1 * 100 + y2;
      if (d > (mo === 2 && leap(year) ? 29 : (DAYS_IN_MONTH[mo - 1] as number))) return fail('invalidDatetime', `not a valid date-time: ${describe(v)}`);
      let micros = 0;
      for (let i = 20; i < end; i++) {
        const c = v.charCodeAt(i) - 48;
        if (c < 0 || c > 9) return normaliseDatetime(v);
        if (i < 26) micros = micros * 10 + c; // digits past microseconds are dropped, as normaliseDatetime does
      }
      for (let i = Math.max(end, 20); i < 26; i++) micros *= 10;
      return Date.UTC(year, mo - 1, d, h, mi, sec) * 1000 + micros;
    }
  }
  return normaliseDatetime(v);
}

function timespan(v: unknown): Cell | FieldError {
  if (typeof v !== 'string') return fail('invalidType', `expected a timespan string like 1.02:03:04, got ${describe(v)}`);
  const m = TIMESPAN.exec(v.trim());
  if (!m) return fail('invalidTimespan', `expected a timespan like [d.]hh:mm:ss[.fffffff], got ${describe(v)}`);
  const [, neg, days = '0', h, mi, s, frac = ''] = m;
  const sign = neg ? '-' : '';
  return `${sign}${days} days ${sign}${h}:${mi}:${s}${frac ? `.${(frac + '000000').slice(0, 6)}` : ''}`;
}

const coerceByType: Readonly<Record<KustoType, Coerce>> = {
  string: (v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)),
  int: integer(INT32_MIN, INT32_MAX, 'an int (32-bit)'),
  long: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'a long'),
  real: (v) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    return Number.isFinite(n) ? n : fail('invalidType', `expected a number, got ${describe(v)}`);
  },
  decimal: (v) => {
    const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
    return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s) ? s : fail('invalidType', `expected a decimal number, got ${describe(v)}`);
  },
  bool: (v) => {
    if (typeof v === 'boolean') return v;
    if (v === 1 || v === '1' || v === 'true' || v === 'True' || v === 'TRUE') return true;
    if (v === 0 || v === '0' || v === 'false' || v === 'False' || v === 'FALSE') return false;
    return fail('invalidType', `expected a bool, got ${describe(v)}`);
  },
  datetime,
  timespan,
  guid: (v) => (typeof v === 'string' && UUID.test(v.trim()) ? v.trim() : fail('invalidGuid', `expected a GUID, got ${describe(v)}`)),
  dynamic: (v) => {
    if (typeof v !== 'string') return JSON.stringify(v);
    try {
      JSON.parse(v);
      return v;
    } catch {
      return JSON.stringify(v);
    }
  },
};

export interface TableValidator {
  readonly table: TableDef;
  /** Column name -> position in the row. */
  readonly index: ReadonlyMap<string, number>;
  /** Validates named values into a row in schema order; unknown, non-empty columns are an error (except the keys in `skip`). */
  row(values: Readonly<Record<string, unknown>>, skip?: readonly string[]): Cell[] | FieldError;
  /**
   * The same validation, writing each cell straight into row `r` of `into` (no row array). On an error the
   * row is left partly written: the caller rolls it back.
   */
  rowInto(values: Readonly<Record<string, unknown>>, into: TableColumnsBuilder, r: number, skip?: readonly string[]): FieldError | null;
}

function buildValidator(table: TableDef): TableValidator {
  const index = new Map(table.columns.map((c, i) => [c.name, i]));
  const coercers = table.columns.map((c) => coerceByType[c.type]);
  const types = table.columns.map((c) => c.type);
  const timestampAt = index.get('Timestamp');
  return {
    table,
    index,
    row(values, skip) {
      const cells: Cell[] = new Array<Cell>(coercers.length).fill(null);
      for (const key in values) {
        const v = values[key];
        if (v === null || v === undefined) continue;
        const i = index.get(key);
        if (i === undefined) {
          if (v === '' || skip?.includes(key) === true) continue;
          return { field: key, code: 'unknownColumn', message: `${table.name} has no column ${key}` };
        }
        // An empty string is how exports write "no value" for typed columns; strings keep it.
        if (v === '' && types[i] !== 'string') continue;
        const c = (coercers[i] as Coerce)(v);
        if (isFieldError(c)) return { field: key, code: c.code, message: `${key}: ${c.message}` };
        cells[i] = c;
      }
      if (timestampAt !== undefined && cells[timestampAt] === null) return { field: 'Timestamp', code: 'required', message: `Timestamp is required for ${table.name}` };
      return cells;
    },
    rowInto(values, into, r, skip) {
      for (const key in values) {
        const v = values[key];
        if (v === null || v === undefined) continue;
        const i = index.get(key);
        if (i === undefined) {
          if (v === '' || skip?.includes(key) === true) continue;
          return { field: key, code: 'unknownColumn', message: `${table.name} has no column ${key}` };
        }
        if (v === '' && types[i] !== 'string') continue;
        const c = (coercers[i] as Coerce)(v);
        if (isFieldError(c)) return { field: key, code: c.code, message: `${key}: ${c.message}` };
        into.set(i, r, c);
      }
      if (timestampAt !== undefined && !into.isSet(timestampAt, r)) return { field: 'Timestamp', code: 'required', message: `Timestamp is required for ${table.name}` };
      return null;
    },
  };
}

const validators = new Map<string, TableValidator>([...huntingTables.values()].map((t) => [t.name, buildValidator(t)]));

export function validatorFor(table: string): TableValidator | undefined {
  return validators.get(table);
}
