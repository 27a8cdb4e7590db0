/**
 * Whether the demo organisation is ready to investigate: its seeding finished (the marker file beside the
 * stores) and every enabled detection rule has run over the seeded history since (the detections
 * service's rescan mark). Browser tests and scripts wait on this instead of sleeping.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../context.ts';
import { detectionsService } from '../detections/detections.service.ts';
import { DEMO_MARKER } from '../simulator/demo.ts';

export interface DemoStory {
  id: string;
  title: string;
  benign: boolean;
  start: string;
  events: number;
}

export interface DemoStatus {
  /** `none`: this data dir was not seeded by `palisade demo`; `seeding` also stays after a seeding was interrupted. */
  seeding: 'none' | 'seeding' | 'done';
  startedAt: string | null;
  rows: number | null;
  /** Seconds from the start of seeding to the end of the detections' first pass (when the demo ran that pass). */
  readySeconds: number | null;
  stories: DemoStory[];
  detections: { rules: number; pending: number; since: string | null };
  /** Seeding done and every enabled rule has looked at the seeded history. */
  ready: boolean;
}

interface Marker {
  status?: string;
  startedAt?: string;
  rows?: number;
  readySeconds?: number;
  stories?: { id?: unknown; title?: unknown; benign?: unknown; start?: unknown; events?: unknown }[];
}

function readMarker(dataDir: string): Marker | undefined {
  const path = join(dataDir, DEMO_MARKER);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Marker;
  } catch {
    // Written in one call, but a reader can still meet it half-written: that is "seeding" for a moment.
    return { status: 'seeding' };
  }
}

export async function demoStatus(ctx: AppContext): Promise<DemoStatus> {
  const marker = readMarker(ctx.dataDir);
  const seeding = marker === undefined ? 'none' : marker.status === 'done' ? 'done' : 'seeding';
  const detections = await detectionsService(ctx).rescanProgress();
  return {
    seeding,
    startedAt: marker?.startedAt ?? null,
    rows: typeof marker?.rows === 'number' ? marker.rows : null,
    readySeconds: typeof marker?.readySeconds === 'number' ? marker.readySeconds : null,
    stories: (marker?.stories ?? []).map((s) => ({ id: String(s.id), title: String(s.title), benign: s.benign === true, start: String(s.start), events: Number(s.events) })),
    detections,
    ready: seeding === 'done' && detections.since !== null && detections.pending === 0,
  };
}
