/**
 * Alert tuning rules: CRUD, and the tuner the alert pipeline consults for each new alert. A matching alert is
 * never dropped: it is stored (and written to the hunting tables) with the rule that matched it, and each rule
 * counts its matches. "hide" keeps the alert out of correlation and out of the queue (it gets a resolved
 * incident of its own, tagged Suppressed); "resolve" correlates it as usual but resolved, with the rule's
 * classification. Expired or disabled rules do nothing.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { deviceGroupsFor } from '../device-groups/device-groups.service.ts';
import { deviceKeyValue } from '../correlation/entity-keys.ts';
import type { Db } from '../incidents/incidents.repository.ts';
import { AlertTuningRepository } from './alert-tuning.repository.ts';
import type { TuningRow } from './alert-tuning.repository.ts';
import { ruleMatches, validateTuningRule } from './alert-tuning.ts';
import type { TunableAlert, TuningCondition, TuningRuleInput, TuningScope } from './alert-tuning.ts';

export interface TuningDecision {
  ruleId: string;
  action: 'hide' | 'resolve';
  classification: string | null;
  determination: string | null;
}

/** What the alert pipeline needs from tuning. */
export interface AlertTuner {
  decide(alerts: readonly TunableAlert[]): Promise<(TuningDecision | undefined)[]>;
  countMatches(db: Db, counts: ReadonlyMap<string, number>, at: string): Promise<void>;
}

const parse = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export function tuningToApi(r: TuningRow): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled === 1,
    conditions: parse<TuningCondition[]>(r.conditions, []),
    action: r.action,
    classification: r.classification,
    determination: r.determination,
    scope: parse<TuningScope>(r.scope, { allDevices: true }),
    owner: r.owner,
    reason: r.reason,
    expires: r.expires,
    matchCount: r.match_count,
    lastMatchDateTime: r.last_match,
    createdBy: r.created_by,
    createdDateTime: r.created,
    lastModifiedDateTime: r.last_update,
  };
}

export class AlertTuningService implements AlertTuner {
  readonly repo: AlertTuningRepository;
  private cache: { rows: TuningRow[]; at: number } | undefined;

  constructor(
    private readonly ctx: AppContext,
    /** Device names (lower-cased, short) in the given device groups. */
    private readonly devicesInGroups: (ids: readonly string[]) => Promise<Set<string>> = async (ids) =>
      new Set((await deviceGroupsFor(ctx).devicesInGroups(ids)).map((d) => deviceKeyValue(d.deviceName))),
  ) {
    this.repo = new AlertTuningRepository(ctx.state);
  }

  private async active(): Promise<TuningRow[]> {
    const now = this.ctx.now().getTime();
    if (!this.cache || now - this.cache.at > 30_000) this.cache = { rows: await this.repo.list(), at: now };
    return this.cache.rows.filter((r) => r.enabled === 1 && (r.expires === null || Date.parse(r.expires) > now));
  }

  async decide(alerts: readonly TunableAlert[]): Promise<(TuningDecision | undefined)[]> {
    const rules = await this.active();
    if (rules.length === 0) return alerts.map(() => undefined);
    const scopes = new Map<string, Set<string> | 'all'>();
    for (const r of rules) {
      const scope = parse<TuningScope>(r.scope, { allDevices: true });
      scopes.set(r.id, 'allDevices' in scope ? 'all' : await this.devicesInGroups(scope.deviceGroupIds));
    }
    return alerts.map((a) => {
      const devices = a.evidence.flatMap((e) => (e.type === 'device' || e.type === 'process' ? [deviceKeyValue(e.deviceName)] : []));
      for (const r of rules) {
        const scope = scopes.get(r.id);
        if (scope !== 'all' && !devices.some((d) => scope?.has(d))) continue;
        if (!ruleMatches(parse<TuningCondition[]>(r.conditions, []), a)) continue;
        return { ruleId: r.id, action: r.action === 'resolve' ? 'resolve' : 'hide', classification: r.classification, determination: r.determination };
      }
      return undefined;
    });
  }

  async countMatches(db: Db, counts: ReadonlyMap<string, number>, at: string): Promise<void> {
    for (const [id, n] of counts) await this.repo.countMatches(db, id, n, at);
  }

  async list(): Promise<Record<string, unknown>[]> {
    return (await this.repo.list()).map(tuningToApi);
  }

  async get(id: string): Promise<Record<string, unknown>> {
    const row = await this.repo.get(id);
    if (!row) throw notFound(`Alert tuning rule ${id}`);
    return tuningToApi(row);
  }

  private check(raw: unknown): TuningRuleInput {
    const v = validateTuningRule(raw, this.ctx.now());
    if ('errors' in v) throw badRequest(`The tuning rule is not valid: ${v.errors.map((e) => `${e.field}: ${e.message}`).join(' ')}`, { errors: v.errors });
    return v.rule;
  }

  async create(raw: unknown, actor: string): Promise<Record<string, unknown>> {
    const r = this.check(raw);
    const id = randomUUID();
    const now = this.ctx.now().toISOString();
    await this.repo.insert({
      id,
      name: r.name,
      enabled: r.enabled ? 1 : 0,
      conditions: JSON.stringify(r.conditions),
      action: r.action,
      classification: r.classification,
      determination: r.determination,
      scope: JSON.stringify(r.scope),
      owner: actor,
      reason: r.reason,
      expires: r.expires,
      created_by: actor,
      created: now,
      last_update: now,
    });
    this.cache = undefined;
    return this.get(id);
  }

  async update(id: string, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
    const row = await this.repo.get(id);
    if (!row) throw notFound(`Alert tuning rule ${id}`);
    const current = tuningToApi(row);
    const merged = {
      name: current.name,
      enabled: current.enabled,
      conditions: current.conditions,
      action: current.action,
      classification: current.classification,
      determination: current.determination,
      scope: current.scope,
      reason: current.reason,
      expires: row.expires !== null && Date.parse(row.expires) <= this.ctx.now().getTime() ? null : row.expires,
      ...raw,
    };
    const r = this.check(merged);
    await this.repo.update(id, {
      name: r.name,
      enabled: r.enabled ? 1 : 0,
      conditions: JSON.stringify(r.conditions),
      action: r.action,
      classification: r.classification,
      determination: r.determination,
      scope: JSON.stringify(r.scope),
      reason: r.reason,
      expires: r.expires,
      last_update: this.ctx.now().toISOString(),
    });
    this.cache = undefined;
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repo.get(id))) throw notFound(`Alert tuning rule ${id}`);
    await this.repo.delete(id);
    this.cache = undefined;
  }
}

const services = new WeakMap<object, AlertTuningService>();
export function alertTuning(ctx: AppContext): AlertTuningService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new AlertTuningService(ctx)));
  return s;
}
