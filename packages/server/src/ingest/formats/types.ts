import type { FieldError } from '../validate.ts';
import type { DeviceObserver } from '../identity.ts';

/** One hunting-table row a source record becomes, by column name (validated afterwards). */
export interface MappedRow {
  readonly table: string;
  readonly values: Record<string, unknown>;
  /** Keys of `values` that are not columns and are ignored (the defender format's Table/TableName on a row passed through as parsed). */
  readonly skip?: readonly string[];
}

export type MapOutcome = { readonly rows: MappedRow[]; readonly recordId?: string } | FieldError;

export interface MapContext {
  readonly devices: DeviceObserver;
  /** For the defender format: the table of rows that do not name one (?table= / --table). */
  readonly defaultTable?: string;
}

/** A source format: turns one parsed record into hunting rows, or says which field is wrong. */
export interface IngestFormat {
  readonly name: string;
  readonly description: string;
  map(record: unknown, ctx: MapContext): MapOutcome;
}

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const err = (field: string | null, code: string, message: string): FieldError => ({ field, code, message });

/** The last path segment of a Windows or POSIX path. */
export function baseName(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '' || path === '-') return undefined;
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** A decimal or 0x-hex integer as a number; undefined for blanks and '-'. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s === '' || s === '-') return undefined;
  if (/^0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s, 16);
  if (/^-?\d+$/.test(s)) return Number(s);
  return undefined;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' || v === '-' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Keeps only defined values (so validation sees what the source actually had). */
export function defined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** Reads a dotted path (a.b.c) from nested objects, or a flat key with dots in it. */
export function pick(o: unknown, path: string): unknown {
  if (!isObject(o)) return undefined;
  if (path in o) return o[path];
  let cur: unknown = o;
  for (const part of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}
