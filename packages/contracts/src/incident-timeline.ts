/**
 * GET /api/security/incidents/{id}/timeline: the key raw events behind an incident's evidence, read from the
 * hunting tables within the incident's first..last activity (plus a margin), for the attack story's timeline.
 */

/** The hunting tables the incident timeline reads. */
export const incidentTimelineTables = [
  'DeviceProcessEvents',
  'DeviceFileEvents',
  'DeviceNetworkEvents',
  'DeviceRegistryEvents',
  'EmailEvents',
  'CloudAppEvents',
  'IdentityLogonEvents',
  'AADSignInEventsBeta',
] as const;
export type IncidentTimelineTable = (typeof incidentTimelineTables)[number];

export interface IncidentTimelineEvent {
  /** The event's Timestamp (ISO 8601, UTC). */
  dateTime: string;
  table: IncidentTimelineTable;
  deviceName: string | null;
  account: string | null;
  /** One line: what happened ("powershell.exe -enc ... started by winword.exe"). */
  summary: string;
  /** The incident's alerts whose evidence this event backs (ids as strings, like Graph's). */
  alertIds: string[];
  /** The evidence it backs, in words ("process powershell.exe on ws-1"). */
  entities: string[];
  /** The whole row as the hunting table holds it. */
  record: Record<string, unknown>;
}

export interface IncidentTimeline {
  /** The window searched: the incident's first..last activity widened by `marginMinutes` each side. */
  window: { from: string; to: string; marginMinutes: number };
  /** Oldest first (where it started). */
  events: IncidentTimelineEvent[];
  /** At most this many events are returned... */
  cap: number;
  /** ...and when more matched, the newest were cut. */
  truncated: boolean;
  elapsedMs: number;
}
