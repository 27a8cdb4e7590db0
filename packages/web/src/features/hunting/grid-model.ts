import type { ResultColumn, ResultRow } from './api.ts';
import { cellText } from './csv.ts';
import { formatTime } from '../incidents/components/SeverityBadge.tsx';

export interface SortState {
  column: string;
  direction: 'ascending' | 'descending';
}

/** Per-column text filters: a row stays when each filtered column's text contains the filter (case-insensitive). */
export type ColumnFilters = Readonly<Record<string, string>>;

const numericTypes = new Set(['int', 'long', 'real', 'decimal', 'int32', 'int64', 'double', 'single']);

export function isNumericType(type: string): boolean {
  return numericTypes.has(type.toLowerCase());
}

export function isDateTimeType(type: string): boolean {
  const t = type.toLowerCase();
  return t === 'datetime' || t === 'date';
}

/**
 * A cell as the grid shows it: datetimes the way the rest of the portal writes times (the incident and alert
 * queues' formatter); everything else as its text. The inspect panel and the CSV keep the full value.
 */
export function displayText(column: ResultColumn, value: unknown): string {
  if (typeof value === 'string' && isDateTimeType(column.type)) return formatTime(value);
  return cellText(value);
}

function compare(a: unknown, b: unknown, numeric: boolean): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1; // empty values last
  if (numeric || (typeof a === 'number' && typeof b === 'number')) return Number(a) - Number(b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return cellText(a).localeCompare(cellText(b));
}

/** Rows after the column filters, in the sort order; the input is not changed. */
export function viewRows(columns: readonly ResultColumn[], rows: readonly ResultRow[], filters: ColumnFilters, sort: SortState | undefined): ResultRow[] {
  const active = Object.entries(filters)
    .filter(([, f]) => f.trim() !== '')
    .map(([c, f]) => [c, f.trim().toLowerCase()] as const);
  const byName = new Map(columns.map((c) => [c.name, c]));
  // A filter matches what the grid shows or the full value (a datetime's "Nov 2026" or its ISO "2026-11-26T09").
  const matches = (r: ResultRow, c: string, f: string): boolean => {
    const col = byName.get(c);
    return cellText(r[c]).toLowerCase().includes(f) || (col !== undefined && displayText(col, r[c]).toLowerCase().includes(f));
  };
  let out = active.length === 0 ? rows.slice() : rows.filter((r) => active.every(([c, f]) => matches(r, c, f)));
  if (sort) {
    const col = columns.find((c) => c.name === sort.column);
    const numeric = col ? isNumericType(col.type) : false;
    const sign = sort.direction === 'ascending' ? 1 : -1;
    const key = sort.column;
    const empty = (v: unknown): boolean => v === null || v === undefined;
    out = out.sort((x, y) => {
      const a = x[key];
      const b = y[key];
      if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1; // empty values last either way
      return sign * compare(a, b, numeric);
    });
  }
  return out;
}

/** True for values shown as expandable JSON (objects, arrays, and strings holding them). */
export function isJsonLike(value: unknown): boolean {
  if (typeof value === 'object' && value !== null) return true;
  if (typeof value !== 'string') return false;
  const t = value.trimStart();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

export function prettyJson(value: unknown): string {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return JSON.stringify(parsed, null, 2);
}

/** A starting width for a column from its name and the first rows' shown text, in pixels. */
export function initialWidth(column: ResultColumn, rows: readonly ResultRow[]): number {
  let chars = column.name.length + 2;
  for (let i = 0; i < Math.min(rows.length, 50); i++) chars = Math.max(chars, Math.min(displayText(column, rows[i]?.[column.name]).length, 60));
  return Math.max(80, Math.min(420, chars * 7.5 + 24));
}

/** Long text columns are not squeezed below this to make room for others. */
export const minCappedWidth = 180;

/**
 * Starting widths for a result, fitting `available` pixels where it can: when the columns' own widths add up
 * to more, the widest ones (long command lines, paths) are capped at one common width, no lower than
 * minCappedWidth, so more columns are in view; the full text is in the cell's tooltip and the inspect panel.
 */
export function initialWidths(columns: readonly ResultColumn[], rows: readonly ResultRow[], available: number): Record<string, number> {
  const natural = columns.map((c) => initialWidth(c, rows));
  const total = natural.reduce((a, b) => a + b, 0);
  let cap = Infinity;
  if (total > available) {
    // The largest cap with sum(min(w, cap)) <= available, found over the widths in descending order.
    const desc = [...natural].sort((a, b) => b - a);
    let rest = total;
    cap = minCappedWidth;
    for (let k = 0; k < desc.length; k++) {
      rest -= desc[k] ?? 0;
      const c = (available - rest) / (k + 1);
      if (c >= (desc[k + 1] ?? 0)) {
        cap = Math.max(minCappedWidth, Math.floor(c));
        break;
      }
    }
  }
  const out: Record<string, number> = {};
  columns.forEach((c, i) => (out[c.name] = Math.min(natural[i] ?? 120, cap)));
  return out;
}
