/**
 * The simulator's public API. `simulate(options)` returns the organisation, the stories placed in time and
 * `batches()`: a generator of time-ordered batches of Advanced Hunting rows (`{Table, ...columns}`, the
 * `defender` ingest format), each with the ground truth of the malicious rows it carries. Memory stays flat:
 * one 10-minute slice is built at a time. Same options, same rows. See README.md beside this file.
 */
import { buildOrganisation, defaultUserCount } from './org.ts';
import type { Organisation } from './org.ts';
import { Rng } from './prng.ts';
import { BenignWorld } from './benign.ts';
import { SliceSink, DAY, MINUTE, HOUR } from './engine.ts';
import type { TimedEvent } from './engine.ts';
import type { Row } from './rows.ts';
import { StoryEmitter } from './stories/story.ts';
import type { StoryDefinition } from './stories/story.ts';
import { allStories } from './stories/index.ts';
import { huntingTables } from '../schema/advanced-hunting.ts';

export type { Row } from './rows.ts';
export type { Organisation, Device, User } from './org.ts';
export { allStories } from './stories/index.ts';

export interface SimulationOptions {
  /** Number of devices (workstations and servers). Default 250. */
  readonly devices?: number;
  /** Number of people. Default: 1.6 per device (400 for 250 devices). */
  readonly users?: number;
  /** Days of history ending at `now`. Default 30. */
  readonly days?: number;
  /** Seed: the same seed and options always give the same rows. Default 1. */
  readonly seed?: number | string;
  /** The end of the simulated window. Default: the current time, rounded down to the minute. */
  readonly now?: Date;
  /** Which attack stories to include, by id. Default: all of them. An empty list gives benign data only. */
  readonly stories?: readonly string[];
}

/** One malicious (or, for false-positive bait, suspicious-looking) row and what it is. */
export interface GroundTruthRecord {
  readonly story: string;
  readonly step: number;
  readonly technique: string;
  readonly description: string;
  /** Present and true for the false-positive bait story. */
  readonly benign?: true;
  /** The row's identity: table and ReportId (unique within the table). */
  readonly table: string;
  readonly reportId: number | string;
  readonly timestamp: string;
  readonly deviceId?: string;
  readonly networkMessageId?: string;
  readonly accountObjectId?: string;
}

export interface Batch {
  /** Slice start and end (ms since epoch); the snapshot batch of inventory tables has start === end. */
  readonly start: number;
  readonly end: number;
  readonly rows: Row[];
  readonly truth: GroundTruthRecord[];
}

export interface PlacedStory {
  readonly id: string;
  readonly title: string;
  readonly benign: boolean;
  readonly start: string;
  readonly techniques: readonly string[];
  readonly events: number;
}

export interface Simulation {
  readonly options: Required<Omit<SimulationOptions, 'now' | 'stories'>> & { now: Date; stories: readonly string[] };
  readonly organisation: Organisation;
  readonly stories: readonly PlacedStory[];
  /** Rough number of rows `batches()` will yield (for progress bars). */
  readonly estimatedRows: number;
  /** Time-ordered batches of rows with their ground truth. Each call starts again from the beginning. */
  batches(): Generator<Batch>;
}

const SLICE = 10 * MINUTE;
const stringReportId = new Set([...huntingTables.values()].filter((t) => t.columns.some((c) => c.name === 'ReportId' && c.type === 'string')).map((t) => t.name));

export function simulate(options: SimulationOptions = {}): Simulation {
  const devices = options.devices ?? 250;
  const users = options.users ?? defaultUserCount(devices);
  const days = options.days ?? 30;
  const seed = options.seed ?? 1;
  const now = Math.floor((options.now ?? new Date()).getTime() / MINUTE) * MINUTE;
  if (!Number.isInteger(devices) || devices < 12) throw new RangeError('simulate: devices must be a whole number of at least 12');
  if (!Number.isInteger(users) || users < 8) throw new RangeError('simulate: users must be a whole number of at least 8');
  if (!(days > 0)) throw new RangeError('simulate: days must be positive');
  const wanted = options.stories ?? allStories.map((s) => s.id);
  for (const id of wanted) if (!allStories.some((s) => s.id === id)) throw new RangeError(`simulate: unknown story '${id}'`);
  const start = Math.floor((now - days * DAY) / SLICE) * SLICE;
  const org = buildOrganisation({ devices, users, seed, now });
  const storyEvents: TimedEvent[] = [];
  const placed: PlacedStory[] = [];
  const used = new Set<number>();
  const usedUsers = new Set<number>();
  for (const def of allStories) {
    if (!wanted.includes(def.id)) continue;
    const rng = Rng.derive(seed, `story:${def.id}`);
    const t0 = placeStory(def, org, now, start, rng);
    const out = new StoryEmitter(def.id, def.benign === true, rng);
    def.build({ org, rng, start: t0, used, usedUsers }, out);
    const events = out.events.filter((e) => e.t >= start && e.t < now);
    storyEvents.push(...events);
    placed.push({
      id: def.id,
      title: def.title,
      benign: def.benign === true,
      start: new Date(t0).toISOString(),
      techniques: [...new Set(events.map((e) => e.label!.technique))],
      events: events.length,
    });
  }
  storyEvents.sort((a, b) => a.t - b.t);
  // Calibrated on the default organisation (2.7M rows for 250 devices, 400 users, 30 days); for progress bars only.
  const estimatedRows = Math.round(devices * days * 320 + users * days * 25) + storyEvents.length;
  return {
    options: { devices, users, days, seed, now: new Date(now), stories: wanted },
    organisation: org,
    stories: placed,
    estimatedRows,
    batches: () => generateBatches(org, seed, start, now, storyEvents),
  };
}

/** A story starts `hoursAgo` before now, moved to its preferred local hour of the first victim office. */
function placeStory(def: StoryDefinition, org: Organisation, now: number, windowStart: number, rng: Rng): number {
  const span = now - windowStart;
  // Short windows squeeze the stories into the window's last 80%.
  const ago = Math.min(def.hoursAgo * HOUR, span * 0.8);
  const t = now - ago;
  const offset = org.offices[0]!.utcOffsetMinutes * MINUTE;
  const localMidnight = Math.floor((t + offset) / DAY) * DAY - offset;
  let placedAt = localMidnight + def.localHour * HOUR + rng.int(45) * MINUTE;
  // Keep enough room for the story to finish before now (stories run for a few hours at most).
  if (placedAt > now - 5 * HOUR) placedAt -= DAY;
  if (placedAt < windowStart) placedAt = windowStart + rng.int(Math.max(1, Math.floor(span / 4)));
  return placedAt;
}

function* generateBatches(org: Organisation, seed: number | string, start: number, now: number, storyEvents: readonly TimedEvent[]): Generator<Batch> {
  const world = new BenignWorld(org, seed, start);
  let reportId = 1;
  const inventory = world.inventoryRows();
  yield { start, end: start, rows: inventory, truth: [] };
  const sink = new SliceSink();
  let si = 0;
  for (let index = 0, s = start; s < now; index++, s += SLICE) {
    const e = Math.min(s + SLICE, now);
    sink.begin(e);
    world.generate(s, e, Rng.derive(seed, `slice:${index}`), sink);
    while (si < storyEvents.length && storyEvents[si]!.t < e) {
      const ev = storyEvents[si++]!;
      sink.add(ev.t, ev.row, ev.label);
    }
    const order = sink.order();
    const rows: Row[] = new Array<Row>(order.length);
    const truth: GroundTruthRecord[] = [];
    for (let i = 0; i < order.length; i++) {
      const k = order[i]!;
      const label = sink.labels.get(k);
      // Stories reuse row objects across calls of batches(): copy them before numbering.
      const row = label ? { ...sink.rows[k]! } : sink.rows[k]!;
      const id = reportId++;
      row.ReportId = stringReportId.has(row.Table) ? String(id) : id;
      rows[i] = row;
      if (label) {
        truth.push({
          story: label.story,
          step: label.step,
          technique: label.technique,
          description: label.description,
          ...(label.benign ? { benign: true as const } : {}),
          table: row.Table,
          reportId: row.ReportId as number | string,
          timestamp: row.Timestamp as string,
          ...(typeof row.DeviceId === 'string' ? { deviceId: row.DeviceId } : {}),
          ...(typeof row.NetworkMessageId === 'string' ? { networkMessageId: row.NetworkMessageId } : {}),
          ...(typeof row.AccountObjectId === 'string' ? { accountObjectId: row.AccountObjectId } : typeof row.InitiatingProcessAccountObjectId === 'string' ? { accountObjectId: row.InitiatingProcessAccountObjectId } : {}),
        });
      }
    }
    yield { start: s, end: e, rows, truth };
  }
}
