import { describe, expect, it } from 'vitest';
import { timeRangeLabel, toTimespan } from './time-range.ts';

describe('toTimespan', () => {
  it('turns the presets into ISO 8601 durations', () => {
    expect(toTimespan({ id: '1h' })).toBe('PT1H');
    expect(toTimespan({ id: '24h' })).toBe('P1D');
    expect(toTimespan({ id: '30d' })).toBe('P30D');
  });
  it('sends nothing when the query sets its own range', () => {
    expect(toTimespan({ id: 'query' })).toBeUndefined();
  });
  it('turns a custom range into start/end, refusing empty or reversed ranges', () => {
    expect(toTimespan({ id: 'custom', start: '2024-02-01T08:00:00Z', end: '2024-02-15T08:00:00Z' })).toBe('2024-02-01T08:00:00.000Z/2024-02-15T08:00:00.000Z');
    expect(toTimespan({ id: 'custom', start: '2024-02-15T08:00:00Z', end: '2024-02-01T08:00:00Z' })).toBeUndefined();
    expect(toTimespan({ id: 'custom' })).toBeUndefined();
  });
  it('labels ranges', () => {
    expect(timeRangeLabel({ id: '7d' })).toBe('Last 7 days');
    expect(timeRangeLabel({ id: 'custom', start: '2024-02-01T08:00:00Z', end: '2024-02-15T08:00:00Z' })).toBe('2024-02-01 08:00 – 2024-02-15 08:00');
  });
});
