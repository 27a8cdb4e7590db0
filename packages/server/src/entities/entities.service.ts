/**
 * Entity pages: a device's overview and timeline, and the alerts and incidents that name any entity, through
 * the caller's device scope. A device outside the scope does not exist for the caller (404), as everywhere.
 */
import type { DeviceOverview, EntityIncident, EntityRelated, TimelineFacets, TimelinePage } from '@palisade/contracts';
import type { AppContext } from '../context.ts';
import type { AccessScope } from '../auth/principal.ts';
import { devicesInScope } from '../device-groups/device-scope.ts';
import { deviceGroupsFor } from '../device-groups/device-groups.service.ts';
import { ungroupedId } from '../device-groups/device-groups.rules.ts';
import type { DeviceFacts } from '../device-groups/device-groups.rules.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { deviceKeyValue, entityKeys, isPrivateIp } from '../correlation/entity-keys.ts';
import type { AlertEntity } from '../alerts/alert-model.ts';
import { severityRank } from '../alerts/alert-model.ts';
import type { AlertSeverity } from '../alerts/alert-model.ts';
import { AlertsRepository } from '../alerts/alerts.repository.ts';
import type { AlertRow } from '../alerts/alerts.repository.ts';
import { incidentToGraph, scopedSummary } from '../incidents/incidents.service.ts';
import { EntitiesRepository } from './entities.repository.ts';
import type { DeviceMatch } from './entities.repository.ts';
import { decodeCursor, encodeCursor, isTimelineTable, parseInstant, summaryColumns, timelineTables, windowSpansMs, windowStart } from './device-timeline.ts';
import type { TimelineCursor, TimelineEvent, TimelineTable } from './device-timeline.ts';

export const entityKinds = ['device', 'user', 'mailbox', 'ip', 'file'] as const;
export type EntityKind = (typeof entityKinds)[number];

/** The correlation keys (alert_entities) that name an entity, and a text to look for when it has none. */
export interface EntityMatch {
  keys: string[];
  /** Lower-case text to find in alert evidence, re-checked exactly with `exact`. */
  needle?: string;
  exact?: (e: AlertEntity) => boolean;
}

const hash = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** How the alerts of an entity are found: its keys as correlation computes them (entity-keys.ts). */
export function entityMatch(kind: EntityKind, id: string): EntityMatch {
  const v = id.trim().toLowerCase();
  switch (kind) {
    case 'device':
      return { keys: [`device:${deviceKeyValue(v)}`] };
    case 'user': {
      if (/^s-1-\d/.test(v)) return { keys: [`sid:${v}`] };
      if (v.includes('@')) return { keys: [`account:${v}`, `user:${v.split('@')[0] ?? v}`] };
      return { keys: [`user:${v.includes('\\') ? (v.split('\\')[1] ?? v) : v}`] };
    }
    case 'mailbox':
      return { keys: [`account:${v}`] };
    case 'ip':
      if (!isPrivateIp(v)) return { keys: [`ip:${v}`] };
      return { keys: [], needle: v, exact: (e) => e.type === 'ip' && e.address.trim().toLowerCase() === v };
    case 'file': {
      const sameName = (name: string | undefined): boolean => name !== undefined && name.trim().toLowerCase() === v;
      if (hash.test(v) && v.length !== 32) return { keys: [`file:${v}`] };
      // MD5 and bare file names give no correlation key: look in the evidence.
      return {
        keys: [],
        needle: v,
        exact: (e) => (e.type === 'file' && (sameName(e.fileName) || e.sha256?.toLowerCase() === v || e.sha1?.toLowerCase() === v)) || (e.type === 'process' && (sameName(e.fileName) || e.sha256?.toLowerCase() === v)),
      };
    }
  }
}

export interface TimelineParams {
  limit?: number;
  cursor?: string;
  from?: string;
  to?: string;
  table?: readonly string[];
  actionType?: string;
  search?: string;
}

interface ResolvedDevice {
  match: DeviceMatch;
  facts: DeviceFacts | undefined;
  name: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

const records = (v: unknown): Record<string, unknown>[] => {
  const parsed = parseJson(v);
  return Array.isArray(parsed) ? parsed.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
};

function tagsOf(info: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const col of ['DeviceManualTags', 'DeviceDynamicTags']) {
    const parsed = parseJson(info[col]);
    if (Array.isArray(parsed)) for (const t of parsed) if (typeof t === 'string' && t !== '') out.add(t);
  }
  const reg = str(info.RegistryDeviceTag);
  if (reg) out.add(reg);
  return [...out];
}

function toEvent(r: Record<string, unknown>): TimelineEvent {
  const table = String(r.Table);
  if (!isTimelineTable(table)) throw new Error(`timeline: unexpected table ${table}`);
  const e: TimelineEvent = { table, timestamp: String(r.Timestamp), reportId: Number(r.ReportId), actionType: str(r.ActionType) };
  for (const c of summaryColumns) {
    const v = r[c];
    if (v !== null && v !== undefined && v !== '') e[c] = v;
  }
  return e;
}

export class EntitiesService {
  private readonly repo: EntitiesRepository;
  private readonly alertsRepo: AlertsRepository;

  constructor(private readonly ctx: AppContext) {
    this.repo = new EntitiesRepository(ctx.state, ctx.events);
    this.alertsRepo = new AlertsRepository(ctx.state);
  }

  /**
   * A device by DeviceId, full name or host name (the part before the first dot), from the inventory the
   * device groups are computed on. A scoped caller sees only devices of its groups: any other is a 404, and
   * so is a device with no inventory row (no group can hold it). An unscoped caller may open a device known
   * only from events (matched by name).
   */
  private async resolveDevice(id: string, scope: AccessScope): Promise<ResolvedDevice> {
    const wanted = id.trim().toLowerCase();
    if (wanted === '') throw badRequest('Device id is empty.');
    const { devices } = await deviceGroupsFor(this.ctx).membership();
    const short = deviceKeyValue(wanted);
    const candidates = devices.filter((d) => d.deviceId.toLowerCase() === wanted || d.deviceName.toLowerCase() === wanted || deviceKeyValue(d.deviceName) === short);
    const facts =
      candidates.find((d) => d.deviceId.toLowerCase() === wanted) ??
      candidates.find((d) => d.deviceName.toLowerCase() === wanted) ??
      [...candidates].sort((a, b) => ((a.lastSeen ?? '') < (b.lastSeen ?? '') ? 1 : -1))[0];
    const inScope = await devicesInScope(this.ctx, scope);
    if (inScope !== undefined && (!facts || !inScope.deviceIds.includes(facts.deviceId))) throw notFound(`Device '${id}'`);
    if (facts) return { match: { deviceId: facts.deviceId }, facts, name: facts.deviceName };
    return { match: { deviceName: id.trim() }, facts: undefined, name: id.trim() };
  }

  async deviceOverview(id: string, scope: AccessScope): Promise<DeviceOverview> {
    const device = await this.resolveDevice(id, scope);
    const now = this.ctx.now();
    const [info, adapters, logons, related, newest] = await Promise.all([
      this.repo.deviceInfo(device.match),
      this.repo.networkAdapters(device.match),
      this.repo.logons(device.match, new Date(now.getTime() - 30 * 86_400_000)),
      this.related('device', device.name, scope),
      // last seen: its newest event when that is later than its last inventory report
      this.deviceTimeline(id, scope, { limit: 1 }),
    ]);
    const lastEvent = newest.events[0]?.timestamp ?? null;
    const lastSeen = info.lastSeen === null || (lastEvent !== null && Date.parse(lastEvent) > Date.parse(info.lastSeen)) ? lastEvent : info.lastSeen;
    const latest = info.latest ?? {};
    let deviceGroup: DeviceOverview['deviceGroup'] = null;
    if (device.facts) {
      const groups = deviceGroupsFor(this.ctx);
      const groupId = (await groups.membership()).groupOf.get(device.facts.deviceId) ?? ungroupedId;
      const group = (await groups.list()).find((g) => g.id === groupId);
      deviceGroup = { id: groupId, name: group?.name ?? groupId };
    }
    const open = related.alerts.filter((a) => a.status !== 'resolved');
    const top = open.reduce<AlertSeverity | undefined>((best, a) => {
      const s = a.severity as AlertSeverity;
      return s in severityRank && (best === undefined || severityRank[s] > severityRank[best]) ? s : best;
    }, undefined);
    const osBuild = latest.OSBuild;
    return {
      deviceId: device.facts?.deviceId ?? str(latest.DeviceId),
      deviceName: str(latest.DeviceName) ?? device.name,
      inventoried: device.facts !== undefined,
      deviceGroup,
      riskLevel: top ?? 'none',
      exposureLevel: str(latest.ExposureLevel),
      osPlatform: str(latest.OSPlatform),
      osVersion: str(latest.OSVersion),
      osBuild: typeof osBuild === 'number' || typeof osBuild === 'string' ? osBuild : null,
      osArchitecture: str(latest.OSArchitecture),
      deviceType: str(latest.DeviceType),
      model: str(latest.Model),
      vendor: str(latest.Vendor),
      joinType: str(latest.JoinType),
      publicIp: str(latest.PublicIP),
      machineGroup: str(latest.MachineGroup),
      onboardingStatus: str(latest.OnboardingStatus),
      sensorHealthState: str(latest.SensorHealthState),
      isInternetFacing: typeof latest.IsInternetFacing === 'boolean' ? latest.IsInternetFacing : null,
      tags: tagsOf(latest),
      ipAddresses: adapters.flatMap((a) =>
        records(a.IPAddresses).flatMap((ip) => (typeof ip.IPAddress === 'string' ? [{ address: ip.IPAddress, adapter: str(a.NetworkAdapterName) ?? '', addressType: str(ip.AddressType) }] : [])),
      ),
      loggedOnUsers: records(latest.LoggedOnUsers).flatMap((u) => (typeof u.UserName === 'string' ? [{ accountName: u.UserName, domain: str(u.DomainName), sid: str(u.Sid) }] : [])),
      recentLogons: logons.map((l) => ({ accountName: String(l.AccountName), domain: str(l.AccountDomain), logons: Number(l.Logons), last: String(l.Last) })),
      firstSeen: info.firstSeen,
      lastSeen,
      activeAlerts: open.length,
      incidents: related.incidents.length,
    };
  }

  /**
   * One page of the device's timeline, newest first. The page is looked for in growing windows back from its
   * upper bound (device-timeline.ts), so the first page over a month of data reads about a day of it.
   */
  async deviceTimeline(id: string, scope: AccessScope, p: TimelineParams): Promise<TimelinePage> {
    const started = performance.now();
    const limit = p.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest(`limit must be an integer from 1 to 1000; got ${limit}.`);
    const tables: TimelineTable[] = [];
    for (const t of p.table ?? []) {
      if (!isTimelineTable(t)) throw badRequest(`table: '${t}' is not a timeline table; use ${timelineTables.join(', ')}.`);
      if (!tables.includes(t)) tables.push(t);
    }
    const from = p.from !== undefined ? parseInstant(p.from, 'from') : undefined;
    const to = p.to !== undefined ? parseInstant(p.to, 'to') : undefined;
    if (from && to && from >= to) throw badRequest('from must be before to.');
    const cursor: TimelineCursor | undefined = p.cursor !== undefined ? decodeCursor(p.cursor) : undefined;
    const device = await this.resolveDevice(id, scope);
    const search = p.search?.trim().toLowerCase();
    const upper = cursor ? new Date(cursor.timestamp) : (to ?? this.ctx.now());
    // Windows are disjoint, newest first: each reads only the span the previous one did not, and its rows all
    // come after the previous window's in timeline order, so the pages are concatenated as they come.
    const rows: Record<string, unknown>[] = [];
    let lower: Date | undefined;
    let below: Date | undefined;
    for (let i = 0; i < windowSpansMs.length; i++) {
      lower = windowStart(upper, i, from);
      rows.push(
        ...(await this.repo.timelineWindow({
          device: device.match,
          tables: tables.length > 0 ? tables : [...timelineTables],
          lower,
          upper: to,
          below,
          cursor,
          actionType: p.actionType !== undefined && p.actionType !== '' ? p.actionType : undefined,
          search: search !== undefined && search !== '' ? search : undefined,
          limit: limit + 1 - rows.length,
        })),
      );
      if (rows.length > limit || lower === from) break;
      below = lower;
    }
    const events = rows.slice(0, limit).map(toEvent);
    const last = events.at(-1);
    return {
      events,
      nextCursor: rows.length > limit && last ? encodeCursor({ timestamp: last.timestamp, table: last.table, reportId: last.reportId }) : null,
      searchedFrom: lower?.toISOString() ?? null,
      elapsedMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  /** Rows per table and action type in the range: the choices of the timeline's filters, with counts. */
  async deviceTimelineFacets(id: string, scope: AccessScope, p: { from?: string; to?: string }): Promise<TimelineFacets> {
    const from = p.from !== undefined ? parseInstant(p.from, 'from') : undefined;
    const to = p.to !== undefined ? parseInstant(p.to, 'to') : undefined;
    const device = await this.resolveDevice(id, scope);
    const rows = await this.repo.timelineFacets(device.match, timelineTables, from, to);
    const perTable = new Map<string, number>();
    for (const r of rows) perTable.set(r.table, (perTable.get(r.table) ?? 0) + r.n);
    return {
      tables: timelineTables.map((t) => ({ table: t, n: perTable.get(t) ?? 0 })),
      actionTypes: rows.flatMap((r) => (r.actionType ? [{ table: r.table, actionType: r.actionType, n: r.n }] : [])).sort((a, b) => b.n - a.n),
    };
  }

  /** One event of the device's timeline, every column of its table (nulls left out). */
  async deviceEvent(id: string, scope: AccessScope, table: string, reportId: number, timestamp: string): Promise<Record<string, unknown>> {
    if (!isTimelineTable(table)) throw badRequest(`table: '${table}' is not a timeline table; use ${timelineTables.join(', ')}.`);
    parseInstant(timestamp, 'timestamp');
    const device = await this.resolveDevice(id, scope);
    const row = await this.repo.event(device.match, table, timestamp, reportId);
    if (!row) throw notFound(`Event ${table} ${reportId} at ${timestamp} on device '${id}'`);
    const out: Record<string, unknown> = { Table: table };
    for (const [k, v] of Object.entries(row)) if (v !== null && v !== undefined && v !== '') out[k] = v;
    return out;
  }

  /**
   * The alerts naming an entity (by the same keys correlation links alerts on) and their incidents, among
   * those the caller may see. A device entity is first resolved through the scope (404 outside it).
   */
  async related(kind: EntityKind, id: string, scope: AccessScope, limit = 500): Promise<EntityRelated> {
    let name = id;
    if (kind === 'device') name = (await this.resolveDevice(id, scope)).name;
    const m = entityMatch(kind, name);
    const visible = await devicesInScope(this.ctx, scope);
    const keys = new Set(m.keys);
    const rows = (await this.repo.alertsNaming(m.keys, m.needle, visible, limit + 1)).filter((r) => {
      const evidence = parseJson(r.evidence);
      const list = Array.isArray(evidence) ? (evidence as AlertEntity[]) : [];
      return entityKeys(list).some((k) => keys.has(k.key)) || (m.exact !== undefined && list.some(m.exact));
    });
    const truncated = rows.length > limit;
    const alerts = rows.slice(0, limit);
    const perIncident = new Map<number, number>();
    for (const a of alerts) perIncident.set(a.incident_id, (perIncident.get(a.incident_id) ?? 0) + 1);
    const incidentRows = await this.repo.incidents([...perIncident.keys()], visible);
    // A scoped caller reads each incident as its visible alerts make it (name, severity), as the incident API does.
    let visibleAlerts: AlertRow[] = [];
    if (visible && incidentRows.length > 0) visibleAlerts = await this.alertsRepo.byIncidents(incidentRows.map((r) => r.id), undefined, visible);
    const incidents = incidentRows.map((r): EntityIncident => {
      const g = incidentToGraph(r, visible ? scopedSummary(visibleAlerts.filter((a) => a.incident_id === r.id), visible) : undefined);
      return {
        id: String(r.id),
        displayName: String(g.displayName),
        severity: String(g.severity),
        status: r.status,
        assignedTo: r.assigned_to,
        classification: r.classification,
        determination: r.determination,
        lastUpdateDateTime: r.last_update,
        entityAlerts: perIncident.get(r.id) ?? 0,
      };
    });
    const shown = new Set(incidentRows.map((r) => r.id));
    return {
      // alerts of merged-away incidents point at their new incident already (correlation moves them)
      alerts: alerts.filter((a) => shown.has(a.incident_id)).map((a) => ({
        id: String(a.id),
        title: a.title,
        severity: a.severity,
        status: a.status,
        category: a.category,
        incidentId: String(a.incident_id),
        serviceSource: a.service_source,
        detectionSource: a.detection_source,
        firstActivityDateTime: a.first_activity,
        lastActivityDateTime: a.last_activity,
      })),
      incidents,
      truncated,
    };
  }
}
