import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binderSchema, checkQuery } from '../hunting/live-check.ts';
import type { TimelineEvent } from './api.ts';
import { cellLink, eventAccount, eventSummary, fromLocalInput, rangeFrom, recordFields, timelineHuntQuery, timelineRangeOf, timelineTableIds, toLocalInput } from './timeline-model.ts';

const ev = (table: string, fields: Record<string, unknown>): TimelineEvent => ({ table, timestamp: '2026-11-27T10:00:00Z', reportId: 1, actionType: null, ...fields });

describe('device timeline presentation', () => {
  it('reads each kind of event in one line with its detail', () => {
    expect(eventSummary(ev('DeviceProcessEvents', { actionType: 'ProcessCreated', InitiatingProcessFileName: 'winword.exe', FileName: 'powershell.exe', ProcessCommandLine: 'powershell -enc AAA' }))).toEqual({
      title: 'winword.exe created process powershell.exe',
      detail: 'powershell -enc AAA',
    });
    expect(eventSummary(ev('DeviceNetworkEvents', { actionType: 'ConnectionSuccess', InitiatingProcessFileName: 'chrome.exe', RemoteUrl: 'evil.example', RemotePort: 443 })).title).toBe('chrome.exe ConnectionSuccess evil.example:443');
    expect(eventSummary(ev('DeviceNetworkEvents', { actionType: 'ConnectionSuccess', RemoteIP: '203.0.113.9' })).title).toBe('ConnectionSuccess 203.0.113.9');
    expect(eventSummary(ev('DeviceRegistryEvents', { actionType: 'RegistryValueSet', RegistryKey: 'HKLM\\Run', RegistryValueName: 'x', RegistryValueData: 'c:\\x.exe' }))).toEqual({ title: 'RegistryValueSet HKLM\\Run\\x', detail: '= c:\\x.exe' });
    expect(eventSummary(ev('DeviceLogonEvents', { actionType: 'LogonSuccess', AccountDomain: 'CORP', AccountName: 'alice', LogonType: 'Interactive' })).title).toBe('LogonSuccess CORP\\alice (Interactive)');
    expect(eventSummary(ev('DeviceImageLoadEvents', { InitiatingProcessFileName: 'rundll32.exe', FileName: 'evil.dll', FolderPath: 'C:\\Temp' }))).toEqual({ title: 'rundll32.exe loaded evil.dll', detail: 'C:\\Temp' });
    expect(eventSummary(ev('DeviceEvents', { actionType: 'UsbDriveMounted' })).title).toBe('UsbDriveMounted');
  });

  it('names the account of an event, its own or its initiating process’s', () => {
    expect(eventAccount(ev('DeviceLogonEvents', { AccountName: 'alice' }))).toBe('alice');
    expect(eventAccount(ev('DeviceFileEvents', { InitiatingProcessAccountName: 'bob' }))).toBe('bob');
    expect(eventAccount(ev('DeviceFileEvents', {}))).toBeUndefined();
  });

  it('links entity cells to their pages, not built-in accounts or empty values', () => {
    expect(cellLink('RemoteIP', '203.0.113.9')).toBe('/entities/ip/203.0.113.9');
    expect(cellLink('AccountName', 'alice')).toBe('/entities/user/alice');
    expect(cellLink('AccountName', 'SYSTEM')).toBeUndefined();
    expect(cellLink('SHA256', 'ab/c')).toBe('/entities/file/ab%2Fc');
    expect(cellLink('FolderPath', 'C:\\x')).toBeUndefined();
    expect(cellLink('RemoteIP', '')).toBeUndefined();
  });

  it('orders a record key columns first and shows values as text', () => {
    expect(recordFields({ FileName: 'a', ReportId: 7, Timestamp: 't', Table: 'DeviceFileEvents', AdditionalFields: { a: 1 } })).toEqual([
      ['Timestamp', 't'],
      ['Table', 'DeviceFileEvents'],
      ['ReportId', '7'],
      ['FileName', 'a'],
      ['AdditionalFields', '{"a":1}'],
    ]);
  });

  it('turns a range into its start, and "all data" into none', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    expect(rangeFrom('1d', now)).toBe('2026-11-26T12:00:00.000Z');
    expect(rangeFrom('30d', now)).toBe('2026-10-28T12:00:00.000Z');
    expect(rangeFrom('all', now)).toBeUndefined();
    expect(timelineTableIds).toHaveLength(7);
  });

  it('reads and writes a custom range as datetime-local values (local time, to the minute)', () => {
    const iso = new Date(2026, 10, 27, 9, 5).toISOString();
    expect(toLocalInput(iso)).toBe('2026-11-27T09:05');
    expect(fromLocalInput('2026-11-27T09:05')).toBe(iso);
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('yesterday')).toBeUndefined();
    expect(toLocalInput(undefined)).toBe('');
  });
});

describe('the timeline as a hunting query', () => {
  const raw = JSON.parse(readFileSync(new URL('../../../../server/src/schema/advanced-hunting.json', import.meta.url), 'utf8')) as {
    tables: Record<string, { description: string; columns: { name: string; type: string; description: string }[] }>;
  };
  const schema = binderSchema(Object.entries(raw.tables).map(([name, t]) => ({ name, description: t.description, columns: t.columns })));
  const errors = (q: string) => checkQuery(q, schema).diagnostics.filter((d) => d.severity === 'error');

  it('compiles with every filter, quotes escaped', () => {
    const all = { tables: [], actionType: '', search: '', from: undefined, to: undefined };
    expect(errors(timelineHuntQuery({ deviceId: 'dev"1', deviceName: 'x' }, all))).toEqual([]);
    expect(timelineHuntQuery({ deviceId: null, deviceName: 'ws-1.corp' }, all)).toContain('| where DeviceName =~ "ws-1.corp"');
    const q = timelineHuntQuery({ deviceId: 'dev-1', deviceName: 'ws-1' }, { tables: ['DeviceNetworkEvents', 'DeviceLogonEvents'], actionType: 'Logon"Success', search: ' power\\shell ', from: '2026-11-01T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' });
    expect(errors(q)).toEqual([]);
    expect(q).toContain('union withsource = Table DeviceNetworkEvents, DeviceLogonEvents');
    expect(q).toContain('"Logon\\"Success"');
    expect(q).toContain('"power\\\\shell"');
  });
});

describe('timeline range in the URL', () => {
  it('reads a known range and falls back to the last 30 days', () => {
    expect(timelineRangeOf('7d')).toBe('7d');
    expect(timelineRangeOf('custom')).toBe('custom');
    expect(timelineRangeOf(null)).toBe('30d');
    expect(timelineRangeOf('1y')).toBe('30d');
  });
});
