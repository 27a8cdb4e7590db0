import { api } from '../../api/client.ts';

export interface Health {
  status: string;
  version: string;
  stores: Record<string, { engine: string; schemaVersion: number }>;
}

export interface IngestStats {
  formats: { name: string; description: string }[];
  queue: { pending: number; capacity: number };
  store: { tables: { table: string; rows: number; oldestIngestion: string | null; newestIngestion: string | null }[]; totalRows: number; deadLetters: number; fileBytes: number };
}

export interface SessionInfo {
  current: boolean;
  method: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export const fetchHealth = (): Promise<Health> => api.get<Health>('/api/health');
export const fetchIngestStats = (): Promise<IngestStats> => api.get<IngestStats>('/api/ingest/stats');
export const fetchSessions = (): Promise<{ value: SessionInfo[] }> => api.get<{ value: SessionInfo[] }>('/api/auth/sessions');

export const incidentSeverities = ['high', 'medium', 'low', 'informational'] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];

/** Open (not resolved) incidents of one severity, counted by the Graph-compatible incidents API. */
export async function countOpenIncidents(severity: IncidentSeverity): Promise<number> {
  const r = await api.get<{ '@odata.count': number }>('/api/security/incidents', { query: { $filter: `status ne 'resolved' and severity eq '${severity}'`, $top: 1 } });
  return r['@odata.count'];
}

export async function fetchOpenIncidentsBySeverity(): Promise<Record<IncidentSeverity, number>> {
  const counts = await Promise.all(incidentSeverities.map(countOpenIncidents));
  return { high: counts[0] ?? 0, medium: counts[1] ?? 0, low: counts[2] ?? 0, informational: counts[3] ?? 0 };
}

/** One day of the alerts trend: alerts created from `start` (local midnight) until the next midnight. */
export interface AlertDay {
  start: string;
  count: number;
}

async function countAlerts(filter: string): Promise<number> {
  const r = await api.get<{ '@odata.count': number }>('/api/security/alerts_v2', { query: { $filter: filter, $top: 1 } });
  return r['@odata.count'];
}

/** Local midnights of the last `days` days (oldest first), and the midnight after today. */
export function dayBoundaries(now: Date, days: number): Date[] {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return Array.from({ length: days + 1 }, (_, i) => new Date(today.getFullYear(), today.getMonth(), today.getDate() - days + 1 + i));
}

/**
 * Alerts created per day over the last `days` days (today included) and the high-severity ones among them, counted
 * by the Graph-compatible alerts API (so within the person's device groups, like every list).
 */
export async function fetchAlertsTrend(now: Date, days = 7): Promise<{ days: AlertDay[]; high: number }> {
  const b = dayBoundaries(now, days);
  const range = (from: Date, to: Date): string => `createdDateTime ge ${from.toISOString()} and createdDateTime lt ${to.toISOString()}`;
  const [high, ...counts] = await Promise.all([countAlerts(`${range(b[0]!, b[days]!)} and severity eq 'high'`), ...b.slice(0, days).map((from, i) => countAlerts(range(from, b[i + 1]!)))]);
  return { days: b.slice(0, days).map((d, i) => ({ start: d.toISOString(), count: counts[i] ?? 0 })), high: high ?? 0 };
}
