/**
 * The alert pipeline: every new alert, whatever its source, goes through here. It validates nothing (callers
 * do), places each alert with the Correlator, persists alerts, incidents, merges and the activity log in one
 * SQLite transaction per batch, then appends the AlertInfo/AlertEvidence hunting rows. Batches run one at a
 * time (one writer), so the in-memory correlator and the store never disagree; after a manual change (link,
 * merge) the correlator is rebuilt from the store.
 */
import type { Insertable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { AlertEntity, AlertSeverity, Classification, IncidentStatus } from '../alerts/alert-model.ts';
import type { NewAlert } from '../alerts/alert-input.ts';
import { AlertsRepository } from '../alerts/alerts.repository.ts';
import type { AlertRow } from '../alerts/alerts.repository.ts';
import { IncidentsRepository } from '../incidents/incidents.repository.ts';
import type { Db, IncidentRow } from '../incidents/incidents.repository.ts';
import type { AlertsTable, IncidentsTable } from '../state/schema.ts';
import { addToSummary, emptySummary, incidentName, summarise } from '../incidents/incident-summary.ts';
import type { IncidentSummary, SummarisedAlert } from '../incidents/incident-summary.ts';
import { Correlator } from './correlator.ts';
import { CorrelationRepository } from './correlation.repository.ts';
import type { CorrelationConfig, Decision } from './correlator.ts';
import { entityKeys } from './entity-keys.ts';
import { EventPrevalence, defaultEventPrevalence } from './prevalence.ts';
import type { EventPrevalenceConfig } from './prevalence.ts';
import type { EntityKey } from './entity-keys.ts';
import { appendAlertHuntingRows } from '../alerts/alert-hunting.ts';
import type { HuntingAlert } from '../alerts/alert-hunting.ts';
import { alertTuning } from '../alerts/alert-tuning.service.ts';
import type { AlertTuner } from '../alerts/alert-tuning.service.ts';

/** The identity the correlator acts as in activity logs (Defender: "Microsoft Defender XDR - alert correlation"). */
export const correlatorActor = 'Palisade - alert correlation';

export interface SubmitResult {
  providerAlertId: string;
  alertId: number;
  incidentId: number;
  outcome: 'created' | 'updated';
}

/** Listeners told after each committed batch (notifications); they must not throw into correlation. */
export type IncidentListener = (event: { kind: 'created' | 'updated'; incidentId: number }) => void;

const parse = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

export function toSummarised(r: AlertRow): SummarisedAlert {
  return {
    title: r.title,
    severity: r.severity as AlertSeverity,
    category: r.category,
    mitreTechniques: parse<string[]>(r.mitre_techniques, []),
    serviceSource: r.service_source,
    detectionSource: r.detection_source,
    firstActivity: r.first_activity,
    lastActivity: r.last_activity,
    evidence: parse<AlertEntity[]>(r.evidence, []),
  };
}

export function incidentFacts(r: IncidentRow): { id: number; status: IncidentStatus; assignedTo: string | null; classification: Classification; determination: string } {
  return { id: r.id, status: r.status as IncidentStatus, assignedTo: r.assigned_to, classification: r.classification as Classification, determination: r.determination };
}

export class AlertPipeline {
  readonly alerts: AlertsRepository;
  readonly incidents: IncidentsRepository;
  private readonly writes = new CorrelationRepository();
  private correlator: Correlator | undefined;
  private summaries = new Map<number, IncidentSummary>();
  /** What naming needs of each cached incident (custom name, severity override), so a batch need not read it. */
  private naming = new Map<number, Pick<IncidentRow, 'display_name_custom' | 'display_name' | 'severity_override'>>();
  private nextAlertId = 1;
  private tail: Promise<unknown> = Promise.resolve();
  /** Submissions waiting for the next group commit. */
  private waiting: { batch: readonly NewAlert[]; resolve: (r: SubmitResult[]) => void; reject: (err: unknown) => void }[] = [];
  private readonly listeners: IncidentListener[] = [];
  /** Hunting rows of committed alerts wait here; one writer drains them in the background, batched. */
  private huntingQueue: HuntingAlert[] = [];
  private huntingTail: Promise<void> = Promise.resolve();

  private readonly eventPrevalence: EventPrevalence | undefined;

  constructor(
    private readonly ctx: Pick<AppContext, 'state' | 'events' | 'now' | 'logger'>,
    private readonly config: Partial<CorrelationConfig> & { eventPrevalence?: EventPrevalenceConfig | false; tuner?: AlertTuner } = {},
  ) {
    this.alerts = new AlertsRepository(ctx.state);
    this.incidents = new IncidentsRepository(ctx.state);
    this.eventPrevalence = config.eventPrevalence === false ? undefined : new EventPrevalence(ctx.events, config.eventPrevalence ?? defaultEventPrevalence);
  }

  onIncident(listener: IncidentListener): void {
    this.listeners.push(listener);
  }

  /** Runs `fn` after every earlier write: one writer at a time. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Forgets the in-memory state; the next batch rebuilds it from the store. */
  invalidate(): void {
    this.correlator = undefined;
    this.summaries.clear();
    this.naming.clear();
  }

  /** Tells correlation about a changed incident (status, owner, classification). */
  updateFacts(row: IncidentRow): void {
    this.correlator?.setIncident(incidentFacts(row));
    this.naming.set(row.id, row);
  }

  private async load(): Promise<Correlator> {
    if (this.correlator) return this.correlator;
    const c = new Correlator(this.config);
    const { alerts, entities } = await this.alerts.correlationState();
    for (const r of await this.incidents.open()) c.setIncident(incidentFacts(r));
    c.reserveIncidentIds(await this.incidents.maxId()); // ids of closed incidents are never reused
    for (const r of await this.incidents.redirected()) if (r.redirect_incident_id !== null) c.redirect(r.id, r.redirect_incident_id);
    const keysByAlert = new Map<number, EntityKey[]>();
    for (const e of entities) {
      let list = keysByAlert.get(e.alert_id);
      if (!list) keysByAlert.set(e.alert_id, (list = []));
      list.push({ key: e.entity_key, kind: e.entity_key.slice(0, e.entity_key.indexOf(':')) as EntityKey['kind'], display: e.display });
    }
    for (const a of alerts) c.addAlert({ id: a.id, first: Date.parse(a.first_activity), last: Date.parse(a.last_activity), keys: keysByAlert.get(a.id) ?? [] }, a.incident_id);
    this.nextAlertId = (await this.alerts.maxId()) + 1;
    this.correlator = c;
    return c;
  }

  private async summaryOf(id: number, db: Db): Promise<IncidentSummary> {
    let s = this.summaries.get(id);
    if (!s) {
      const row = await this.incidents.get(id, db);
      s = row ? parse<IncidentSummary>(row.summary, emptySummary()) : emptySummary();
      this.summaries.set(id, s);
      if (row) this.naming.set(id, row);
    }
    return s;
  }

  /** Recomputes an incident's summary, name and severity from its alerts in the store. */
  async recompute(db: Db, id: number, now: string): Promise<void> {
    const row = await this.incidents.get(id, db);
    if (!row) return;
    const s = summarise((await this.alerts.byIncidents([id], db)).map(toSummarised));
    this.summaries.set(id, s);
    this.naming.set(id, row);
    await this.incidents.update(db, id, this.summaryColumns(row, s, now));
  }

  private summaryColumns(
    row: Pick<IncidentRow, 'display_name_custom' | 'display_name' | 'severity_override'>,
    s: IncidentSummary,
    now: string,
  ): { summary: string; severity: string; display_name: string; alert_count: number; first_activity: string | null; last_activity: string | null; last_update: string } {
    return {
      summary: JSON.stringify(s),
      severity: row.severity_override ?? s.severity,
      display_name: row.display_name_custom ? row.display_name : incidentName(s),
      alert_count: s.alertCount,
      first_activity: s.firstActivity,
      last_activity: s.lastActivity,
      last_update: now,
    };
  }

  /**
   * Places and stores a batch of alerts; an alert whose providerAlertId is known updates that alert.
   * Group commit: batches submitted while another is being written are placed and stored together in the
   * next transaction (each caller still gets its own results), so many small submissions cost about as
   * much as one large one.
   */
  submit(batch: readonly NewAlert[]): Promise<SubmitResult[]> {
    return new Promise<SubmitResult[]>((resolve, reject) => {
      this.waiting.push({ batch, resolve, reject });
      if (this.waiting.length === 1) {
        void this.serial(async () => {
          const group = this.waiting;
          this.waiting = [];
          try {
            const results = await this.submitNow(group.flatMap((g) => g.batch));
            let at = 0;
            for (const g of group) {
              g.resolve(results.slice(at, at + g.batch.length));
              at += g.batch.length;
            }
          } catch (err) {
            this.invalidate();
            for (const g of group) g.reject(err);
          }
        });
      }
    });
  }

  private async submitNow(batch: readonly NewAlert[]): Promise<SubmitResult[]> {
    const correlator = await this.load();
    const now = this.ctx.now().toISOString();
    const existing = new Map((await this.alerts.byProviderIds([...new Set(batch.map((a) => a.providerAlertId))])).map((r) => [r.provider_alert_id, r]));
    const results: SubmitResult[] = [];
    const newRows: Insertable<AlertsTable>[] = [];
    const newEntities: { alert_id: number; entity_key: string; display: string }[] = [];
    const newIncidents = new Map<number, IncidentSummary>();
    const touched = new Set<number>();
    const recompute = new Set<number>();
    const merges: { from: number; into: number; decision: Decision; alertId: number }[] = [];
    const activity: { incident_id: number; at: string; actor: string; action: string; details: string }[] = [];
    const updates: { row: AlertRow; alert: NewAlert }[] = [];
    const hunting: { id: number; alert: NewAlert }[] = [];
    const fresh = new Map<string, number>();
    // Hashes and IPs that the telemetry shows to be common do not link (the second half of the prevalence guard).
    let ignore: ReadonlySet<string> = new Set();
    if (this.eventPrevalence) {
      try {
        ignore = await this.eventPrevalence.prevalentKeys(batch.flatMap((a) => entityKeys(a.evidence).filter((k) => k.kind === 'file' || k.kind === 'ip')));
      } catch (err) {
        this.ctx.logger.warn({ err }, 'correlation: telemetry prevalence unavailable for this batch; alert counts only');
      }
    }

    const tuning = this.config.tuner ? await this.config.tuner.decide(batch) : [];
    const tunedCounts = new Map<string, number>();
    const suppressedIncidents = new Set<number>();
    for (const [index, a] of batch.entries()) {
      const prior = existing.get(a.providerAlertId);
      const inBatch = fresh.get(a.providerAlertId);
      if (prior || inBatch !== undefined) {
        if (prior) updates.push({ row: prior, alert: a });
        results.push({ providerAlertId: a.providerAlertId, alertId: prior?.id ?? (inBatch as number), incidentId: prior?.incident_id ?? -1, outcome: 'updated' });
        continue;
      }
      const id = this.nextAlertId++;
      fresh.set(a.providerAlertId, id);
      const keys = entityKeys(a.evidence);
      const tuned = tuning[index];
      if (tuned) tunedCounts.set(tuned.ruleId, (tunedCounts.get(tuned.ruleId) ?? 0) + 1);
      let d: Decision;
      if (tuned?.action === 'hide') {
        // A hidden alert is kept and counted but links nothing: it gets a resolved incident of its own.
        d = { incidentId: correlator.allocateClosedIncident(), created: true, reason: null, merged: [], notMerged: [], prevalentIgnored: [] };
        suppressedIncidents.add(d.incidentId);
      } else d = correlator.correlate({ id, first: Date.parse(a.firstActivity), last: Date.parse(a.lastActivity), keys }, ignore);
      const summarised: SummarisedAlert = { ...a };
      if (d.created) {
        newIncidents.set(d.incidentId, addToSummary(emptySummary(), summarised));
        this.naming.set(d.incidentId, { display_name_custom: 0, display_name: '', severity_override: null });
        this.summaries.set(d.incidentId, newIncidents.get(d.incidentId) as IncidentSummary);
        activity.push({
          incident_id: d.incidentId,
          at: now,
          actor: correlatorActor,
          action: 'created',
          details: tuned?.action === 'hide' ? `Alert ${id} (${a.title}) hidden by tuning rule ${tuned.ruleId}` : `Incident created from alert ${id}: ${a.title}`,
        });
      } else {
        const s = newIncidents.get(d.incidentId) ?? (await this.summaryOf(d.incidentId, this.ctx.state));
        addToSummary(s, summarised);
        if (!newIncidents.has(d.incidentId)) touched.add(d.incidentId);
        activity.push({ incident_id: d.incidentId, at: now, actor: correlatorActor, action: 'alertAdded', details: `Alert ${id} (${a.title}) added: ${d.reason?.text ?? ''}` });
      }
      for (const m of d.merged) {
        merges.push({ from: m.incidentId, into: d.incidentId, decision: d, alertId: id });
        recompute.add(d.incidentId);
      }
      for (const nm of d.notMerged) {
        activity.push({
          incident_id: d.incidentId,
          at: now,
          actor: correlatorActor,
          action: 'mergeSkipped',
          details: `Alert ${id} also links incident ${nm.incidentId}, not merged: ${nm.cause === 'assignedToDifferentPeople' ? 'assigned to different people' : 'differently classified'}`,
        });
      }
      newRows.push({
        id,
        provider_alert_id: a.providerAlertId,
        origin: a.origin,
        detector_id: a.detectorId,
        title: a.title,
        description: a.description,
        recommended_actions: a.recommendedActions,
        severity: a.severity,
        // every row sets the same columns: a multi-row INSERT takes one column list
        status: tuned ? 'resolved' : 'new',
        resolved: tuned ? now : null,
        tuning_rule_id: tuned?.ruleId ?? null,
        hidden: tuned?.action === 'hide' ? 1 : 0,
        classification: tuned?.classification ?? 'unknown',
        determination: tuned?.classification ? (tuned.determination ?? 'unknown') : 'unknown',
        category: a.category,
        mitre_techniques: JSON.stringify(a.mitreTechniques),
        service_source: a.serviceSource,
        detection_source: a.detectionSource,
        incident_id: d.incidentId,
        correlation_reason: d.reason ? JSON.stringify(d.reason) : null,
        evidence: JSON.stringify(a.evidence),
        first_activity: a.firstActivity,
        last_activity: a.lastActivity,
        created: now,
        last_update: now,
      });
      for (const k of keys) newEntities.push({ alert_id: id, entity_key: k.key, display: k.display });
      results.push({ providerAlertId: a.providerAlertId, alertId: id, incidentId: d.incidentId, outcome: 'created' });
      hunting.push({ id, alert: a });
    }
    // a merge moves alerts of incidents placed earlier in this batch: their results follow the redirect
    for (const r of results) if (r.incidentId > 0) r.incidentId = correlator.resolve(r.incidentId);

    await this.ctx.state.transaction().execute(async (trx) => {
      const incidentRows: Insertable<IncidentsTable>[] = [];
      for (const [id, s] of newIncidents) {
        const suppressed = suppressedIncidents.has(id);
        incidentRows.push({
          id,
          status: suppressed ? 'resolved' : 'active',
          system_tags: JSON.stringify(suppressed ? ['Suppressed'] : []),
          created: now,
          display_name_custom: 0,
          ...this.summaryColumns({ display_name_custom: 0, display_name: '', severity_override: null }, s, now),
        });
      }
      await this.writes.insertIncidents(trx, incidentRows);
      await this.writes.insertAlerts(trx, newRows, newEntities);
      for (const { row, alert } of updates) {
        const evidence = mergeEvidence(parse<AlertEntity[]>(row.evidence, []), alert.evidence);
        await this.alerts.update(trx, row.id, {
          title: alert.title,
          description: alert.description,
          recommended_actions: alert.recommendedActions,
          severity: alert.severity,
          category: alert.category,
          mitre_techniques: JSON.stringify(alert.mitreTechniques),
          evidence: JSON.stringify(evidence),
          first_activity: alert.firstActivity < row.first_activity ? alert.firstActivity : row.first_activity,
          last_activity: alert.lastActivity > row.last_activity ? alert.lastActivity : row.last_activity,
          occurrences: row.occurrences + 1,
          last_update: now,
        });
        const keys = entityKeys(evidence);
        await this.alerts.insert(trx, [], keys.map((k) => ({ alert_id: row.id, entity_key: k.key, display: k.display })));
        recompute.add(row.incident_id);
      }
      for (const m of merges) {
        const target = await this.incidents.get(m.into, trx);
        const source = await this.incidents.get(m.from, trx);
        if (!target || !source) continue;
        await this.alerts.moveIncident(trx, m.from, m.into);
        const tags = [...new Set([...parse<string[]>(target.custom_tags, []), ...parse<string[]>(source.custom_tags, [])])];
        await this.incidents.update(trx, m.into, { custom_tags: JSON.stringify(tags), last_update: now });
        await this.incidents.update(trx, m.from, {
          status: 'redirected',
          redirect_incident_id: m.into,
          custom_tags: '[]',
          system_tags: JSON.stringify([...new Set([...parse<string[]>(source.system_tags, []), 'Redirected'])]),
          last_update: now,
        });
        const why = m.decision.merged.find((x) => x.incidentId === m.from)?.reason.text ?? '';
        activity.push({ incident_id: m.into, at: now, actor: correlatorActor, action: 'merged', details: `Incident ${m.from} merged into this incident: alert ${m.alertId} ${why}` });
        activity.push({ incident_id: m.from, at: now, actor: correlatorActor, action: 'redirected', details: `Merged into incident ${m.into}: alert ${m.alertId} ${why}` });
        this.summaries.delete(m.from);
        recompute.add(m.into);
        touched.delete(m.from);
      }
      const summaryUpdates: Parameters<CorrelationRepository['updateSummaries']>[1][number][] = [];
      for (const id of touched) {
        if (recompute.has(id)) continue;
        const row = this.naming.get(id) ?? (await this.incidents.get(id, trx));
        if (row) summaryUpdates.push({ id, columns: this.summaryColumns(row, this.summaries.get(id) ?? emptySummary(), now) });
      }
      await this.writes.updateSummaries(trx, summaryUpdates);
      for (const id of recompute) await this.recompute(trx, id, now);
      await this.writes.addActivity(trx, activity);
      if (tunedCounts.size > 0) await this.config.tuner?.countMatches(trx, tunedCounts, now);
    });

    for (const r of results) if (r.incidentId < 0) r.incidentId = (await this.alerts.get(r.alertId))?.incident_id ?? -1;
    if (hunting.length > 0) {
      for (const h of hunting) this.huntingQueue.push({ id: h.id, ...h.alert });
      this.huntingTail = this.huntingTail.then(() => this.writeHunting());
    }
    for (const id of newIncidents.keys()) if (!suppressedIncidents.has(id)) this.emit({ kind: 'created', incidentId: correlator.resolve(id) });
    for (const id of new Set([...touched, ...recompute])) this.emit({ kind: 'updated', incidentId: id });
    return results;
  }

  /** Resolves when the AlertInfo/AlertEvidence rows of every alert submitted so far are written. */
  whenIndexed(): Promise<void> {
    return this.huntingTail;
  }

  private async writeHunting(): Promise<void> {
    const rows = this.huntingQueue;
    if (rows.length === 0) return;
    this.huntingQueue = [];
    // One append (one DuckDB transaction) for the whole backlog: measured, slices of 250 alerts cost more CPU
    // per alert (a commit each) than they saved in event-loop time. The append is all rows or none, so a
    // transient failure is retried as a whole.
    for (let attempt = 1; ; attempt++) {
      try {
        await appendAlertHuntingRows(this.ctx.events, rows);
        return;
      } catch (err) {
        if (attempt >= 3) {
          this.ctx.logger.error({ err, alerts: rows.length }, 'alerts: appending AlertInfo/AlertEvidence rows failed three times; the alerts are stored in the state store');
          return;
        }
        await new Promise((r) => setTimeout(r, 50 * 4 ** (attempt - 1)));
      }
    }
  }

  /** Tells listeners an incident changed outside the pipeline (an analyst's PATCH, merge or link). */
  incidentChanged(incidentId: number): void {
    this.emit({ kind: 'updated', incidentId });
  }

  private emit(event: { kind: 'created' | 'updated'; incidentId: number }): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.ctx.logger.error({ err }, 'incident listener failed');
      }
    }
  }
}

function mergeEvidence(a: readonly AlertEntity[], b: readonly AlertEntity[]): AlertEntity[] {
  const seen = new Set(a.map((e) => JSON.stringify(e)));
  return [...a, ...b.filter((e) => !seen.has(JSON.stringify(e)))];
}

const pipelines = new WeakMap<object, AlertPipeline>();

/** The one pipeline of an app context (its correlator state is per store). */
/**
 * Waits for the pipeline of `ctx`, if one was started, to finish its writes: the batch in progress and the
 * AlertInfo/AlertEvidence rows behind it. The app calls it on close, before the stores close.
 */
export async function drainAlertPipeline(ctx: AppContext): Promise<void> {
  const p = pipelines.get(ctx);
  if (!p) return;
  await p.serial(async () => undefined);
  await p.whenIndexed();
}

export function alertPipeline(ctx: AppContext): AlertPipeline {
  let p = pipelines.get(ctx);
  if (!p) pipelines.set(ctx, (p = new AlertPipeline(ctx, { tuner: alertTuning(ctx) })));
  return p;
}
