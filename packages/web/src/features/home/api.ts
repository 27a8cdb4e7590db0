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
