/** Data access for incidents and alerts: the Graph-shaped /api/security/incidents and alerts_v2, through the shared client. */
import type { AlertDetails, IncidentTimeline } from '@palisade/contracts';
import { api } from '../../api/index.ts';

export type Severity = 'informational' | 'low' | 'medium' | 'high';
export type IncidentStatus = 'active' | 'inProgress' | 'resolved' | 'redirected';
export type AlertStatus = 'new' | 'inProgress' | 'resolved';
export type Classification = 'unknown' | 'truePositive' | 'informationalExpectedActivity' | 'falsePositive';

export interface Evidence {
  '@odata.type': string;
  type: string;
  roles: string[];
  [key: string]: unknown;
}

export interface Comment {
  comment: string;
  createdByDisplayName: string;
  createdDateTime: string;
}

export interface Alert {
  id: string;
  incidentId: string;
  status: AlertStatus;
  severity: Severity;
  classification: Classification | null;
  determination: string | null;
  serviceSource: string;
  detectionSource: string;
  title: string;
  description: string | null;
  recommendedActions: string | null;
  category: string;
  mitreTechniques: string[];
  mitreTechniqueDetails: { id: string; name: string; tactics: string[] }[];
  assignedTo: string | null;
  createdDateTime: string;
  lastUpdateDateTime: string;
  firstActivityDateTime: string;
  lastActivityDateTime: string;
  correlationReason: { text: string } | null;
  evidence: Evidence[];
  comments: Comment[];
}

export interface Incident {
  id: string;
  displayName: string;
  description: string | null;
  severity: Severity;
  status: IncidentStatus;
  redirectIncidentId: string | null;
  assignedTo: string | null;
  classification: Classification | null;
  determination: string | null;
  customTags: string[];
  systemTags: string[];
  createdDateTime: string;
  lastUpdateDateTime: string;
  firstActivityDateTime: string;
  lastActivityDateTime: string;
  alertCount: number;
  categories: string[];
  mitreTechniques: string[];
  serviceSources: string[];
  detectionSources: string[];
  impactedAssets: Partial<Record<'devices' | 'users' | 'mailboxes' | 'apps' | 'ips', Record<string, number>>>;
  comments?: Comment[];
  activity?: { at: string; actor: string; action: string; details: string }[];
  alerts?: Alert[];
}

export interface Page<T> {
  '@odata.count': number;
  value: T[];
  '@odata.nextLink'?: string;
}

export interface ListParams {
  $filter?: string | undefined;
  $top: number;
  $skip: number;
  $orderby?: string | undefined;
}

/** The incident list's filters beyond OData (repeated per value). */
export interface QueueListParams extends ListParams {
  category?: string[];
  serviceSource?: string[];
  detectionSource?: string[];
  tag?: string[];
  deviceGroup?: string[];
  search?: string;
}

export const listIncidents = (p: QueueListParams, signal?: AbortSignal): Promise<Page<Incident>> => api.get('/api/security/incidents', { query: { ...p }, signal });
export const getIncident = (id: string, signal?: AbortSignal): Promise<Incident> => api.get(`/api/security/incidents/${encodeURIComponent(id)}`, { query: { $expand: 'alerts' }, signal });

export interface IncidentPatch {
  status?: 'active' | 'inProgress' | 'resolved';
  assignedTo?: string | null;
  classification?: Classification;
  determination?: string;
  customTags?: string[];
  resolvingComment?: string;
}
export const patchIncident = (id: string, patch: IncidentPatch): Promise<Incident> => api.patch(`/api/security/incidents/${encodeURIComponent(id)}`, patch);
export const commentIncident = (id: string, comment: string): Promise<unknown> => api.post(`/api/security/incidents/${encodeURIComponent(id)}/comments`, { comment });

export const listAlerts = (p: ListParams, signal?: AbortSignal): Promise<Page<Alert>> => api.get('/api/security/alerts_v2', { query: { ...p }, signal });
export const getAlert = (id: string, signal?: AbortSignal): Promise<Alert> => api.get(`/api/security/alerts_v2/${encodeURIComponent(id)}`, { signal });
export const patchAlert = (id: string, patch: { status?: AlertStatus; classification?: Classification; determination?: string; assignedTo?: string | null }): Promise<Alert> =>
  api.patch(`/api/security/alerts_v2/${encodeURIComponent(id)}`, patch);

/** Merges 2 to 5 incidents into the oldest (lowest id); the others become redirected to it. Resolves with the target. */
export const mergeIncidents = (ids: readonly string[]): Promise<Incident> => api.post('/api/security/incidents/merge', { incidentIds: ids });
/** Moves an alert to an incident, or to a new one (null). */
export const linkAlert = (alertId: string, incidentId: string | null): Promise<Alert> => api.post(`/api/security/alerts_v2/${encodeURIComponent(alertId)}/link`, { incidentId });
/** Where the incident's PDF summary downloads from (a plain GET with the session cookie). */
export const incidentPdfUrl = (id: string): string => `/api/security/incidents/${encodeURIComponent(id)}/summary.pdf`;

// ---- the incident's evidence ----

export type EvidenceVerdict = 'unknown' | 'suspicious' | 'malicious' | 'noThreatsFound';
export type RemediationStatus = 'none' | 'remediated' | 'prevented' | 'blocked' | 'notFound';
export const evidenceVerdicts: readonly EvidenceVerdict[] = ['malicious', 'suspicious', 'unknown', 'noThreatsFound'];
export const remediationStatuses: readonly RemediationStatus[] = ['none', 'remediated', 'prevented', 'blocked', 'notFound'];

/** One entity of an incident, merged across its alerts by identity (GET /api/security/incidents/{id}/evidence). */
export interface IncidentEvidence {
  id: string;
  type: string;
  name: string;
  aliases: string[];
  roles: string[];
  alertIds: string[];
  evidence: Evidence;
  verdict: EvidenceVerdict;
  verdictSource: 'analyst' | 'indicator' | 'alert';
  verdictReason: string;
  remediationStatus: RemediationStatus;
  remediationStatusDetails: string | null;
  lastUpdatedBy?: string;
  lastUpdatedDateTime?: string;
  entityPage?: { type: string; id: string };
  indicator?: { id: string; title: string };
}
export const getIncidentEvidence = (id: string, signal?: AbortSignal): Promise<{ value: IncidentEvidence[] }> => api.get(`/api/security/incidents/${encodeURIComponent(id)}/evidence`, { signal });
/** The raw events behind the incident's evidence, for the attack story's timeline (a separate, slower request). */
export const getIncidentTimeline = (id: string, signal?: AbortSignal): Promise<IncidentTimeline> => api.get(`/api/security/incidents/${encodeURIComponent(id)}/timeline`, { signal });
export interface EvidencePatch {
  entityIds: string[];
  verdict?: EvidenceVerdict;
  remediationStatus?: RemediationStatus;
  remediationStatusDetails?: string | null;
}
export const setIncidentEvidence = (id: string, patch: EvidencePatch): Promise<{ value: IncidentEvidence[] }> => api.patch(`/api/security/incidents/${encodeURIComponent(id)}/evidence`, patch);

// ---- the incident queue's own endpoints ----

export interface HourlyCounts {
  from: string;
  to: string;
  value: { hour: string; alerts: number; incidents: number }[];
}
export const hourlyCounts = (signal?: AbortSignal): Promise<HourlyCounts> => api.get('/api/security/incidents/queue/hourly', { query: { hours: 24 }, signal });

export interface FilterOptions {
  categories: string[];
  serviceSources: string[];
  detectionSources: string[];
  tags: string[];
  deviceGroups: { id: string; name: string }[];
}
export const filterOptions = (signal?: AbortSignal): Promise<FilterOptions> => api.get('/api/security/incidents/queue/filter-options', { signal });

export interface QueueColumnsSetting {
  columns: string[];
  custom: boolean;
  available: string[];
}
export const getQueueColumns = (signal?: AbortSignal): Promise<QueueColumnsSetting> => api.get('/api/security/incidents/queue/columns', { signal });
export const putQueueColumns = (columns: readonly string[]): Promise<QueueColumnsSetting> => api.put('/api/security/incidents/queue/columns', { columns });

export interface FilterSet {
  id: string;
  name: string;
  query: string;
  createdDateTime: string;
  lastUpdateDateTime: string;
}
export const listFilterSets = (signal?: AbortSignal): Promise<{ value: FilterSet[] }> => api.get('/api/security/incidents/queue/filter-sets', { signal });
export const saveFilterSet = (name: string, query: string): Promise<FilterSet> => api.post('/api/security/incidents/queue/filter-sets', { name, query });
export const deleteFilterSet = (id: string): Promise<void> => api.delete(`/api/security/incidents/queue/filter-sets/${encodeURIComponent(id)}`);

// ---- the alert page's details (email and sign-ins, from the hunting tables) ----

export type { AlertDetails, EmailDetails, SignInDetails } from '@palisade/contracts';
export const getAlertDetails = (id: string, signal?: AbortSignal): Promise<AlertDetails> => api.get(`/api/security/alerts_v2/${encodeURIComponent(id)}/details`, { signal });
