import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/errors.ts';
import { afterCursor, decodeCursor, encodeCursor, hasColumn, summaryColumns, timelineTables, windowSpansMs, windowStart } from './device-timeline.ts';
import { entityMatch } from './entities.service.ts';

describe('device timeline model', () => {
  it('round-trips a cursor, microseconds kept', () => {
    const c = { timestamp: '2026-11-27T10:00:00.123456Z', table: 'DeviceFileEvents' as const, reportId: 42 };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('refuses a cursor it did not give out, saying which part is wrong', () => {
    const bad = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    expect(() => decodeCursor('%%%')).toThrow(HttpError);
    expect(() => decodeCursor(bad(['2026-11-27T10:00:00Z', 'DeviceInfo', 1]))).toThrow(/'DeviceInfo' is not a timeline table/);
    expect(() => decodeCursor(bad(['yesterday', 'DeviceEvents', 1]))).toThrow(/timestamp/);
    expect(() => decodeCursor(bad(['2026-11-27T10:00:00Z', 'DeviceEvents', 1.5]))).toThrow(/ReportId/);
  });

  it('continues each table after the cursor in (Timestamp, Table, ReportId) descending order', () => {
    const c = { timestamp: '2026-11-27T10:00:00Z', table: 'DeviceLogonEvents' as const, reportId: 7 };
    // tables sorting before the cursor's come later in descending order: their rows at the same time are still due
    expect(afterCursor('DeviceFileEvents', c).op).toBe('le');
    expect(afterCursor('DeviceProcessEvents', c).op).toBe('lt');
    expect(afterCursor('DeviceLogonEvents', c).op).toBe('ltOrTie');
  });

  it('widens the search window a day, four, sixteen, then everything, never before `from`', () => {
    const upper = new Date('2026-11-27T00:00:00Z');
    expect(windowSpansMs.at(-1)).toBeUndefined();
    expect(windowStart(upper, 0, undefined)?.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(windowStart(upper, 1, undefined)?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(windowStart(upper, 3, undefined)).toBeUndefined();
    const from = new Date('2026-11-25T00:00:00Z');
    expect(windowStart(upper, 1, from)).toBe(from);
    expect(windowStart(upper, 3, from)).toBe(from);
  });

  it('shows only columns that exist in some timeline table', () => {
    for (const c of summaryColumns) expect(timelineTables.some((t) => hasColumn(t, c)), c).toBe(true);
    expect(hasColumn('DeviceNetworkEvents', 'RemoteIP')).toBe(true);
    expect(hasColumn('DeviceNetworkEvents', 'RegistryKey')).toBe(false);
  });
});

describe('entity match (the correlation keys naming an entity)', () => {
  it('names devices by host name, users by UPN and account, IPs and hashes by key', () => {
    expect(entityMatch('device', 'WS-1042.contoso.local').keys).toEqual(['device:ws-1042']);
    expect(entityMatch('user', 'Alice@Contoso.com').keys).toEqual(['account:alice@contoso.com', 'user:alice']);
    expect(entityMatch('user', 'CONTOSO\\bob').keys).toEqual(['user:bob']);
    expect(entityMatch('user', 'S-1-5-21-1-2-3-500').keys).toEqual(['sid:s-1-5-21-1-2-3-500']);
    expect(entityMatch('ip', '203.0.113.9').keys).toEqual(['ip:203.0.113.9']);
    expect(entityMatch('file', 'A'.repeat(64)).keys).toEqual([`file:${'a'.repeat(64)}`]);
  });

  it('looks in the evidence, exactly, for entities without a key (private IPs, file names, MD5)', () => {
    const ip = entityMatch('ip', '10.0.0.5');
    expect(ip.keys).toEqual([]);
    expect(ip.exact?.({ type: 'ip', address: '10.0.0.5' })).toBe(true);
    expect(ip.exact?.({ type: 'ip', address: '10.0.0.50' })).toBe(false);
    const file = entityMatch('file', 'Evil.EXE');
    expect(file.exact?.({ type: 'process', deviceName: 'x', fileName: 'evil.exe' })).toBe(true);
    expect(file.exact?.({ type: 'file', fileName: 'evil.exe.bak' })).toBe(false);
    expect(entityMatch('file', 'b'.repeat(32)).needle).toBe('b'.repeat(32));
  });
});
