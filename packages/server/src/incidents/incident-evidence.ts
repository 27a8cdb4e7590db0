/**
 * An incident's evidence as one list of entities: the evidence of all its alerts, one entity met under several
 * names merged into one (a user by SID, UPN, object id and account name with or without its domain; a device by
 * DeviceId and host name; a mailbox by address, case-insensitively), each with a verdict and a remediation
 * status (Microsoft Graph alertEvidence: `verdict`, `remediationStatus`, `remediationStatusDetails`).
 *
 * Where a verdict comes from, strongest first:
 *   1. an analyst set it (stored per alert and entity; who and when are kept);
 *   2. the entity matches an active threat indicator (`malicious`, the indicator named), through indicatorMatcher;
 *   3. the default from the alert: evidence of an alert classified false positive or benign (expected activity)
 *      is `noThreatsFound`; the artefacts a detection fires on (process, file, URL, registry value, e-mail
 *      message, an internet IP) and any entity in the role suspicious, attacker or commandAndControl are
 *      `suspicious`; the assets involved (devices, users, mailboxes, cloud apps, private IPs) are `unknown`.
 *      An entity named by several alerts takes the strongest of their defaults (so it is `noThreatsFound` only
 *      when every alert naming it was dismissed).
 * Remediation status is `none` until an analyst (or, later, a response action) sets it. Pure functions.
 */
import type { AppContext } from '../context.ts';
import type { AlertEntity, EvidenceRole } from '../alerts/alert-model.ts';
import { indicatorsService } from '../indicators/indicators.service.ts';
import { deviceKeyValue, isPrivateIp } from '../correlation/entity-keys.ts';

export const evidenceVerdicts = ['unknown', 'suspicious', 'malicious', 'noThreatsFound'] as const;
export type EvidenceVerdict = (typeof evidenceVerdicts)[number];
export const remediationStatuses = ['none', 'remediated', 'prevented', 'blocked', 'notFound'] as const;
export type RemediationStatus = (typeof remediationStatuses)[number];

/** How strong a verdict is when several alerts disagree: the strongest wins. */
const verdictRank: Readonly<Record<EvidenceVerdict, number>> = { noThreatsFound: 0, unknown: 1, suspicious: 2, malicious: 3 };

/** The alert facts a default verdict depends on. */
export interface EvidenceAlert {
  id: number;
  title: string;
  classification: string;
  status: string;
  evidence: readonly AlertEntity[];
}

/** What an analyst set on one entity of one alert (a row of evidence_state). */
export interface EvidenceStateRow {
  alert_id: number;
  entity_key: string;
  verdict: string | null;
  remediation_status: string | null;
  remediation_details: string | null;
  updated_by: string;
  updated: string;
}

/** A threat indicator an entity matched. */
export interface IndicatorMatch {
  id: string;
  title: string;
}

/**
 * The seam for threat indicators (packages/server/src/indicators): given entity values by kind, the active
 * indicators they match. Absent, no entity is judged by indicators.
 */
export interface IndicatorMatcher {
  match(values: readonly { kind: 'domain' | 'url' | 'ip' | 'sha256' | 'sha1'; value: string }[]): Promise<Map<string, IndicatorMatch>>;
}

const lower = (s: string): string => s.trim().toLowerCase();
const wellKnownSid = /^S-1-5-(18|19|20)$/i;

/** A user's account name without its domain ("CORP\jdoe" -> "jdoe"; "jdoe@corp.com" stays: that is a UPN). */
export function bareAccount(name: string): string {
  return (name.includes('\\') ? (name.split('\\')[1] ?? '') : name).trim();
}

/**
 * The identities one evidence entity is known by, each `type|kind:value`: two entities of an incident sharing any
 * identity are one entity. The first identity is the entity's own key (stored with an analyst's verdict).
 * Undefined for an entity without identity.
 */
export function evidenceIdentities(e: AlertEntity): string[] | undefined {
  const ids: string[] = [];
  const add = (kind: string, value: string | undefined): void => {
    if (value === undefined) return;
    const v = lower(value);
    if (v !== '') ids.push(`${e.type}|${kind}:${v}`);
  };
  switch (e.type) {
    case 'device':
      add('host', deviceKeyValue(e.deviceName));
      add('id', e.deviceId);
      break;
    case 'user': {
      // A well-known SID (SYSTEM, LOCAL/NETWORK SERVICE) names a different account on every device: not an identity.
      add('sid', e.sid && !wellKnownSid.test(e.sid) ? e.sid : undefined);
      add('upn', e.upn);
      add('oid', (e as { accountObjectId?: string }).accountObjectId);
      const account = bareAccount(e.accountName);
      if (account.includes('@')) add('upn', account);
      else add('acct', account);
      break;
    }
    case 'mailbox':
      add('addr', e.address);
      break;
    case 'ip':
      add('addr', e.address);
      break;
    case 'url':
      add('url', e.url.replace(/\/+$/, ''));
      break;
    case 'file':
      add('sha256', e.sha256);
      add('sha1', e.sha1);
      if (!e.sha256 && !e.sha1) add('name', e.path ?? e.fileName);
      break;
    case 'process': {
      const name = `${e.fileName ?? 'process'}${e.processId !== undefined ? `(${e.processId})` : ''}@${deviceKeyValue(e.deviceName)}${e.processId === undefined && e.commandLine ? `:${e.commandLine}` : ''}`;
      add('proc', name);
      break;
    }
    case 'mailMessage':
      add('nmid', e.networkMessageId);
      break;
    case 'cloudApp':
      add('name', e.name);
      break;
    case 'registry':
      add('key', `${e.key}${e.valueName ? `\\${e.valueName}` : ''}`);
      break;
  }
  return ids.length ? ids : undefined;
}

/** The entity's own key (what an analyst's verdict is stored under, per alert). */
export function evidenceKey(e: AlertEntity): string | undefined {
  return evidenceIdentities(e)?.[0];
}

/** The name a person reads for one evidence entity. */
export function evidenceName(e: AlertEntity): string {
  switch (e.type) {
    case 'device':
      return /^[0-9.]+$/.test(e.deviceName) ? e.deviceName : (e.deviceName.split('.')[0] ?? e.deviceName);
    case 'user':
      return e.upn ? e.upn.toLowerCase() : bareAccount(e.accountName) || (e.sid ?? '');
    case 'mailbox':
      return e.address.toLowerCase();
    case 'ip':
      return e.address;
    case 'url':
      return e.url;
    case 'file':
      return e.fileName ?? e.sha256 ?? e.sha1 ?? e.path ?? '';
    case 'process': {
      const pid = e.processId !== undefined ? ` (${e.processId})` : '';
      return `${e.fileName ?? 'process'}${pid} on ${e.deviceName.split('.')[0] ?? e.deviceName}`;
    }
    case 'mailMessage':
      return e.subject ?? e.networkMessageId;
    case 'cloudApp':
      return e.name;
    case 'registry':
      return e.valueName ? `${e.key}\\${e.valueName}` : e.key;
  }
}

/** Every name an entity was met under (for the merged entity's aliases). */
function namesOf(e: AlertEntity): string[] {
  if (e.type === 'user') return [e.accountName, ...(e.domain && !e.accountName.includes('\\') ? [`${e.domain}\\${e.accountName}`] : []), e.upn, e.sid].filter((n): n is string => !!n);
  if (e.type === 'device') return [e.deviceName];
  return [evidenceName(e)];
}

const suspiciousRoles: ReadonlySet<EvidenceRole> = new Set(['suspicious', 'attacker', 'commandAndControl']);

/** The verdict an alert gives one of its entities before any analyst or indicator says otherwise, and why. */
export function defaultVerdict(e: AlertEntity, alert: Pick<EvidenceAlert, 'classification'>): { verdict: EvidenceVerdict; reason: string } {
  if (alert.classification === 'falsePositive') return { verdict: 'noThreatsFound', reason: 'The alert was classified a false positive' };
  if (alert.classification === 'informationalExpectedActivity') return { verdict: 'noThreatsFound', reason: 'The alert was classified expected activity' };
  if (e.roles?.some((r) => suspiciousRoles.has(r))) return { verdict: 'suspicious', reason: `Role in the alert: ${e.roles.filter((r) => suspiciousRoles.has(r)).join(', ')}` };
  if (e.roles?.includes('contextual')) return { verdict: 'unknown', reason: 'Context of the alert' };
  switch (e.type) {
    case 'process':
    case 'file':
    case 'url':
    case 'registry':
    case 'mailMessage':
      return { verdict: 'suspicious', reason: 'What the detection fired on' };
    case 'ip':
      return isPrivateIp(e.address) ? { verdict: 'unknown', reason: 'An internal address involved in the alert' } : { verdict: 'suspicious', reason: 'An internet address the detection fired on' };
    case 'device':
    case 'user':
    case 'mailbox':
    case 'cloudApp':
      return { verdict: 'unknown', reason: 'An asset involved in the alert' };
  }
}

/** The indicator lookups an entity allows (domain and URL of a URL, an IP, file hashes). */
export function indicatorValues(e: AlertEntity): { kind: 'domain' | 'url' | 'ip' | 'sha256' | 'sha1'; value: string }[] {
  switch (e.type) {
    case 'url': {
      const out: { kind: 'domain' | 'url'; value: string }[] = [{ kind: 'url', value: e.url }];
      try {
        const host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(e.url) ? e.url : `http://${e.url}`).hostname;
        if (host) out.push({ kind: 'domain', value: host.toLowerCase() });
      } catch {
        // not a URL: the URL itself is still looked up
      }
      return out;
    }
    case 'ip':
      return [{ kind: 'ip', value: e.address }];
    case 'file':
    case 'process':
      return [...(e.sha256 ? [{ kind: 'sha256' as const, value: e.sha256.toLowerCase() }] : []), ...(e.type === 'file' && e.sha1 ? [{ kind: 'sha1' as const, value: e.sha1.toLowerCase() }] : [])];
    default:
      return [];
  }
}

/** The entity page of an entity (`/entities/<type>/<id>`), for the types that have one. */
export function entityPage(e: AlertEntity): { type: string; id: string } | undefined {
  switch (e.type) {
    case 'device':
      return { type: 'device', id: e.deviceName };
    case 'user':
      return { type: 'user', id: e.upn ?? bareAccount(e.accountName) };
    case 'mailbox':
      return { type: 'mailbox', id: e.address.toLowerCase() };
    case 'ip':
      return { type: 'ip', id: e.address };
    case 'file':
      return e.sha256 || e.fileName ? { type: 'file', id: e.sha256 ?? e.fileName ?? '' } : undefined;
    default:
      return undefined;
  }
}

export interface VerdictOf {
  verdict: EvidenceVerdict;
  /** analyst: set by a person; indicator: matched an active indicator; alert: the default from the alert. */
  verdictSource: 'analyst' | 'indicator' | 'alert';
  verdictReason: string;
  remediationStatus: RemediationStatus;
  remediationStatusDetails: string | null;
  /** Who last set the verdict or remediation status, and when (absent: nobody did). */
  lastUpdatedBy?: string;
  lastUpdatedDateTime?: string;
}

/** One evidence item's verdict as the alerts_v2 API shows it (stored state, then indicator, then default). */
export function verdictOf(e: AlertEntity, alert: Pick<EvidenceAlert, 'classification'>, state: EvidenceStateRow | undefined, indicator: IndicatorMatch | undefined): VerdictOf {
  const d = defaultVerdict(e, alert);
  const base: VerdictOf = indicator ? { verdict: 'malicious', verdictSource: 'indicator', verdictReason: `Matches threat indicator "${indicator.title}" (${indicator.id})`, remediationStatus: 'none', remediationStatusDetails: null } : { verdict: d.verdict, verdictSource: 'alert', verdictReason: d.reason, remediationStatus: 'none', remediationStatusDetails: null };
  if (!state) return base;
  return {
    ...base,
    ...(state.verdict ? { verdict: state.verdict as EvidenceVerdict, verdictSource: 'analyst' as const, verdictReason: `Set by ${state.updated_by}` } : {}),
    remediationStatus: (state.remediation_status as RemediationStatus | null) ?? 'none',
    remediationStatusDetails: state.remediation_details,
    lastUpdatedBy: state.updated_by,
    lastUpdatedDateTime: state.updated,
  };
}

/** One entity of the incident, merged across its alerts. */
export interface IncidentEvidence extends VerdictOf {
  /** Stable within the incident: the entity's first identity. */
  id: string;
  type: AlertEntity['type'];
  name: string;
  /** Every other name it was met under (account names, DOMAIN\name, SIDs, FQDNs...). */
  aliases: string[];
  roles: EvidenceRole[];
  alertIds: string[];
  /** Its own keys per alert (what a verdict is stored under). */
  keys: { alertId: number; entityKey: string }[];
  /** A representative evidence item (the one with the most fields). */
  evidence: AlertEntity;
  entityPage?: { type: string; id: string };
  indicator?: IndicatorMatch;
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

/**
 * The incident's entities: the alerts' evidence merged by shared identity, each with its verdict and remediation.
 * `states` are the analyst's rows for these alerts; `indicators` maps "kind:value" to a matched indicator.
 * A mail message's recipient is a mailbox of the incident too (as the impacted assets count it).
 */
export function mergeEvidence(alerts: readonly EvidenceAlert[], states: readonly EvidenceStateRow[] = [], indicators: ReadonlyMap<string, IndicatorMatch> = new Map()): IncidentEvidence[] {
  const items: { alert: EvidenceAlert; e: AlertEntity; ids: string[] }[] = [];
  for (const alert of alerts) {
    const evidence: AlertEntity[] = [...alert.evidence];
    for (const e of alert.evidence) if (e.type === 'mailMessage' && e.recipient && !alert.evidence.some((o) => o.type === 'mailbox' && lower(o.address) === lower(e.recipient ?? ''))) evidence.push({ type: 'mailbox', address: e.recipient, roles: ['destination'] });
    for (const e of evidence) {
      const ids = evidenceIdentities(e);
      if (ids) items.push({ alert, e, ids });
    }
  }
  const uf = new UnionFind();
  for (const it of items) for (const id of it.ids.slice(1)) uf.union(it.ids[0] ?? '', id);
  const groups = new Map<string, typeof items>();
  for (const it of items) {
    const root = uf.find(it.ids[0] ?? '');
    const g = groups.get(root);
    if (g) g.push(it);
    else groups.set(root, [it]);
  }
  const stateOf = new Map(states.map((s) => [`${s.alert_id}\u0000${s.entity_key}`, s]));
  const out: IncidentEvidence[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    // The richest item names the entity (a user with a UPN over a bare account name).
    // A device by its full name (what DeviceInfo reports, so its entity page finds it).
    const richer = (a: AlertEntity, b: AlertEntity): boolean =>
      (a.type === 'user' && !!a.upn && !(b.type === 'user' && b.upn)) || (a.type === 'device' && b.type === 'device' && a.deviceName.length > b.deviceName.length);
    const rep = group.reduce((best, it) => (it.ids.length > best.ids.length || richer(it.e, best.e) ? it : best), first);
    // Named as the impacted assets name it: a device as first met (short host name), a person by UPN when known.
    const name = rep.e.type === 'device' ? evidenceName(first.e) : evidenceName(rep.e);
    const aliases = [...new Set(group.flatMap((it) => namesOf(it.e)))].filter((n) => n !== name && n.toLowerCase() !== name.toLowerCase());
    const roles = [...new Set(group.flatMap((it) => it.e.roles ?? []))];
    const keys = [...new Map(group.map((it) => [`${it.alert.id}\u0000${it.ids[0] ?? ''}`, { alertId: it.alert.id, entityKey: it.ids[0] ?? '' }])).values()];
    // The default: the strongest over its alerts.
    let best: { verdict: EvidenceVerdict; reason: string } | undefined;
    for (const it of group) {
      const d = defaultVerdict(it.e, it.alert);
      if (!best || verdictRank[d.verdict] > verdictRank[best.verdict]) best = d;
    }
    const indicator = group.flatMap((it) => indicatorValues(it.e)).map((v) => indicators.get(`${v.kind}:${v.value.toLowerCase()}`)).find((m) => m !== undefined);
    // The analyst's latest word on any of its keys.
    const set = keys
      .map((k) => stateOf.get(`${k.alertId}\u0000${k.entityKey}`))
      .filter((s): s is EvidenceStateRow => s !== undefined)
      .sort((a, b) => b.updated.localeCompare(a.updated));
    const verdictRow = set.find((s) => s.verdict !== null);
    const remediationRow = set.find((s) => s.remediation_status !== null);
    const base = verdictOf(rep.e, { classification: '' }, undefined, indicator);
    const verdict: VerdictOf = {
      ...(indicator ? base : { ...base, verdict: best?.verdict ?? 'unknown', verdictReason: best?.reason ?? '' }),
      ...(verdictRow ? { verdict: verdictRow.verdict as EvidenceVerdict, verdictSource: 'analyst' as const, verdictReason: `Set by ${verdictRow.updated_by}` } : {}),
      remediationStatus: (remediationRow?.remediation_status as RemediationStatus | undefined) ?? 'none',
      remediationStatusDetails: remediationRow?.remediation_details ?? null,
      ...(set[0] ? { lastUpdatedBy: set[0].updated_by, lastUpdatedDateTime: set[0].updated } : {}),
    };
    const page = entityPage(rep.e);
    out.push({
      id: rep.ids[0] ?? '',
      type: rep.e.type,
      name,
      aliases,
      roles,
      alertIds: [...new Set(group.map((it) => String(it.alert.id)))],
      keys,
      evidence: rep.e,
      ...verdict,
      ...(page ? { entityPage: page } : {}),
      ...(indicator ? { indicator } : {}),
    });
  }
  const typeOrder = ['device', 'user', 'mailbox', 'mailMessage', 'process', 'file', 'url', 'ip', 'registry', 'cloudApp'];
  return out.sort((a, b) => typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type) || a.name.localeCompare(b.name));
}

/**
 * The threat-indicator matcher: the indicators module's active alerting indicators (IndicatorsService.match: a
 * URL by itself or its domain, a domain and its parents, an IP, a SHA-256 or SHA-1; allow indicators cancel).
 * One place: every evidence verdict (incident evidence, alerts_v2) goes through it.
 */
export function indicatorMatcher(ctx: AppContext): IndicatorMatcher | undefined {
  return indicatorsService(ctx);
}

/** The indicators matching any entity of these alerts, keyed "kind:value" (empty without a matcher). */
export async function indicatorMatches(ctx: AppContext, evidence: readonly AlertEntity[]): Promise<Map<string, IndicatorMatch>> {
  const matcher = indicatorMatcher(ctx);
  if (!matcher) return new Map();
  const values = evidence.flatMap(indicatorValues);
  if (values.length === 0) return new Map();
  const found = await matcher.match(values);
  return new Map([...found].map(([k, v]) => [k.toLowerCase(), v]));
}
