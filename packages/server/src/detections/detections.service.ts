/**
 * Detection rules: CRUD, and the runner. A run compiles the rule's KQL with @palisade/kql, runs it on the
 * event store over the rule's lookback (scheduled) or over rows ingested since the last pass (near-real-time),
 * maps result columns to entities, groups rows by entities (one alert per rule and entity set), applies
 * suppression (a repeat within the window updates the existing alert) and the cap of 100 alerts per run, and
 * hands the alerts to the alert pipeline. Every run is recorded: when, how long, rows, alerts, errors.
 */
import { createHash } from 'node:crypto';
import { compile } from '@palisade/kql';
import type { AppContext } from '../context.ts';
import type { AlertEntity } from '../alerts/alert-model.ts';
import type { NewAlert } from '../alerts/alert-input.ts';
import { alertPipeline } from '../correlation/correlation.service.ts';
import { entityKeys } from '../correlation/entity-keys.ts';
import { binderSchema, huntingTables, INGESTION_TIME_COLUMN } from '../schema/advanced-hunting.ts';
import { badRequest, conflict, HttpError, notFound } from '../http/errors.ts';
import { DetectionsRepository } from './detections.repository.ts';
import type { RuleRow, RunRow } from './detections.repository.ts';
import { builtinRules } from './builtin/rules.ts';
import { nrtProblem, schedule, sourceTable, validateRule } from './rule-model.ts';
import { indicatorColumnsOf, indicatorRules } from './builtin/indicator-rules.ts';
import { expandIndicatorQuery, indicatorAlertFacts, matchIndicatorRows } from '../indicators/indicator-detection.ts';
import { indicatorsService } from '../indicators/indicators.service.ts';
import type { ActiveIndicators } from '../indicators/indicators.service.ts';
import type { EntityMapping, Frequency, RuleAlert, RuleDefinition } from './rule-model.ts';

export const maxAlertsPerRun = 100;
const maxRowsPerRun = 10_000;
const defaultSuppressionMinutes = 24 * 60;
const firstRunLookbackMs = 30 * 24 * 3_600_000;
const rescanKey = 'detections.rescanAfter';
/** A near-real-time pass re-reads this much before the previous one: a batch's rows carry the time its transaction began. */
const nrtOverlapMs = 30_000;
/** The first pass over a table reads the rows ingested this long before it. */
const nrtFirstLookbackMs = 5 * 60_000;

export interface RunOutcome {
  ruleId: string;
  status: 'ok' | 'error';
  rows: number;
  alertsCreated: number;
  alertsUpdated: number;
  /** More entity groups than the per-run cap: the rest wait for the next run. */
  capped: boolean;
  durationMs: number;
  error?: string;
}

const parse = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export function ruleToApi(r: RuleRow, runs: RunRow[] = []): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    query: r.query,
    frequency: r.frequency,
    enabled: r.enabled === 1,
    builtin: r.builtin === 1,
    alert: parse<RuleAlert | null>(r.alert, null),
    entityMapping: parse<EntityMapping>(r.entity_mapping, {}),
    suppressionMinutes: r.suppression_minutes,
    createdBy: r.created_by,
    createdDateTime: r.created,
    lastModifiedDateTime: r.last_update,
    lastRunDateTime: r.last_run_at,
    lastRunStatus: r.last_run_status,
    ...(runs.length > 0 ? { runs: runs.map(runToApi) } : {}),
  };
}

export function runToApi(r: RunRow): Record<string, unknown> {
  return { started: r.started, durationMs: r.duration_ms, trigger: r.trigger, rows: r.rows, alertsCreated: r.alerts_created, alertsUpdated: r.alerts_updated, status: r.status, error: r.error };
}

const cellText = (v: unknown): string | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
};

/** Builds the evidence entities of one result row from the rule's mapping. */
export function rowEntities(row: Record<string, unknown>, m: EntityMapping): AlertEntity[] {
  const get = (k: keyof EntityMapping): string | undefined => (m[k] ? cellText(row[m[k]]) : undefined);
  const out: AlertEntity[] = [];
  const deviceName = get('deviceName');
  const deviceId = get('deviceId');
  if (deviceName) out.push({ type: 'device', deviceName, ...(deviceId ? { deviceId } : {}) });
  const remote = get('remoteDeviceName');
  if (remote && remote.toLowerCase() !== deviceName?.toLowerCase()) out.push({ type: 'device', deviceName: remote, roles: ['destination'] });
  const upn = get('accountUpn');
  const accountName = get('accountName') ?? (upn ? upn.split('@')[0] : undefined);
  if (accountName) {
    const domain = get('accountDomain');
    const sid = get('accountSid');
    out.push({ type: 'user', accountName, ...(domain ? { domain } : {}), ...(upn ? { upn } : {}), ...(sid ? { sid } : {}) });
  }
  const mailbox = get('mailbox');
  if (mailbox) out.push({ type: 'mailbox', address: mailbox });
  const ip = get('ip');
  if (ip) out.push({ type: 'ip', address: ip });
  const url = get('url');
  if (url) out.push({ type: 'url', url });
  const sha256 = get('sha256');
  const sha1 = get('sha1');
  const fileName = get('fileName');
  const path = get('folderPath');
  const procName = get('processFileName');
  const cmd = get('processCommandLine');
  if (deviceName && (procName || cmd)) {
    const parent = get('parentFileName');
    out.push({ type: 'process', deviceName, ...(procName ? { fileName: procName } : {}), ...(cmd ? { commandLine: cmd } : {}), ...(sha256 ? { sha256 } : {}), ...(parent ? { parentFileName: parent } : {}) });
  } else if (sha256 || sha1 || fileName || path) {
    out.push({ type: 'file', ...(sha256 ? { sha256 } : {}), ...(sha1 ? { sha1 } : {}), ...(fileName ? { fileName } : {}), ...(path ? { path } : {}) });
  }
  const nmid = get('networkMessageId');
  if (nmid) {
    const sender = get('sender');
    const subject = get('subject');
    out.push({ type: 'mailMessage', networkMessageId: nmid, ...(sender ? { sender } : {}), ...(mailbox ? { recipient: mailbox } : {}), ...(subject ? { subject } : {}) });
  }
  const app = get('cloudApp');
  if (app) out.push({ type: 'cloudApp', name: app });
  const key = get('registryKey');
  if (key) {
    const valueName = get('registryValueName');
    out.push({ type: 'registry', key, ...(valueName ? { valueName } : {}) });
  }
  return out;
}

/** Fills {{Column}} placeholders from a result row. */
export function fillTemplate(template: string, row: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, col: string) => {
    const v = row[col];
    const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : v === null || v === undefined ? '' : JSON.stringify(v);
    return text.length > 300 ? `${text.slice(0, 297)}...` : text;
  });
}

const isoOf = (v: unknown): string | undefined => {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};

/**
 * The result columns that date a row's events: `Timestamp` when the query returns it (Defender requires it of
 * custom detections), else every datetime column (a summarize's `LastSeen = max(Timestamp)`, `bin(Timestamp, 1h)`).
 * Empty when the result carries no event time at all.
 */
export function eventTimeColumns(columns: readonly { name: string; type: string }[]): string[] {
  if (columns.some((c) => c.name === 'Timestamp')) return ['Timestamp'];
  return columns.filter((c) => c.type === 'datetime').map((c) => c.name);
}

/** The earliest and latest event time a row names, from its event time columns; undefined when none is set. */
export function rowActivity(row: Record<string, unknown>, timeColumns: readonly string[]): { first: string; last: string } | undefined {
  let first: string | undefined;
  let last: string | undefined;
  for (const c of timeColumns) {
    const t = isoOf(row[c]);
    if (t === undefined) continue;
    if (first === undefined || t < first) first = t;
    if (last === undefined || t > last) last = t;
  }
  return first !== undefined && last !== undefined ? { first, last } : undefined;
}

/** Wraps SQL so each hunting table it reads shows only rows ingested after `after` (near-real-time passes). */
export function onlyIngestedAfter(sqlText: string, after: Date): string {
  const ctes: string[] = [];
  const ts = after.toISOString().replace('T', ' ').replace('Z', '');
  for (const t of huntingTables.values()) {
    if (!(sqlText.includes(`"${t.name}"`) || new RegExp(`\\b${t.name}\\b`).test(sqlText))) continue;
    ctes.push(`"${t.name}" AS (SELECT * FROM main."${t.name}" WHERE "${INGESTION_TIME_COLUMN}" > TIMESTAMP '${ts}')`);
  }
  return ctes.length === 0 ? sqlText : `WITH ${ctes.join(',\n')}\nSELECT * FROM (\n${sqlText}\n) AS nrt_query`;
}

export class DetectionsService {
  readonly repo: DetectionsRepository;
  private installed: Promise<void> | undefined;
  /** When each table was last read by a near-real-time pass (wall clock: ingestion times are wall clock). */
  private readonly nrtSince = new Map<string, number>();
  private nrtTail: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: AppContext) {
    this.repo = new DetectionsRepository(ctx.state);
  }

  /** Installs the built-in rules that are missing (never overwriting an administrator's enable/disable). */
  ensureBuiltins(): Promise<void> {
    this.installed ??= (async () => {
      const have = await this.repo.ids();
      const now = this.ctx.now().toISOString();
      for (const r of builtinRules) {
        if (have.has(r.id)) continue;
        await this.repo.insert(this.toRow(r, 'Palisade', now, true));
      }
    })().catch((err: unknown) => {
      this.installed = undefined;
      throw err;
    });
    return this.installed;
  }

  private toRow(r: RuleDefinition, by: string, now: string, builtin: boolean) {
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      query: r.query,
      frequency: r.frequency,
      enabled: 1,
      builtin: builtin ? 1 : 0,
      alert: JSON.stringify(r.alert),
      entity_mapping: JSON.stringify(r.entityMapping),
      suppression_minutes: r.suppressionMinutes ?? defaultSuppressionMinutes,
      created_by: by,
      created: now,
      last_update: now,
    };
  }

  /** Checks a rule definition: fields, then that its query compiles and suits its frequency. */
  check(raw: unknown, requireId: boolean): RuleDefinition {
    const v = validateRule(raw, requireId);
    if ('errors' in v) throw badRequest(`The rule is not valid: ${v.errors.map((e) => `${e.field}: ${e.message}`).join(' ')}`, { errors: v.errors });
    const compiled = compile(v.rule.query, { schema: binderSchema(), dialect: 'duckdb', now: this.ctx.now(), maxRows: maxRowsPerRun });
    const errs = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (errs.length > 0) {
      throw badRequest(`The query does not compile: ${errs.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`, {
        errors: errs.map((d) => ({ field: 'query', code: d.code, message: d.message, line: d.line, column: d.column })),
      });
    }
    if (v.rule.frequency === 'nrt') {
      const problem = nrtProblem(v.rule.query);
      if (problem) throw badRequest(`frequency nrt: ${problem}.`, { errors: [{ field: 'frequency', message: problem }] });
    }
    const columns = new Set(compiled.columns.map((c) => c.name));
    for (const [part, col] of Object.entries(v.rule.entityMapping) as [string, string][]) {
      if (!columns.has(col)) throw badRequest(`entityMapping.${part}: the query has no result column "${col}" (it returns ${[...columns].join(', ')}).`, { errors: [{ field: `entityMapping.${part}`, message: `no result column ${col}` }] });
    }
    return v.rule;
  }

  async list(): Promise<Record<string, unknown>[]> {
    await this.ensureBuiltins();
    return (await this.repo.list()).map((r) => ruleToApi(r));
  }

  async get(id: string): Promise<Record<string, unknown>> {
    await this.ensureBuiltins();
    const row = await this.repo.get(id);
    if (!row) throw notFound(`Detection rule ${id}`);
    return ruleToApi(row, await this.repo.runs(id, 20));
  }

  async create(raw: unknown, actor: string): Promise<Record<string, unknown>> {
    await this.ensureBuiltins();
    const rule = this.check(raw, true);
    if (await this.repo.get(rule.id)) throw conflict(`A detection rule with id ${rule.id} exists.`);
    await this.repo.insert(this.toRow(rule, actor, this.ctx.now().toISOString(), false));
    if (typeof (raw as { enabled?: unknown }).enabled === 'boolean' && !(raw as { enabled: boolean }).enabled) await this.repo.update(rule.id, { enabled: 0 });
    return this.get(rule.id);
  }

  async update(id: string, raw: Record<string, unknown>, _actor: string): Promise<Record<string, unknown>> {
    await this.ensureBuiltins();
    const row = await this.repo.get(id);
    if (!row) throw notFound(`Detection rule ${id}`);
    const now = this.ctx.now().toISOString();
    const onlyEnabled = Object.keys(raw).every((k) => k === 'enabled');
    if (typeof raw.enabled !== 'boolean' && raw.enabled !== undefined) throw badRequest('enabled must be true or false.');
    if (!onlyEnabled) {
      if (row.builtin === 1) throw conflict(`Rule ${id} is built in: it can be enabled or disabled, not edited. Copy it into a custom rule to change it.`);
      const current = ruleToApi(row);
      const merged = { id, name: current.name, description: current.description, query: current.query, frequency: current.frequency, alert: current.alert, entityMapping: current.entityMapping, suppressionMinutes: current.suppressionMinutes, ...raw };
      const rule = this.check(merged, true);
      const { created: _c, created_by: _b, builtin: _bi, enabled: _e, ...rest } = this.toRow(rule, row.created_by, now, false);
      await this.repo.update(id, rest);
    }
    if (typeof raw.enabled === 'boolean') await this.repo.update(id, { enabled: raw.enabled ? 1 : 0, last_update: now });
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const row = await this.repo.get(id);
    if (!row) throw notFound(`Detection rule ${id}`);
    if (row.builtin === 1) throw conflict(`Rule ${id} is built in: disable it instead of deleting it.`);
    await this.repo.delete(id);
  }

  /**
   * Runs one rule now. `ingestedAfter` makes it a near-real-time pass over new rows only; otherwise it reads
   * the rule's lookback before `now`.
   */
  async run(id: string, trigger: 'manual' | 'schedule' | 'nrt', options: { now?: Date; ingestedAfter?: Date; lookbackMs?: number } = {}): Promise<RunOutcome> {
    await this.ensureBuiltins();
    const row = await this.repo.get(id);
    if (!row) throw notFound(`Detection rule ${id}`);
    const now = options.now ?? this.ctx.now();
    const started = performance.now();
    let outcome: RunOutcome;
    try {
      outcome = await this.execute(row, now, options);
    } catch (err) {
      const message = err instanceof HttpError || err instanceof Error ? err.message : String(err);
      outcome = { ruleId: id, status: 'error', rows: 0, alertsCreated: 0, alertsUpdated: 0, capped: false, durationMs: 0, error: message };
    }
    outcome.durationMs = performance.now() - started;
    await this.repo.addRun({
      rule_id: id,
      started: now.toISOString(),
      duration_ms: outcome.durationMs,
      trigger,
      rows: outcome.rows,
      alerts_created: outcome.alertsCreated,
      alerts_updated: outcome.alertsUpdated,
      status: outcome.status,
      error: outcome.error ?? (outcome.capped ? `more than ${maxAlertsPerRun} alerts; the rest wait for the next run` : null),
    });
    await this.repo.update(id, { last_run_at: now.toISOString(), last_run_status: outcome.status });
    return outcome;
  }

  private async execute(row: RuleRow, now: Date, options: { ingestedAfter?: Date; lookbackMs?: number }): Promise<RunOutcome> {
    // Indicator rules: the active indicators fill the query's placeholders; with none active there is nothing to read.
    const indicatorColumns = row.builtin === 1 ? indicatorColumnsOf(row.id) : undefined;
    let active: ActiveIndicators | undefined;
    let query = row.query;
    if (indicatorColumns) {
      active = await indicatorsService(this.ctx).active(now);
      const expanded = expandIndicatorQuery(row.query, active);
      if (expanded === undefined) return { ruleId: row.id, status: 'ok', rows: 0, alertsCreated: 0, alertsUpdated: 0, capped: false, durationMs: 0 };
      query = expanded;
    }
    const compiled = compile(query, { schema: binderSchema(), dialect: 'duckdb', now, maxRows: maxRowsPerRun });
    const errs = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (errs.length > 0) throw new Error(`The query does not compile: ${errs.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
    const frequency = row.frequency as Frequency;
    const lookbackMs = options.lookbackMs ?? (frequency === 'nrt' ? schedule['1h'].lookbackMs : schedule[frequency].lookbackMs);
    const sqlText = options.ingestedAfter ? onlyIngestedAfter(compiled.sql, options.ingestedAfter) : compiled.sql;
    const result = await this.ctx.events.query(sqlText, compiled.params, {
      timeoutMs: 60_000,
      maxRows: maxRowsPerRun,
      ...(options.ingestedAfter ? {} : { since: new Date(now.getTime() - lookbackMs) }),
    });
    const alertDef = parse<RuleAlert>(row.alert, { title: row.name, description: '', severity: 'medium', category: 'SuspiciousActivity', techniques: [] });
    const mapping = parse<EntityMapping>(row.entity_mapping, {});
    // One alert per entity set: rows that name the same entities are one detection.
    // `timed`: the group's activity comes from event times in the rows; otherwise it is the run time, which
    // says nothing about whether the data changed (see the suppression below).
    const groups = new Map<string, { first: string; last: string; timed: boolean; row: Record<string, unknown>; evidence: AlertEntity[]; count: number }>();
    const nowIso = now.toISOString();
    const timeColumns = eventTimeColumns(compiled.columns);
    const rows = indicatorColumns && active ? matchIndicatorRows(result.rows, indicatorColumns, active) : result.rows;
    for (const r of rows) {
      const evidence = rowEntities(r, mapping);
      const fp = entityKeys(evidence).map((k) => k.key).sort().join('|') || JSON.stringify(evidence);
      const activity = rowActivity(r, timeColumns);
      const first = activity?.first ?? nowIso;
      const last = activity?.last ?? nowIso;
      const g = groups.get(fp);
      if (!g) groups.set(fp, { first, last, timed: activity !== undefined, row: r, evidence, count: 1 });
      else {
        g.count++;
        if (activity && !g.timed) {
          // the first event time seen in the group replaces the run time
          g.first = first;
          g.last = last;
          g.timed = true;
        } else if (activity) {
          if (first < g.first) g.first = first;
          if (last > g.last) g.last = last;
        }
        const seen = new Set(g.evidence.map((e) => JSON.stringify(e)));
        for (const e of evidence) if (!seen.has(JSON.stringify(e)) && g.evidence.length < 50) g.evidence.push(e);
      }
    }
    const ordered = [...groups.entries()].sort((a, b) => (a[1].first < b[1].first ? -1 : 1));
    const capped = ordered.length > maxAlertsPerRun;
    const pipeline = alertPipeline(this.ctx);
    const alerts: NewAlert[] = [];
    const windowMs = row.suppression_minutes * 60_000;
    const kept = ordered.slice(0, maxAlertsPerRun).map(([fp, g]) => ({ prefix: `rule:${row.id}:${createHash('sha1').update(fp).digest('hex').slice(0, 16)}:`, g }));
    const priors = await pipeline.alerts.latestOfDetectorByPrefix(row.id, kept.map((k) => k.prefix));
    for (const { prefix, g } of kept) {
      const prior = priors.get(prefix);
      let providerAlertId = `${prefix}${Date.parse(g.first)}`;
      if (prior && Date.parse(g.first) - Date.parse(prior.last_activity) <= windowMs) {
        // Nothing newer than what the alert already covers; a result without event times cannot show newer
        // activity at all (its "time" is the run's), so inside the window it leaves the alert as it is.
        if (!g.timed || g.last <= prior.last_activity) continue;
        providerAlertId = prior.provider_alert_id; // suppression: the repeat updates the existing alert
      }
      const facts = indicatorColumns ? indicatorAlertFacts(g.row, alertDef) : alertDef;
      alerts.push({
        providerAlertId,
        origin: 'detection',
        detectorId: row.id,
        title: fillTemplate(alertDef.title, g.row).slice(0, 500) || row.name,
        description: fillTemplate(alertDef.description, g.row) || row.description,
        recommendedActions: alertDef.recommendedActions ?? null,
        severity: facts.severity,
        category: facts.category,
        mitreTechniques: facts.techniques,
        serviceSource: 'palisade',
        detectionSource: row.builtin === 1 ? 'builtInDetection' : 'customDetection',
        firstActivity: g.first,
        lastActivity: g.last,
        evidence: g.evidence,
      });
    }
    const submitted = alerts.length > 0 ? await pipeline.submit(alerts) : [];
    return {
      ruleId: row.id,
      status: 'ok',
      rows: rows.length,
      alertsCreated: submitted.filter((s) => s.outcome === 'created').length,
      alertsUpdated: submitted.filter((s) => s.outcome === 'updated').length,
      capped,
      durationMs: 0,
    };
  }

  /** Runs near-real-time evaluations one at a time (ingest-triggered passes and the scheduler's), so two never race on a rule. */
  private serialNrt<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.nrtTail.then(fn, fn);
    this.nrtTail = run.catch(() => undefined);
    return run;
  }

  /**
   * One near-real-time pass, after ingest committed rows into `tables`: every enabled NRT rule reading one of
   * them runs over the rows ingested since the previous pass over its table (with an overlap; suppression
   * makes the re-read rows raise nothing twice). Rules that have not had their first, 30-day run yet are
   * left to the scheduler, which gives it.
   */
  nrtPass(tables: ReadonlySet<string>): Promise<RunOutcome[]> {
    return this.serialNrt(async () => {
      await this.ensureBuiltins();
      const started = Date.now();
      const rescanAfter = await this.repo.getSetting(rescanKey);
      const out: RunOutcome[] = [];
      for (const r of await this.repo.list()) {
        const table = sourceTable(r.query);
        if (r.enabled !== 1 || r.frequency !== 'nrt' || table === undefined || !tables.has(table)) continue;
        if (!r.last_run_at || (rescanAfter !== undefined && r.last_run_at < rescanAfter)) continue;
        const after = new Date((this.nrtSince.get(table) ?? started - nrtFirstLookbackMs) - nrtOverlapMs);
        out.push(await this.run(r.id, 'nrt', { ingestedAfter: after }));
      }
      for (const t of tables) this.nrtSince.set(t, started);
      return out;
    });
  }

  /**
   * The indicators changed: the indicator rules look back 30 days at the next scheduler pass (as a new rule
   * does), so telemetry that arrived before an indicator was added is matched too, not only new rows.
   */
  async rescanIndicatorRules(): Promise<void> {
    await this.ensureBuiltins();
    await this.repo.clearLastRun(indicatorRules.map((r) => r.id));
  }

  /**
   * History landed at once (the demo's seeding): at the next pass every enabled rule runs as a new rule does,
   * over the past 30 days. A rule whose pass started before `at` runs again at the one after.
   */
  async rescanFrom(at: Date): Promise<void> {
    await this.repo.putSetting(rescanKey, at.toISOString(), at.toISOString());
  }

  /** Enabled rules that have not run since the rescan mark (all of them when there is no mark). */
  async rescanProgress(): Promise<{ rules: number; pending: number; since: string | null }> {
    await this.ensureBuiltins();
    const since = (await this.repo.getSetting(rescanKey)) ?? null;
    const rules = (await this.repo.list()).filter((r) => r.enabled === 1);
    const pending = rules.filter((r) => since === null || !r.last_run_at || r.last_run_at < since).length;
    return { rules: rules.length, pending, since };
  }

  private passes: Promise<unknown> = Promise.resolve();

  /**
   * A pass (`tick`) after the ones already queued: the scheduler and the demo's first pass share this one
   * chain, so two passes never run the same rule at once.
   */
  queuePass(): Promise<RunOutcome[]> {
    const pass = this.passes.then(() => this.tick());
    this.passes = pass.catch(() => undefined);
    return pass;
  }

  /**
   * One scheduler pass: near-real-time rules over the rows ingested since the previous pass, and the
   * scheduled rules that are due.
   */
  async tick(now: Date = this.ctx.now()): Promise<RunOutcome[]> {
    await this.ensureBuiltins();
    const rules = (await this.repo.list()).filter((r) => r.enabled === 1);
    const out: RunOutcome[] = [];
    const watermarkKey = 'detections.nrtWatermark';
    const prev = await this.repo.getSetting(watermarkKey);
    // a small overlap covers batches that committed just around the previous pass; suppression removes repeats
    const after = new Date((prev ? Date.parse(prev) : now.getTime() - 3_600_000) - 5_000);
    const rescanAfter = await this.repo.getSetting(rescanKey);
    for (const r of rules) {
      // A rule's first run looks back 30 days, as Defender runs a new custom detection over the past 30 days;
      // so does a rule's first run after history was seeded (rescanFrom): a 1h rule would not see it otherwise.
      if (!r.last_run_at || (rescanAfter !== undefined && r.last_run_at < rescanAfter)) out.push(await this.run(r.id, 'schedule', { now, lookbackMs: firstRunLookbackMs }));
      else if (r.frequency === 'nrt') out.push(await this.serialNrt(() => this.run(r.id, 'nrt', { now, ingestedAfter: after })));
      else {
        const every = schedule[r.frequency as Frequency].everyMs;
        if (!r.last_run_at || now.getTime() - Date.parse(r.last_run_at) >= every) out.push(await this.run(r.id, 'schedule', { now }));
      }
    }
    await this.repo.putSetting(watermarkKey, now.toISOString(), now.toISOString());
    return out;
  }
}

const services = new WeakMap<object, DetectionsService>();
export function detectionsService(ctx: AppContext): DetectionsService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new DetectionsService(ctx)));
  return s;
}

/** Runs `tick` every `intervalMs` until stopped; a failing pass is logged and the next one still runs. */
export function startDetectionScheduler(ctx: AppContext, intervalMs = 30_000): { stop(): Promise<void> } {
  const service = detectionsService(ctx);
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const pass = (): void => {
    if (stopped) return;
    running = service.queuePass().catch((err: unknown) => {
      ctx.logger.error({ err }, 'detection scheduler pass failed');
    });
  };
  pass(); // the first pass at once: new rules look back 30 days, so a fresh store gets its incidents now
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return {
    /** No new passes; the one queued or running finishes first. */
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
