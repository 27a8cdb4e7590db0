/**
 * Incident notifications: rules that send new and updated incidents at or above a severity to a webhook,
 * signed, retried with exponential backoff, every attempt in the delivery log. Deliveries run on their own
 * queue: the alert pipeline only hands over incident ids (a listener that returns at once), so a slow or
 * failing endpoint never holds up correlation.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { alertSeverities, matchEnum, severityRank } from '../alerts/alert-model.ts';
import type { AlertSeverity } from '../alerts/alert-model.ts';
import { alertPipeline } from '../correlation/correlation.service.ts';
import { incidentToGraph } from '../incidents/incidents.service.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { NotificationDeliveriesTable, NotificationRulesTable } from '../state/schema.ts';
import type { Selectable } from 'kysely';
import { notificationEvents, notificationFormats, payload, sign } from './notification-payloads.ts';
import type { IncidentNotice, NotificationEvent, NotificationFormat } from './notification-payloads.ts';

type RuleRow = Selectable<NotificationRulesTable>;
type DeliveryRow = Selectable<NotificationDeliveriesTable>;

export interface NotificationOptions {
  /** Attempts per delivery (first try included). */
  maxAttempts: number;
  /** Backoff before retry n is baseDelayMs * 2^(n-1). */
  baseDelayMs: number;
  timeoutMs: number;
  /** Where incident links point. */
  baseUrl: string;
}

export const defaultNotificationOptions: NotificationOptions = { maxAttempts: 5, baseDelayMs: 2_000, timeoutMs: 10_000, baseUrl: process.env.PALISADE_PUBLIC_URL ?? 'http://localhost:8080' };

const parse = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export function ruleToApi(r: RuleRow): Record<string, unknown> {
  return { id: r.id, name: r.name, enabled: r.enabled === 1, url: r.url, format: r.format, minSeverity: r.min_severity, events: parse<string[]>(r.events, []), createdBy: r.created_by, createdDateTime: r.created, lastModifiedDateTime: r.last_update };
}

export function deliveryToApi(d: DeliveryRow): Record<string, unknown> {
  return { id: d.id, ruleId: d.rule_id, incidentId: String(d.incident_id), event: d.event, status: d.status, attempts: d.attempts, lastStatusCode: d.last_status_code, lastError: d.last_error, createdDateTime: d.created, lastAttemptDateTime: d.last_attempt };
}

export class NotificationsService {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  /** Tunable at run time (tests shorten the backoff). */
  readonly options: NotificationOptions;

  constructor(
    private readonly ctx: AppContext,
    options: Partial<NotificationOptions> = {},
  ) {
    this.options = { ...defaultNotificationOptions, ...options };
  }

  /** Subscribes to the alert pipeline. */
  attach(): void {
    alertPipeline(this.ctx).onIncident((e) => {
      if (this.closed) return;
      this.track(this.enqueue(e.kind === 'created' ? 'incidentCreated' : 'incidentUpdated', e.incidentId));
    });
  }

  private track(p: Promise<void>): void {
    const guarded = p.catch((err: unknown) => this.ctx.logger.error({ err }, 'notification failed'));
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }

  /** Stops retries and waits for the deliveries in progress. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.inFlight]);
  }

  /** Waits until no delivery is in progress or scheduled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      await Promise.all([...this.inFlight]);
      if (this.timers.size > 0) await new Promise((r) => setTimeout(r, 10));
    }
  }

  async enqueue(event: NotificationEvent, incidentId: number): Promise<void> {
    const incident = await this.ctx.state.selectFrom('incidents').selectAll().where('id', '=', incidentId).executeTakeFirst();
    if (!incident) return;
    const rules = await this.ctx.state.selectFrom('notification_rules').selectAll().where('enabled', '=', 1).execute();
    for (const r of rules) {
      if (!parse<string[]>(r.events, []).includes(event)) continue;
      if (severityRank[incident.severity as AlertSeverity] < severityRank[r.min_severity as AlertSeverity]) continue;
      const created = this.ctx.now().toISOString();
      const res = await this.ctx.state
        .insertInto('notification_deliveries')
        .values({ rule_id: r.id, incident_id: incidentId, event, status: 'pending', created })
        .returning('id')
        .executeTakeFirstOrThrow();
      const g = incidentToGraph(incident);
      const notice: IncidentNotice = {
        id: String(g.id),
        displayName: incident.display_name,
        severity: incident.severity,
        status: incident.status,
        alertCount: incident.alert_count,
        categories: (g.categories as string[] | undefined) ?? [],
        assignedTo: incident.assigned_to,
        lastUpdateDateTime: incident.last_update,
        incidentWebUrl: `/incidents/${incident.id}`,
      };
      const body = JSON.stringify(payload(r.format as NotificationFormat, event, notice, this.options.baseUrl));
      this.track(this.attempt(r, res.id, body, event, 1));
    }
  }

  private async attempt(rule: RuleRow, deliveryId: number, body: string, event: NotificationEvent, n: number): Promise<void> {
    if (this.closed) return;
    let code: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(rule.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-palisade-event': event, 'x-palisade-signature': sign(rule.secret, body), 'x-palisade-delivery': String(deliveryId) },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      code = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const done = error === null;
    const last = !done && n >= this.options.maxAttempts;
    await this.ctx.state
      .updateTable('notification_deliveries')
      .set({ status: done ? 'delivered' : last ? 'failed' : 'retrying', attempts: n, last_status_code: code, last_error: error, last_attempt: this.ctx.now().toISOString() })
      .where('id', '=', deliveryId)
      .execute();
    if (done || last || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.attempt(rule, deliveryId, body, event, n + 1));
    }, this.options.baseDelayMs * 2 ** (n - 1));
    timer.unref();
    this.timers.add(timer);
  }

  // ---- rules ----

  private validate(raw: Record<string, unknown>): { name: string; url: string; format: NotificationFormat; minSeverity: AlertSeverity; events: NotificationEvent[]; enabled: boolean } {
    const errors: string[] = [];
    const name = typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name.trim() : (errors.push('name must be a non-empty string.'), '');
    let url = '';
    try {
      const u = new URL(String(raw.url));
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
      url = u.toString();
    } catch {
      errors.push('url must be an http(s) URL.');
    }
    const format = typeof raw.format === 'string' ? matchEnum(notificationFormats, raw.format) : raw.format === undefined ? 'json' : undefined;
    if (!format) errors.push(`format must be one of ${notificationFormats.join(', ')}.`);
    const minSeverity = typeof raw.minSeverity === 'string' ? matchEnum(alertSeverities, raw.minSeverity) : raw.minSeverity === undefined ? 'informational' : undefined;
    if (!minSeverity) errors.push(`minSeverity must be one of ${alertSeverities.join(', ')}.`);
    const eventsRaw = raw.events === undefined ? ['incidentCreated'] : raw.events;
    const events = Array.isArray(eventsRaw) ? eventsRaw.map((e) => (typeof e === 'string' ? matchEnum(notificationEvents, e) : undefined)) : [undefined];
    if (events.length === 0 || events.some((e) => !e)) errors.push(`events must be a non-empty array of ${notificationEvents.join(', ')}.`);
    if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean') errors.push('enabled must be true or false.');
    for (const k of Object.keys(raw)) if (!['name', 'url', 'format', 'minSeverity', 'events', 'enabled'].includes(k)) errors.push(`${k} is not a field of a notification rule.`);
    if (errors.length > 0 || !format || !minSeverity) throw badRequest(`The notification rule is not valid: ${errors.join(' ')}`);
    return { name, url, format, minSeverity, events: events as NotificationEvent[], enabled: raw.enabled !== false };
  }

  async list(): Promise<Record<string, unknown>[]> {
    return (await this.ctx.state.selectFrom('notification_rules').selectAll().orderBy('created').execute()).map(ruleToApi);
  }

  /** Creates a rule; the response carries the signing secret, shown this once. */
  async create(raw: Record<string, unknown>, actor: string): Promise<Record<string, unknown>> {
    const v = this.validate(raw);
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const now = this.ctx.now().toISOString();
    await this.ctx.state
      .insertInto('notification_rules')
      .values({ id, name: v.name, enabled: v.enabled ? 1 : 0, url: v.url, format: v.format, secret, min_severity: v.minSeverity, events: JSON.stringify(v.events), created_by: actor, created: now, last_update: now })
      .execute();
    const row = await this.ctx.state.selectFrom('notification_rules').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { ...ruleToApi(row), secret };
  }

  async remove(id: string): Promise<void> {
    const r = await this.ctx.state.deleteFrom('notification_rules').where('id', '=', id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound(`Notification rule ${id}`);
  }

  async deliveries(ruleId: string | undefined, limit: number): Promise<Record<string, unknown>[]> {
    let q = this.ctx.state.selectFrom('notification_deliveries').selectAll();
    if (ruleId) q = q.where('rule_id', '=', ruleId);
    return (await q.orderBy('id', 'desc').limit(limit).execute()).map(deliveryToApi);
  }
}

const services = new WeakMap<object, NotificationsService>();
export function notificationsFor(ctx: AppContext, options: Partial<NotificationOptions> = {}): NotificationsService {
  let s = services.get(ctx);
  if (!s) {
    services.set(ctx, (s = new NotificationsService(ctx, options)));
    s.attach();
  }
  return s;
}
