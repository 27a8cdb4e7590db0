/**
 * Data access of the Advanced hunting page: runHuntingQuery (Microsoft Graph shape), the hunting schema,
 * and the saved queries / history routes, through the shared API client.
 */
import { api, ApiError } from '../../api/index.ts';

/** A compiler diagnostic as the server returns it (1-based line/column, end exclusive). */
export interface KqlDiagnostic {
  code: string;
  message: string;
  severity?: 'error' | 'warning' | 'info';
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface ResultColumn {
  name: string;
  type: string;
}

export type ResultRow = Record<string, unknown>;

export interface HuntingStats {
  elapsedMs: number;
  rows: number;
  truncated: boolean;
}

export interface RenderInfo {
  visualization: string;
  properties?: Record<string, unknown>;
}

export interface HuntingResult {
  schema: ResultColumn[];
  results: ResultRow[];
  stats?: HuntingStats;
  render?: RenderInfo;
}

export interface SchemaColumn {
  name: string;
  type: string;
  description: string;
}

export interface SchemaTable {
  name: string;
  description: string;
  columns: SchemaColumn[];
}

/** An error from the API, with the KQL diagnostics when the query did not compile. */
export class HuntingError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly diagnostics: KqlDiagnostic[] = [],
  ) {
    super(message);
    this.name = 'HuntingError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asDiagnostic(v: unknown): KqlDiagnostic | undefined {
  if (!isRecord(v) || typeof v.message !== 'string') return undefined;
  const line = typeof v.line === 'number' ? v.line : 1;
  const column = typeof v.column === 'number' ? v.column : 1;
  const d: KqlDiagnostic = { code: typeof v.code === 'string' ? v.code : 'error', message: v.message, line, column };
  if (v.severity === 'error' || v.severity === 'warning' || v.severity === 'info') d.severity = v.severity;
  if (typeof v.endLine === 'number') d.endLine = v.endLine;
  if (typeof v.endColumn === 'number') d.endColumn = v.endColumn;
  return d;
}

/** Turns a failed call into a HuntingError, finding the KQL diagnostics wherever the server put them. */
export function toHuntingError(e: unknown): HuntingError {
  if (!(e instanceof ApiError)) return new HuntingError(e instanceof Error ? e.message : String(e), 0, 'network');
  const details = e.details;
  const candidates: unknown[] = [];
  if (Array.isArray(details)) candidates.push(...(details as unknown[]));
  else if (isRecord(details) && Array.isArray(details.diagnostics)) candidates.push(...(details.diagnostics as unknown[]));
  const diagnostics = candidates.map(asDiagnostic).filter((d): d is KqlDiagnostic => d !== undefined);
  return new HuntingError(e.message, e.status, e.code, diagnostics);
}

export async function runHuntingQuery(query: string, timespan: string | undefined, signal?: AbortSignal): Promise<HuntingResult> {
  try {
    // nulls=omit: empty cells are left out of each row (a missing cell reads as null everywhere here), so a
    // wide result is a fraction of the bytes to download and parse.
    return await api.post<HuntingResult>('/api/security/runHuntingQuery?nulls=omit', timespan ? { Query: query, Timespan: timespan } : { Query: query }, { signal });
  } catch (e) {
    throw toHuntingError(e);
  }
}

export async function fetchHuntingSchema(): Promise<SchemaTable[]> {
  const body = await api.get<{ tables: SchemaTable[] }>('/api/hunting/schema');
  return body.tables;
}

export interface SavedQuery {
  id: string;
  name: string;
  folder: string;
  shared: boolean;
  query: string;
  ownerName: string;
  mine: boolean;
  lastUpdateDateTime: string;
}

export interface HistoryEntry {
  query: string;
  timespan: string | null;
  ranDateTime: string;
}

export const listSavedQueries = async (): Promise<SavedQuery[]> => (await api.get<{ value: SavedQuery[] }>('/api/hunting/queries')).value;
export const saveQuery = (q: { name: string; folder: string; shared: boolean; query: string }): Promise<SavedQuery> => api.post('/api/hunting/queries', q);
export const deleteSavedQuery = (id: string): Promise<void> => api.delete(`/api/hunting/queries/${encodeURIComponent(id)}`);
export const listHistory = async (): Promise<HistoryEntry[]> => (await api.get<{ value: HistoryEntry[] }>('/api/hunting/history')).value;
export const addHistory = (query: string, timespan: string | undefined): Promise<void> => api.post('/api/hunting/history', timespan ? { query, timespan } : { query });
