/**
 * What an incident says about its alerts: severity (max), categories and techniques (union, kill-chain
 * order), sources, impacted assets with counts, activity span, and the generated name. Pure functions.
 */
import type { AlertEntity, AlertSeverity } from '../alerts/alert-model.ts';
import { categoryLabels, categoryOrder, severityRank } from '../alerts/alert-model.ts';
import { deviceKeyValue, isBuiltInAccount, isPrivateIp } from '../correlation/entity-keys.ts';

export type AssetKind = 'devices' | 'users' | 'mailboxes' | 'apps' | 'ips';

export interface IncidentSummary {
  severity: AlertSeverity;
  categories: string[];
  mitreTechniques: string[];
  serviceSources: string[];
  detectionSources: string[];
  /** Asset name -> number of alerts naming it. */
  impactedAssets: Record<AssetKind, Record<string, number>>;
  alertCount: number;
  firstActivity: string | null;
  lastActivity: string | null;
  /** The title of the first alert (names single-alert incidents). */
  firstTitle: string;
}

export interface SummarisedAlert {
  title: string;
  severity: AlertSeverity;
  category: string;
  mitreTechniques: readonly string[];
  serviceSource: string;
  detectionSource: string;
  firstActivity: string;
  lastActivity: string;
  evidence: readonly AlertEntity[];
}

export function emptySummary(): IncidentSummary {
  return {
    severity: 'informational',
    categories: [],
    mitreTechniques: [],
    serviceSources: [],
    detectionSources: [],
    impactedAssets: { devices: {}, users: {}, mailboxes: {}, apps: {}, ips: {} },
    alertCount: 0,
    firstActivity: null,
    lastActivity: null,
    firstTitle: '',
  };
}

/** The assets an alert names, by kind (each once per alert). */
export function assetsOf(evidence: readonly AlertEntity[]): Record<AssetKind, Set<string>> {
  const out: Record<AssetKind, Set<string>> = { devices: new Set(), users: new Set(), mailboxes: new Set(), apps: new Set(), ips: new Set() };
  const devices = new Map<string, string>();
  for (const e of evidence) {
    switch (e.type) {
      case 'device':
      case 'process':
        if (!devices.has(deviceKeyValue(e.deviceName))) devices.set(deviceKeyValue(e.deviceName), e.deviceName.split('.')[0] ?? e.deviceName);
        break;
      case 'user':
        if (e.upn) out.users.add(e.upn.toLowerCase());
        else if (!isBuiltInAccount(e.accountName)) out.users.add(e.accountName);
        break;
      case 'mailbox':
        out.mailboxes.add(e.address.toLowerCase());
        break;
      case 'mailMessage':
        if (e.recipient) out.mailboxes.add(e.recipient.toLowerCase());
        break;
      case 'cloudApp':
        out.apps.add(e.name);
        break;
      case 'ip':
        if (!isPrivateIp(e.address)) out.ips.add(e.address);
        break;
      case 'url':
      case 'file':
      case 'registry':
        break;
    }
  }
  for (const d of devices.values()) out.devices.add(d);
  return out;
}

const addSorted = (list: string[], value: string, order?: ReadonlyMap<string, number>): void => {
  if (list.includes(value)) return;
  list.push(value);
  if (order) list.sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99));
  else list.sort();
};

/** Adds one alert to a summary (mutates and returns it). */
export function addToSummary(s: IncidentSummary, a: SummarisedAlert): IncidentSummary {
  if (s.alertCount === 0 || severityRank[a.severity] > severityRank[s.severity]) s.severity = a.severity;
  if (s.alertCount === 0) s.firstTitle = a.title;
  s.alertCount++;
  addSorted(s.categories, a.category, categoryOrder);
  for (const t of a.mitreTechniques) addSorted(s.mitreTechniques, t);
  addSorted(s.serviceSources, a.serviceSource);
  addSorted(s.detectionSources, a.detectionSource);
  const assets = assetsOf(a.evidence);
  for (const kind of Object.keys(assets) as AssetKind[]) {
    const counts = s.impactedAssets[kind];
    for (const name of assets[kind]) counts[name] = (counts[name] ?? 0) + 1;
  }
  if (s.firstActivity === null || a.firstActivity < s.firstActivity) s.firstActivity = a.firstActivity;
  if (s.lastActivity === null || a.lastActivity > s.lastActivity) s.lastActivity = a.lastActivity;
  return s;
}

export function summarise(alerts: readonly SummarisedAlert[]): IncidentSummary {
  const s = emptySummary();
  for (const a of alerts) addToSummary(s, a);
  return s;
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? `1 ${one}` : `${n} ${many}`);
const label = (category: string): string => categoryLabels[category] ?? category;

/**
 * The generated incident name: what happened and where, e.g. "Multi-stage incident involving Initial access &
 * Credential access on 3 devices" or, for one alert, "Suspicious PowerShell command line on WS-1042".
 */
export function incidentName(s: IncidentSummary): string {
  const devices = Object.keys(s.impactedAssets.devices);
  const users = Object.keys(s.impactedAssets.users);
  const mailboxes = Object.keys(s.impactedAssets.mailboxes);
  const where =
    devices.length === 1
      ? `on ${devices[0] ?? ''}`
      : devices.length > 1
        ? `on ${plural(devices.length, 'device', 'devices')}`
        : users.length === 1
          ? `involving ${users[0] ?? ''}`
          : users.length > 1
            ? `involving ${plural(users.length, 'user', 'users')}`
            : mailboxes.length === 1
              ? `involving ${mailboxes[0] ?? ''}`
              : mailboxes.length > 1
                ? `involving ${plural(mailboxes.length, 'mailbox', 'mailboxes')}`
                : '';
  const sources = s.serviceSources.length > 1 ? ' reported by multiple sources' : '';
  const tail = `${where ? ` ${where}` : ''}${sources}`;
  if (s.alertCount <= 1) return `${s.firstTitle}${tail}`;
  if (s.categories.length > 1) {
    const first = s.categories[0] ?? '';
    const last = s.categories[s.categories.length - 1] ?? '';
    const what = s.categories.length === 2 ? `${label(first)} & ${label(last)}` : `${label(first)} & ${label(last)} (${s.categories.length} tactics)`;
    const scope = where.startsWith('involving') ? tail.replace(/^ involving/, ' affecting') : tail;
    return `Multi-stage incident involving ${what}${scope}`;
  }
  return `${label(s.categories[0] ?? 'SuspiciousActivity')} incident${tail}`;
}
