/** The incident queue's filters: kept in the URL (bookmarkable), turned into OData for the server. */
import type { Classification, IncidentStatus, Severity } from './api.ts';

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

export type TimeWindow = '1d' | '3d' | '7d' | '30d' | '6mo' | 'all';
export const timeWindows: readonly { id: TimeWindow; label: string; hours?: number }[] = [
  { id: '1d', label: 'Last day', hours: 24 },
  { id: '3d', label: 'Last 3 days', hours: 72 },
  { id: '7d', label: 'Last 7 days', hours: 168 },
  { id: '30d', label: 'Last 30 days', hours: 720 },
  { id: '6mo', label: 'Last 6 months', hours: 4380 },
  { id: 'all', label: 'Any time' },
];

export interface QueueFilters {
  status: string[];
  severity: string[];
  assignedTo: string | undefined;
  classification: string[];
  window: TimeWindow;
}

export interface QueueState extends QueueFilters {
  page: number;
  orderBy: string;
  desc: boolean;
}

export const PAGE_SIZE = 50;
const orderable = new Set(['lastUpdateDateTime', 'createdDateTime', 'severity', 'status', 'displayName', 'id', 'alertCount', 'firstActivityDateTime', 'lastActivityDateTime', 'assignedTo']);

/** Reads the queue state from URL search params; unknown values are dropped, defaults as Defender's (active, 6 months). */
export function readQueueState(p: URLSearchParams): QueueState {
  const list = (key: string, allowed: readonly string[]): string[] => (p.get(key) ?? '').split(',').filter((v) => allowed.includes(v));
  const window = timeWindows.find((w) => w.id === p.get('window'))?.id ?? '6mo';
  const page = Math.max(1, Number.parseInt(p.get('page') ?? '1', 10) || 1);
  const orderBy = orderable.has(p.get('orderBy') ?? '') ? (p.get('orderBy') as string) : 'lastUpdateDateTime';
  const assignedTo = p.get('assignedTo')?.trim();
  return {
    status: p.has('status') ? list('status', incidentStatuses) : ['active', 'inProgress'],
    severity: list('severity', severities),
    assignedTo: assignedTo ? assignedTo : undefined,
    classification: list('classification', classifications),
    window,
    page,
    orderBy,
    desc: p.get('dir') !== 'asc',
  };
}

export function writeQueueState(s: QueueState): URLSearchParams {
  const p = new URLSearchParams();
  p.set('status', s.status.join(','));
  if (s.severity.length) p.set('severity', s.severity.join(','));
  if (s.assignedTo) p.set('assignedTo', s.assignedTo);
  if (s.classification.length) p.set('classification', s.classification.join(','));
  if (s.window !== '6mo') p.set('window', s.window);
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
  if (f.assignedTo) parts.push(`assignedTo eq ${quote(f.assignedTo)}`);
  const hours = timeWindows.find((w) => w.id === f.window)?.hours;
  if (hours !== undefined) parts.push(`lastUpdateDateTime ge ${new Date(now.getTime() - hours * 3600_000).toISOString()}`);
  return parts.length ? parts.join(' and ') : undefined;
}
