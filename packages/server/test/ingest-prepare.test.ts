import { describe, expect, it } from 'vitest';
import { TableColumnsBuilder, cellsOf } from '../src/events/columns.ts';
import { huntingTables } from '../src/schema/advanced-hunting.ts';
import type { TableColumns } from '../src/events/columns.ts';
import { parseRecords } from '../src/ingest/body.ts';
import { DeviceRegistry } from '../src/ingest/identity.ts';
import { prepareColumnar, prepareRecords, toColumnarPrepared } from '../src/ingest/prepare.ts';

const rowsOf = (tables: readonly TableColumns[]): Record<string, unknown[]> =>
  Object.fromEntries(tables.map((t) => [t.table, Array.from({ length: t.rows }, (_, r) => ({ cells: cellsOf(t, r), id: t.recordIds?.[r] ?? '' }))]));

/** The worker's path (cells written straight into column builders) must give what the row path gives. */
describe('ingest prepare: columnar path', () => {
  it('matches the row path for good, bad and multi-row records, including rollback of a half-written record', () => {
    const lines = [
      { Table: 'DeviceProcessEvents', Timestamp: '2024-06-01T00:00:00Z', DeviceName: 'ws1', FileName: 'a.exe', ProcessId: 10, EventId: 'e1' },
      { Table: 'DeviceProcessEvents', Timestamp: '2024-06-01T00:00:01Z', DeviceName: 'ws1', FileName: 'a.exe', ProcessId: 'not a number' },
      { Table: 'DeviceNetworkEvents', Timestamp: '2024-06-01T00:00:02+02:00', DeviceName: 'ws2', RemotePort: 443, RemoteIP: '10.0.0.1' },
      { Table: 'DeviceNetworkEvents', DeviceName: 'ws2', RemotePort: 80 },
      { Table: 'DeviceFileEvents', Timestamp: '2024-06-01T00:00:03.1234567Z', DeviceName: 'ws1', FileName: 'a.exe', FileSize: '12' },
      { Table: 'NoSuchTable', Timestamp: '2024-06-01T00:00:00Z' },
    ].map((l) => JSON.stringify(l));
    // Sysmon records make two rows (the event and a DeviceInfo row for a new host); the second host's
    // event row fails after its DeviceInfo row would have been begun in the other order.
    const sysmon = [
      { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'ws9.corp.local', EventTime: '2024-06-01 00:00:00', Image: 'C:\\\\x.exe', ProcessId: '42', User: 'CORP\\\\bob' },
      { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'ws8.corp.local', EventTime: 'yesterday', Image: 'C:\\\\y.exe', ProcessId: '43' },
      { EventID: 3, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'ws8.corp.local', EventTime: '2024-06-01 00:00:05', DestinationIp: '10.1.1.1', DestinationPort: '445' },
    ].map((l) => JSON.stringify(l));
    for (const [format, body] of [
      ['defender', lines.join('\n')],
      ['sysmon', sysmon.join('\n')],
    ] as const) {
      const recs = parseRecords(Buffer.from(body));
      const byRows = toColumnarPrepared(prepareRecords(format, recs, new DeviceRegistry()));
      const byColumns = prepareColumnar(format, recs, new DeviceRegistry());
      expect(byColumns.accepted).toBe(byRows.accepted);
      expect(byColumns.errors).toEqual(byRows.errors);
      expect(byColumns.deadLetters).toEqual(byRows.deadLetters);
      expect(rowsOf(byColumns.tables)).toEqual(rowsOf(byRows.tables));
      expect(byColumns.errors.length).toBeGreaterThan(0);
    }
  });

  it('a rolled-back record leaves nothing behind, and the next record takes its place', () => {
    const def = huntingTables.get('DeviceEvents')!;
    const at = (name: string): number => def.columns.findIndex((c) => c.name === name);
    const b = new TableColumnsBuilder(def);
    const r0 = b.begin();
    b.set(at('Timestamp'), r0, 1);
    b.set(at('FileName'), r0, 'kept');
    b.commit();
    const r1 = b.begin();
    b.set(at('Timestamp'), r1, 2);
    b.set(at('FileName'), r1, 'dropped');
    const r2 = b.begin(); // a second row of the same record
    b.set(at('ProcessId'), r2, 7);
    b.rollback();
    const r3 = b.begin();
    expect(r3).toBe(1);
    b.set(at('Timestamp'), r3, 3);
    b.commit();
    const t = b.finish();
    expect(t.rows).toBe(2);
    expect(cellsOf(t, 1)[at('FileName')]).toBeNull();
    expect(cellsOf(t, 1)[at('Timestamp')]).toBe(3);
    expect(cellsOf(t, 0)[at('FileName')]).toBe('kept');
    expect(t.columns?.[at('ProcessId')]?.valid).toBe(0);
    expect(t.columns?.[at('FileName')]?.valid).toBe(1);
  });

  it('defender rows that name no table: the default table when they fit it, else the one table they fit, else an explained error', () => {
    const ldap = { Timestamp: '2024-06-01T00:00:00Z', DeviceName: 'dc1', ActionType: 'LdapSearch', InitiatingProcessFileName: 'x.exe', AdditionalFields_dynamic: '{"q":1}', FileName: '' };
    const directory = { Timestamp: '2024-06-01T00:00:00Z', ActionType: 'Directory Services replication', Application: 'Active Directory', TargetAccountUpn: 'a@b.c', ISP: 'Contoso ISP', Protocol: '' };
    const nowhere = { Timestamp: '2024-06-01T00:00:00Z', rawData: 'x' };
    const recs = parseRecords(Buffer.from([ldap, directory, nowhere].map((r) => JSON.stringify(r)).join('\n')));
    const withDefault = prepareRecords('defender', recs, new DeviceRegistry(), 'DeviceEvents');
    expect(withDefault.rows.map((r) => r.table)).toEqual(['DeviceEvents', 'IdentityDirectoryEvents']);
    expect(withDefault.errors).toMatchObject([{ index: 2, code: 'unknownColumn', field: 'rawData' }]);
    const without = prepareRecords('defender', recs, new DeviceRegistry());
    expect(without.rows.map((r) => r.table)).toEqual(['IdentityDirectoryEvents']);
    expect(without.errors.map((e) => [e.index, e.code])).toEqual([
      [0, 'required'],
      [2, 'required'],
    ]);
    expect(without.errors[0]?.message).toMatch(/fit \d+ tables \(.*DeviceEvents/);
    expect(without.errors[1]?.message).toMatch(/fit no single Advanced Hunting table/);
  });
});
