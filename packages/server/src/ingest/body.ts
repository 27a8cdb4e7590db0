/**
 * Turns an ingest body into records: a JSON array, one JSON object (or {"records":[...]}, the Defender
 * streaming envelope), or NDJSON. A body that is not JSON at all is a 400 naming the byte offset; in
 * NDJSON, a single bad line is that record's error (kept as a dead letter) and the other lines go on.
 */
import { gunzipSync } from 'node:zlib';
import { HttpError, badRequest } from '../http/errors.ts';

export interface RawRecord {
  /** Position in the batch (what errors[].index refers to). */
  readonly index: number;
  /** The record as sent: its NDJSON line, or the element re-serialised for a JSON array. */
  readonly raw: string;
  readonly value?: unknown;
  /** Set when this record is not JSON. */
  readonly parseError?: string;
}

/** Decodes Content-Encoding gzip with a cap on the inflated size (a small bomb must not fill memory). */
export function decodeBody(body: Buffer, encoding: string | undefined, maxInflatedBytes: number): Buffer {
  const enc = (encoding ?? 'identity').trim().toLowerCase();
  if (enc === 'identity' || enc === '') return body;
  if (enc !== 'gzip' && enc !== 'x-gzip') throw new HttpError(415, 'unsupportedEncoding', `Content-Encoding '${enc}' is not supported; send identity or gzip.`);
  try {
    return gunzipSync(body, { maxOutputLength: maxInflatedBytes });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger|buffer.*too large/i.test(e.message)) {
      throw new HttpError(413, 'payloadTooLarge', `The gzip body inflates to more than ${maxInflatedBytes} bytes.`);
    }
    throw badRequest(`The body is not valid gzip: ${e.message}`);
  }
}

function positionOf(err: unknown, text: string): number {
  const msg = err instanceof Error ? err.message : String(err);
  const m = /at position (\d+)/.exec(msg);
  if (m) return Number(m[1]);
  if (/end of JSON input/i.test(msg)) return text.length;
  return scanJsonError(text);
}

/**
 * Where a JSON text first goes wrong (character index), for the error messages V8 gives without a
 * position. A plain recursive-descent scan; only runs on text JSON.parse already refused.
 */
export function scanJsonError(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw new RangeError(String(i));
  };
  const lit = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const str = (): void => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') return void i++;
      if (c === '\\') i += 2;
      else if (c < ' ') fail();
      else i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return str();
    if (c === 't') return lit('true');
    if (c === 'f') return lit('false');
    if (c === 'n') return lit('null');
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  try {
    value();
    ws();
    return i < text.length ? i : 0;
  } catch (e) {
    return e instanceof RangeError ? Number(e.message) : 0;
  }
}

function jsonMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
}

const byteOffset = (text: string, charPos: number): number => Buffer.byteLength(text.slice(0, charPos), 'utf8');

function notJson(text: string, charPos: number, what: string): HttpError {
  const offset = byteOffset(text, charPos);
  return new HttpError(400, 'invalidJson', `The body is not JSON or NDJSON: ${what} at byte offset ${offset}.`, { offset });
}

function spread(value: unknown): unknown[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const records = (value as { records?: unknown }).records;
    if (Array.isArray(records)) return records;
  }
  return [value];
}

export function parseRecords(buf: Buffer): RawRecord[] {
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const start = text.search(/\S/);
  if (start < 0) return [];
  const first = text[start];
  if (first === '[') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw notJson(text, positionOf(err, text), jsonMessage(err));
    }
    return (parsed as unknown[]).flatMap(spread).map((value, index) => ({ index, raw: JSON.stringify(value), value }));
  }
  if (first !== '{') throw notJson(text, start, `expected '[' or '{', found ${JSON.stringify(first)}`);
  // One document (possibly pretty-printed over many lines)? For NDJSON this fails fast at the first line's end.
  try {
    return spread(JSON.parse(text)).map((value, index) => ({ index, raw: JSON.stringify(value), value }));
  } catch {
    // not one document: NDJSON
  }
  // NDJSON (one line is also a single object; a pretty-printed single object falls back to a whole parse).
  const records: RawRecord[] = [];
  let firstError: { pos: number; msg: string } | undefined;
  let good = 0;
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, text.charCodeAt(end - 1) === 13 && end > pos ? end - 1 : end);
    if (line.length > 0 && (line.charCodeAt(0) === 123 || line.trim() !== '')) {
      try {
        const value: unknown = JSON.parse(line);
        if (value !== null && typeof value === 'object' && !Array.isArray(value) && !('records' in value)) records.push({ index: records.length, raw: line, value });
        else for (const v of spread(value)) records.push({ index: records.length, raw: line, value: v });
        good++;
      } catch (err) {
        const at = pos + positionOf(err, line);
        firstError ??= { pos: at, msg: jsonMessage(err) };
        records.push({ index: records.length, raw: line, parseError: `${jsonMessage(err)} at byte offset ${byteOffset(text, at)}` });
      }
    }
    pos = end + 1;
  }
  if (good === 0 && firstError) {
    try {
      return spread(JSON.parse(text)).map((value, index) => ({ index, raw: JSON.stringify(value), value }));
    } catch {
      throw notJson(text, firstError.pos, firstError.msg);
    }
  }
  return records;
}
