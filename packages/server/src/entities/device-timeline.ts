/**
 * The device timeline's model, without I/O: which hunting tables it reads, what each row shows, the keyset
 * cursor and the time windows it searches. The repository turns this into SQL; tests check it directly.
 *
 * Order: newest first by (Timestamp, Table, ReportId), all descending. Advanced Hunting documents ReportId as
 * unique together with the device and the Timestamp, so within one device and one table that triple is a
 * key, and a page boundary never drops or repeats a row.
 */
import { getTable } from '../schema/advanced-hunting.ts';
import { badRequest } from '../http/errors.ts';

/** The Device* event tables of the timeline, in the order the filter lists them. */
export const timelineTables = ['DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceFileEvents', 'DeviceRegistryEvents', 'DeviceLogonEvents', 'DeviceImageLoadEvents', 'DeviceEvents'] as const;
export type TimelineTable = (typeof timelineTables)[number];

export function isTimelineTable(name: string): name is TimelineTable {
  return (timelineTables as readonly string[]).includes(name);
}

/**
 * The columns a timeline row carries (besides Table, Timestamp, ReportId, ActionType): enough to read the
 * event in one line and to link onward. A table lacking a column gives NULL for it.
 */
export const summaryColumns = [
  'FileName',
  'FolderPath',
  'SHA256',
  'ProcessCommandLine',
  'AccountDomain',
  'AccountName',
  'InitiatingProcessFileName',
  'InitiatingProcessCommandLine',
  'InitiatingProcessAccountName',
  'RemoteIP',
  'RemotePort',
  'RemoteUrl',
  'LocalIP',
  'RegistryKey',
  'RegistryValueName',
  'RegistryValueData',
  'LogonType',
] as const;

/** Columns the free-text search looks in (those of them the table has). */
export const searchColumns = [
  'ActionType',
  'FileName',
  'FolderPath',
  'SHA256',
  'ProcessCommandLine',
  'AccountName',
  'InitiatingProcessFileName',
  'InitiatingProcessCommandLine',
  'RemoteIP',
  'RemoteUrl',
  'RegistryKey',
  'RegistryValueName',
  'RegistryValueData',
] as const;

/** Whether a hunting table has a column (from the one schema declaration). */
export function hasColumn(table: string, column: string): boolean {
  return getTable(table)?.columns.some((c) => c.name === column) ?? false;
}

/** Where a page ends: the last row shown. The next page starts strictly after it in timeline order. */
export interface TimelineCursor {
  /** The row's Timestamp as the store prints it (microseconds kept). */
  timestamp: string;
  table: TimelineTable;
  reportId: number;
}

export function encodeCursor(c: TimelineCursor): string {
  return Buffer.from(JSON.stringify([c.timestamp, c.table, c.reportId]), 'utf8').toString('base64url');
}

const isoish = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export function decodeCursor(text: string): TimelineCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badRequest(`cursor: '${text.slice(0, 40)}' is not a cursor this API gave out (pass the nextCursor of the previous page).`);
  }
  if (!Array.isArray(value) || value.length !== 3) throw badRequest('cursor: not a cursor this API gave out (pass the nextCursor of the previous page).');
  const [timestamp, table, reportId] = value as unknown[];
  if (typeof timestamp !== 'string' || !isoish.test(timestamp)) throw badRequest('cursor: its timestamp is not an ISO 8601 UTC time.');
  if (typeof table !== 'string' || !isTimelineTable(table)) throw badRequest(`cursor: '${String(table)}' is not a timeline table.`);
  if (typeof reportId !== 'number' || !Number.isSafeInteger(reportId)) throw badRequest('cursor: its ReportId is not an integer.');
  return { timestamp, table, reportId };
}

/**
 * Rows of `table` that come after the cursor, as conditions on Timestamp and ReportId:
 * (Timestamp, Table, ReportId) < (t, tb, r) in descending order, with Table a constant of each table.
 */
export function afterCursor(table: TimelineTable, c: TimelineCursor): { op: 'lt' | 'le' | 'ltOrTie' } {
  if (table < c.table) return { op: 'le' };
  if (table > c.table) return { op: 'lt' };
  return { op: 'ltOrTie' };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The windows searched for a page, newest first, as spans back from the page's upper bound: a day, then
 * four, then sixteen, then everything left. Every window is answered by the store from its Timestamp zone
 * maps (rows are stored roughly in time order), so a busy device's first page reads a day of rows, not a
 * month; a quiet device costs a few empty windows more. `undefined` is the unbounded last window.
 */
export const windowSpansMs: readonly (number | undefined)[] = [DAY, 4 * DAY, 16 * DAY, undefined];

/** The lower bound of window `i` below `upper`, clamped to the caller's `from` (undefined: unbounded). */
export function windowStart(upper: Date, i: number, from: Date | undefined): Date | undefined {
  const span = windowSpansMs[i];
  if (span === undefined) return from;
  const start = new Date(upper.getTime() - span);
  return from && from > start ? from : start;
}

/** A timeline row as the API returns it: the table, the key, the action and the summary columns present. */
export interface TimelineEvent {
  table: TimelineTable;
  timestamp: string;
  reportId: number;
  actionType: string | null;
  [column: string]: unknown;
}

/** The time of a cursor or query bound, from ISO 8601 text; a clear 400 otherwise. */
export function parseInstant(text: string, what: string): Date {
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(d.getTime())) throw badRequest(`${what}: '${text}' is not an ISO 8601 time such as 2026-11-27T08:00:00Z.`);
  return d;
}
