import type { DiagnosticBag } from '../diagnostics.ts';
import type { Token } from './tokens.ts';

/** Type keywords whose parenthesised body is raw literal text, e.g. datetime(2017-01-01 10:00). */
const TYPED_LITERALS = new Set([
  'datetime', 'date', 'timespan', 'time', 'guid', 'uuid', 'uniqueid',
  'int', 'long', 'real', 'double', 'bool', 'boolean', 'decimal', 'string',
]);

/** Timespan suffixes and their length in 100ns ticks. */
// a prototype-free object: `1constructor` must not look like a unit
export const TIMESPAN_UNITS: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, {
  d: 864e9, day: 864e9, days: 864e9,
  h: 36e9, hr: 36e9, hrs: 36e9, hour: 36e9, hours: 36e9,
  m: 6e8, min: 6e8, minute: 6e8, minutes: 6e8,
  s: 1e7, sec: 1e7, second: 1e7, seconds: 1e7,
  ms: 1e4, milli: 1e4, millis: 1e4, millisecond: 1e4, milliseconds: 1e4,
  millisec: 1e4,
  micro: 10, micros: 10, microsec: 10, microsecond: 10, microseconds: 10,
  nano: 0.01, nanos: 0.01, nanosec: 0.01, nanosecond: 0.01, nanoseconds: 0.01,
  tick: 1, ticks: 1,
});

const PUNCTS = ['!==', '==', '!=', '<>', '<=', '>=', '=~', '!~', '=>', '..', '|', '(', ')', '[', ']', '{', '}', ',', ';', '.', ':', '=', '<', '>', '+', '-', '*', '/', '%', '!', '~', '?', '$', '@'];

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Other Unicode space separators (narrow no-break space, em space, ...) pasted from web pages are whitespace too. */
const UNICODE_SPACE = /^[\u1680\u180e\u2000-\u200b\u202f\u205f\u3000]$/;

/** Splits a query into tokens. Never throws: bad input becomes a diagnostic and is skipped. */
export function lex(text: string, diags: DiagnosticBag): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let space = false;
  const n = text.length;
  const push = (kind: Token['kind'], value: string, start: number, extra?: string): void => {
    const t: Token = { kind, value, span: { start, end: i }, spaceBefore: space };
    if (extra !== undefined) t.extra = extra;
    tokens.push(t);
    space = false;
  };

  const readQuoted = (quote: string, verbatim: boolean): string | undefined => {
    // i points after the opening quote
    let out = '';
    while (i < n) {
      const c = text[i] ?? '';
      if (c === quote) {
        if (verbatim && text[i + 1] === quote) {
          out += quote;
          i += 2;
          continue;
        }
        i++;
        return out;
      }
      if (c === '\n' && !verbatim) return undefined;
      if (c === '\\' && !verbatim) {
        const e = text[i + 1] ?? '';
        i += 2;
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case '0': out += '\0'; break;
          case 'u': {
            const hex = text.slice(i, i + 4);
            if (/^[0-9a-fA-F]{4}$/.test(hex)) {
              out += String.fromCharCode(parseInt(hex, 16));
              i += 4;
            } else out += 'u';
            break;
          }
          case 'x': {
            const hex = text.slice(i, i + 2);
            if (/^[0-9a-fA-F]{2}$/.test(hex)) {
              out += String.fromCharCode(parseInt(hex, 16));
              i += 2;
            } else out += 'x';
            break;
          }
          default: out += e;
        }
        continue;
      }
      out += c;
      i++;
    }
    return undefined;
  };

  while (i < n) {
    const c = text[i] ?? '';
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff' || (c >= '\u1680' && UNICODE_SPACE.test(c))) {
      i++;
      space = true;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      space = true;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      space = true;
      continue;
    }
    // multi-line string ```...``` or ~~~...~~~
    if ((c === '`' || c === '~') && text[i + 1] === c && text[i + 2] === c) {
      const e = text.indexOf(c + c + c, i + 3);
      if (e < 0) {
        i = n;
        diags.error('syntax-error', 'Unterminated multi-line string literal.', { start, end: n });
        continue;
      }
      const value = text.slice(i + 3, e);
      i = e + 3;
      push('string', value, start);
      continue;
    }
    // string prefixes: @"..", h"..", H"..", h@"..", @h? (h@ is the documented order)
    {
      let j = i;
      let obf = false;
      let verb = false;
      if ((text[j] === 'h' || text[j] === 'H') && (text[j + 1] === '"' || text[j + 1] === "'" || text[j + 1] === '@')) {
        obf = true;
        j++;
      }
      if (text[j] === '@' && (text[j + 1] === '"' || text[j + 1] === "'")) {
        verb = true;
        j++;
      }
      const q = text[j];
      if ((q === '"' || q === "'") && (obf || verb || j === i)) {
        i = j + 1;
        const v = readQuoted(q, verb);
        if (v === undefined) {
          diags.error('syntax-error', 'Unterminated string literal.', { start, end: i });
          while (i < n && text[i] !== '\n') i++;
          continue;
        }
        push('string', v, start);
        continue;
      }
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      if (c === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
        i += 2;
        while (i < n && /[0-9a-fA-F]/.test(text[i] ?? '')) i++;
        push('int', String(parseInt(text.slice(start + 2, i), 16)), start);
        continue;
      }
      while (i < n && isDigit(text[i] ?? '')) i++;
      let isReal = false;
      if (text[i] === '.' && text[i + 1] !== '.') {
        isReal = true;
        i++;
        while (i < n && isDigit(text[i] ?? '')) i++;
      }
      if ((text[i] === 'e' || text[i] === 'E') && (isDigit(text[i + 1] ?? '') || ((text[i + 1] === '-' || text[i + 1] === '+') && isDigit(text[i + 2] ?? '')))) {
        isReal = true;
        i += 2;
        while (i < n && isDigit(text[i] ?? '')) i++;
      }
      const num = text.slice(start, i);
      // unit suffix -> timespan
      if (isIdentStart(text[i] ?? '')) {
        let j = i;
        while (j < n && isIdentPart(text[j] ?? '')) j++;
        const unit = text.slice(i, j);
        if (TIMESPAN_UNITS[unit.toLowerCase()] !== undefined) {
          i = j;
          push('timespan', num, start, unit.toLowerCase());
          continue;
        }
        // digits then letters make an identifier (the grammar allows `2022Exploited`); the longest token wins
        if (/^[0-9]+$/.test(num) && !unit.includes('$')) {
          i = j;
          push('ident', text.slice(start, j), start);
          continue;
        }
      }
      push(isReal ? 'real' : 'int', num, start);
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(text[i] ?? '')) i++;
      const word = text.slice(start, i);
      // typed literal with raw body: datetime(...), guid(...), int(null) ...
      if (TYPED_LITERALS.has(word) && text[i] === '(') {
        const prev = tokens[tokens.length - 1];
        const afterColon = prev !== undefined && prev.kind === 'punct' && prev.value === ':';
        const afterTypeof = prev !== undefined && prev.kind === 'punct' && prev.value === '(' && tokens[tokens.length - 2]?.value === 'typeof';
        if (!afterColon && !afterTypeof) {
          let depth = 0;
          let j = i;
          for (; j < n; j++) {
            const ch = text[j];
            if (ch === '(') depth++;
            else if (ch === ')') {
              depth--;
              if (depth === 0) break;
            } else if (ch === '\n' && word !== 'datetime' && word !== 'timespan') {
              // typed literals are single-line
            }
          }
          if (j >= n) {
            diags.error('syntax-error', `Unterminated ${word}(...) literal.`, { start, end: n });
            i = n;
            continue;
          }
          const body = text.slice(i + 1, j).trim();
          i = j + 1;
          push('typed', body, start, word);
          continue;
        }
      }
      push('ident', word, start);
      continue;
    }
    // bracketed identifiers ['name'] / ["name"]
    if (c === '[' && (text[i + 1] === "'" || text[i + 1] === '"')) {
      const save = i;
      const q = text[i + 1] ?? '"';
      i += 2;
      const v = readQuoted(q, false);
      let k = i;
      while (k < n && (text[k] === ' ' || text[k] === '\t')) k++;
      if (v !== undefined && text[k] === ']') {
        // only an identifier when a name is expected; the parser decides. Emit as a quoted-ident token.
        i = k + 1;
        push('ident', v, start, 'quoted');
        continue;
      }
      i = save;
    }
    const p = PUNCTS.find((x) => text.startsWith(x, i));
    if (p !== undefined) {
      i += p.length;
      push('punct', p, start);
      continue;
    }
    i++;
    diags.error('syntax-error', `Unexpected character '${c}'.`, { start, end: i });
  }
  push('eof', '', n);
  return tokens;
}
