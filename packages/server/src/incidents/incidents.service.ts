/**
 * Incident and alert rules for people: Graph-shaped reads, PATCH (status, owner, classification, tags,
 * severity, name), comments, resolve and reopen (resolving resolves the open alerts), manual link of an alert
 * and manual merge of up to 5 incidents. Every change is written to the incident's activity log.
 *
 * Every method takes the caller's AccessScope and reads through it (alert-visibility.ts): a scoped caller
 * lists, counts, pages and opens only the alerts and incidents of its devices, and an id outside the scope is
 * "not found" (404) for reads and changes alike, so that its existence is not disclosed.
 */
import type { AppContext } from '../context.ts';
import type { AlertEntity } from '../alerts/alert-model.ts';
import { alertSeverities, alertStatuses, attackTechniques, classifications, determinationsByClassification, incidentStatuses, matchEnum } from '../alerts/alert-model.ts';
import type { AlertRow } from '../alerts/alerts.repository.ts';
import { alertColumns } from '../alerts/alerts.repository.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { alertPipeline, correlatorActor, incidentFacts, toSummarised } from '../correlation/correlation.service.ts';
import type { AlertPipeline } from '../correlation/correlation.service.ts';
import { incidentColumns } from './incidents.repository.ts';
import type { Db, HourlyCount, IncidentRow, ListQuery, QueueFilters } from './incidents.repository.ts';
import { deviceGroupsFor } from '../device-groups/device-groups.service.ts';
import { incidentPdf } from './incident-pdf.ts';
import type { PdfIncident } from './incident-pdf.ts';
import type { IncidentSummary } from './incident-summary.ts';
import { evidenceKey, indicatorMatches, indicatorValues, verdictOf } from './incident-evidence.ts';
import type { EvidenceStateRow, IndicatorMatch } from './incident-evidence.ts';
import { EvidenceStateRepository } from '../alerts/evidence-state.repository.ts';
import { incidentName, summarise } from './incident-summary.ts';
import { parseFilter, parseOrderBy } from './odata-filter.ts';
import { noMergeCause } from '../correlation/correlator.ts';
import type { AccessScope } from '../auth/principal.ts';
import { devicesInScope } from '../device-groups/device-scope.ts';
import type { Visibility } from '../alerts/alert-visibility.ts';
import type { DevicesInScope } from '../device-groups/device-scope.ts';

const parse = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

export interface ODataParams {
  $filter?: string;
  $top?: number;
  $skip?: number;
  $orderby?: string;
  $expand?: string;
}

/** The incident queue's filters beyond OData (each repeatable: any of the values matches). */
export interface QueueParams {
  category?: string[];
  serviceSource?: string[];
  detectionSource?: string[];
  tag?: string[];
  deviceGroup?: string[];
  search?: string;
}

const odataType: Readonly<Record<AlertEntity['type'], string>> = {
  device: 'deviceEvidence',
  user: 'userEvidence',
  mailbox: 'mailboxEvidence',
  ip: 'ipEvidence',
  url: 'urlEvidence',
  file: 'fileEvidence',
  process: 'processEvidence',
  mailMessage: 'analyzedMessageEvidence',
  cloudApp: 'cloudApplicationEvidence',
  registry: 'registryValueEvidence',
};

const enumValues: Readonly<Record<string, readonly string[]>> = {
  status: [...incidentStatuses, ...alertStatuses],
  severity: alertSeverities,
  classification: classifications,
};

/** Normalises $filter literals: enum values to their Graph spelling, date-times to stored ISO text. */
function normalise(e: ReturnType<typeof parseFilter>): ReturnType<typeof parseFilter> {
  if (e.kind !== 'cmp') return { ...e, left: normalise(e.left), right: normalise(e.right) };
  if (e.value === null) return e;
  const values = enumValues[e.property];
  if (values) {
    const v = matchEnum(values, e.value);
    if (!v) throw badRequest(`$filter: ${e.property} must be one of ${[...new Set(values)].join(', ')}; got '${e.value}'.`);
    return { ...e, value: v };
  }
  if (e.property.endsWith('DateTime')) {
    const ms = Date.parse(e.value);
    if (Number.isNaN(ms)) throw badRequest(`$filter: ${e.property} needs a date-time; got '${e.value}'.`);
    return { ...e, value: new Date(ms).toISOString() };
  }
  return e;
}

export function listQuery(p: ODataParams, columns: Readonly<Record<string, string>>, orderDefault: string, filterable: readonly string[]): ListQuery {
  const top = p.$top ?? 50;
  if (!Number.isInteger(top) || top < 1 || top > 1000) throw badRequest('$top must be an integer from 1 to 1000.');
  const skip = p.$skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) throw badRequest('$skip must be a non-negative integer.');
  return {
    ...(p.$filter ? { filter: normalise(parseFilter(p.$filter, filterable)) } : {}),
    orderBy: parseOrderBy(p.$orderby, Object.keys(columns), { property: orderDefault, desc: true }),
    top,
    skip,
  };
}

/**
 * The Graph alert. Each evidence item carries its verdict and remediation status (incident-evidence.ts: an
 * analyst's `states` row for this alert, else a matching indicator, else the default from the alert).
 */
export function alertToGraph(
  r: AlertRow,
  comments: { comment: string; created_by: string; created: string }[] = [],
  states: readonly EvidenceStateRow[] = [],
  indicators: ReadonlyMap<string, IndicatorMatch> = new Map(),
): Record<string, unknown> {
  const techniques = parse<string[]>(r.mitre_techniques, []);
  return {
    id: String(r.id),
    providerAlertId: r.provider_alert_id,
    incidentId: String(r.incident_id),
    status: r.status,
    severity: r.severity,
    classification: r.classification,
    determination: r.determination,
    serviceSource: r.service_source,
    detectionSource: r.detection_source,
    detectorId: r.detector_id,
    title: r.title,
    description: r.description,
    recommendedActions: r.recommended_actions,
    category: r.category,
    mitreTechniques: techniques,
    mitreTechniqueDetails: techniques.map((t) => attackTechniques.get(t) ?? { id: t, name: t, tactics: [] }),
    assignedTo: r.assigned_to,
    createdDateTime: r.created,
    lastUpdateDateTime: r.last_update,
    resolvedDateTime: r.resolved,
    firstActivityDateTime: r.first_activity,
    lastActivityDateTime: r.last_activity,
    occurrences: r.occurrences,
    hidden: r.hidden === 1,
    tuningRuleId: r.tuning_rule_id,
    correlationReason: parse<{ text: string } | null>(r.correlation_reason, null),
    evidence: parse<AlertEntity[]>(r.evidence, []).map((e) => {
      const key = evidenceKey(e);
      const state = key === undefined ? undefined : states.find((x) => x.alert_id === r.id && x.entity_key === key);
      const indicator = indicatorValues(e).map((v) => indicators.get(`${v.kind}:${v.value.toLowerCase()}`)).find((m) => m !== undefined);
      const v = verdictOf(e, r, state, indicator);
      return {
        '@odata.type': `#microsoft.graph.security.${odataType[e.type]}`,
        roles: e.roles ?? [],
        ...e,
        verdict: v.verdict,
        remediationStatus: v.remediationStatus,
        remediationStatusDetails: v.remediationStatusDetails,
        verdictSource: v.verdictSource,
        verdictReason: v.verdictReason,
      };
    }),
    comments: comments.map((c) => ({ comment: c.comment, createdByDisplayName: c.created_by, createdDateTime: c.created })),
    incidentWebUrl: `/incidents/${r.incident_id}`,
    alertWebUrl: `/alerts/${r.id}`,
  };
}

/** Device evidence (a `device` or `process` entity) on one of the scope's devices: alert-visibility.ts's rule. */
export function deviceInScope(e: AlertEntity, devices: DevicesInScope): boolean {
  if (e.type !== 'device' && e.type !== 'process') return true;
  if (e.type === 'device' && e.deviceId !== undefined && devices.deviceIds.includes(e.deviceId)) return true;
  return devices.deviceNames.includes(e.deviceName.toLowerCase());
}

/**
 * An incident's summary as a scoped caller may see it: built from its alerts visible to them only, and without
 * the device evidence outside their scope (an alert on an in-scope and an out-of-scope device is visible, but
 * the other device is not theirs to learn of). The stored summary describes every alert, for unscoped callers.
 */
export function scopedSummary(alerts: readonly AlertRow[], devices: DevicesInScope): IncidentSummary {
  return summarise(
    alerts.map((a) => {
      const s = toSummarised(a);
      return { ...s, evidence: s.evidence.filter((e) => deviceInScope(e, devices)) };
    }),
  );
}

/**
 * The Graph incident. `view` (a scoped caller's, from scopedSummary) replaces every aggregate of the stored
 * summary: severity, generated name, alert count, activity span, categories, techniques, sources, assets.
 */
export function incidentToGraph(r: IncidentRow, view?: IncidentSummary): Record<string, unknown> {
  const s = view ?? parse<Partial<IncidentSummary>>(r.summary, {});
  return {
    id: String(r.id),
    displayName: view && !r.display_name_custom ? incidentName(view) : r.display_name,
    description: r.description,
    severity: view ? (r.severity_override ?? view.severity) : r.severity,
    status: r.status,
    redirectIncidentId: r.redirect_incident_id === null ? null : String(r.redirect_incident_id),
    assignedTo: r.assigned_to,
    classification: r.classification,
    determination: r.determination,
    customTags: parse<string[]>(r.custom_tags, []),
    systemTags: parse<string[]>(r.system_tags, []),
    createdDateTime: r.created,
    lastUpdateDateTime: r.last_update,
    firstActivityDateTime: view ? view.firstActivity : r.first_activity,
    lastActivityDateTime: view ? view.lastActivity : r.last_activity,
    alertCount: view ? view.alertCount : r.alert_count,
    categories: s.categories ?? [],
    mitreTechniques: s.mitreTechniques ?? [],
    serviceSources: s.serviceSources ?? [],
    detectionSources: s.detectionSources ?? [],
    impactedAssets: s.impactedAssets ?? {},
    incidentWebUrl: `/incidents/${r.id}`,
  };
}

export interface IncidentPatch {
  status?: string;
  assignedTo?: string | null;
  classification?: string;
  determination?: string;
  customTags?: string[];
  severity?: string | null;
  displayName?: string | null;
  description?: string | null;
  resolvingComment?: string;
}

export class IncidentsService {
  private readonly pipeline: AlertPipeline;
  constructor(private readonly ctx: AppContext) {
    this.pipeline = alertPipeline(ctx);
  }

  /** The alerts as Graph alerts with their evidence verdicts (one query for the analysts' rows of all of them). */
  private async graphAlerts(rows: readonly AlertRow[]): Promise<Record<string, unknown>[]> {
    if (rows.length === 0) return [];
    const states = await new EvidenceStateRepository(this.ctx.state).forAlerts(rows.map((r) => r.id));
    const indicators = await indicatorMatches(this.ctx, rows.flatMap((r) => parse<AlertEntity[]>(r.evidence, [])));
    return rows.map((r) => alertToGraph(r, [], states, indicators));
  }

  private get repo() {
    return this.pipeline.incidents;
  }

  /** The scope resolved to devices once per call (undefined: everything). */
  private visibility(scope: AccessScope): Promise<Visibility> {
    return devicesInScope(this.ctx, scope);
  }

  async list(p: ODataParams & QueueParams, scope: AccessScope): Promise<Record<string, unknown>> {
    const q = listQuery(p, incidentColumns, 'lastUpdateDateTime', ['status', 'severity', 'assignedTo', 'classification', 'determination', 'createdDateTime', 'lastUpdateDateTime']);
    const visible = await this.visibility(scope);
    const queue = await this.queueFilters(p, scope);
    const { rows, total } = await this.repo.list(queue ? { ...q, queue } : q, visible);
    const expand = this.expandAlerts(p.$expand);
    const alerts = expand || visible ? await this.pipeline.alerts.byIncidents(rows.map((r) => r.id), this.ctx.state, visible) : [];
    const graphAlerts = expand ? await this.graphAlerts(alerts) : [];
    const value = rows.map((r) => {
      const own = alerts.filter((a) => a.incident_id === r.id);
      return { ...incidentToGraph(r, visible ? scopedSummary(own, visible) : undefined), ...(expand ? { alerts: graphAlerts.filter((_, i) => alerts[i]?.incident_id === r.id) } : {}) };
    });
    return { '@odata.count': total, value, ...(q.skip + rows.length < total ? { '@odata.nextLink': this.nextLink('/api/security/incidents', p, q.skip + rows.length) } : {}) };
  }

  /** The queue filters of a list call, checked (device groups must exist and be in the caller's scope). */
  private async queueFilters(p: QueueParams, scope: AccessScope): Promise<QueueFilters | undefined> {
    const f: QueueFilters = {};
    if (p.category?.length) f.categories = p.category;
    if (p.serviceSource?.length) f.serviceSources = p.serviceSource;
    if (p.detectionSource?.length) f.detectionSources = p.detectionSource;
    if (p.tag?.length) f.tags = p.tag;
    if (p.search !== undefined && p.search.trim() !== '') f.search = p.search;
    if (p.deviceGroup?.length) {
      const known = await deviceGroupsFor(this.ctx).ids();
      for (const [i, g] of p.deviceGroup.entries()) {
        if (!known.has(g) || ('deviceGroupIds' in scope.devices && !scope.devices.deviceGroupIds.includes(g))) throw badRequest(`deviceGroup[${i}]: no device group "${g}" in your scope.`);
      }
      f.deviceGroups = (await devicesInScope(this.ctx, { ...scope, devices: { deviceGroupIds: p.deviceGroup } })) ?? { deviceIds: [], deviceNames: [] };
    }
    return Object.keys(f).length ? f : undefined;
  }

  /**
   * The queue's 24 h chart: alerts received and incidents created per hour over the last `hours` (1 to 168),
   * oldest first, every hour present (zeros included); only what the caller may see.
   */
  async hourly(hours: number, scope: AccessScope): Promise<{ from: string; to: string; value: { hour: string; alerts: number; incidents: number }[] }> {
    if (!Number.isInteger(hours) || hours < 1 || hours > 168) throw badRequest(`hours must be an integer from 1 to 168; got ${hours}.`);
    const now = this.ctx.now();
    const end = Math.floor(now.getTime() / 3600_000) * 3600_000; // the current hour's start
    const from = new Date(end - (hours - 1) * 3600_000).toISOString();
    const visible = await this.visibility(scope);
    const byHour = (xs: HourlyCount[]): Map<string, number> => new Map(xs.map((x) => [x.hour, x.n]));
    const alerts = byHour(await this.repo.alertsPerHour(from, visible));
    const incidents = byHour(await this.repo.createdPerHour(from, visible));
    const value = Array.from({ length: hours }, (_, i) => {
      const hour = new Date(end - (hours - 1 - i) * 3600_000).toISOString();
      const key = hour.slice(0, 13);
      return { hour, alerts: alerts.get(key) ?? 0, incidents: incidents.get(key) ?? 0 };
    });
    return { from, to: now.toISOString(), value };
  }

  /** Filter values per scope, kept a minute: with 100,000 incidents they take most of a second to gather. */
  private readonly optionsCache = new Map<string, { at: number; values: Awaited<ReturnType<IncidentsService['repo']['filterValues']>> }>();

  /** The values the queue's filters offer: categories, sources and tags in use, and the caller's device groups. */
  async filterOptions(scope: AccessScope): Promise<Record<string, unknown>> {
    const key = JSON.stringify(scope.devices);
    const now = Date.now();
    let cached = this.optionsCache.get(key);
    if (!cached || now - cached.at > 60_000) {
      cached = { at: now, values: await this.repo.filterValues(await this.visibility(scope)) };
      if (this.optionsCache.size > 100) this.optionsCache.clear();
      this.optionsCache.set(key, cached);
    }
    const values = cached.values;
    const groups = (await deviceGroupsFor(this.ctx).list()).filter((g) => !('deviceGroupIds' in scope.devices) || scope.devices.deviceGroupIds.includes(g.id));
    return { ...values, deviceGroups: groups.map((g) => ({ id: g.id, name: g.name })) };
  }

  /** The incident's PDF summary as the caller sees the incident (scope applied). */
  async pdf(id: number, scope: AccessScope, generatedBy: string): Promise<{ fileName: string; bytes: Buffer }> {
    const incident = (await this.get(id, scope, 'alerts')) as unknown as PdfIncident;
    const bytes = await incidentPdf(incident, { generatedBy, generatedAt: this.ctx.now() });
    return { fileName: `incident-${id}.pdf`, bytes };
  }

  private nextLink(path: string, p: ODataParams, skip: number): string {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(p)) {
      if (v === undefined || k === '$skip') continue;
      if (Array.isArray(v)) for (const x of v as unknown[]) parts.push(`${k}=${encodeURIComponent(String(x))}`);
      else parts.push(`${k}=${encodeURIComponent(String(v))}`);
    }
    parts.push(`$skip=${skip}`);
    return `${path}?${parts.join('&')}`;
  }

  private expandAlerts(expand: string | undefined): boolean {
    if (!expand) return false;
    if (expand.trim() !== 'alerts') throw badRequest(`$expand supports only "alerts"; got "${expand}".`);
    return true;
  }

  async get(id: number, scope: AccessScope, expand?: string): Promise<Record<string, unknown>> {
    const visible = await this.visibility(scope);
    const row = await this.repo.get(id, this.ctx.state, visible);
    if (!row) throw notFound(`Incident ${id}`);
    const comments = await this.repo.comments({ incidentId: id });
    const expanding = this.expandAlerts(expand);
    const alerts = expanding || visible ? await this.pipeline.alerts.byIncidents([id], this.ctx.state, visible) : [];
    return {
      ...incidentToGraph(row, visible ? scopedSummary(alerts, visible) : undefined),
      comments: comments.map((c) => ({ comment: c.comment, createdByDisplayName: c.created_by, createdDateTime: c.created })),
      activity: await this.visibleActivity(id, visible),
      ...(expanding ? { alerts: await this.graphAlerts(alerts) } : {}),
    };
  }

  /**
   * The incident's activity log; for a scoped caller without the entries that name an alert outside their
   * scope (those carry its title and correlation reason, which may name out-of-scope devices and entities).
   */
  private async visibleActivity(id: number, visible: Visibility): Promise<{ at: string; actor: string; action: string; details: string }[]> {
    const activity = await this.repo.activity(id);
    if (!visible) return activity;
    const seen = new Map<number, boolean>();
    const out: typeof activity = [];
    for (const entry of activity) {
      let ok = true;
      for (const m of entry.details.matchAll(/\balerts? (\d+)/gi)) {
        const alertId = Number(m[1]);
        if (!seen.has(alertId)) seen.set(alertId, (await this.pipeline.alerts.get(alertId, this.ctx.state, visible)) !== undefined);
        if (!seen.get(alertId)) ok = false;
      }
      if (ok) out.push(entry);
    }
    return out;
  }

  async patch(id: number, body: IncidentPatch, actor: string, scope: AccessScope): Promise<Record<string, unknown>> {
    const visible = await this.visibility(scope);
    return this.pipeline.serial(async () => {
      const row = await this.repo.get(id, this.ctx.state, visible);
      if (!row) throw notFound(`Incident ${id}`);
      if (row.status === 'redirected') throw conflict(`Incident ${id} was merged into incident ${row.redirect_incident_id ?? '?'}; change that one.`);
      const now = this.ctx.now().toISOString();
      const set: Record<string, unknown> = {};
      const log: string[] = [];
      let resolving = false;
      let reopening = false;
      if (body.status !== undefined) {
        const s = matchEnum(['active', 'inProgress', 'resolved'] as const, body.status);
        if (!s) throw badRequest(`status must be active, inProgress or resolved; got "${body.status}".`);
        if (s !== row.status) {
          set.status = s;
          log.push(`status ${row.status} -> ${s}`);
          resolving = s === 'resolved';
          reopening = row.status === 'resolved';
        }
      }
      const classification = body.classification !== undefined ? matchEnum(classifications, body.classification) : (row.classification as (typeof classifications)[number]);
      if (!classification) throw badRequest(`classification must be one of ${classifications.join(', ')}; got "${body.classification ?? ''}".`);
      if (body.classification !== undefined && classification !== row.classification) {
        set.classification = classification;
        log.push(`classification -> ${classification}`);
      }
      if (body.determination !== undefined || body.classification !== undefined) {
        const allowed = determinationsByClassification[classification];
        const det = body.determination !== undefined ? matchEnum(allowed, body.determination) : allowed.includes(row.determination) ? row.determination : 'unknown';
        if (!det) throw badRequest(`determination "${body.determination ?? ''}" does not go with classification ${classification}; use one of ${allowed.join(', ')}.`);
        if (det !== row.determination) {
          set.determination = det;
          log.push(`determination -> ${det}`);
        }
      }
      if (body.assignedTo !== undefined && body.assignedTo !== row.assigned_to) {
        set.assigned_to = body.assignedTo === '' ? null : body.assignedTo;
        log.push(`assignedTo -> ${body.assignedTo ?? 'nobody'}`);
      }
      if (body.customTags !== undefined) {
        this.optionsCache.clear(); // the tags on offer change now, not a minute later
        set.custom_tags = JSON.stringify([...new Set(body.customTags.map((t) => t.trim()).filter((t) => t !== ''))]);
        log.push(`tags -> ${body.customTags.join(', ')}`);
      }
      if (body.severity !== undefined) {
        const sev = body.severity === null ? null : matchEnum(alertSeverities, body.severity);
        if (sev === undefined) throw badRequest(`severity must be one of ${alertSeverities.join(', ')} or null (back to the highest alert severity).`);
        set.severity_override = sev;
        set.severity = sev ?? parse<Partial<IncidentSummary>>(row.summary, {}).severity ?? row.severity;
        log.push(`severity -> ${sev ?? 'from alerts'}`);
      }
      if (body.displayName !== undefined) {
        set.display_name_custom = body.displayName === null ? 0 : 1;
        if (body.displayName !== null) set.display_name = body.displayName;
        log.push(`name -> ${body.displayName ?? 'generated'}`);
      }
      if (body.description !== undefined) set.description = body.description;
      if (Object.keys(set).length === 0 && !body.resolvingComment) return this.get(id, scope);
      set.last_update = now;
      await this.ctx.state.transaction().execute(async (trx) => {
        await this.repo.update(trx, id, set);
        const alertSet: Record<string, unknown> = { last_update: now };
        if (set.assigned_to !== undefined) alertSet.assigned_to = set.assigned_to; // the owner propagates to the alerts
        if (set.classification !== undefined) alertSet.classification = set.classification;
        if (set.determination !== undefined) alertSet.determination = set.determination;
        const alerts = await this.pipeline.alerts.byIncidents([id], trx);
        if (Object.keys(alertSet).length > 1) await this.pipeline.alerts.update(trx, alerts.map((a) => a.id), alertSet);
        if (resolving) {
          const open = alerts.filter((a) => a.status !== 'resolved').map((a) => a.id);
          await this.pipeline.alerts.update(trx, open, { status: 'resolved', resolved: now, last_update: now });
          log.push(`resolved ${open.length} open alert(s)`);
        }
        if (reopening) log.push('reopened');
        if (body.resolvingComment) await this.repo.addComment(trx, { incident_id: id, alert_id: null, comment: body.resolvingComment, created_by: actor, created: now });
        await this.repo.addActivity(trx, [{ incident_id: id, at: now, actor, action: 'updated', details: log.join('; ') || 'comment' }]);
      });
      const updated = await this.repo.get(id);
      if (updated) this.pipeline.updateFacts(updated);
      if (set.status !== undefined || set.severity !== undefined) this.pipeline.incidentChanged(id); // notifications
      return this.get(id, scope);
    });
  }

  async comment(id: number, text: string, actor: string, scope: AccessScope): Promise<Record<string, unknown>> {
    if (text.trim() === '') throw badRequest('comment must not be empty.');
    if (text.length > 30000) throw badRequest(`comment is ${text.length} characters; at most 30000.`);
    const row = await this.repo.get(id, this.ctx.state, await this.visibility(scope));
    if (!row) throw notFound(`Incident ${id}`);
    const now = this.ctx.now().toISOString();
    await this.ctx.state.transaction().execute(async (trx) => {
      await this.repo.addComment(trx, { incident_id: id, alert_id: null, comment: text, created_by: actor, created: now });
      await this.repo.addActivity(trx, [{ incident_id: id, at: now, actor, action: 'commented', details: text.slice(0, 200) }]);
      await this.repo.update(trx, id, { last_update: now });
    });
    return { comment: text, createdByDisplayName: actor, createdDateTime: now };
  }

  /** Merges up to 5 incidents into the oldest, with the same rules as automatic correlation. */
  async merge(ids: readonly number[], actor: string, scope: AccessScope): Promise<Record<string, unknown>> {
    const unique = [...new Set(ids)].sort((a, b) => a - b);
    if (unique.length < 2 || unique.length > 5) throw badRequest(`Merge takes 2 to 5 different incident ids; got ${unique.length}.`);
    const visible = await this.visibility(scope);
    this.optionsCache.clear();
    return this.pipeline.serial(async () => {
      const rows = await this.repo.getMany(unique, this.ctx.state, visible);
      for (const id of unique) if (!rows.some((r) => r.id === id)) throw notFound(`Incident ${id}`);
      const target = rows.find((r) => r.id === unique[0]) as IncidentRow;
      for (const r of rows) {
        if (r.status === 'resolved' || r.status === 'redirected') throw conflict(`Incident ${r.id} is ${r.status}; only open incidents merge.`);
        const cause = r === target ? undefined : noMergeCause(incidentFacts(target), incidentFacts(r));
        if (cause) throw conflict(`Incident ${r.id} cannot merge into ${target.id}: ${cause === 'assignedToDifferentPeople' ? 'they are assigned to different people' : 'they are classified differently'}.`);
      }
      const now = this.ctx.now().toISOString();
      await this.ctx.state.transaction().execute(async (trx) => {
        const tags = new Set(parse<string[]>(target.custom_tags, []));
        for (const r of rows) {
          if (r === target) continue;
          for (const t of parse<string[]>(r.custom_tags, [])) tags.add(t);
          await this.pipeline.alerts.moveIncident(trx, r.id, target.id);
          await this.repo.update(trx, r.id, { status: 'redirected', redirect_incident_id: target.id, custom_tags: '[]', system_tags: JSON.stringify([...new Set([...parse<string[]>(r.system_tags, []), 'Redirected'])]), last_update: now });
          await this.repo.addActivity(trx, [
            { incident_id: r.id, at: now, actor, action: 'redirected', details: `Merged into incident ${target.id} by ${actor}` },
            { incident_id: target.id, at: now, actor, action: 'merged', details: `Incident ${r.id} merged into this incident by ${actor}` },
          ]);
        }
        await this.repo.update(trx, target.id, { custom_tags: JSON.stringify([...tags]) });
        await this.pipeline.recompute(trx, target.id, now);
      });
      this.pipeline.invalidate();
      this.pipeline.incidentChanged(target.id);
      return this.get(target.id, scope);
    });
  }

  /** Moves an alert to another incident, or to a new one (incidentId null). */
  async linkAlert(alertId: number, incidentId: number | null, actor: string, scope: AccessScope): Promise<Record<string, unknown>> {
    const visible = await this.visibility(scope);
    return this.pipeline.serial(async () => {
      const alert = await this.pipeline.alerts.get(alertId, this.ctx.state, visible);
      if (!alert) throw notFound(`Alert ${alertId}`);
      const from = alert.incident_id;
      const now = this.ctx.now().toISOString();
      let to = incidentId;
      if (to !== null) {
        const target = await this.repo.get(to, this.ctx.state, visible);
        if (!target) throw notFound(`Incident ${to}`);
        if (target.status === 'redirected') throw conflict(`Incident ${to} was merged into ${target.redirect_incident_id ?? '?'}; link to that one.`);
        if (to === from) return alertToGraph(alert);
      }
      const freshId = (await this.repo.maxId()) + 1;
      await this.ctx.state.transaction().execute(async (trx: Db) => {
        if (to === null) {
          to = freshId;
          await this.repo.insert(trx, [{ id: to, display_name: alert.title, status: 'active', severity: alert.severity, summary: '{}', created: now, last_update: now }]);
          await this.repo.addActivity(trx, [{ incident_id: to, at: now, actor, action: 'created', details: `Incident created by ${actor} for alert ${alertId}` }]);
        }
        await this.pipeline.alerts.update(trx, alertId, { incident_id: to, correlation_reason: JSON.stringify({ kind: 'manual', text: `linked by ${actor}` }), last_update: now });
        await this.repo.addActivity(trx, [
          { incident_id: from, at: now, actor, action: 'alertUnlinked', details: `Alert ${alertId} moved to incident ${to} by ${actor}` },
          { incident_id: to, at: now, actor, action: 'alertLinked', details: `Alert ${alertId} linked from incident ${from} by ${actor}` },
        ]);
        await this.pipeline.recompute(trx, to, now);
        await this.pipeline.recompute(trx, from, now);
        const left = await this.pipeline.alerts.byIncidents([from], trx);
        if (left.length === 0) {
          await this.repo.update(trx, from, { status: 'resolved', last_update: now });
          await this.repo.addActivity(trx, [{ incident_id: from, at: now, actor: correlatorActor, action: 'updated', details: 'resolved: no alerts left' }]);
        }
      });
      this.pipeline.invalidate();
      return alertToGraph((await this.pipeline.alerts.get(alertId)) as AlertRow);
    });
  }

  // ---- alerts_v2 ----

  async listAlerts(p: ODataParams & { includeHidden?: boolean }, scope: AccessScope): Promise<Record<string, unknown>> {
    const q = listQuery(p, alertColumns, 'createdDateTime', ['status', 'severity', 'assignedTo', 'classification', 'determination', 'serviceSource', 'detectionSource', 'incidentId', 'createdDateTime', 'lastUpdateDateTime']);
    const { rows, total } = await this.pipeline.alerts.list(q, p.includeHidden ?? false, await this.visibility(scope));
    return { '@odata.count': total, value: await this.graphAlerts(rows), ...(q.skip + rows.length < total ? { '@odata.nextLink': this.nextLink('/api/security/alerts_v2', p, q.skip + rows.length) } : {}) };
  }

  async getAlert(id: number, scope: AccessScope): Promise<Record<string, unknown>> {
    const row = await this.pipeline.alerts.get(id, this.ctx.state, await this.visibility(scope));
    if (!row) throw notFound(`Alert ${id}`);
    const states = await new EvidenceStateRepository(this.ctx.state).forAlerts([id]);
    return alertToGraph(row, await this.repo.comments({ alertId: id }), states, await indicatorMatches(this.ctx, parse<AlertEntity[]>(row.evidence, [])));
  }

  async patchAlert(id: number, body: { status?: string; classification?: string; determination?: string; assignedTo?: string | null }, actor: string, scope: AccessScope): Promise<Record<string, unknown>> {
    const visible = await this.visibility(scope);
    return this.pipeline.serial(async () => {
      const row = await this.pipeline.alerts.get(id, this.ctx.state, visible);
      if (!row) throw notFound(`Alert ${id}`);
      const now = this.ctx.now().toISOString();
      const set: Record<string, unknown> = { last_update: now };
      if (body.status !== undefined) {
        const s = matchEnum(alertStatuses, body.status);
        if (!s) throw badRequest(`status must be one of ${alertStatuses.join(', ')}; got "${body.status}".`);
        set.status = s;
        set.resolved = s === 'resolved' ? now : null;
      }
      const classification = body.classification !== undefined ? matchEnum(classifications, body.classification) : (row.classification as (typeof classifications)[number]);
      if (!classification) throw badRequest(`classification must be one of ${classifications.join(', ')}; got "${body.classification ?? ''}".`);
      if (body.classification !== undefined) set.classification = classification;
      if (body.determination !== undefined || body.classification !== undefined) {
        const allowed = determinationsByClassification[classification];
        const det = body.determination !== undefined ? matchEnum(allowed, body.determination) : allowed.includes(row.determination) ? row.determination : 'unknown';
        if (!det) throw badRequest(`determination "${body.determination ?? ''}" does not go with classification ${classification}; use one of ${allowed.join(', ')}.`);
        set.determination = det;
      }
      if (body.assignedTo !== undefined) set.assigned_to = body.assignedTo;
      await this.ctx.state.transaction().execute(async (trx) => {
        await this.pipeline.alerts.update(trx, id, set);
        const changes = Object.entries(set).filter(([k]) => k !== 'last_update' && k !== 'resolved').map(([k, v]) => `${k} -> ${String(v)}`);
        await this.repo.addActivity(trx, [{ incident_id: row.incident_id, at: now, actor, action: 'alertUpdated', details: `Alert ${id}: ${changes.join('; ')}` }]);
      });
      return this.getAlert(id, scope);
    });
  }

  async commentAlert(id: number, text: string, actor: string, scope: AccessScope): Promise<Record<string, unknown>> {
    if (text.trim() === '') throw badRequest('comment must not be empty.');
    const row = await this.pipeline.alerts.get(id, this.ctx.state, await this.visibility(scope));
    if (!row) throw notFound(`Alert ${id}`);
    const now = this.ctx.now().toISOString();
    await this.repo.addComment(this.ctx.state, { incident_id: null, alert_id: id, comment: text, created_by: actor, created: now });
    return { comment: text, createdByDisplayName: actor, createdDateTime: now };
  }
}
