/**
 * The attack story's timeline and the Assets tab's risk, without I/O: alerts and raw events interleaved in time
 * order, and each impacted asset's link and risk (the highest severity of this incident's open alerts naming it).
 */
import type { IncidentTimelineEvent } from '@palisade/contracts';
import type { Alert, IncidentEvidence } from './api.ts';

export type StoryItem = { kind: 'alert'; at: string; alert: Alert } | { kind: 'event'; at: string; event: IncidentTimelineEvent; index: number };

/** Alerts (at their first activity) and events, oldest first; at the same instant the alert comes first. */
export function storyItems(alerts: readonly Alert[], events: readonly IncidentTimelineEvent[] | undefined): StoryItem[] {
  const items: StoryItem[] = [...alerts.map((a): StoryItem => ({ kind: 'alert', at: a.firstActivityDateTime, alert: a })), ...(events ?? []).map((event, index): StoryItem => ({ kind: 'event', at: event.dateTime, event, index }))];
  const t = (s: string): number => Date.parse(s) || 0;
  return items.sort((a, b) => t(a.at) - t(b.at) || (a.kind === b.kind ? 0 : a.kind === 'alert' ? -1 : 1));
}

export const severityRank: Readonly<Record<string, number>> = { informational: 1, low: 2, medium: 3, high: 4 };

export type AssetKind = 'devices' | 'users' | 'mailboxes' | 'apps' | 'ips';
const evidenceType: Readonly<Record<AssetKind, string>> = { devices: 'device', users: 'user', mailboxes: 'mailbox', apps: 'cloudApp', ips: 'ip' };
const pageType: Readonly<Partial<Record<AssetKind, string>>> = { devices: 'device', users: 'user', mailboxes: 'mailbox', ips: 'ip' };

export interface AssetRow {
  name: string;
  alertCount: number;
  /** The highest severity of the incident's open (not resolved) alerts naming it; null when all are resolved. */
  risk: string | null;
  /** The entity page, when the type has one (apps have none). */
  href: string | null;
}

/**
 * One type's impacted assets with risk and link. The merged evidence names entities as the impacted assets do,
 * so an asset finds its evidence by type and name (case-insensitively), and through it the alerts naming it.
 */
export function assetRows(kind: AssetKind, assets: Readonly<Record<string, number>>, evidence: readonly IncidentEvidence[] | undefined, alerts: readonly Alert[]): AssetRow[] {
  const byId = new Map(alerts.map((a) => [a.id, a]));
  return Object.entries(assets)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, alertCount]) => {
      const e = evidence?.find((x) => x.type === evidenceType[kind] && (x.name.toLowerCase() === name.toLowerCase() || x.aliases.some((al) => al.toLowerCase() === name.toLowerCase())));
      let risk: string | null = null;
      for (const id of e?.alertIds ?? []) {
        const a = byId.get(id);
        if (!a || a.status === 'resolved') continue;
        if (risk === null || (severityRank[a.severity] ?? 0) > (severityRank[risk] ?? 0)) risk = a.severity;
      }
      const type = pageType[kind];
      const page = e?.entityPage;
      const id = page && page.type === type ? page.id : name;
      return { name, alertCount, risk, href: type ? `/entities/${type}/${encodeURIComponent(id)}` : null };
    });
}
