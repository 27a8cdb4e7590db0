import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';
import { unrestrictedScope } from '../src/auth/principal.ts';
import type { IngestResponse } from '../src/ingest/ingest.service.ts';

const shipper: Principal = { kind: 'token', id: 't1', name: 'shipper', permissions: new Set(['ingest.write']), scope: unrestrictedScope };

/** The Windows events mapped beyond the first set (fixtures/ingest/windows-more.ndjson, one record per mapping) and the explained rejections. */
describe('ingest: more Windows events', () => {
  let p: TestPalisade;
  let body: IngestResponse;
  beforeAll(async () => {
    p = await testPalisade({ resolvePrincipal: async () => shipper });
    const payload = readFileSync(new URL('./fixtures/ingest/windows-more.ndjson', import.meta.url), 'utf8');
    body = (await p.app.inject({ method: 'POST', url: '/api/ingest/sysmon', payload, headers: { 'content-type': 'application/x-ndjson' } })).json<IngestResponse>();
  });
  afterAll(async () => p.close());

  const rows = async (sql: string): Promise<Record<string, unknown>[]> => (await p.opened.ctx.events.query(sql, [], { timeoutMs: 5000, maxRows: 20 })).rows as Record<string, unknown>[];
  const extra = (r: Record<string, unknown> | undefined): Record<string, unknown> => {
    const v = r?.AdditionalFields;
    return typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : {};
  };

  it('accepts every mapped event and explains each rejection', () => {
    expect(body).toMatchObject({ accepted: 13, rejected: 2 });
    expect(body.errors[0]).toMatchObject({ index: 13, field: 'EventID', code: 'unsupportedEventType' });
    expect(body.errors[0]?.message).toMatch(/^Security event 4658: object handle auditing .* has no Advanced Hunting table/);
    expect(body.errors[1]).toMatchObject({ index: 14, code: 'unsupportedEventType' });
    expect(body.errors[1]?.message).toMatch(/^Application event 1000 has no mapping yet/);
  });

  it('Sysmon 2 (creation time changed) is a FileModified file event with both times; Sysmon 9 a RawAccessRead', async () => {
    const [f] = await rows(`SELECT ActionType, FileName, FolderPath, InitiatingProcessFileName, InitiatingProcessAccountName, AdditionalFields FROM DeviceFileEvents WHERE FileName = 'drop.dll'`);
    expect(f).toMatchObject({ ActionType: 'FileModified', FolderPath: 'C:\\Users\\ana\\AppData\\Local\\Temp\\drop.dll', InitiatingProcessFileName: 'stomp.exe', InitiatingProcessAccountName: 'ana' });
    expect(extra(f)).toMatchObject({ ModificationType: 'CreationTimeChanged', CreationUtcTime: '2019-01-01 00:00:00.000', PreviousCreationUtcTime: '2024-03-04 09:59:58.120' });
    const [raw] = await rows(`SELECT FolderPath, InitiatingProcessFileName, InitiatingProcessId FROM DeviceEvents WHERE ActionType = 'RawAccessRead'`);
    expect(raw).toEqual({ FolderPath: '\\Device\\HarddiskVolume2', InitiatingProcessFileName: 'esentutl.exe', InitiatingProcessId: 4200 });
  });

  it('Security 5156 (WFP permitted connection) is a network event, outbound and inbound', async () => {
    const got = await rows(`SELECT ActionType, LocalIP, LocalPort, RemoteIP, RemotePort, Protocol, InitiatingProcessFileName, InitiatingProcessId FROM DeviceNetworkEvents WHERE DeviceName = 'ws7.contoso.test' ORDER BY Timestamp`);
    expect(got).toEqual([
      { ActionType: 'ConnectionSuccess', LocalIP: '10.1.2.7', LocalPort: 50123, RemoteIP: '198.51.100.23', RemotePort: 443, Protocol: 'Tcp', InitiatingProcessFileName: 'curl.exe', InitiatingProcessId: 4300 },
      { ActionType: 'InboundConnectionAccepted', LocalIP: '10.1.2.7', LocalPort: 445, RemoteIP: '10.1.2.50', RemotePort: 51000, Protocol: 'Tcp', InitiatingProcessFileName: 'System', InitiatingProcessId: 4 },
    ]);
  });

  it('Security 4799, 4689, 1102 and System 104 are DeviceEvents with the actor', async () => {
    const [e] = await rows(`SELECT InitiatingProcessFileName, InitiatingProcessId, InitiatingProcessAccountName, InitiatingProcessAccountSid, AdditionalFields FROM DeviceEvents WHERE ActionType = 'LocalGroupMembershipEnumerated'`);
    expect(e).toMatchObject({ InitiatingProcessFileName: 'net1.exe', InitiatingProcessId: 0x1a2b, InitiatingProcessAccountName: 'ana', InitiatingProcessAccountSid: 'S-1-5-21-1-2-3-1104' });
    expect(extra(e)).toMatchObject({ GroupName: 'Administrators', GroupDomain: 'Builtin', GroupSid: 'S-1-5-32-544' });
    expect(await rows(`SELECT FileName, ProcessId FROM DeviceEvents WHERE ActionType = 'ProcessTerminated' AND DeviceName = 'ws7.contoso.test'`)).toEqual([{ FileName: 'net1.exe', ProcessId: 0x1a2b }]);
    const cleared = await rows(`SELECT AdditionalFields, InitiatingProcessAccountName FROM DeviceEvents WHERE ActionType = 'EventLogCleared' ORDER BY Timestamp`);
    expect(cleared.map((r) => [extra(r).LogName, r.InitiatingProcessAccountName])).toEqual([
      ['Security', 'ana'],
      ['System', null],
    ]);
  });

  it('PowerShell 4103 (payload or message) and 800 are PowerShellCommand events naming the command and the host process', async () => {
    const got = await rows(`SELECT InitiatingProcessFileName, InitiatingProcessCommandLine, AdditionalFields FROM DeviceEvents WHERE ActionType = 'PowerShellCommand' ORDER BY Timestamp`);
    expect(got.map((r) => [extra(r).Command, r.InitiatingProcessFileName])).toEqual([
      ['Invoke-WebRequest', 'powershell.exe'],
      ['Set-ItemProperty', 'powershell.exe'],
      ['Get-LocalGroupMember Administrators', 'powershell.exe'],
    ]);
    expect(got[0]?.InitiatingProcessCommandLine).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -nop -w hidden');
  });

  it('Task Scheduler 106 and 140 are ScheduledTaskCreated / ScheduledTaskUpdated', async () => {
    const got = await rows(`SELECT ActionType, InitiatingProcessAccountSid, InitiatingProcessAccountName, AdditionalFields FROM DeviceEvents WHERE ActionType LIKE 'ScheduledTask%' AND DeviceName = 'ws7.contoso.test' ORDER BY Timestamp`);
    expect(got.map((r) => [r.ActionType, extra(r).TaskName, r.InitiatingProcessAccountSid, r.InitiatingProcessAccountName])).toEqual([
      ['ScheduledTaskCreated', '\\Updater', 'S-1-5-21-1-2-3-1104', null],
      ['ScheduledTaskUpdated', '\\Updater', null, 'ana'],
    ]);
  });
});
