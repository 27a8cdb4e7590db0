/**
 * Data access of Settings > Indicators: /api/indicators (read: security.read; create, edit, delete, import:
 * settings.detection), through the shared API client.
 */
import { api } from '../../api/index.ts';

export const indicatorTypes = ['DomainName', 'Url', 'IpAddress', 'FileSha256', 'FileSha1', 'FileMd5'] as const;
export type IndicatorType = (typeof indicatorTypes)[number];
export const indicatorActions = ['Alert', 'AlertAndBlock', 'Allowed'] as const;
export type IndicatorAction = (typeof indicatorActions)[number];
export const indicatorSeverities = ['Informational', 'Low', 'Medium', 'High'] as const;
export type IndicatorSeverity = (typeof indicatorSeverities)[number];

export interface Indicator {
  id: string;
  indicatorType: IndicatorType;
  indicatorValue: string;
  action: IndicatorAction;
  severity: IndicatorSeverity;
  title: string;
  description: string;
  recommendedActions: string | null;
  category: string;
  mitreTechniques: string[];
  expirationTime: string | null;
  status: 'active' | 'expired';
  source: string;
  sourceType: 'User' | 'Import';
  createdBy: string;
  creationTimeDateTimeUtc: string;
  lastUpdatedBy: string;
  lastUpdateTime: string;
}

/** What the add/edit dialog sends. */
export interface IndicatorInput {
  indicatorType: IndicatorType;
  indicatorValue: string;
  action: IndicatorAction;
  severity: IndicatorSeverity;
  title: string;
  description: string;
  mitreTechniques: string[];
  expirationTime?: string | null;
}

export interface IndicatorFilter {
  type?: IndicatorType | undefined;
  action?: IndicatorAction | undefined;
  status?: 'active' | 'expired' | 'all' | undefined;
  search?: string | undefined;
}

export interface ImportResult {
  created: number;
  updated: number;
  errors: { at: string; field: string; message: string }[];
  skipped: { at: string; reason: string }[];
  otherObjects?: number;
}

export const indicatorKeys = { list: (f: IndicatorFilter) => ['indicators', f] as const, all: ['indicators'] as const };

export const listIndicators = async (f: IndicatorFilter, signal?: AbortSignal): Promise<Indicator[]> =>
  (
    await api.get<{ value: Indicator[] }>('/api/indicators', {
      signal,
      query: { ...(f.type ? { type: f.type } : {}), ...(f.action ? { action: f.action } : {}), ...(f.status && f.status !== 'all' ? { status: f.status } : {}), ...(f.search ? { search: f.search } : {}) },
    })
  ).value;
export const createIndicator = (body: IndicatorInput): Promise<Indicator> => api.post<Indicator>('/api/indicators', body);
export const updateIndicator = (id: string, body: Partial<IndicatorInput>): Promise<Indicator> => api.patch<Indicator>(`/api/indicators/${encodeURIComponent(id)}`, body);
export const deleteIndicator = (id: string): Promise<void> => api.delete(`/api/indicators/${encodeURIComponent(id)}`);
export const importIndicators = (format: 'csv' | 'stix', content: string, source?: string): Promise<ImportResult> =>
  api.post<ImportResult>('/api/indicators/import', { format, content, ...(source ? { source } : {}) });
