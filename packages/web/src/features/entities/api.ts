/** Data access of entity pages: /api/entities (packages/server/src/entities), through the shared client. */
import { api } from '../../api/index.ts';
import type { EntityType } from './entity-queries.ts';

export interface DeviceOverview {
  deviceId: string | null;
  deviceName: string;
  inventoried: boolean;
  deviceGroup: { id: string; name: string } | null;
  riskLevel: 'none' | 'informational' | 'low' | 'medium' | 'high';
  exposureLevel: string | null;
  osPlatform: string | null;
  osVersion: string | null;
  osBuild: number | string | null;
  osArchitecture: string | null;
  deviceType: string | null;
  model: string | null;
  vendor: string | null;
  joinType: string | null;
  publicIp: string | null;
  machineGroup: string | null;
  onboardingStatus: string | null;
  sensorHealthState: string | null;
  isInternetFacing: boolean | null;
  tags: string[];
  ipAddresses: { address: string; adapter: string; addressType: string | null }[];
  loggedOnUsers: { accountName: string; domain: string | null; sid: string | null }[];
  recentLogons: { accountName: string; domain: string | null; logons: number; last: string }[];
  firstSeen: string | null;
  lastSeen: string | null;
  activeAlerts: number;
  incidents: number;
}

export interface TimelineEvent {
  table: string;
  timestamp: string;
  reportId: number;
  actionType: string | null;
  [column: string]: unknown;
}

export interface TimelinePage {
  events: TimelineEvent[];
  nextCursor: string | null;
  searchedFrom: string | null;
  elapsedMs: number;
}

export interface TimelineFilters {
  tables: string[];
  actionType: string;
  search: string;
  from: string | undefined;
  to: string | undefined;
}

export interface TimelineFacets {
  tables: { table: string; n: number }[];
  actionTypes: { table: string; actionType: string; n: number }[];
}

export interface EntityRelated {
  alerts: {
    id: string;
    title: string;
    severity: string;
    status: string;
    category: string;
    incidentId: string;
    serviceSource: string;
    detectionSource: string;
    firstActivityDateTime: string;
    lastActivityDateTime: string;
  }[];
  incidents: { id: string; displayName: string; severity: string; status: string; assignedTo: string | null; classification: string; determination: string; lastUpdateDateTime: string; entityAlerts: number }[];
  truncated: boolean;
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
