import type { ResultColumn, ResultRow } from './api.ts';

/** Text of one cell as shown and exported: objects and arrays as JSON, null/undefined empty. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function csvField(text: string): string {
  // Guard against formula injection when the file is opened in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 CSV of a result, header first, CRLF line ends. */
export function toCsv(columns: readonly ResultColumn[], rows: readonly ResultRow[]): string {
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(cellText(row[c.name]))).join(','));
  return lines.join('\r\n') + '\r\n';
}
