/**
 * Threat indicators: CRUD, CSV and STIX imports, and the active set that detections match telemetry against
 * (indicator-detection.ts). An indicator is active until its expiration time; `Allowed` indicators silence a
 * value (and its subdomains) for indicator detections.
 */
import type { Indicator, IndicatorImportResult } from '@palisade/contracts';
import type { AppContext } from '../context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { IndicatorsRepository } from './indicators.repository.ts';
import type { IndicatorFilter, IndicatorRow, NewIndicatorRow } from './indicators.repository.ts';
import { indicatorActions, indicatorSeverities, indicatorTypes, normaliseValue, validateIndicator } from './indicator-model.ts';
import type { FieldError, IndicatorInput, IndicatorType } from './indicator-model.ts';
import { ImportFormatError, csvCandidates, stixCandidates } from './indicator-import.ts';
import type { ImportCandidate } from './indicator-import.ts';
import { matchEnum } from '../alerts/alert-model.ts';

export function indicatorToApi(r: IndicatorRow, now: Date): Indicator {
  let techniques: string[] = [];
  try {
    const parsed: unknown = JSON.parse(r.mitre_techniques);
    if (Array.isArray(parsed)) techniques = parsed.map(String);
  } catch {
    techniques = [];
  }
  return {
    id: String(r.id),
    indicatorType: r.indicator_type,
    indicatorValue: r.indicator_value,
    action: r.action,
    severity: r.severity,
    title: r.title,
    description: r.description,
    recommendedActions: r.recommended_actions,
    category: r.category,
    mitreTechniques: techniques,
    expirationTime: r.expiration,
    status: r.expiration !== null && r.expiration <= now.toISOString() ? 'expired' : 'active',
    source: r.source,
    sourceType: r.source_type,
    createdBy: r.created_by,
    creationTimeDateTimeUtc: r.created,
    lastUpdatedBy: r.last_updated_by,
    lastUpdateTime: r.last_update,
  };
}

export type ImportResult = IndicatorImportResult;

/** A host name (lowercase, no trailing dot) and each parent domain of it, most specific first. */
function domainAndParents(host: string): string[] {
  const out: string[] = [];
  let h = host.trim().toLowerCase().replace(/\.$/, '');
  while (h.includes('.')) {
    out.push(h);
    h = h.slice(h.indexOf('.') + 1);
  }
  return out;
}

/** The host of a URL or of a bare host[:port][/path]. */
const hostOfUrl = (url: string): string | undefined => /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/?#]*@)?([^/:?#]+)/i.exec(url)?.[1];

/** The active indicators of one moment, by type and value, for matching. */
export class ActiveIndicators {
  private readonly alerting = new Map<string, IndicatorRow>();
  private readonly allowed = new Map<string, IndicatorRow>();

  constructor(rows: readonly IndicatorRow[]) {
    for (const r of rows) (r.action === 'Allowed' ? this.allowed : this.alerting).set(`${r.indicator_type}:${r.indicator_value}`, r);
  }

  get size(): number {
    return this.alerting.size;
  }

  /** The alerting values of a type that no allow indicator of the same type and value cancels (for query lists). */
  values(type: IndicatorType): string[] {
    const out: string[] = [];
    for (const [k, r] of this.alerting) if (r.indicator_type === type && !this.allowed.has(k)) out.push(r.indicator_value);
    return out;
  }

  private lookup(type: IndicatorType, value: string): IndicatorRow | 'allowed' | undefined {
    const k = `${type}:${value}`;
    if (this.allowed.has(k)) return 'allowed';
    return this.alerting.get(k);
  }

  /** A host name or any parent domain of it; the most specific indicator decides (an allowed subdomain stays quiet). */
  domain(host: string): IndicatorRow | undefined {
    for (const h of domainAndParents(host)) {
      const hit = this.lookup('DomainName', h);
      if (hit === 'allowed') return undefined;
      if (hit) return hit;
    }
    return undefined;
  }

  /** A URL: the URL indicator itself, else its host by domain. A bare host (DeviceNetworkEvents.RemoteUrl often is one) is a domain. */
  url(raw: string): IndicatorRow | undefined {
    const v = raw.trim();
    if (v === '') return undefined;
    const n = normaliseValue('Url', v);
    if ('value' in n) {
      const hit = this.lookup('Url', n.value);
      if (hit === 'allowed') return undefined;
      if (hit) return hit;
    }
    const host = hostOfUrl(v);
    return host ? this.domain(host) : undefined;
  }

  ip(address: string): IndicatorRow | undefined {
    const n = normaliseValue('IpAddress', address);
    if ('error' in n) return undefined;
    const hit = this.lookup('IpAddress', n.value);
    return hit === 'allowed' ? undefined : hit;
  }

  hash(type: 'FileSha256' | 'FileSha1' | 'FileMd5', value: string): IndicatorRow | undefined {
    const hit = this.lookup(type, value.trim().toLowerCase());
    return hit === 'allowed' ? undefined : hit;
  }
}

export class IndicatorsService {
  readonly repo: IndicatorsRepository;

  constructor(private readonly ctx: AppContext) {
    this.repo = new IndicatorsRepository(ctx.state);
  }

  private toRow(i: IndicatorInput, actor: string, sourceType: 'User' | 'Import', now: string): NewIndicatorRow {
    return {
      indicator_type: i.indicatorType,
      indicator_value: i.indicatorValue,
      action: i.action,
      severity: i.severity,
      title: i.title,
      description: i.description,
      recommended_actions: i.recommendedActions ?? null,
      category: i.category,
      mitre_techniques: JSON.stringify(i.mitreTechniques),
      expiration: i.expirationTime ?? null,
      source: i.source ?? (sourceType === 'User' ? actor : 'Import'),
      source_type: sourceType,
      created_by: actor,
      created: now,
      last_updated_by: actor,
      last_update: now,
    };
  }

  private invalid(errors: FieldError[]): never {
    throw badRequest(`The indicator is not valid: ${errors.map((e) => `${e.field}: ${e.message}`).join(' ')}`, { errors });
  }

  async list(query: { type?: string; action?: string; severity?: string; search?: string; source?: string; status?: string; top?: number; skip?: number }): Promise<{ value: Indicator[]; count: number }> {
    const now = this.ctx.now();
    const pick = <T extends string>(values: readonly T[], raw: string | undefined, name: string): T[] | undefined => {
      if (raw === undefined || raw === '') return undefined;
      return raw.split(',').map((x) => {
        const v = matchEnum(values, x.trim());
        if (!v) throw badRequest(`${name}: "${x}" is not one of ${values.join(', ')}.`);
        return v;
      });
    };
    if (query.status !== undefined && !['active', 'expired', 'all'].includes(query.status)) throw badRequest('status must be active, expired or all.');
    const filter: IndicatorFilter = {};
    const types = pick(indicatorTypes, query.type, 'type');
    const actions = pick(indicatorActions, query.action, 'action');
    const severities = pick(indicatorSeverities, query.severity, 'severity');
    if (types) filter.types = types;
    if (actions) filter.actions = actions;
    if (severities) filter.severities = severities;
    if (query.search) filter.search = query.search;
    if (query.source) filter.source = query.source;
    if (query.status === 'active') filter.activeAt = now.toISOString();
    let rows = await this.repo.list(filter, query.top ?? 10_000, query.skip ?? 0);
    if (query.status === 'expired') rows = rows.filter((r) => r.expiration !== null && r.expiration <= now.toISOString());
    return { value: rows.map((r) => indicatorToApi(r, now)), count: rows.length };
  }

  async get(id: string): Promise<Indicator> {
    const row = await this.repo.get(this.idOf(id));
    if (!row) throw notFound(`Indicator ${id}`);
    return indicatorToApi(row, this.ctx.now());
  }

  private idOf(id: string): number {
    const n = Number(id);
    if (!Number.isSafeInteger(n) || n <= 0) throw notFound(`Indicator ${id}`);
    return n;
  }

  async create(raw: unknown, actor: string): Promise<Indicator> {
    const now = this.ctx.now();
    const v = validateIndicator(raw, now);
    if ('errors' in v) this.invalid(v.errors);
    const existing = await this.repo.byValue(v.indicator.indicatorType, v.indicator.indicatorValue);
    if (existing) throw conflict(`An indicator of type ${v.indicator.indicatorType} for ${v.indicator.indicatorValue} exists (id ${existing.id}); edit it instead.`);
    const id = await this.repo.insert(this.toRow(v.indicator, actor, 'User', now.toISOString()));
    return this.get(String(id));
  }

  /** A partial update: the given fields replace the stored ones, and the result is validated whole. */
  async update(id: string, patch: Record<string, unknown>, actor: string): Promise<Indicator> {
    const row = await this.repo.get(this.idOf(id));
    if (!row) throw notFound(`Indicator ${id}`);
    const now = this.ctx.now();
    const current = indicatorToApi(row, now);
    const merged: Record<string, unknown> = {
      indicatorType: current.indicatorType,
      indicatorValue: current.indicatorValue,
      action: current.action,
      severity: current.severity,
      title: current.title,
      description: current.description,
      category: current.category,
      mitreTechniques: current.mitreTechniques,
      source: current.source,
      ...(row.recommended_actions ? { recommendedActions: row.recommended_actions } : {}),
      // an expiry already passed stays only when not touched: re-validating it would refuse the edit
      ...(row.expiration && row.expiration > now.toISOString() ? { expirationTime: row.expiration } : {}),
      ...patch,
    };
    const v = validateIndicator(merged, now);
    if ('errors' in v) this.invalid(v.errors);
    if (v.indicator.indicatorType !== row.indicator_type || v.indicator.indicatorValue !== row.indicator_value) {
      const other = await this.repo.byValue(v.indicator.indicatorType, v.indicator.indicatorValue);
      if (other && other.id !== row.id) throw conflict(`An indicator of type ${v.indicator.indicatorType} for ${v.indicator.indicatorValue} exists (id ${other.id}).`);
    }
    const { created: _c, created_by: _b, source_type: _s, ...rest } = this.toRow(v.indicator, actor, 'User', now.toISOString());
    if (!('expirationTime' in patch) && row.expiration && row.expiration <= now.toISOString()) rest.expiration = row.expiration;
    await this.repo.update(row.id, rest);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repo.delete(this.idOf(id)))) throw notFound(`Indicator ${id}`);
  }

  /**
   * Imports a CSV (Defender's template) or a STIX 2.1 bundle. Valid records are upserted by type and value in
   * one transaction; invalid ones are listed with where they are and why. A file that cannot be read at all
   * (no header, not a bundle) is a 400 and imports nothing.
   */
  async import(body: { format?: unknown; content?: unknown; source?: unknown; severity?: unknown }, actor: string): Promise<ImportResult> {
    const now = this.ctx.now();
    const source = typeof body.source === 'string' && body.source.trim() !== '' ? body.source.trim().slice(0, 200) : undefined;
    const severity = body.severity === undefined ? 'Medium' : typeof body.severity === 'string' ? matchEnum(indicatorSeverities, body.severity) : undefined;
    if (!severity) throw badRequest(`severity must be one of ${indicatorSeverities.join(', ')} (the severity given to STIX indicators, which carry none).`);
    let parsed: ReturnType<typeof csvCandidates> & { otherObjects?: number };
    try {
      if (body.format === 'csv') {
        if (typeof body.content !== 'string') throw badRequest('content must be the CSV text.');
        parsed = csvCandidates(body.content, source ?? 'CSV import');
      } else if (body.format === 'stix') {
        let bundle = body.content;
        if (typeof bundle === 'string') {
          try {
            bundle = JSON.parse(bundle) as unknown;
          } catch (err) {
            throw badRequest(`content is not JSON: ${(err as Error).message}`);
          }
        }
        parsed = stixCandidates(bundle, source, now, severity);
      } else throw badRequest('format must be csv or stix.');
    } catch (err) {
      if (err instanceof ImportFormatError) throw badRequest(err.message);
      throw err;
    }
    const applied = await this.apply(parsed.candidates, actor);
    return { ...applied, skipped: parsed.skipped, ...(parsed.otherObjects !== undefined ? { otherObjects: parsed.otherObjects } : {}) };
  }

  /** Validates import records and upserts the valid ones (by type and value) in one transaction. */
  async apply(candidates: readonly ImportCandidate[], actor: string): Promise<Omit<ImportResult, 'skipped'>> {
    const now = this.ctx.now();
    const errors: ImportResult['errors'] = [];
    const rows = new Map<string, NewIndicatorRow>();
    for (const c of candidates) {
      const v = validateIndicator(c.body, now);
      if ('errors' in v) {
        for (const e of v.errors) errors.push({ at: c.at, ...e });
        continue;
      }
      const row = this.toRow(v.indicator, actor, 'Import', now.toISOString());
      rows.set(`${row.indicator_type}:${row.indicator_value}`, row); // a value listed twice: the last one wins
    }
    const { created, updated } = await this.repo.upsertMany([...rows.values()]);
    return { created, updated, errors };
  }

  /** The indicators active at `now` (not expired), for matching. */
  async active(now: Date = this.ctx.now()): Promise<ActiveIndicators> {
    return new ActiveIndicators(await this.repo.list({ activeAt: now.toISOString() }, 1_000_000));
  }

  /**
   * The evidence seam (incidents/incident-evidence.ts IndicatorMatcher): the active alerting indicators these
   * entity values match, keyed "kind:value".
   */
  async match(values: readonly { kind: 'domain' | 'url' | 'ip' | 'sha256' | 'sha1'; value: string }[]): Promise<Map<string, { id: string; title: string }>> {
    // Only the indicator rows these values could hit (the values, their normal forms and parent domains), not every active one.
    const candidates = new Set<string>();
    for (const { kind, value } of values) {
      const v = value.trim();
      if (kind === 'sha256' || kind === 'sha1') candidates.add(v.toLowerCase());
      else if (kind === 'ip') {
        const n = normaliseValue('IpAddress', v);
        if ('value' in n) candidates.add(n.value);
      } else {
        const n = kind === 'url' ? normaliseValue('Url', v) : undefined;
        if (n && 'value' in n) candidates.add(n.value);
        const host = kind === 'url' ? hostOfUrl(v) : v;
        for (const d of host ? domainAndParents(host) : []) candidates.add(d);
      }
    }
    const at = this.ctx.now().toISOString();
    const rows: IndicatorRow[] = [];
    const list = [...candidates];
    for (let i = 0; i < list.length; i += 500) rows.push(...(await this.repo.list({ activeAt: at, values: list.slice(i, i + 500) }, 1_000_000)));
    const active = new ActiveIndicators(rows);
    const out = new Map<string, { id: string; title: string }>();
    for (const { kind, value } of values) {
      const hit = kind === 'domain' ? active.domain(value) : kind === 'url' ? active.url(value) : kind === 'ip' ? active.ip(value) : active.hash(kind === 'sha256' ? 'FileSha256' : 'FileSha1', value);
      if (hit) out.set(`${kind}:${value}`, { id: String(hit.id), title: hit.title });
    }
    return out;
  }
}

const services = new WeakMap<object, IndicatorsService>();
export function indicatorsService(ctx: AppContext): IndicatorsService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new IndicatorsService(ctx)));
  return s;
}
