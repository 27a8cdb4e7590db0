/**
 * The only SQL of the incident timeline: the hunting-table rows matching one piece of an incident's evidence,
 * oldest first, inside a time window, seen through the caller's device scope (the event store's `deviceIds`
 * filter, the same one hunting uses).
 */
import type { IncidentTimelineTable } from '@palisade/contracts';
import type { DuckDbEventStore } from '../events/event-store.ts';

const QUERY_TIMEOUT_MS = 15_000;

/** One look-up: rows of `table` where `where` holds (a boolean SQL expression with `?` placeholders). */
export interface TimelineProbe {
  table: IncidentTimelineTable;
  where: string;
  params: string[];
  /** Whether the incident's window applies (a delivered mail is found by its id whenever it came). */
  windowed: boolean;
}

/** A device name as evidence gives it matches the table's DeviceName exactly or as host name vs FQDN, case-insensitively. */
export function deviceMatch(name: string): { sql: string; params: string[] } {
  const n = name.toLowerCase();
  return { sql: `(lower("DeviceName") = ? OR starts_with(lower("DeviceName"), ?) OR starts_with(?, lower("DeviceName") || '.'))`, params: [n, `${n}.`, n] };
}

export class IncidentTimelineRepository {
  constructor(private readonly events: DuckDbEventStore) {}

  /** At most `max` rows (oldest first) and whether there were more. */
  async find(probe: TimelineProbe, from: string, to: string, max: number, deviceIds: readonly string[] | undefined): Promise<{ rows: Record<string, unknown>[]; truncated: boolean }> {
    const window = probe.windowed ? ' AND "Timestamp" >= CAST(? AS TIMESTAMP) AND "Timestamp" <= CAST(? AS TIMESTAMP)' : '';
    const r = await this.events.query(
      `SELECT * FROM "${probe.table}" WHERE (${probe.where})${window} ORDER BY "Timestamp" LIMIT ${max + 1}`,
      probe.windowed ? [...probe.params, from, to] : probe.params,
      { timeoutMs: QUERY_TIMEOUT_MS, maxRows: max, ...(deviceIds ? { deviceIds } : {}) },
    );
    return { rows: [...r.rows] as Record<string, unknown>[], truncated: r.truncated };
  }
}
