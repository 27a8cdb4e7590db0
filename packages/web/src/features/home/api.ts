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
