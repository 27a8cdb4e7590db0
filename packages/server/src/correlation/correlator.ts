/**
 * The correlator: decides, for each new alert, which incident it belongs to. Pure and in memory (no I/O): the
 * correlation service feeds it the open state from the store at start and persists each decision. Rules and
 * their reasons are in README.md beside this file.
 */
import type { Classification, IncidentStatus } from '../alerts/alert-model.ts';
import type { EntityKey, KeyKind } from './entity-keys.ts';
import { keyStrength } from './entity-keys.ts';

export interface CorrelationConfig {
  /** Two alerts sharing an entity correlate when their activity is at most this far apart. Default 24 h. */
  windowMs: number;
  /** Prevalence guard: an entity seen with more than this share of all alerting devices does not link... */
  prevalentDeviceShare: number;
  /** ...once at least this many devices have alerted (below it, shares say nothing). */
  prevalenceMinDevices: number;
  /** An entity present in more than this share of all alerts does not link... */
  prevalentAlertShare: number;
  /** ...once at least this many alerts have been seen. */
  prevalenceMinAlerts: number;
  /** Spans older than this behind the newest activity seen are forgotten (late alerts beyond it open new incidents). */
  retentionMs: number;
}

export const defaultCorrelationConfig: CorrelationConfig = {
  windowMs: 24 * 3600_000,
  prevalentDeviceShare: 0.2,
  prevalenceMinDevices: 10,
  prevalentAlertShare: 0.5,
  prevalenceMinAlerts: 50,
  retentionMs: 8 * 24 * 3600_000,
};

/** What correlation needs to know of an incident. */
export interface IncidentFacts {
  id: number;
  status: IncidentStatus;
  assignedTo: string | null;
  classification: Classification;
  determination: string;
}

export interface CorrelatingAlert {
  id: number;
  /** Activity span, epoch milliseconds. */
  first: number;
  last: number;
  keys: readonly EntityKey[];
}

export interface CorrelationReason {
  kind: KeyKind;
  entityKey: string;
  entity: string;
  alertId: number;
  text: string;
}

export type NoMergeCause = 'assignedToDifferentPeople' | 'differentClassification';

export interface Decision {
  incidentId: number;
  created: boolean;
  /** Why the alert joined its incident (null when it opened a new one). */
  reason: CorrelationReason | null;
  /** Incidents merged into incidentId by this alert (now redirected), each with the link that tied it. */
  merged: { incidentId: number; reason: CorrelationReason }[];
  /** Incidents this alert also links to but that could not be merged, with the cause. */
  notMerged: { incidentId: number; cause: NoMergeCause }[];
  /** Shared entities ignored because they are prevalent. */
  prevalentIgnored: string[];
}

interface Span {
  first: number;
  last: number;
  /** The alert whose activity ends the span: named in reasons. */
  alertId: number;
}

export function isOpen(status: IncidentStatus): boolean {
  return status === 'active' || status === 'inProgress';
}

/** Why two open incidents may not merge (Defender's rules), or undefined when they may. */
export function noMergeCause(a: IncidentFacts, b: IncidentFacts): NoMergeCause | undefined {
  if (a.assignedTo && b.assignedTo && a.assignedTo.toLowerCase() !== b.assignedTo.toLowerCase()) return 'assignedToDifferentPeople';
  if (a.classification !== 'unknown' && b.classification !== 'unknown' && a.classification !== b.classification) return 'differentClassification';
  if (a.determination !== 'unknown' && b.determination !== 'unknown' && a.determination !== b.determination) return 'differentClassification';
  return undefined;
}

export class Correlator {
  readonly config: CorrelationConfig;
  private readonly incidents = new Map<number, IncidentFacts>();
  /** Merged incident -> the incident it went into. */
  private readonly redirects = new Map<number, number>();
  /** entity key -> incident (as recorded when the span was added) -> spans of its alerts with that key. */
  private readonly index = new Map<string, Map<number, Span[]>>();
  /** Prevalence: entity key -> devices seen in alerts with it, and number of alerts with it. */
  private readonly keyDevices = new Map<string, Set<string>>();
  private readonly keyAlerts = new Map<string, number>();
  private readonly devices = new Set<string>();
  /** How each key was first shown, so reasons name the entity as the earlier alert did. */
  private readonly displays = new Map<string, string>();
  private alertCount = 0;
  private newest = Number.NEGATIVE_INFINITY;
  private nextId = 1;

  constructor(config: Partial<CorrelationConfig> = {}) {
    this.config = { ...defaultCorrelationConfig, ...config };
  }

  /** Registers (or updates) what correlation knows of an incident. */
  setIncident(facts: IncidentFacts): void {
    this.incidents.set(facts.id, { ...facts });
    if (facts.id >= this.nextId) this.nextId = facts.id + 1;
  }

  /** A new incident id for an incident that takes no part in correlation (a suppressed alert's). */
  allocateClosedIncident(): number {
    const id = this.nextId++;
    this.setIncident({ id, status: 'resolved', assignedTo: null, classification: 'unknown', determination: 'unknown' });
    return id;
  }

  /** New incidents get ids above this one. */
  reserveIncidentIds(upTo: number): void {
    if (upTo >= this.nextId) this.nextId = upTo + 1;
  }

  /** Records that `from` was merged into `into`. */
  redirect(from: number, into: number): void {
    this.redirects.set(from, into);
    const f = this.incidents.get(from);
    if (f) f.status = 'redirected';
  }

  incident(id: number): IncidentFacts | undefined {
    return this.incidents.get(this.resolve(id));
  }

  /** The incident an id now stands for, following redirects (with path compression). */
  resolve(id: number): number {
    let root = id;
    for (let next = this.redirects.get(root); next !== undefined; next = this.redirects.get(root)) root = next;
    for (let cur = id, next = this.redirects.get(cur); next !== undefined && next !== root; cur = next, next = this.redirects.get(cur)) this.redirects.set(cur, root);
    return root;
  }

  /** Adds an already-placed alert (loading state from the store), updating index and prevalence. */
  addAlert(alert: CorrelatingAlert, incidentId: number): void {
    this.alertCount++;
    if (alert.last > this.newest) this.newest = alert.last;
    const devices = alert.keys.filter((k) => k.kind === 'device').map((k) => k.key);
    for (const d of devices) this.devices.add(d);
    for (const k of alert.keys) {
      if (!this.displays.has(k.key)) this.displays.set(k.key, k.display);
      this.keyAlerts.set(k.key, (this.keyAlerts.get(k.key) ?? 0) + 1);
      if (devices.length > 0) {
        let set = this.keyDevices.get(k.key);
        if (!set) this.keyDevices.set(k.key, (set = new Set()));
        for (const d of devices) set.add(d);
      }
      let byIncident = this.index.get(k.key);
      if (!byIncident) this.index.set(k.key, (byIncident = new Map<number, Span[]>()));
      let spans = byIncident.get(incidentId);
      if (!spans) byIncident.set(incidentId, (spans = []));
      addToSpans(spans, alert, this.config.windowMs);
    }
  }

  /** True when the entity is too common to say two alerts belong to one attack. */
  isPrevalent(key: string): boolean {
    const c = this.config;
    if (this.devices.size >= c.prevalenceMinDevices && (this.keyDevices.get(key)?.size ?? 0) > c.prevalentDeviceShare * this.devices.size) return true;
    return this.alertCount >= c.prevalenceMinAlerts && (this.keyAlerts.get(key) ?? 0) > c.prevalentAlertShare * this.alertCount;
  }

  /**
   * Places a new alert: joins the oldest open incident it shares a non-prevalent entity with inside the
   * window (`ignore` adds keys known to be prevalent from elsewhere, e.g. the telemetry), merging the other linked incidents into it when the rules allow; otherwise opens a new incident.
   * The in-memory state is updated; the caller persists the decision.
   */
  correlate(alert: CorrelatingAlert, ignore: ReadonlySet<string> = new Set()): Decision {
    const { windowMs } = this.config;
    const horizon = this.newest - this.config.retentionMs;
    // incident -> its best link (strongest entity kind, then the closest alert)
    const links = new Map<number, CorrelationReason>();
    const prevalentIgnored: string[] = [];
    for (const k of alert.keys) {
      const byIncident = this.index.get(k.key);
      if (!byIncident) continue;
      if (ignore.has(k.key) || this.isPrevalent(k.key)) {
        prevalentIgnored.push(k.display);
        continue;
      }
      for (const [recorded, spans] of byIncident) {
        pruneSpans(spans, horizon);
        if (spans.length === 0) {
          byIncident.delete(recorded);
          continue;
        }
        const inc = this.resolve(recorded);
        const facts = this.incidents.get(inc);
        if (!facts || !isOpen(facts.status)) continue;
        const span = spans.find((s) => alert.first - windowMs <= s.last && s.first <= alert.last + windowMs);
        if (!span) continue;
        const prev = links.get(inc);
        if (!prev || keyStrength[k.kind] < keyStrength[prev.kind]) {
          const entity = this.displays.get(k.key) ?? k.display;
          links.set(inc, { kind: k.kind, entityKey: k.key, entity, alertId: span.alertId, text: `shares ${entity} with alert ${span.alertId}` });
        }
      }
    }
    if (links.size === 0) {
      const incidentId = this.nextId++;
      this.setIncident({ id: incidentId, status: 'active', assignedTo: null, classification: 'unknown', determination: 'unknown' });
      this.addAlert(alert, incidentId);
      return { incidentId, created: true, reason: null, merged: [], notMerged: [], prevalentIgnored };
    }
    const candidates = [...links.keys()].sort((a, b) => a - b);
    const target = candidates[0] as number;
    const targetFacts = this.incidents.get(target) as IncidentFacts;
    const merged: Decision['merged'] = [];
    const notMerged: Decision['notMerged'] = [];
    for (const other of candidates.slice(1)) {
      const cause = noMergeCause(targetFacts, this.incidents.get(other) as IncidentFacts);
      if (cause) notMerged.push({ incidentId: other, cause });
      else {
        merged.push({ incidentId: other, reason: links.get(other) as CorrelationReason });
        this.redirect(other, target);
      }
    }
    this.addAlert(alert, target);
    return { incidentId: target, created: false, reason: links.get(target) as CorrelationReason, merged, notMerged, prevalentIgnored };
  }
}

function addToSpans(spans: Span[], alert: CorrelatingAlert, windowMs: number): void {
  // Spans are kept apart by more than the window; an alert within the window of a span extends it (and may
  // bridge two spans). Inside a span every point is within the window of one of its alerts.
  let merged: Span = { first: alert.first, last: alert.last, alertId: alert.id };
  for (let i = spans.length - 1; i >= 0; i--) {
    const s = spans[i] as Span;
    if (merged.first - windowMs <= s.last && s.first <= merged.last + windowMs) {
      merged = { first: Math.min(s.first, merged.first), last: Math.max(s.last, merged.last), alertId: s.last > merged.last ? s.alertId : merged.alertId };
      spans.splice(i, 1);
    }
  }
  spans.push(merged);
}

function pruneSpans(spans: Span[], horizon: number): void {
  for (let i = spans.length - 1; i >= 0; i--) if ((spans[i] as Span).last < horizon) spans.splice(i, 1);
}
