/**
 * An incident's story timeline of raw events (GET /api/security/incidents/{id}/timeline): for each piece of the
 * incident's evidence, the hunting-table rows behind it within the incident's first..last activity widened by
 * MARGIN_MINUTES: process creations of its processes (device + file name, or command line), file events of its
 * files (SHA256 anywhere; a name only on the incident's devices), network events to its IPs and URLs, registry
 * events on its keys, the delivered mail of its messages (EmailEvents by NetworkMessageId, whenever delivered),
 * activity in its cloud apps by the same alert's users or from its IPs (CloudAppEvents), and sign-ins of its users
 * only when an identity alert names them. Each event says which alerts and evidence it
 * backs. Oldest first, at most TIMELINE_CAP events: when more match, the newest are cut (each piece of evidence keeps
 * at least its share, so one noisy one cannot hide the rest) and `truncated` says so.
 *
 * Scope: like every incident read, an incident outside the caller's scope is 404; out-of-scope device evidence
 * is not searched, and the store's device filter keeps every other device's rows out of the answer.
 */
import type { IncidentTimeline, IncidentTimelineEvent, IncidentTimelineTable } from '@palisade/contracts';
import type { AppContext } from '../context.ts';
import type { AccessScope } from '../auth/principal.ts';
import type { AlertEntity } from '../alerts/alert-model.ts';
import { alertPipeline } from '../correlation/correlation.service.ts';
import { isBuiltInAccount } from '../correlation/entity-keys.ts';
import { devicesInScope } from '../device-groups/device-scope.ts';
import { notFound } from '../http/errors.ts';
import { deviceInScope } from './incidents.service.ts';
import { deviceMatch, IncidentTimelineRepository } from './incident-timeline.repository.ts';
import type { TimelineProbe } from './incident-timeline.repository.ts';

export const TIMELINE_CAP = 200;
export const MARGIN_MINUTES = 30;
/** At most this many look-ups per incident (evidence merged across alerts first); the rest are not searched. */
const MAX_PROBES = 80;

const identitySources = new Set(['microsoftDefenderForIdentity', 'azureAdIdentityProtection', 'microsoftDefenderForCloudApps']);

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : null);
const cut = (s: string, n = 180): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const lower = (s: string): string => s.toLowerCase();

interface Probe extends TimelineProbe {
  alertIds: Set<string>;
  entity: string;
}

/** What one row says, in one line. */
export function summarise(table: IncidentTimelineTable, r: Record<string, unknown>): string {
  const by = text(r.InitiatingProcessFileName);
  const byText = by ? ` by ${by}` : '';
  switch (table) {
    case 'DeviceProcessEvents':
      return cut(`${text(r.ProcessCommandLine) ?? text(r.FileName) ?? 'process'}${by ? ` started by ${by}` : ''}`);
    case 'DeviceFileEvents':
      return cut(`${text(r.ActionType) ?? 'File event'} ${text(r.FolderPath) ?? text(r.FileName) ?? ''}${byText}`);
    case 'DeviceNetworkEvents': {
      const port = text(r.RemotePort);
      return cut(`${text(r.ActionType) ?? 'Connection'} ${by ?? ''} → ${text(r.RemoteUrl) ?? text(r.RemoteIP) ?? '?'}${port ? `:${port}` : ''}`.replace('  ', ' '));
    }
    case 'DeviceRegistryEvents': {
      const value = text(r.RegistryValueName);
      const data = text(r.RegistryValueData);
      return cut(`${text(r.ActionType) ?? 'Registry event'} ${text(r.RegistryKey) ?? ''}${value ? `\\${value}` : ''}${data ? ` = ${data}` : ''}${byText}`);
    }
    case 'EmailEvents':
      return cut(`Mail "${text(r.Subject) ?? ''}" from ${text(r.SenderFromAddress) ?? '?'} to ${text(r.RecipientEmailAddress) ?? '?'}: ${text(r.DeliveryAction) ?? 'unknown'}${text(r.DeliveryLocation) ? ` (${text(r.DeliveryLocation) ?? ''})` : ''}`);
    case 'CloudAppEvents': {
      const obj = text(r.ObjectName);
      return cut(`${text(r.ActionType) ?? 'Activity'}${obj ? ` ${obj}` : ''} in ${text(r.Application) ?? '?'} from ${text(r.IPAddress) ?? '?'}${text(r.CountryCode) ? ` (${text(r.CountryCode) ?? ''})` : ''}`);
    }
    case 'IdentityLogonEvents':
      return cut(
        `${text(r.ActionType) ?? 'Logon'} to ${text(r.Application) ?? '?'}${text(r.Protocol) ? ` (${text(r.Protocol) ?? ''})` : ''} from ${text(r.IPAddress) ?? '?'}${text(r.FailureReason) ? `: ${text(r.FailureReason) ?? ''}` : ''}`,
      );
    case 'AADSignInEventsBeta': {
      const code = text(r.ErrorCode);
      return cut(`Sign-in to ${text(r.Application) ?? '?'} from ${text(r.IPAddress) ?? '?'}${text(r.Country) ? ` (${text(r.Country) ?? ''})` : ''}: ${code === null ? 'result unknown' : code === '0' ? 'success' : `failed, error ${code}`}`);
    }
  }
}

function account(r: Record<string, unknown>): string | null {
  const name = text(r.AccountName);
  return text(r.AccountUpn) ?? text(r.AccountDisplayName) ?? (name ? (text(r.AccountDomain) ? `${text(r.AccountDomain) ?? ''}\\${name}` : name) : null) ?? text(r.InitiatingProcessAccountName) ?? text(r.RecipientEmailAddress);
}

/** The look-ups an incident's evidence asks for, merged across alerts (one look-up, every alert it backs). */
export function probesFor(alerts: readonly { id: number; identity: boolean; evidence: readonly AlertEntity[] }[]): { probes: Probe[]; dropped: number } {
  const byKey = new Map<string, Probe>();
  const devices = [...new Set(alerts.flatMap((a) => a.evidence.flatMap((e) => (e.type === 'device' || e.type === 'process' ? [lower(e.deviceName)] : []))))];
  const add = (alertId: number, p: Omit<Probe, 'alertIds'>): void => {
    const key = JSON.stringify([p.table, p.where, p.params]);
    const seen = byKey.get(key);
    if (seen) seen.alertIds.add(String(alertId));
    else byKey.set(key, { ...p, alertIds: new Set([String(alertId)]) });
  };
  const anyDevice = (): { sql: string; params: string[] } => {
    const parts = devices.map(deviceMatch);
    return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
  };
  for (const a of alerts) {
    for (const e of a.evidence) {
      switch (e.type) {
        case 'process': {
          const d = deviceMatch(e.deviceName);
          if (e.fileName) add(a.id, { table: 'DeviceProcessEvents', where: `${d.sql} AND lower("FileName") = ?`, params: [...d.params, lower(e.fileName)], windowed: true, entity: `process ${e.fileName} on ${e.deviceName}` });
          else if (e.commandLine) add(a.id, { table: 'DeviceProcessEvents', where: `${d.sql} AND lower("ProcessCommandLine") = ?`, params: [...d.params, lower(e.commandLine)], windowed: true, entity: `process ${cut(e.commandLine, 60)} on ${e.deviceName}` });
          break;
        }
        case 'file':
          if (e.sha256) add(a.id, { table: 'DeviceFileEvents', where: 'lower("SHA256") = ?', params: [lower(e.sha256)], windowed: true, entity: `file ${e.fileName ?? e.sha256}` });
          else if (e.fileName && devices.length) {
            const d = anyDevice();
            add(a.id, { table: 'DeviceFileEvents', where: `${d.sql} AND lower("FileName") = ?`, params: [...d.params, lower(e.fileName)], windowed: true, entity: `file ${e.fileName}` });
          }
          break;
        case 'ip':
          add(a.id, { table: 'DeviceNetworkEvents', where: '"RemoteIP" = ?', params: [e.address], windowed: true, entity: `IP ${e.address}` });
          break;
        case 'url': {
          let host: string | null = null;
          try {
            host = new URL(e.url.includes('://') ? e.url : `http://${e.url}`).hostname.toLowerCase();
          } catch {
            host = null;
          }
          const values = [...new Set([lower(e.url), ...(host ? [host] : [])])];
          add(a.id, { table: 'DeviceNetworkEvents', where: `lower("RemoteUrl") IN (${values.map(() => '?').join(', ')})`, params: values, windowed: true, entity: `URL ${e.url}` });
          break;
        }
        case 'registry':
          add(a.id, {
            table: 'DeviceRegistryEvents',
            where: `lower("RegistryKey") = ?${e.valueName ? ' AND lower("RegistryValueName") = ?' : ''}`,
            params: [lower(e.key), ...(e.valueName ? [lower(e.valueName)] : [])],
            windowed: true,
            entity: `registry ${e.key}${e.valueName ? `\\${e.valueName}` : ''}`,
          });
          break;
        case 'cloudApp': {
          // An app alone would be all of its activity: only the alert's own users (Entra object ids; CloudAppEvents has
          // no UPN) or IPs.
          const users = a.evidence.filter((x): x is Extract<AlertEntity, { type: 'user' }> => x.type === 'user');
          const ids = [...new Set(users.flatMap((u) => (u.sid && !u.sid.toUpperCase().startsWith('S-') ? [lower(u.sid)] : [])))];
          const ips = [...new Set(a.evidence.flatMap((x) => (x.type === 'ip' ? [x.address] : [])))];
          const who: string[] = [];
          const params: string[] = [lower(e.name)];
          const list = (col: string, values: string[], lowered: boolean): void => {
            if (!values.length) return;
            who.push(`${lowered ? `lower("${col}")` : `"${col}"`} IN (${values.map(() => '?').join(', ')})`);
            params.push(...values);
          };
          list('AccountObjectId', ids, true);
          list('AccountId', ids, true);
          list('IPAddress', ips, false);
          if (who.length) add(a.id, { table: 'CloudAppEvents', where: `lower("Application") = ? AND (${who.join(' OR ')})`, params, windowed: true, entity: `app ${e.name}` });
          break;
        }
        case 'mailMessage':
          add(a.id, { table: 'EmailEvents', where: '"NetworkMessageId" = ?', params: [e.networkMessageId], windowed: false, entity: `email ${e.subject ? `"${e.subject}"` : e.networkMessageId}` });
          break;
        case 'user': {
          if (!a.identity) break;
          const upn = e.upn ?? (e.accountName.includes('@') ? e.accountName : undefined);
          const name = lower(e.accountName.includes('\\') ? (e.accountName.split('\\')[1] ?? '') : e.accountName);
          const who = upn ?? e.accountName;
          const onPrem: string[] = [];
          const onPremParams: string[] = [];
          if (upn) {
            onPrem.push('lower("AccountUpn") = ?');
            onPremParams.push(lower(upn));
            add(a.id, { table: 'AADSignInEventsBeta', where: 'lower("AccountUpn") = ?', params: [lower(upn)], windowed: true, entity: `user ${who}` });
          }
          if (name && !name.includes('@') && !isBuiltInAccount(name)) {
            onPrem.push('lower("AccountName") = ?');
            onPremParams.push(name);
          }
          if (onPrem.length) add(a.id, { table: 'IdentityLogonEvents', where: onPrem.join(' OR '), params: onPremParams, windowed: true, entity: `user ${who}` });
          break;
        }
        default:
          break;
      }
    }
  }
  const all = [...byKey.values()];
  return { probes: all.slice(0, MAX_PROBES), dropped: Math.max(0, all.length - MAX_PROBES) };
}

export class IncidentTimelineService {
  private readonly repo: IncidentTimelineRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new IncidentTimelineRepository(ctx.events);
  }

  async get(incidentId: number, scope: AccessScope): Promise<IncidentTimeline> {
    const started = performance.now();
    const pipeline = alertPipeline(this.ctx);
    const visible = await devicesInScope(this.ctx, scope);
    const incident = await pipeline.incidents.get(incidentId, this.ctx.state, visible);
    if (!incident) throw notFound(`Incident ${incidentId}`);
    const rows = await pipeline.alerts.byIncidents([incidentId], this.ctx.state, visible);
    const alerts = rows.map((r) => {
      const evidence = (JSON.parse(r.evidence || '[]') as AlertEntity[]).filter((e) => !visible || deviceInScope(e, visible));
      const users = evidence.some((e) => e.type === 'user');
      return { id: r.id, identity: users && (identitySources.has(r.service_source) || !evidence.some((e) => e.type === 'device' || e.type === 'process')), evidence, first: r.first_activity, last: r.last_activity };
    });
    const firsts = [incident.first_activity, ...alerts.map((a) => a.first)].filter((t): t is string => !!t).map(Date.parse);
    const lasts = [incident.last_activity, ...alerts.map((a) => a.last)].filter((t): t is string => !!t).map(Date.parse);
    const margin = MARGIN_MINUTES * 60_000;
    const now = this.ctx.now().getTime();
    const from = new Date((firsts.length ? Math.min(...firsts) : now) - margin).toISOString();
    const to = new Date((lasts.length ? Math.max(...lasts) : now) + margin).toISOString();

    const { probes, dropped } = probesFor(alerts);
    const deviceIds = visible?.deviceIds;
    const found = await Promise.all(probes.map(async (p) => ({ p, ...(await this.repo.find(p, from, to, TIMELINE_CAP, deviceIds)) })));
    const merged = new Map<string, IncidentTimelineEvent>();
    /** Each look-up's events, oldest first (keys into `merged`). */
    const perProbe: IncidentTimelineEvent[][] = [];
    let truncated = dropped > 0;
    for (const { p, rows: hits, truncated: more } of found) {
      truncated ||= more;
      const own: IncidentTimelineEvent[] = [];
      for (const r of hits) {
        const key = `${p.table}|${JSON.stringify(r)}`;
        const seen = merged.get(key);
        if (seen) {
          for (const id of p.alertIds) if (!seen.alertIds.includes(id)) seen.alertIds.push(id);
          if (!seen.entities.includes(p.entity)) seen.entities.push(p.entity);
          own.push(seen);
          continue;
        }
        const e: IncidentTimelineEvent = { dateTime: text(r.Timestamp) ?? '', table: p.table, deviceName: text(r.DeviceName), account: account(r), summary: summarise(p.table, r), alertIds: [...p.alertIds], entities: [p.entity], record: r };
        merged.set(key, e);
        own.push(e);
      }
      perProbe.push(own);
    }
    const order = (a: IncidentTimelineEvent, b: IncidentTimelineEvent): number => a.dateTime.localeCompare(b.dateTime) || a.table.localeCompare(b.table);
    const all = [...merged.values()].sort(order);
    if (all.length > TIMELINE_CAP) truncated = true;
    // Over the cap, one noisy piece of evidence (a beacon, a mass download) must not hide the others: each look-up
    // keeps its oldest cap/n events, then the oldest of the rest fill the cap; the newest are cut.
    const chosen = new Set<IncidentTimelineEvent>();
    if (all.length > TIMELINE_CAP) {
      const share = Math.floor(TIMELINE_CAP / Math.max(1, perProbe.length));
      for (const own of perProbe) for (const e of own.slice(0, share)) chosen.add(e);
    }
    for (const e of all) {
      if (chosen.size >= TIMELINE_CAP) break;
      chosen.add(e);
    }
    const events = all.filter((e) => chosen.has(e));
    for (const e of events) e.alertIds.sort((a, b) => Number(a) - Number(b));
    return { window: { from, to, marginMinutes: MARGIN_MINUTES }, events, cap: TIMELINE_CAP, truncated, elapsedMs: Math.round(performance.now() - started) };
  }
}
