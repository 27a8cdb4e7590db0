/**
 * Data access of Settings > Indicators: /api/indicators (read: security.read; create, edit, delete, import:
 * settings.detection), through the shared API client.
 */
import type { Indicator, IndicatorAction, IndicatorImportResult, IndicatorSeverity, IndicatorType } from '@palisade/contracts';
import { api } from '../../api/index.ts';

export { indicatorActions, indicatorSeverities, indicatorTypes } from '@palisade/contracts';
export type { Indicator, IndicatorAction, IndicatorSeverity, IndicatorType } from '@palisade/contracts';

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

export type ImportResult = IndicatorImportResult;

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
