/** Data access of entity pages: /api/entities (packages/server/src/entities), through the shared client. */
import type { DeviceOverview, EntityRelated, TimelineEvent, TimelineFacets, TimelinePage } from '@palisade/contracts';
import { api } from '../../api/index.ts';
import type { EntityType } from './entity-queries.ts';

export type { DeviceOverview, EntityRelated, TimelineEvent, TimelineFacets, TimelinePage } from '@palisade/contracts';

export interface TimelineFilters {
  tables: string[];
  actionType: string;
  search: string;
  from: string | undefined;
  to: string | undefined;
}

const device = (id: string): string => `/api/entities/devices/${encodeURIComponent(id)}`;

export const fetchDeviceOverview = (id: string, signal?: AbortSignal) => api.get<DeviceOverview>(device(id), { signal });

export const fetchTimeline = (id: string, f: TimelineFilters, cursor: string | undefined, limit: number, signal?: AbortSignal) =>
  api.get<TimelinePage>(`${device(id)}/timeline`, {
    signal,
    query: {
      limit,
      cursor,
      table: f.tables.length > 0 ? f.tables : undefined,
      actionType: f.actionType === '' ? undefined : f.actionType,
      search: f.search.trim() === '' ? undefined : f.search.trim(),
      from: f.from,
      to: f.to,
    },
  });

export const fetchTimelineFacets = (id: string, from: string | undefined, to: string | undefined, signal?: AbortSignal) =>
  api.get<TimelineFacets>(`${device(id)}/timeline/facets`, { signal, query: { from, to } });

export const fetchTimelineEvent = (id: string, e: Pick<TimelineEvent, 'table' | 'reportId' | 'timestamp'>, signal?: AbortSignal) =>
  api.get<Record<string, unknown>>(`${device(id)}/events/${encodeURIComponent(e.table)}/${e.reportId}`, { signal, query: { timestamp: e.timestamp } });

export const fetchRelated = (type: EntityType, id: string, signal?: AbortSignal) => api.get<EntityRelated>(`/api/entities/${type}/${encodeURIComponent(id)}/related`, { signal });
