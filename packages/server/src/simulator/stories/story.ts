/**
 * What an attack story is: a chain of steps across tables, each labelled with its MITRE ATT&CK technique.
 * A story builds its events from the organisation and a point in time; the simulator merges them into the
 * benign stream and keeps the labels in the ground truth, never in the rows.
 */
import type { Label, TimedEvent } from '../engine.ts';
import type { Organisation } from '../org.ts';
import type { Rng } from '../prng.ts';
import type { Row } from '../rows.ts';

export interface StoryContext {
  readonly org: Organisation;
  readonly rng: Rng;
  /** When the story starts (ms since epoch). */
  readonly start: number;
  /** Device indexes already used by another story (victims do not overlap). */
  readonly used: Set<number>;
  /**
   * User indexes whose identity another story already used: a victim, a compromised or misused (admin) account,
   * a user who clicked. Independent attacks pick disjoint people, as unrelated intrusions in a real organisation
   * do; only a story's own chain shares actors.
   */
  readonly usedUsers: Set<number>;
}

export interface StoryDefinition {
  readonly id: string;
  readonly title: string;
  /** True for activity that is benign but looks like an attack (false-positive bait). */
  readonly benign?: boolean;
  /** Hours before "now" at which the story starts, for the default placement. */
  readonly hoursAgo: number;
  /** Local hour of day (victim's office) the story prefers to start at. */
  readonly localHour: number;
  build(ctx: StoryContext, out: StoryEmitter): void;
}

/** Collects a story's events with their labels. */
export class StoryEmitter {
  readonly events: TimedEvent[] = [];
  private pidCounter = 0;

  constructor(
    private readonly story: string,
    private readonly benign: boolean,
    private readonly rng: Rng,
  ) {
    this.pidCounter = 6000 + rng.int(4000) * 4;
  }

  emit(t: number, row: Row, step: number, technique: string, description: string): void {
    const label: Label = { story: this.story, step, technique, description, ...(this.benign ? { benign: true } : {}) };
    this.events.push({ t, row, label });
  }

  pid(): number {
    this.pidCounter += 4 * (1 + this.rng.int(40));
    return this.pidCounter;
  }
}
