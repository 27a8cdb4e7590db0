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
  /**
   * Identities seen on devices and users ("devices|id:…", "devices|host:ws-1", "users|sid:…", "users|upn:…",
   * "users|acct:…") -> the asset name they count under, so one device or person met under several names across
   * alerts is one asset. Absent in summaries stored before it existed.
   */
  assetAliases?: Record<string, string>;
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
    assetAliases: {},
  };
}

/** A device or user named in evidence: the identities it is known by and the name to show. */
interface Identified {
  kind: 'devices' | 'users';
  ids: string[];
  name: string;
}

const wellKnownSid = /^S-1-5-(18|19|20)$/i;

/**
 * The device and user identities of an alert's evidence. A device is known by its DeviceId when the evidence has
 * it and by its host name before the first dot (case-insensitive; shown short). A user is known by SID, UPN and
 * account name (domain stripped); an entity carrying several of them links them. Well-known service accounts
 * (SYSTEM, LOCAL SERVICE, NETWORK SERVICE, machine accounts ending in $) are no impacted user.
 */
export function identitiesOf(evidence: readonly AlertEntity[]): Identified[] {
  const out: Identified[] = [];
  for (const e of evidence) {
    if (e.type === 'device' || e.type === 'process') {
      const host = deviceKeyValue(e.deviceName);
      if (host === '') continue;
      const ids = [`host:${host}`];
      if (e.type === 'device' && e.deviceId) ids.unshift(`id:${e.deviceId.toLowerCase()}`);
      out.push({ kind: 'devices', ids, name: /^[0-9.]+$/.test(e.deviceName) ? e.deviceName : (e.deviceName.split('.')[0] ?? e.deviceName) });
    } else if (e.type === 'user') {
      const account = (e.accountName.includes('\\') ? (e.accountName.split('\\')[1] ?? '') : e.accountName).trim();
      if ((e.sid && wellKnownSid.test(e.sid)) || ((isBuiltInAccount(e.accountName) || isBuiltInAccount(account)) && !e.upn)) continue;
      const ids: string[] = [];
      if (e.sid) ids.push(`sid:${e.sid.toLowerCase()}`);
      if (e.upn) ids.push(`upn:${e.upn.toLowerCase()}`);
      // An account name that is a UPN (jdoe@corp.example) is one.
      if (account.includes('@')) ids.push(`upn:${account.toLowerCase()}`);
      else if (!isBuiltInAccount(account) && account !== '') ids.push(`acct:${account.toLowerCase()}`);
      const upn = e.upn ?? (account.includes('@') ? account : undefined);
      if (ids.length) out.push({ kind: 'users', ids, name: upn ? upn.toLowerCase() : account });
    }
  }
  return out;
}

/** Counts one alert's devices and users in the summary, merging identities met before (mutates `s`). */
function addIdentities(s: IncidentSummary, evidence: readonly AlertEntity[]): void {
  const aliases = (s.assetAliases ??= {});
  const touched = new Set<string>();
  for (const { kind, ids, name } of identitiesOf(evidence)) {
    const counts = s.impactedAssets[kind];
    const known = [...new Set(ids.map((id) => aliases[`${kind}|${id}`]).filter((n): n is string => n !== undefined))];
    // A UPN is the better name for a person than a bare account name.
    let canonical = known[0] ?? name;
    if (kind === 'users' && name.includes('@') && !canonical.includes('@')) canonical = name;
    for (const other of known) {
      if (other === canonical) continue;
      // The same asset counted under two names: keep the larger count (an alert naming both counted once).
      counts[canonical] = Math.max(counts[canonical] ?? 0, counts[other] ?? 0);
      delete counts[other];
      for (const [k, v] of Object.entries(aliases)) if (v === other && k.startsWith(`${kind}|`)) aliases[k] = canonical;
    }
    for (const id of ids) aliases[`${kind}|${id}`] = canonical;
    touched.add(`${kind}|${ids[0] ?? ''}`);
  }
  // Each asset once per alert, under its name after this alert's merges.
  const names = { devices: new Set<string>(), users: new Set<string>() };
  for (const t of touched) {
    const n = aliases[t];
    if (n !== undefined) names[t.startsWith('devices|') ? 'devices' : 'users'].add(n);
  }
  for (const kind of ['devices', 'users'] as const) for (const n of names[kind]) s.impactedAssets[kind][n] = (s.impactedAssets[kind][n] ?? 0) + 1;
}

/** The other assets an alert names, by kind (each once per alert); devices and users are counted by addIdentities. */
export function assetsOf(evidence: readonly AlertEntity[]): Record<'mailboxes' | 'apps' | 'ips', Set<string>> {
  const out: Record<'mailboxes' | 'apps' | 'ips', Set<string>> = { mailboxes: new Set(), apps: new Set(), ips: new Set() };
  for (const e of evidence) {
    switch (e.type) {
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
      default:
        break;
    }
  }
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
  addIdentities(s, a.evidence);
  const assets = assetsOf(a.evidence);
  for (const kind of Object.keys(assets) as (keyof typeof assets)[]) {
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
