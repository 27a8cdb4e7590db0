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

/** Collects the events of one slice; later events are carried to the next slice. */
export class SliceSink {
  items: TimedEvent[] = [];
  carry: TimedEvent[] = [];
  end = 0;

  add(t: number, row: Row, label?: Label): void {
    const e: TimedEvent = { t, row, label };
    if (t < this.end) this.items.push(e);
    else this.carry.push(e);
  }

  /** Starts the next slice: carried events that now fall inside it move in. */
  begin(end: number): void {
    this.end = end;
    this.items = [];
    if (this.carry.length === 0) return;
    const still: TimedEvent[] = [];
    for (const e of this.carry) (e.t < end ? this.items : still).push(e);
    this.carry = still;
  }
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
