/** Typed literal bodies: datetime(...), timespan(...), guid(...), int(null), real(nan) ... */
import type { KustoType } from '../types.ts';
import type { LiteralValue } from '../ir/ir.ts';
import { TIMESPAN_UNITS } from '../syntax/lexer.ts';

const TYPE_NAMES: Readonly<Record<string, KustoType>> = {
  string: 'string', int: 'int', int32: 'int', long: 'long', int64: 'long', real: 'real', double: 'real', float: 'real',
  decimal: 'decimal', bool: 'bool', boolean: 'bool', datetime: 'datetime', date: 'datetime', timespan: 'timespan',
  time: 'timespan', guid: 'guid', uuid: 'guid', uniqueid: 'guid', dynamic: 'dynamic',
};

export function typeFromName(name: string): KustoType | undefined {
  return TYPE_NAMES[name.toLowerCase()];
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/** Parses Kusto datetime text to microseconds since the Unix epoch, or undefined. */
export function parseDatetime(text: string): number | undefined {
  const s = text.trim().replace(/^["']|["']$/g, '').trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, se, frac, tz] = m;
    let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(se ?? 0));
    if (Number.isNaN(ms)) return undefined;
    if (tz && tz.toUpperCase() !== 'Z') {
      const sign = tz.startsWith('-') ? -1 : 1;
      const digits = tz.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
    }
    const micros = frac ? Math.floor(Number(`0.${frac}`) * 1e6 + 1e-6) : 0;
    const yr = Number(y);
    if (yr < 100) ms = Date.UTC(yr, Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(se ?? 0)) - 0;
    return ms * 1000 + micros;
  }
  // 12-02-2022 (MM-dd-yyyy), 2015/12/31
  m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) {
    const [, mo, d, y, h, mi, se] = m;
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(se ?? 0)) * 1000;
  }
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, se] = m;
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(se ?? 0)) * 1000;
  }
  // RFC 822 / 850: Sat, 8 Nov 14 15:05:02 GMT ; Saturday, 08-Nov-14 15:05:02 GMT ; 2014-11-08 15:05:25 GMT
  m = /^(?:[A-Za-z]+,\s*)?(\d{1,2})[ -]([A-Za-z]{3})[ -](\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:GMT|UTC|Z)?$/.exec(s);
  if (m) {
    const [, d, mon, y, h, mi, se] = m;
    const mo = MONTHS[(mon ?? '').toLowerCase()];
    if (mo === undefined) return undefined;
    let yr = Number(y);
    if (yr < 100) yr += 2000;
    return Date.UTC(yr, mo - 1, Number(d), Number(h), Number(mi), Number(se ?? 0)) * 1000;
  }
  m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UTC)$/.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, se] = m;
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)) * 1000;
  }
  return undefined;
}

/** Parses timespan text (1d, 2.5h, 00:10:00, 1.02:03:04.5, 15 seconds, a bare number = days) to ticks. */
export function parseTimespan(text: string): number | undefined {
  const s = text.trim().replace(/^["']|["']$/g, '').trim();
  let m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (m) {
    const [, neg, d, h, mi, se, frac] = m;
    const ticks = (((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(mi)) * 60 + Number(se ?? 0)) * 1e7 + (frac ? Math.round(Number(`0.${frac}`) * 1e7) : 0);
    return neg ? -ticks : ticks;
  }
  m = /^(-?\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(s);
  if (m) {
    const [, num, unitRaw] = m;
    const unit = (unitRaw ?? '').toLowerCase();
    if (unit === '') return Math.round(Number(num) * 864e9);
    const u = TIMESPAN_UNITS[unit];
    if (u === undefined) return undefined;
    return Math.round(Number(num) * u);
  }
  return undefined;
}

/** A typed literal's value, or an error message. */
export function typedLiteral(typeName: string, body: string): { type: KustoType; value: LiteralValue } | { error: string } {
  const type = typeFromName(typeName);
  if (!type) return { error: `Unknown type '${typeName}'.` };
  const b = body.trim();
  if (b === 'null' || b === '') return { type, value: null };
  switch (type) {
    case 'datetime': {
      const parts = /^(\d{1,4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2}))?(?:\s*,\s*(\d{1,2}))?(?:\s*,\s*(\d{1,2}(?:\.\d+)?))?$/.exec(b);
      if (parts) {
        const [, y, mo, d, h, mi, se] = parts;
        const secs = Number(se ?? 0);
        return { type, value: Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Math.floor(secs)) * 1000 + Math.round((secs % 1) * 1e6) };
      }
      const v = parseDatetime(b);
      return v === undefined ? { error: `Invalid datetime literal '${b}'.` } : { type, value: v };
    }
    case 'timespan': {
      const v = parseTimespan(b);
      return v === undefined ? { error: `Invalid timespan literal '${b}'.` } : { type, value: v };
    }
    case 'guid':
      return /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(b) ? { type, value: b.toLowerCase() } : { error: `Invalid guid literal '${b}'.` };
    case 'int':
    case 'long': {
      const n = Number(b.replace(/^\+/, ''));
      return Number.isFinite(n) ? { type, value: Math.trunc(n) } : { error: `Invalid ${type} literal '${b}'.` };
    }
    case 'real':
    case 'decimal': {
      const l = b.toLowerCase();
      if (l === 'nan') return { type, value: 'NaN' };
      if (l === '+inf' || l === 'inf') return { type, value: 'Infinity' };
      if (l === '-inf') return { type, value: '-Infinity' };
      const n = Number(b);
      return Number.isFinite(n) ? { type, value: n } : { error: `Invalid ${type} literal '${b}'.` };
    }
    case 'bool': {
      const l = b.toLowerCase();
      if (l === 'true' || l === '1') return { type, value: true };
      if (l === 'false' || l === '0') return { type, value: false };
      return { error: `Invalid bool literal '${b}'.` };
    }
    case 'string':
      return { type, value: b.replace(/^["']|["']$/g, '') };
    case 'dynamic':
      return { error: 'dynamic literal must be parsed as an expression.' };
  }
}
