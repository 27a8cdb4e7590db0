/** The incident queue's filters: kept in the URL (bookmarkable), turned into OData for the server. */
import type { Classification, IncidentStatus, QueueListParams, Severity } from './api.ts';

export const severities: readonly Severity[] = ['high', 'medium', 'low', 'informational'];
export const incidentStatuses: readonly Exclude<IncidentStatus, 'redirected'>[] = ['active', 'inProgress', 'resolved'];
export const classifications: readonly Classification[] = ['unknown', 'truePositive', 'informationalExpectedActivity', 'falsePositive'];

export const determinationsByClassification: Readonly<Record<Classification, readonly string[]>> = {
  unknown: ['unknown'],
  truePositive: ['unknown', 'multiStagedAttack', 'maliciousUserActivity', 'compromisedAccount', 'malware', 'phishing', 'unwantedSoftware', 'other'],
  informationalExpectedActivity: ['unknown', 'securityTesting', 'lineOfBusinessApplication', 'confirmedActivity', 'other'],
  falsePositive: ['unknown', 'notMalicious', 'notEnoughDataToValidate', 'other'],
};

const words: Readonly<Record<string, string>> = {
  inProgress: 'In progress',
  truePositive: 'True positive',
  falsePositive: 'False positive',
  informationalExpectedActivity: 'Informational, expected activity',
  multiStagedAttack: 'Multi-staged attack',
  maliciousUserActivity: 'Malicious user activity',
  compromisedAccount: 'Compromised account',
  unwantedSoftware: 'Unwanted software',
  securityTesting: 'Security testing',
  lineOfBusinessApplication: 'Line-of-business application',
  confirmedActivity: 'Confirmed activity',
  notMalicious: 'Not malicious',
  notEnoughDataToValidate: 'Not enough data to validate',
};

/** A display label for an enum value: 'inProgress' -> 'In progress', 'high' -> 'High'. */
export function label(value: string | null | undefined): string {
  if (!value) return '';
  return words[value] ?? value.charAt(0).toUpperCase() + value.slice(1).replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`);
}

export type TimeWindow = '1d' | '3d' | '7d' | '30d' | '6mo' | 'all' | 'custom';
export const timeWindows: readonly { id: TimeWindow; label: string; hours?: number }[] = [
  { id: '1d', label: 'Last day', hours: 24 },
  { id: '3d', label: 'Last 3 days', hours: 72 },
  { id: '7d', label: 'Last 7 days', hours: 168 },
  { id: '30d', label: 'Last 30 days', hours: 720 },
  { id: '6mo', label: 'Last 6 months', hours: 4380 },
  { id: 'all', label: 'Any time' },
  { id: 'custom', label: 'Custom range' },
];

export interface QueueFilters {
  status: string[];
  severity: string[];
  assignedTo: string | undefined;
  classification: string[];
  window: TimeWindow;
  /** The custom range (window 'custom'): ISO date-times, either end open. */
  from?: string | undefined;
  to?: string | undefined;
  /** Any of these, from the incident's alerts (server-side filters beyond OData). */
  categories?: string[];
  serviceSources?: string[];
  detectionSources?: string[];
  tags?: string[];
  /** Device group ids. */
  deviceGroups?: string[];
  /** Incident name or id, alert title, or any entity of its alerts. */
  search?: string | undefined;
}

/** The queue's multi-valued extra filters: URL parameter (repeated, one per value) and server parameter. */
export const extraFilters = [
  { key: 'categories', param: 'category', label: 'Categories' },
  { key: 'serviceSources', param: 'serviceSource', label: 'Service sources' },
  { key: 'detectionSources', param: 'detectionSource', label: 'Detection sources' },
  { key: 'tags', param: 'tag', label: 'Tags' },
  { key: 'deviceGroups', param: 'deviceGroup', label: 'Device groups' },
] as const;
export type ExtraFilterKey = (typeof extraFilters)[number]['key'];

export interface QueueState extends QueueFilters {
  page: number;
  orderBy: string;
  desc: boolean;
}

export const PAGE_SIZE = 50;

/** The "Assigned to" filter's value for incidents nobody owns (an email always has an "@"). */
export const UNASSIGNED = '(unassigned)';
const orderable = new Set(['lastUpdateDateTime', 'createdDateTime', 'severity', 'status', 'displayName', 'id', 'alertCount', 'firstActivityDateTime', 'lastActivityDateTime', 'assignedTo', 'classification', 'determination']);

const isoOrUndefined = (v: string | null): string | undefined => (v && !Number.isNaN(Date.parse(v)) ? new Date(Date.parse(v)).toISOString() : undefined);

/** Reads the queue state from URL search params; unknown values are dropped, defaults as Defender's (active, 6 months). */
export function readQueueState(p: URLSearchParams): QueueState {
  const list = (key: string, allowed: readonly string[]): string[] => (p.get(key) ?? '').split(',').filter((v) => allowed.includes(v));
  const window = timeWindows.find((w) => w.id === p.get('window'))?.id ?? '6mo';
  const page = Math.max(1, Number.parseInt(p.get('page') ?? '1', 10) || 1);
  const orderBy = orderable.has(p.get('orderBy') ?? '') ? (p.get('orderBy') as string) : 'lastUpdateDateTime';
  const assignedTo = p.get('assignedTo')?.trim();
  const search = p.get('search')?.trim();
  const state: QueueState = {
    status: p.has('status') ? list('status', incidentStatuses) : ['active', 'inProgress'],
    severity: list('severity', severities),
    assignedTo: assignedTo ? assignedTo : undefined,
    classification: list('classification', classifications),
    window,
    page,
    orderBy,
    desc: p.get('dir') !== 'asc',
  };
  if (window === 'custom') {
    const from = isoOrUndefined(p.get('from'));
    const to = isoOrUndefined(p.get('to'));
    if (from) state.from = from;
    if (to) state.to = to;
  }
  for (const f of extraFilters) {
    const values = [...new Set(p.getAll(f.param).map((v) => v.trim()).filter((v) => v !== ''))];
    if (values.length) state[f.key] = values;
  }
  if (search) state.search = search;
  return state;
}

export function writeQueueState(s: QueueState): URLSearchParams {
  const p = new URLSearchParams();
  p.set('status', s.status.join(','));
  if (s.severity.length) p.set('severity', s.severity.join(','));
  if (s.assignedTo) p.set('assignedTo', s.assignedTo);
  if (s.classification.length) p.set('classification', s.classification.join(','));
  if (s.window !== '6mo') p.set('window', s.window);
  if (s.window === 'custom') {
    if (s.from) p.set('from', s.from);
    if (s.to) p.set('to', s.to);
  }
  for (const f of extraFilters) for (const v of s[f.key] ?? []) p.append(f.param, v);
  if (s.search) p.set('search', s.search);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.orderBy !== 'lastUpdateDateTime') p.set('orderBy', s.orderBy);
  if (!s.desc) p.set('dir', 'asc');
  return p;
}

const quote = (v: string): string => `'${v.replaceAll("'", "''")}'`;
const anyOf = (prop: string, values: readonly string[]): string => (values.length === 1 ? `${prop} eq ${quote(values[0] ?? '')}` : `(${values.map((v) => `${prop} eq ${quote(v)}`).join(' or ')})`);

/** The OData $filter of the filters (undefined when nothing is filtered). */
export function toODataFilter(f: QueueFilters, now: Date): string | undefined {
  const parts: string[] = [];
  if (f.status.length) parts.push(anyOf('status', f.status));
  if (f.severity.length) parts.push(anyOf('severity', f.severity));
  if (f.classification.length) parts.push(anyOf('classification', f.classification));
  if (f.assignedTo) parts.push(f.assignedTo === UNASSIGNED ? 'assignedTo eq null' : `assignedTo eq ${quote(f.assignedTo)}`);
  const hours = timeWindows.find((w) => w.id === f.window)?.hours;
  if (hours !== undefined) parts.push(`lastUpdateDateTime ge ${new Date(now.getTime() - hours * 3600_000).toISOString()}`);
  if (f.window === 'custom') {
    if (f.from) parts.push(`lastUpdateDateTime ge ${f.from}`);
    if (f.to) parts.push(`lastUpdateDateTime le ${f.to}`);
  }
  return parts.length ? parts.join(' and ') : undefined;
}

/** The server's list parameters beyond $filter: each extra filter repeated per value, and the search text. */
export function extraListParams(f: QueueFilters): Pick<QueueListParams, (typeof extraFilters)[number]['param'] | 'search'> {
  const out: Pick<QueueListParams, (typeof extraFilters)[number]['param'] | 'search'> = {};
  for (const x of extraFilters) if (f[x.key]?.length) out[x.param] = f[x.key] ?? [];
  if (f.search) out.search = f.search;
  return out;
}

/** How many filters beyond the defaults are set (shown on the queue, and to name a filter set). */
export function activeFilterCount(f: QueueFilters): number {
  let n = 0;
  if (f.severity.length) n++;
  if (f.classification.length) n++;
  if (f.assignedTo) n++;
  if (f.search) n++;
  for (const x of extraFilters) if (f[x.key]?.length) n++;
  return n;
}

/** Every column the queue can show (the server keeps each person's choice and order of these ids). */
const columnDefs = [
  { key: 'displayName', label: 'Incident name', orderBy: 'displayName' },
  { key: 'id', label: 'Incident Id', orderBy: 'id' },
  { key: 'severity', label: 'Severity', orderBy: 'severity' },
  { key: 'status', label: 'Status', orderBy: 'status' },
  { key: 'categories', label: 'Categories' },
  { key: 'impactedAssets', label: 'Impacted assets' },
  { key: 'alertCount', label: 'Alerts', orderBy: 'alertCount' },
  { key: 'serviceSources', label: 'Service sources' },
  { key: 'detectionSources', label: 'Detection sources' },
  { key: 'assignedTo', label: 'Assigned to', orderBy: 'assignedTo' },
  { key: 'classification', label: 'Classification', orderBy: 'classification' },
  { key: 'determination', label: 'Determination', orderBy: 'determination' },
  { key: 'firstActivityDateTime', label: 'First activity', orderBy: 'firstActivityDateTime' },
  { key: 'lastActivityDateTime', label: 'Last activity', orderBy: 'lastActivityDateTime' },
  { key: 'createdDateTime', label: 'Created', orderBy: 'createdDateTime' },
  { key: 'lastUpdateDateTime', label: 'Last update', orderBy: 'lastUpdateDateTime' },
  { key: 'tags', label: 'Tags' },
] as const;
export type QueueColumnKey = (typeof columnDefs)[number]['key'];
export const queueColumns: readonly { key: QueueColumnKey; label: string; orderBy?: string }[] = columnDefs;
export const defaultColumns: readonly QueueColumnKey[] = queueColumns.map((c) => c.key).filter((k) => !['determination', 'createdDateTime', 'lastUpdateDateTime'].includes(k));

/** A saved column list made safe: known ids only, once each, the name first. */
export function normaliseColumns(ids: readonly string[]): QueueColumnKey[] {
  const known = new Set<string>(queueColumns.map((c) => c.key));
  const out = [...new Set(ids.filter((id) => known.has(id)))] as QueueColumnKey[];
  return ['displayName', ...out.filter((k) => k !== 'displayName')];
}

/** Moves the item at `index` by `delta` places (clamped); a new array. */
export function move<T>(items: readonly T[], index: number, delta: number): T[] {
  const to = Math.max(0, Math.min(items.length - 1, index + delta));
  const out = [...items];
  const [item] = out.splice(index, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}
