import { describe, expect, it } from 'vitest';
import { label, readQueueState, toODataFilter, writeQueueState } from './queue-model.ts';

describe('queue state in the URL', () => {
  it('defaults to open incidents of the last 6 months, newest update first', () => {
    const s = readQueueState(new URLSearchParams());
    expect(s).toEqual({ status: ['active', 'inProgress'], severity: [], assignedTo: undefined, classification: [], window: '6mo', page: 1, orderBy: 'lastUpdateDateTime', desc: true });
  });
  it('round-trips filters, paging and sort, dropping unknown values', () => {
    const p = new URLSearchParams('status=resolved,bogus&severity=high&assignedTo=ana@contoso.test&window=7d&page=3&orderBy=severity&dir=asc&classification=truePositive');
    const s = readQueueState(p);
    expect(s.status).toEqual(['resolved']);
    expect(readQueueState(writeQueueState(s))).toEqual(s);
    expect(readQueueState(new URLSearchParams('orderBy=secret&page=-2')).orderBy).toBe('lastUpdateDateTime');
    expect(readQueueState(new URLSearchParams('page=-2')).page).toBe(1);
  });
});

describe('toODataFilter', () => {
  it('joins the filters with and, alternatives with or, quoting values', () => {
    const f = toODataFilter({ status: ['active', 'inProgress'], severity: ['high'], assignedTo: "o'brien@contoso.test", classification: [], window: '1d' }, new Date('2024-05-02T00:00:00Z'));
    expect(f).toBe("(status eq 'active' or status eq 'inProgress') and severity eq 'high' and assignedTo eq 'o''brien@contoso.test' and lastUpdateDateTime ge 2024-05-01T00:00:00.000Z");
  });
  it('filters nothing when nothing is chosen', () => {
    expect(toODataFilter({ status: [], severity: [], assignedTo: undefined, classification: [], window: 'all' }, new Date())).toBeUndefined();
  });
  it('labels enum values', () => {
    expect(label('inProgress')).toBe('In progress');
    expect(label('high')).toBe('High');
    expect(label('informationalExpectedActivity')).toBe('Informational, expected activity');
    expect(label('credentialAccess')).toBe('Credential access');
  });
});
