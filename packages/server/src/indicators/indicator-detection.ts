/**
 * Indicator detections: built-in rules (detections/builtin/indicator-rules.ts) whose KQL names the active
 * indicators through placeholders, `{{indicators:DomainName}}` and the like. Before a run the detection service
 * replaces each placeholder with the active values of that type as a KQL list, so the event store filters the
 * rows (a pre-filter: it also lets through parent domains and sentinel values); then each result row is decided
 * here against the active set (the most specific domain wins, allowed values stay quiet) and enriched with the
 * indicator it matched (IndicatorTitle, IndicatorValue...), whose severity, category and techniques the alert
 * takes. The rules run as any rule does: scheduled, near-real-time on each ingest batch where the query is a
 * one-table filter, with suppression, entity mapping and the run log.
 */
import type { AlertSeverity } from '../alerts/alert-model.ts';
import type { ActiveIndicators } from './indicators.service.ts';
import type { IndicatorRow } from './indicators.repository.ts';
import { alertSeverityOf, indicatorTypes } from './indicator-model.ts';
import type { IndicatorSeverity, IndicatorType } from './indicator-model.ts';

/** Which result columns of a rule's rows hold what kind of observable. */
export interface IndicatorColumns {
  ip?: readonly string[];
  /** A URL or a bare host name (DeviceNetworkEvents.RemoteUrl holds either). */
  url?: readonly string[];
  domain?: readonly string[];
  sha256?: readonly string[];
  sha1?: readonly string[];
  md5?: readonly string[];
}

/** Stands in for a type without active values, so the list is never empty; no valid indicator value looks like it. */
const sentinel = '(no active indicator)';

const kqlString = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * `{{indicators:DomainPattern}}` is the active domains as one case-insensitive regular expression that finds any
 * of them as a host or a parent domain of a host inside a URL or bare host name: one RE2 pass per row, about 4x
 * cheaper than extracting the host and comparing it and its parents with lists (and any depth of subdomain).
 */
const placeholder = /\{\{\s*indicators:([A-Za-z0-9]+)\s*\}\}/g;
type Placeholder = IndicatorType | 'DomainPattern';

const typeOf = (name: string): Placeholder => {
  if (name === 'DomainPattern') return name;
  const t = indicatorTypes.find((x) => x === name);
  if (!t) throw new Error(`Unknown indicator placeholder {{indicators:${name}}}; types are ${indicatorTypes.join(', ')}, DomainPattern.`);
  return t;
};

/** The indicator types a query's placeholders use; unknown names are an error (a typo would silently match nothing). */
export function placeholderTypes(query: string): IndicatorType[] {
  const out = new Set<IndicatorType>();
  for (const m of query.matchAll(placeholder)) {
    const t = typeOf(m[1] ?? '');
    out.add(t === 'DomainPattern' ? 'DomainName' : t);
  }
  return [...out];
}

export function usesIndicators(query: string): boolean {
  return /\{\{\s*indicators:/.test(query);
}

/** A KQL verbatim string holding the regular expression that finds any of `domains` as a host or parent domain. */
export function domainPattern(domains: readonly string[]): string {
  const alternatives = (domains.length > 0 ? domains : [sentinel]).map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `@"(?i)(^|[./@])(${alternatives.join('|').replace(/"/g, '""')})($|[/:?#])"`;
}

/**
 * The query with each placeholder replaced by the active values of its type; undefined when none of its types
 * has an active value (the run has nothing to look for and reads nothing).
 */
export function expandIndicatorQuery(query: string, active: ActiveIndicators): string | undefined {
  const types = placeholderTypes(query);
  const lists = new Map(types.map((t) => [t, active.values(t)]));
  if ([...lists.values()].every((l) => l.length === 0)) return undefined;
  return query.replace(placeholder, (_m, name: string) => {
    const t = typeOf(name);
    if (t === 'DomainPattern') return domainPattern(lists.get('DomainName') ?? []);
    const values = lists.get(t) ?? [];
    return `(${(values.length > 0 ? values : [sentinel]).map(kqlString).join(', ')})`;
  });
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The indicator a result row matches, checking its columns in the order given (IP, URL, domain, hashes). */
export function rowIndicator(row: Record<string, unknown>, cols: IndicatorColumns, active: ActiveIndicators): IndicatorRow | undefined {
  const first = <T>(names: readonly string[] | undefined, f: (v: string) => T | undefined): T | undefined => {
    for (const n of names ?? []) {
      const v = text(row[n]);
      const hit = v === undefined ? undefined : f(v);
      if (hit) return hit;
    }
    return undefined;
  };
  return (
    first(cols.url, (v) => active.url(v)) ??
    first(cols.domain, (v) => active.domain(v)) ??
    first(cols.ip, (v) => active.ip(v)) ??
    first(cols.sha256, (v) => active.hash('FileSha256', v)) ??
    first(cols.sha1, (v) => active.hash('FileSha1', v)) ??
    first(cols.md5, (v) => active.hash('FileMd5', v))
  );
}

/** Keeps the rows that match an active indicator, each with the indicator's facts as columns for templates. */
export function matchIndicatorRows(rows: readonly Record<string, unknown>[], cols: IndicatorColumns, active: ActiveIndicators): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const r of rows) {
    const hit = rowIndicator(r, cols, active);
    if (!hit) continue;
    out.push({
      ...r,
      IndicatorId: String(hit.id),
      IndicatorType: hit.indicator_type,
      IndicatorValue: hit.indicator_value,
      IndicatorTitle: hit.title,
      IndicatorDescription: hit.description,
      IndicatorSeverity: hit.severity,
      IndicatorCategory: hit.category,
      IndicatorTechniques: hit.mitre_techniques,
      IndicatorSource: hit.source,
      IndicatorAction: hit.action,
    });
  }
  return out;
}

/**
 * What an alert of an indicator rule takes from the indicator its row matched: the indicator's severity, its
 * category unless it is the default (then the rule's, which knows the table: initial access for mail), and
 * its techniques beside the rule's.
 */
export function indicatorAlertFacts(row: Record<string, unknown>, rule: { severity: AlertSeverity; category: string; techniques: readonly string[] }): { severity: AlertSeverity; category: string; techniques: string[]; recommendedActions?: string } {
  const severity = typeof row.IndicatorSeverity === 'string' ? alertSeverityOf(row.IndicatorSeverity as IndicatorSeverity) : rule.severity;
  const category = typeof row.IndicatorCategory === 'string' && row.IndicatorCategory !== 'SuspiciousActivity' ? row.IndicatorCategory : rule.category;
  let own: string[] = [];
  try {
    own = typeof row.IndicatorTechniques === 'string' ? (JSON.parse(row.IndicatorTechniques) as string[]) : [];
  } catch {
    own = [];
  }
  return { severity, category, techniques: [...new Set([...rule.techniques, ...own])] };
}
