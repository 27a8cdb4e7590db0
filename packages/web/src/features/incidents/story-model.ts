/** The attack story: alerts and the entities in their evidence as a graph, and entity names for lists. */
import type { Alert, Evidence } from './api.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** A stable key and a display name for an evidence entity; undefined for entities without identity. */
export function entityIdentity(e: Evidence): { key: string; name: string; type: string } | undefined {
  const t = e.type;
  const id = (() => {
    switch (t) {
      case 'device':
        return str(e.deviceName);
      case 'user':
        return str(e.upn) ?? str(e.accountName);
      case 'mailbox':
      case 'ip':
        return str(e.address);
      case 'url':
        return str(e.url);
      case 'file':
        return str(e.fileName) ?? str(e.sha256) ?? str(e.sha1);
      case 'process': {
        // Unknown parts are left out rather than shown as "?" (which reads like an error).
        const pid = str(e.processId);
        const dev = str(e.deviceName);
        return `${str(e.fileName) ?? 'process'}${pid ? ` (${pid})` : ''}${dev ? ` on ${dev}` : ''}`;
      }
      case 'mailMessage':
        return str(e.subject) ?? str(e.networkMessageId);
      case 'cloudApp':
        return str(e.name);
      case 'registry':
        return str(e.key);
      default:
        return undefined;
    }
  })();
  if (!id) return undefined;
  // A device is one node whether named short or by FQDN (the host name before the first dot, case-insensitively).
  const host = (name: string): string => (/^[0-9.]+$/.test(name) || name.includes(':') ? name : (name.split('.')[0] ?? name)).toLowerCase();
  const keyPart = t === 'file' ? (str(e.sha256) ?? id) : t === 'mailMessage' ? (str(e.networkMessageId) ?? id) : t === 'device' ? host(id) : id.toLowerCase();
  return { key: `${t}:${keyPart}`, name: id, type: t };
}

export interface StoryNode {
  id: string;
  name: string;
  /** 'alert' or an entity type. */
  kind: string;
  severity?: string;
  /** Alerts: first activity; entities: how many alerts name them. */
  weight: number;
}

export interface StoryGraph {
  nodes: StoryNode[];
  links: { source: string; target: string }[];
}

/** Alerts linked to the entities in their evidence; entities shared by alerts are what ties the story together. */
export function buildStory(alerts: readonly Alert[]): StoryGraph {
  const nodes = new Map<string, StoryNode>();
  const links: { source: string; target: string }[] = [];
  for (const a of alerts) {
    const aid = `alert:${a.id}`;
    nodes.set(aid, { id: aid, name: a.title, kind: 'alert', severity: a.severity, weight: 1 });
    const seen = new Set<string>();
    for (const e of a.evidence) {
      const ent = entityIdentity(e);
      if (!ent || seen.has(ent.key)) continue;
      seen.add(ent.key);
      const n = nodes.get(ent.key);
      if (n) n.weight++;
      else nodes.set(ent.key, { id: ent.key, name: ent.name, kind: ent.type, weight: 1 });
      links.push({ source: aid, target: ent.key });
    }
  }
  return { nodes: [...nodes.values()], links };
}

/** Entities of all alerts, grouped by type, each with the alerts naming it. */
export function collectEntities(alerts: readonly Alert[]): Map<string, { name: string; type: string; evidence: Evidence; alerts: Alert[] }> {
  const out = new Map<string, { name: string; type: string; evidence: Evidence; alerts: Alert[] }>();
  for (const a of alerts) {
    for (const e of a.evidence) {
      const ent = entityIdentity(e);
      if (!ent) continue;
      const cur = out.get(ent.key);
      if (cur) {
        if (!cur.alerts.includes(a)) cur.alerts.push(a);
      } else out.set(ent.key, { name: ent.name, type: ent.type, evidence: e, alerts: [a] });
    }
  }
  return out;
}

/**
 * Layout spacing for a graph of `n` nodes: more nodes get more repulsion, longer edges and a taller canvas, so
 * labels have room; small graphs stay compact.
 */
export function layoutFor(n: number): { height: number; repulsion: number; edgeLength: [number, number]; gravity: number; zoom: number } {
  const k = Math.max(1, n);
  return {
    height: Math.round(Math.min(600, Math.max(420, 300 + k * 8))),
    repulsion: Math.round(Math.min(700, 200 + k * 11)),
    edgeLength: [Math.round(Math.min(110, 55 + k * 1.2)), Math.round(Math.min(180, 105 + k * 1.6))],
    gravity: 0.1,
    // Big graphs start zoomed out so they begin inside the canvas (wheel to zoom in).
    zoom: Math.max(0.65, Math.min(1, 1 - (k - 25) * 0.012)),
  };
}

/** A label short enough to sit beside a node; the tooltip has the full text. */
export function shortLabel(name: string, max = 28): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}
