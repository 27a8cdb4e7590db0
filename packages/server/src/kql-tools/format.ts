/**
 * Values as the Kusto docs print them, and the comparison rules of the conformance runner.
 *
 * Display: datetimes `2018-07-01 00:00:00.0000000`, timespans `[-][d.]hh:mm:ss[.fffffff]`, booleans
 * true/false, dynamic as compact JSON, reals without a trailing `.0`, null as the empty string.
 */
import { DuckDBIntervalValue, DuckDBTimestampValue, DuckDBUUIDValue, DuckDBDecimalValue, type DuckDBValue } from '@duckdb/node-api';
import type { KustoType } from '@palisade/kql';

function pad(n: number | bigint, w: number): string {
  return String(n).padStart(w, '0');
}

export function formatDatetimeMicros(micros: bigint): string {
  const ms = Number(micros / 1000n);
  let frac = micros % 1000000n;
  let whole = ms;
  if (frac < 0n) {
    frac += 1000000n;
    whole -= 1000;
  }
  const d = new Date(Math.floor(whole / 1000) * 1000);
  if (Number.isNaN(d.getTime())) return String(micros);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return `${date} ${time}.${pad(frac, 6)}0`;
}

export function formatTimespanMicros(totalMicros: bigint): string {
  const neg = totalMicros < 0n;
  let t = neg ? -totalMicros : totalMicros;
  const days = t / 86400000000n;
  t %= 86400000000n;
  const h = t / 3600000000n;
  t %= 3600000000n;
  const m = t / 60000000n;
  t %= 60000000n;
  const s = t / 1000000n;
  const frac = t % 1000000n;
  return `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${frac > 0n ? `.${pad(frac, 6)}0` : ''}`;
}

export function formatReal(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return String(n);
}

/** A DuckDB result value in the Kusto display form of its column type. */
export function formatValue(v: DuckDBValue, type: KustoType): string {
  if (v === null || v === undefined) return '';
  if (v instanceof DuckDBTimestampValue) return formatDatetimeMicros(v.micros);
  if (v instanceof DuckDBIntervalValue) return formatTimespanMicros(BigInt(v.months) * 30n * 86400000000n + BigInt(v.days) * 86400000000n + v.micros);
  if (v instanceof DuckDBUUIDValue) return v.toString();
  if (v instanceof DuckDBDecimalValue) return formatReal(Number(v.toString()));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatReal(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') {
    if (type === 'dynamic') {
      try {
        const parsed: unknown = JSON.parse(v);
        // a dynamic string shows as its text, like Kusto's result grid
        if (typeof parsed === 'string') return parsed;
        return JSON.stringify(parsed);
      } catch {
        return v;
      }
    }
    return v;
  }
  return v.toString();
}

/**
 * Normalises a cell of the docs' result tables. The same rules apply to every case:
 * - `<br>`, `<br/>`, `<br />` are line breaks in the markdown tables;
 * - a cell wrapped in backticks is code formatting (`x` -> x);
 * - `\|` is an escaped pipe; surrounding whitespace is padding;
 * - `<https://...>` is a markdown autolink around a URL;
 * - HTML entities (&lt; &gt; &amp; &quot; &#124; &nbsp;) are decoded, and a non-breaking space is a space;
 * - dynamic values printed with single quotes (['a','b']) are read as JSON with double quotes;
 * - numbers printed with thousands separators (1,048,576) and infinities printed as ∞ / -∞ are numbers;
 * - `(null)` is how some tables print a null, which the runner shows as the empty string.
 */
export function normalizeExpected(cell: string): string {
  let s = cell.replace(/<br\s*\/?>/gi, '\n').replace(/&nbsp;/g, ' ').replace(/\u00a0/g, ' ');
  s = s.replace(/\\\|/g, '|');
  s = s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#124;/g, '|').replace(/&amp;/g, '&');
  s = s.trim();
  if (/^`[^`]*`$/.test(s)) s = s.slice(1, -1);
  if (/^<[a-z]+:\/\/[^>]*>$/i.test(s)) s = s.slice(1, -1);
  if (s === '(null)') s = '';
  return s;
}

export function normalizeColumnName(name: string): string {
  return normalizeExpected(name).replace(/^\[['"](.*)['"]\]$/, '$1');
}

const DATETIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,7}))?Z?$/;
const DATE_ONLY = /^(\d{4}-\d{2}-\d{2})$/;

/** A datetime text as a canonical instant string (microsecond precision), or undefined. */
function datetimeKey(s: string): string | undefined {
  const m = DATETIME.exec(s);
  if (m) {
    const time = (m[2] ?? '').length === 5 ? `${m[2] ?? ''}:00` : (m[2] ?? '');
    return `${m[1] ?? ''} ${time}.${(m[3] ?? '').padEnd(7, '0').slice(0, 6)}`;
  }
  const d = DATE_ONLY.exec(s);
  if (d) return `${d[1] ?? ''} 00:00:00.000000`;
  return undefined;
}

function numeric(raw: string): number | undefined {
  const s = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw) ? raw.replaceAll(',', '') : raw === '∞' ? 'Infinity' : raw === '-∞' ? '-Infinity' : raw;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) && s !== 'NaN' && s !== 'Infinity' && s !== '-Infinity') return undefined;
  return Number(s);
}

function numbersClose(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Deep equality of JSON values: numbers compared numerically, bag key order ignored. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return numbersClose(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a === b || (datetimeKey(a) !== undefined && datetimeKey(a) === datetimeKey(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/**
 * A cell's JSON value. Besides strict JSON, two renderings of the docs are read: single quotes for double quotes,
 * and a nested bag printed inside quotes without escaping (`{"a":"{"k":"v"}"}`, not JSON as written).
 */
function parseJson(s: string): unknown {
  const t = s.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  for (const candidate of [t, t.replace(/'/g, '"'), t.replace(/"\{/g, '{').replace(/\}"/g, '}')]) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // the next reading
    }
  }
  return undefined;
}

/** An array shown the way some tables print it: elements separated by `, `, strings without quotes (`[yes, no]`). */
function bareArray(v: unknown): string | undefined {
  if (!Array.isArray(v)) return undefined;
  return `[${v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ')}]`;
}

/**
 * Whether an actual (formatted) value matches a normalised expected cell; `type` is the Kusto type of the actual
 * column when known. Besides the display rules above, these rules apply to every case alike:
 * - a bool column matches a table that prints booleans as 1/0 (older renderings in the docs);
 * - a markdown table cell cannot hold a line break: a cell without one matches a multi-line value whose whitespace
 *   runs are collapsed to single spaces (the docs flatten such values);
 * - a dynamic array matches a cell that lists it without quotes around its strings (`[yes, no, yes]`).
 */
export function valuesMatch(actual: string, expected: string, type?: string): boolean {
  if (actual === expected) return true;
  if (type === 'bool' && (expected === '1' || expected === '0')) return actual === (expected === '1' ? 'true' : 'false');
  if (/[\r\n]/.test(actual) && !/[\r\n]/.test(expected) && actual.replace(/\s+/g, ' ').trim() === expected.replace(/\s+/g, ' ').trim()) return true;
  if (expected.startsWith('[') && !/"/.test(expected)) {
    const bare = bareArray(parseJson(actual));
    if (bare !== undefined && bare === expected.replace(/\s*,\s*/g, ', ')) return true;
  }
  if (actual.replace(/\u00a0/g, ' ') === expected) return true;
  if (actual.trim() === expected.trim()) return true;
  const ja = parseJson(actual);
  const je = parseJson(expected);
  if (ja !== undefined && je !== undefined) return jsonEqual(ja, je);
  const na = numeric(actual);
  const ne = numeric(expected);
  if (na !== undefined && ne !== undefined) return numbersClose(na, ne);
  const da = datetimeKey(actual);
  const de = datetimeKey(expected);
  if (da !== undefined && de !== undefined && (da === de || (da.slice(0, 19) === de.slice(0, 19) && Math.abs(Number(da.slice(20)) - Number(de.slice(20))) <= 1))) return true;
  const bools = ['true', 'false'];
  if (bools.includes(actual) && bools.includes(expected.toLowerCase())) return actual === expected.toLowerCase();
  // timespans printed with and without a zero fraction
  if (/^-?(\d+\.)?\d{2}:\d{2}:\d{2}/.test(actual) && actual.replace(/\.0+$/, '') === expected.replace(/\.0+$/, '')) return true;
  return false;
}
