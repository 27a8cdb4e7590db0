import type { ResultColumn, ResultRow } from './api.ts';
import { cellText } from './csv.ts';

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
  let out = active.length === 0 ? rows.slice() : rows.filter((r) => active.every(([c, f]) => cellText(r[c]).toLowerCase().includes(f)));
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

/** A starting width for a column from its name and the first rows' text, in pixels. */
export function initialWidth(column: ResultColumn, rows: readonly ResultRow[]): number {
  let chars = column.name.length + 2;
  for (let i = 0; i < Math.min(rows.length, 50); i++) chars = Math.max(chars, Math.min(cellText(rows[i]?.[column.name]).length, 60));
  return Math.max(80, Math.min(420, chars * 7.5 + 24));
}
