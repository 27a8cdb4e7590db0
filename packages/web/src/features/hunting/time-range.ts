/** The time range picker of the hunting page, turned into runHuntingQuery's ISO 8601 `Timespan`. */

export type TimeRangeId = '1h' | '4h' | '24h' | '7d' | '30d' | 'custom' | 'query';

export interface TimeRange {
  id: TimeRangeId;
  /** For `custom`: ISO instants. */
  start?: string;
  end?: string;
}

export const timeRangeOptions: readonly { id: TimeRangeId; label: string; duration?: string }[] = [
  { id: '1h', label: 'Last hour', duration: 'PT1H' },
  { id: '4h', label: 'Last 4 hours', duration: 'PT4H' },
  { id: '24h', label: 'Last 24 hours', duration: 'P1D' },
  { id: '7d', label: 'Last 7 days', duration: 'P7D' },
  { id: '30d', label: 'Last 30 days', duration: 'P30D' },
  { id: 'custom', label: 'Custom range' },
  { id: 'query', label: 'Set in query' },
];

export function timeRangeLabel(r: TimeRange): string {
  if (r.id === 'custom' && r.start && r.end) return `${r.start.slice(0, 16).replace('T', ' ')} – ${r.end.slice(0, 16).replace('T', ' ')}`;
  return timeRangeOptions.find((o) => o.id === r.id)?.label ?? r.id;
}

/**
 * The Timespan sent with the query. `query` sends none (the server's default window applies, and the query's
 * own `where Timestamp` scopes it); a custom range is `start/end`.
 */
export function toTimespan(r: TimeRange): string | undefined {
  if (r.id === 'query') return undefined;
  if (r.id === 'custom') {
    if (!r.start || !r.end) return undefined;
    const start = new Date(r.start);
    const end = new Date(r.end);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start >= end) return undefined;
    return `${start.toISOString()}/${end.toISOString()}`;
  }
  return timeRangeOptions.find((o) => o.id === r.id)?.duration;
}
