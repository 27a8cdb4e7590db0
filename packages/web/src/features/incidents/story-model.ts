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

/** An entity of the story: from the server's merged evidence (or, without it, from the alerts' own evidence). */
export interface StoryEntity {
  id: string;
  type: string;
  name: string;
  alertIds: readonly string[];
  verdict?: string;
  aliases?: readonly string[];
}

export interface StoryNode {
  id: string;
  name: string;
  /** 'alert' or an entity type. */
  kind: string;
  severity?: string;
  /** Alerts: 1; entities: how many alerts name them; groups: how many entities they hold. */
  weight: number;
  verdict?: string;
  /** The alerts naming an entity (for an alert: itself). */
  alertIds: readonly string[];
  /** A group of same-type entities named by one alert only (expand to see them). */
  members?: readonly StoryNode[];
}

export interface StoryGraph {
  nodes: StoryNode[];
  links: { source: string; target: string }[];
}

/** The alerts' entities merged by the alerts' own identities (used when the server's merged evidence is absent). */
export function entitiesOfAlerts(alerts: readonly Alert[]): StoryEntity[] {
  return [...collectEntities(alerts)].map(([key, e]) => ({ id: key, type: e.type, name: e.name, alertIds: e.alerts.map((a) => a.id) }));
}

/**
 * Alerts linked to the entities naming them; entities shared by alerts are what ties the story together. With
 * `entities` (the server's evidence, merged by identity: one person under four names is one node), the graph,
 * the Evidence tab and the Assets tab show the same entities.
 */
export function buildStory(alerts: readonly Alert[], entities: readonly StoryEntity[] = entitiesOfAlerts(alerts)): StoryGraph {
  const nodes: StoryNode[] = alerts.map((a) => ({ id: `alert:${a.id}`, name: a.title, kind: 'alert', severity: a.severity, weight: 1, alertIds: [a.id] }));
  const known = new Set(alerts.map((a) => a.id));
  const links: { source: string; target: string }[] = [];
  for (const e of entities) {
    const ids = e.alertIds.filter((id) => known.has(id));
    if (ids.length === 0) continue;
    nodes.push({ id: `entity:${e.id}`, name: e.name, kind: e.type, weight: ids.length, alertIds: ids, ...(e.verdict ? { verdict: e.verdict } : {}) });
    for (const id of ids) links.push({ source: `alert:${id}`, target: `entity:${e.id}` });
  }
  // A person's mailbox beside their account: one edge ties the two nodes (same address as the user's UPN).
  const users = new Map(nodes.filter((n) => n.kind === 'user').map((n) => [n.name.toLowerCase(), n.id]));
  for (const n of nodes) {
    const user = n.kind === 'mailbox' ? users.get(n.name.toLowerCase()) : undefined;
    if (user) links.push({ source: user, target: n.id });
  }
  return { nodes, links };
}

/**
 * Folds the entities of one type named by only one alert into one group node when that alert has more than `max`
 * of them ("14 files"), unless the group is in `expanded`. Entities shared by alerts are never folded: they are
 * the story.
 */
export function collapseLeaves(g: StoryGraph, expanded: ReadonlySet<string>, max = 6): StoryGraph {
  const leaves = new Map<string, StoryNode[]>();
  for (const n of g.nodes) {
    if (n.kind === 'alert' || n.alertIds.length !== 1) continue;
    const key = `group:${n.alertIds[0] ?? ''}:${n.kind}`;
    const list = leaves.get(key);
    if (list) list.push(n);
    else leaves.set(key, [n]);
  }
  const folded = new Map<string, string>(); // node id -> group id
  const groups: StoryNode[] = [];
  for (const [key, members] of leaves) {
    if (members.length <= max || expanded.has(key)) continue;
    for (const m of members) folded.set(m.id, key);
    const kind = members[0]?.kind ?? '';
    groups.push({ id: key, name: `${members.length} ${kindNames[kind] ?? kind}`, kind, weight: members.length, alertIds: members[0]?.alertIds ?? [], members });
  }
  if (groups.length === 0) return g;
  const nodes = [...g.nodes.filter((n) => !folded.has(n.id)), ...groups];
  const seen = new Set<string>();
  const links = g.links
    .map((l) => ({ source: l.source, target: folded.get(l.target) ?? l.target }))
    .filter((l) => {
      const k = `${l.source}>${l.target}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  return { nodes, links };
}

const kindNames: Readonly<Record<string, string>> = {
  device: 'devices',
  user: 'users',
  mailbox: 'mailboxes',
  mailMessage: 'emails',
  ip: 'IP addresses',
  url: 'URLs',
  file: 'files',
  process: 'processes',
  registry: 'registry values',
  cloudApp: 'cloud apps',
};

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

/** The layers of the story, left to right: alerts (in time order), then assets, then what the attack used. */
export const storyColumns: readonly (readonly string[])[] = [['alert'], ['device', 'user', 'mailbox', 'cloudApp'], ['process', 'file', 'registry', 'mailMessage'], ['url', 'ip']];

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  /** The label as drawn (full name in the tooltip and the detail panel). */
  label: string;
  labelSide: 'left' | 'right';
}

export interface StoryLayout {
  nodes: PlacedNode[];
  width: number;
  height: number;
}

/** Pixels a label of `chars` characters takes at the graph's 11 px font (a generous average glyph width). */
export const labelWidth = (chars: number): number => Math.ceil(chars * 6.4) + 8;
const rowHeight = 26;

/**
 * A layered layout: alerts in a column in time order (labels on their left), the entities in columns by layer
 * (labels on their right), each entity placed at the mean height of its alerts and pushed apart so no two
 * labels in a column overlap; a column with more entities than rows wraps into sub-columns. Labels are cut to
 * fit the width available, so a big incident stays readable without zooming. Deterministic (no force
 * simulation): the same incident always looks the same.
 */
export function layoutStory(g: StoryGraph, width: number): StoryLayout {
  const present = storyColumns.map((kinds) => g.nodes.filter((n) => kinds.includes(n.kind))).filter((c) => c.length > 0 && c[0]?.kind !== 'alert');
  const alerts = g.nodes.filter((n) => n.kind === 'alert');
  const biggest = Math.max(0, ...present.map((c) => c.length));
  const maxRows = Math.max(alerts.length, Math.min(18, Math.max(4, biggest)));
  const height = Math.max(1, maxRows - 1) * rowHeight;
  const gap = 36;
  // Alerts in time order, spread over the height.
  const y = new Map<string, number>();
  alerts.forEach((n, i) => y.set(n.id, alerts.length === 1 ? height / 2 : (i * height) / (alerts.length - 1)));
  // Entities by the mean height of their alerts; a layer with more entities than rows wraps into sub-columns.
  const bary = (n: StoryNode): number => {
    const ys = n.alertIds.map((id) => y.get(`alert:${id}`)).filter((v): v is number => v !== undefined);
    return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : height / 2;
  };
  const columns: StoryNode[][] = [];
  for (const layer of present) {
    const sorted = [...layer].sort((a, b) => bary(a) - bary(b) || a.name.localeCompare(b.name));
    const sub = Math.ceil(sorted.length / maxRows);
    const per = Math.ceil(sorted.length / sub);
    for (let c = 0; c < sub; c++) columns.push(sorted.slice(c * per, (c + 1) * per));
  }
  // Label room: alert titles get up to a quarter of the width; the entity columns share the rest, each as wide as
  // its longest name needs, the widest ones cut first when the width is short (water-filling).
  const longest = (ns: readonly StoryNode[]): number => Math.max(1, ...ns.map((n) => n.name.length));
  const alertW = alerts.length ? Math.min(labelWidth(Math.min(28, longest(alerts))), Math.max(90, Math.floor(width * 0.25))) : 0;
  const alertChars = Math.max(8, Math.floor((alertW - 8) / 6.4));
  const wanted = columns.map((c) => labelWidth(Math.min(30, longest(c))));
  const available = Math.max(columns.length * 70, width - alertW - (columns.length + (alerts.length ? 1 : 0)) * gap);
  let cap = Math.max(0, ...wanted);
  if (wanted.reduce((a, b) => a + b, 0) > available) {
    let lo = 70;
    let hi = cap;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (wanted.reduce((a, w) => a + Math.min(w, mid), 0) <= available) lo = mid;
      else hi = mid;
    }
    cap = lo;
  }
  const out: PlacedNode[] = [];
  let x = alertW; // alert labels sit on the left of their nodes
  for (const n of alerts) out.push({ id: n.id, x, y: y.get(n.id) ?? 0, label: shortLabel(n.name, alertChars), labelSide: 'left' });
  if (alerts.length) x += gap;
  const slots = Array.from({ length: maxRows }, (_, i) => (maxRows === 1 ? height / 2 : (i * height) / (maxRows - 1)));
  columns.forEach((col, c) => {
    const colW = Math.min(wanted[c] ?? 70, cap);
    const chars = Math.max(6, Math.floor((colW - 8) / 6.4));
    // Each at the free row nearest its barycentre, in order (rows stay sorted, so edges cross little).
    let next = 0;
    col.forEach((n, i) => {
      const want = bary(n);
      const last = slots.length - (col.length - i); // leave a row for each node still to place
      let r = next;
      while (r < last && Math.abs((slots[r + 1] ?? Infinity) - want) < Math.abs((slots[r] ?? 0) - want)) r++;
      next = r + 1;
      out.push({ id: n.id, x, y: slots[r] ?? 0, label: shortLabel(n.name, chars), labelSide: 'right' });
    });
    x += colW + gap;
  });
  return { nodes: out, width: Math.max(1, x - gap), height: Math.max(1, height) };
}

/** A label short enough to sit beside a node; the tooltip has the full text. */
export function shortLabel(name: string, max = 28): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}
