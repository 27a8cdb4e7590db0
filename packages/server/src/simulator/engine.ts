/**
 * The slice machinery shared by benign activity and the attack stories: an event is a time, a row and, for
 * malicious events only, a ground-truth label. Events of one slice are collected, sorted by time and emitted
 * together; an event that falls after the slice (the tail of an activity) waits for the next one.
 */
import type { Row } from './rows.ts';

/** Ground truth for one malicious event. Never part of the row itself. */
export interface Label {
  /** Story id, e.g. "phish-macro-lateral". */
  readonly story: string;
  /** Step number within the story, from 1. */
  readonly step: number;
  /** MITRE ATT&CK technique or sub-technique id, e.g. "T1059.001". */
  readonly technique: string;
  /** What this step is, in a few words. */
  readonly description: string;
  /** True for stories that are benign but look malicious (false-positive bait). */
  readonly benign?: boolean;
}

export interface TimedEvent {
  readonly t: number;
  readonly row: Row;
  readonly label: Label | undefined;
}

/**
 * Collects the events of one slice in parallel arrays (no wrapper object per row); events after the slice
 * end are carried to the next slice. `order()` gives the indexes sorted by time (stable).
 */
export class SliceSink {
  times: number[] = [];
  rows: Row[] = [];
  /** Labels by index; only story events have one, so this stays small. */
  labels = new Map<number, Label>();
  carry: TimedEvent[] = [];
  end = 0;

  add(t: number, row: Row, label?: Label): void {
    if (t < this.end) {
      if (label) this.labels.set(this.rows.length, label);
      this.times.push(t);
      this.rows.push(row);
    } else this.carry.push({ t, row, label });
  }

  /** Starts the next slice: carried events that now fall inside it move in. */
  begin(end: number): void {
    this.end = end;
    this.times = [];
    this.rows = [];
    this.labels = new Map();
    if (this.carry.length === 0) return;
    const carried = this.carry;
    this.carry = [];
    for (const e of carried) this.add(e.t, e.row, e.label);
  }

  /** Indexes of this slice's events in time order (ties keep insertion order). */
  order(): Uint32Array {
    const times = this.times;
    const idx = new Uint32Array(times.length);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    return idx.sort((a, b) => times[a]! - times[b]! || a - b);
  }
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
