import { describe, expect, it } from 'vitest';
import { activeFilterCount, defaultColumns, extraListParams, label, move, normaliseColumns, queueColumns, readQueueState, toODataFilter, UNASSIGNED, writeQueueState } from './queue-model.ts';

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
  it('filters unassigned incidents with null', () => {
    expect(toODataFilter({ status: [], severity: [], assignedTo: UNASSIGNED, classification: [], window: 'all' }, new Date())).toBe('assignedTo eq null');
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

describe('the queue filters beyond OData', () => {
  it('keep categories, sources, tags, device groups (one parameter per value) and the search in the URL', () => {
    const p = new URLSearchParams('category=Execution&category=InitialAccess&tag=a,b&deviceGroup=g1&search=%20ws-1042%20&serviceSource=&detectionSource=edr');
    const s = readQueueState(p);
    expect(s.categories).toEqual(['Execution', 'InitialAccess']);
    expect(s.tags).toEqual(['a,b']); // a tag may hold a comma
    expect(s.serviceSources).toBeUndefined();
    expect(s.search).toBe('ws-1042');
    expect(readQueueState(writeQueueState(s))).toEqual(s);
    expect(extraListParams(s)).toEqual({ category: ['Execution', 'InitialAccess'], detectionSource: ['edr'], tag: ['a,b'], deviceGroup: ['g1'], search: 'ws-1042' });
    expect(activeFilterCount(s)).toBe(5);
  });
  it('a custom time range bounds the last update on both ends; a bad date is dropped', () => {
    const s = readQueueState(new URLSearchParams('window=custom&from=2024-05-01T00:00:00Z&to=nonsense'));
    expect(s.from).toBe('2024-05-01T00:00:00.000Z');
    expect(s.to).toBeUndefined();
    expect(toODataFilter({ ...s, to: '2024-05-03T00:00:00.000Z' }, new Date())).toBe("(status eq 'active' or status eq 'inProgress') and lastUpdateDateTime ge 2024-05-01T00:00:00.000Z and lastUpdateDateTime le 2024-05-03T00:00:00.000Z");
    expect(readQueueState(new URLSearchParams('window=7d&from=2024-05-01T00:00:00Z')).from).toBeUndefined(); // only with custom
  });
});

describe('queue columns', () => {
  it('offers exactly the server’s columns, the name first and always', () => {
    expect(queueColumns.map((c) => c.key)).toEqual(['displayName', 'id', 'severity', 'status', 'categories', 'impactedAssets', 'alertCount', 'serviceSources', 'detectionSources', 'assignedTo', 'classification', 'determination', 'firstActivityDateTime', 'lastActivityDateTime', 'createdDateTime', 'lastUpdateDateTime', 'tags']);
    expect(normaliseColumns(['severity', 'bogus', 'id', 'severity'])).toEqual(['displayName', 'severity', 'id']);
    expect(defaultColumns).not.toContain('determination');
  });
  it('moves a column up or down, clamped at the ends', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 0, 5)).toEqual(['b', 'c', 'a']);
  });
});
