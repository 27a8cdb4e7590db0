/**
 * Windows events (Sysmon and the Security log) to Advanced Hunting rows, shared by the `sysmon` format
 * (flattened NXLog-style JSON) and the `ecs` format (Winlogbeat's winlog.event_data). Each mapping names
 * its target columns; event data with no column goes to AdditionalFields.
 */
import { account, device, prefixed } from '../identity.ts';
import type { MapContext, MapOutcome, MappedRow } from './types.ts';
import { baseName, defined, err, num, str } from './types.ts';

export interface WindowsEvent {
  readonly eventId: number;
  readonly channel: string;
  readonly hostname: string;
  readonly timestamp: unknown;
  readonly data: Readonly<Record<string, unknown>>;
  /** The source's own record id, for idempotent retries. */
  readonly recordId?: string;
  /** The rendered message, for events whose data is only in it (classic PowerShell 800). */
  readonly message?: string;
}

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

function hashes(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof h !== 'string') return out;
  for (const part of h.split(',')) {
    const [k, v] = part.split('=');
    if (!k || !v) continue;
    const key = k.trim().toUpperCase();
    if (key === 'SHA1' || key === 'MD5' || key === 'SHA256') out[key] = v.trim().toLowerCase();
  }
  return out;
}

const hives: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKU: 'HKEY_USERS',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

function registryPath(target: unknown): string | undefined {
  const s = str(target);
  if (!s) return undefined;
  const i = s.indexOf('\\');
  const head = i < 0 ? s : s.slice(0, i);
  const full = hives[head.toUpperCase()];
  return full ? full + (i < 0 ? '' : s.slice(i)) : s;
}

/** Columns describing the process that did something, from Sysmon's Image/ProcessId/User. */
function initiating(d: Readonly<Record<string, unknown>>, image = 'Image', pid = 'ProcessId', user = 'User'): Record<string, unknown> {
  return {
    InitiatingProcessFileName: baseName(d[image]),
    InitiatingProcessFolderPath: str(d[image]),
    InitiatingProcessId: num(d[pid]),
    ...prefixed('InitiatingProcess', account(d[user])),
  };
}

function rest(d: Readonly<Record<string, unknown>>, used: readonly string[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) if (!used.includes(k) && v !== '' && v !== '-' && v !== undefined) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

const logonTypes: Record<number, string> = {
  2: 'Interactive',
  3: 'Network',
  4: 'Batch',
  5: 'Service',
  7: 'Unlock',
  8: 'NetworkCleartext',
  9: 'NewCredentials',
  10: 'RemoteInteractive',
  11: 'CachedInteractive',
};

const registryActions: Record<string, string> = {
  CreateKey: 'RegistryKeyCreated',
  DeleteKey: 'RegistryKeyDeleted',
  RenameKey: 'RegistryKeyRenamed',
  SetValue: 'RegistryValueSet',
  DeleteValue: 'RegistryValueDeleted',
};

/** Maps an event's data (and its rendered message, for the few events whose data is only there). */
type Mapper = (d: Readonly<Record<string, unknown>>, message?: string) => MappedRow | string;

const sysmon: Record<number, Mapper> = {
  1: (d) => ({
    table: 'DeviceProcessEvents',
    values: {
      ActionType: 'ProcessCreated',
      FileName: baseName(d.Image),
      FolderPath: str(d.Image),
      ProcessId: num(d.ProcessId),
      ProcessCommandLine: str(d.CommandLine),
      ProcessCreationTime: str(d.UtcTime) ? `${String(d.UtcTime)}Z` : undefined,
      ProcessIntegrityLevel: str(d.IntegrityLevel),
      ProcessVersionInfoCompanyName: str(d.Company),
      ProcessVersionInfoProductName: str(d.Product),
      ProcessVersionInfoProductVersion: str(d.FileVersion),
      ProcessVersionInfoFileDescription: str(d.Description),
      ProcessVersionInfoOriginalFileName: str(d.OriginalFileName),
      LogonId: num(d.LogonId),
      ...hashes(d.Hashes),
      ...account(d.User),
      InitiatingProcessFileName: baseName(d.ParentImage),
      InitiatingProcessFolderPath: str(d.ParentImage),
      InitiatingProcessId: num(d.ParentProcessId),
      InitiatingProcessCommandLine: str(d.ParentCommandLine),
      ...prefixed('InitiatingProcess', account(d.ParentUser)),
      AdditionalFields: rest(d, ['UtcTime', 'Image', 'ProcessId', 'CommandLine', 'IntegrityLevel', 'Company', 'Product', 'FileVersion', 'Description', 'OriginalFileName', 'LogonId', 'Hashes', 'User', 'ParentImage', 'ParentProcessId', 'ParentCommandLine', 'ParentUser']),
    },
  }),
  3: (d) => {
    const outbound = String(d.Initiated).toLowerCase() !== 'false';
    const [local, remote] = outbound ? ['Source', 'Destination'] : ['Destination', 'Source'];
    return {
      table: 'DeviceNetworkEvents',
      values: {
        ActionType: outbound ? 'ConnectionSuccess' : 'InboundConnectionAccepted',
        LocalIP: str(d[`${local}Ip`]),
        LocalPort: num(d[`${local}Port`]),
        RemoteIP: str(d[`${remote}Ip`]),
        RemotePort: num(d[`${remote}Port`]),
        RemoteUrl: str(d[`${remote}Hostname`]),
        Protocol: typeof d.Protocol === 'string' ? d.Protocol.charAt(0).toUpperCase() + d.Protocol.slice(1).toLowerCase() : undefined,
        ...initiating(d),
        AdditionalFields: rest(d, ['UtcTime', 'Image', 'ProcessId', 'User', 'Initiated', 'SourceIp', 'SourcePort', 'DestinationIp', 'DestinationPort', 'DestinationHostname', 'SourceHostname', 'Protocol']),
      },
    };
  },
  5: (d) => ({
    table: 'DeviceEvents',
    values: { ActionType: 'ProcessTerminated', FileName: baseName(d.Image), FolderPath: str(d.Image), ProcessId: num(d.ProcessId), ...initiating(d), AdditionalFields: rest(d, ['UtcTime', 'Image', 'ProcessId', 'User']) },
  }),
  7: (d) => ({
    table: 'DeviceImageLoadEvents',
    values: {
      ActionType: 'ImageLoaded',
      FileName: baseName(d.ImageLoaded),
      FolderPath: str(d.ImageLoaded),
      ...hashes(d.Hashes),
      ...initiating(d),
    },
  }),
  8: (d) => ({
    table: 'DeviceEvents',
    values: {
      ActionType: 'CreateRemoteThreadApiCall',
      FileName: baseName(d.TargetImage),
      FolderPath: str(d.TargetImage),
      ProcessId: num(d.TargetProcessId),
      ...initiating(d, 'SourceImage', 'SourceProcessId', 'SourceUser'),
      AdditionalFields: rest(d, ['UtcTime', 'TargetImage', 'TargetProcessId', 'SourceImage', 'SourceProcessId', 'SourceUser']),
    },
  }),
  10: (d) => ({
    table: 'DeviceEvents',
    values: {
      ActionType: 'OpenProcessApiCall',
      FileName: baseName(d.TargetImage),
      FolderPath: str(d.TargetImage),
      ProcessId: num(d.TargetProcessId),
      ...initiating(d, 'SourceImage', 'SourceProcessId', 'SourceUser'),
      AdditionalFields: rest(d, ['UtcTime', 'TargetImage', 'TargetProcessId', 'SourceImage', 'SourceProcessId', 'SourceUser']),
    },
  }),
  // File creation time changed (timestomping, T1070.006): a change to the file's metadata, so FileModified,
  // with the old and new creation times kept.
  2: (d) => ({
    table: 'DeviceFileEvents',
    values: {
      ActionType: 'FileModified',
      FileName: baseName(d.TargetFilename),
      FolderPath: str(d.TargetFilename),
      ...initiating(d),
      AdditionalFields: { ModificationType: 'CreationTimeChanged', CreationUtcTime: str(d.CreationUtcTime), PreviousCreationUtcTime: str(d.PreviousCreationUtcTime), ...rest(d, ['UtcTime', 'TargetFilename', 'Image', 'ProcessId', 'User', 'CreationUtcTime', 'PreviousCreationUtcTime']) },
    },
  }),
  // Raw access read of a volume (\\Device\\HarddiskVolumeN): how tools copy locked files such as NTDS.dit or the SAM.
  9: (d) => ({
    table: 'DeviceEvents',
    values: { ActionType: 'RawAccessRead', FileName: baseName(d.Device), FolderPath: str(d.Device), ...initiating(d), AdditionalFields: rest(d, ['UtcTime', 'Device', 'Image', 'ProcessId', 'User']) },
  }),
  11: (d) => ({
    table: 'DeviceFileEvents',
    values: { ActionType: 'FileCreated', FileName: baseName(d.TargetFilename), FolderPath: str(d.TargetFilename), ...initiating(d), AdditionalFields: rest(d, ['UtcTime', 'TargetFilename', 'Image', 'ProcessId', 'User']) },
  }),
  12: registry,
  13: registry,
  14: registry,
  17: pipe,
  18: pipe,
  22: (d) => ({
    table: 'DeviceEvents',
    values: {
      ActionType: 'DnsQueryResponse',
      ...initiating(d),
      AdditionalFields: { DnsQueryString: str(d.QueryName), DnsQueryResult: str(d.QueryResults), QueryStatus: str(d.QueryStatus) },
    },
  }),
  23: fileDeleted,
  26: fileDeleted,
};

function registry(d: Readonly<Record<string, unknown>>): MappedRow | string {
  const eventType = str(d.EventType) ?? '';
  const action = registryActions[eventType];
  if (!action) return `registry EventType ${JSON.stringify(d.EventType)} is not one of ${Object.keys(registryActions).join(', ')}`;
  const path = registryPath(d.TargetObject);
  const isValue = action.startsWith('RegistryValue');
  const cut = path && isValue ? path.lastIndexOf('\\') : -1;
  return {
    table: 'DeviceRegistryEvents',
    values: {
      ActionType: action,
      RegistryKey: cut >= 0 ? path?.slice(0, cut) : path,
      RegistryValueName: cut >= 0 ? path?.slice(cut + 1) : undefined,
      RegistryValueData: str(d.Details),
      PreviousRegistryKey: action === 'RegistryKeyRenamed' ? registryPath(d.NewName) : undefined,
      ...initiating(d),
    },
  };
}

function pipe(d: Readonly<Record<string, unknown>>): MappedRow {
  return { table: 'DeviceEvents', values: { ActionType: 'NamedPipeEvent', ...initiating(d), AdditionalFields: { PipeName: str(d.PipeName), EventType: str(d.EventType) } } };
}

function fileDeleted(d: Readonly<Record<string, unknown>>): MappedRow {
  return { table: 'DeviceFileEvents', values: { ActionType: 'FileDeleted', FileName: baseName(d.TargetFilename), FolderPath: str(d.TargetFilename), ...hashes(d.Hashes), ...initiating(d) } };
}

function logon(success: boolean): Mapper {
  return (d) => ({
    table: 'DeviceLogonEvents',
    values: {
      ActionType: success ? 'LogonSuccess' : 'LogonFailed',
      LogonType: logonTypes[num(d.LogonType) ?? -1] ?? str(d.LogonType),
      ...account(d.TargetUserName, d.TargetDomainName, d.TargetUserSid),
      LogonId: num(d.TargetLogonId),
      RemoteIP: str(d.IpAddress),
      RemotePort: num(d.IpPort),
      RemoteDeviceName: str(d.WorkstationName),
      Protocol: str(d.AuthenticationPackageName),
      FailureReason: success ? undefined : str(d.FailureReason) ?? str(d.SubStatus) ?? str(d.Status),
      InitiatingProcessFileName: baseName(d.ProcessName),
      InitiatingProcessFolderPath: str(d.ProcessName),
      InitiatingProcessId: num(d.ProcessId),
      ...prefixed('InitiatingProcess', account(d.SubjectUserName, d.SubjectDomainName, d.SubjectUserSid)),
      AdditionalFields: rest(d, ['LogonType', 'TargetUserName', 'TargetDomainName', 'TargetUserSid', 'TargetLogonId', 'IpAddress', 'IpPort', 'WorkstationName', 'AuthenticationPackageName', 'ProcessName', 'ProcessId', 'SubjectUserName', 'SubjectDomainName', 'SubjectUserSid']),
    },
  });
}

const security: Record<number, Mapper> = {
  4624: logon(true),
  4625: logon(false),
  4688: (d) => ({
    table: 'DeviceProcessEvents',
    values: {
      ActionType: 'ProcessCreated',
      FileName: baseName(d.NewProcessName),
      FolderPath: str(d.NewProcessName),
      ProcessId: num(d.NewProcessId),
      ProcessCommandLine: str(d.CommandLine),
      ...account(str(d.TargetUserName) ?? d.SubjectUserName, str(d.TargetUserName) ? d.TargetDomainName : d.SubjectDomainName, str(d.TargetUserSid) !== 'S-1-0-0' && str(d.TargetUserSid) ? d.TargetUserSid : d.SubjectUserSid),
      InitiatingProcessFileName: baseName(d.ParentProcessName),
      InitiatingProcessFolderPath: str(d.ParentProcessName),
      InitiatingProcessId: num(d.ProcessId),
      ...prefixed('InitiatingProcess', account(d.SubjectUserName, d.SubjectDomainName, d.SubjectUserSid)),
    },
  }),
  // A process exited (the Security log's twin of Sysmon 5).
  4689: (d) => ({
    table: 'DeviceEvents',
    values: {
      ActionType: 'ProcessTerminated',
      FileName: baseName(d.ProcessName),
      FolderPath: str(d.ProcessName),
      ProcessId: num(d.ProcessId),
      ...prefixed('InitiatingProcess', account(d.SubjectUserName, d.SubjectDomainName, d.SubjectUserSid)),
      AdditionalFields: rest(d, ['ProcessName', 'ProcessId', 'SubjectUserName', 'SubjectDomainName', 'SubjectUserSid']),
    },
  }),
  // A security-enabled local group's members were enumerated (discovery, T1069.001): who asked, from which process, for which group.
  4799: (d) => ({
    table: 'DeviceEvents',
    values: {
      ActionType: 'LocalGroupMembershipEnumerated',
      InitiatingProcessFileName: baseName(d.CallerProcessName),
      InitiatingProcessFolderPath: str(d.CallerProcessName),
      InitiatingProcessId: num(d.CallerProcessId),
      ...prefixed('InitiatingProcess', account(d.SubjectUserName, d.SubjectDomainName, d.SubjectUserSid)),
      AdditionalFields: { GroupName: str(d.TargetUserName), GroupDomain: str(d.TargetDomainName), GroupSid: str(d.TargetSid), ...rest(d, ['CallerProcessName', 'CallerProcessId', 'SubjectUserName', 'SubjectDomainName', 'SubjectUserSid', 'TargetUserName', 'TargetDomainName', 'TargetSid']) },
    },
  }),
  // The Windows Filtering Platform permitted a connection: the network event of the process that made or took it.
  5156: (d) => {
    const inbound = str(d.Direction) === '%%14592' || /^inbound$/i.test(str(d.Direction) ?? '');
    const app = str(d.Application);
    return {
      table: 'DeviceNetworkEvents',
      values: {
        ActionType: inbound ? 'InboundConnectionAccepted' : 'ConnectionSuccess',
        LocalIP: str(d.SourceAddress),
        LocalPort: num(d.SourcePort),
        RemoteIP: str(d.DestAddress),
        RemotePort: num(d.DestPort),
        Protocol: ipProtocols[num(d.Protocol) ?? -1] ?? str(d.Protocol),
        InitiatingProcessFileName: baseName(app),
        InitiatingProcessFolderPath: app,
        InitiatingProcessId: num(d.ProcessId) ?? num(d.ProcessID),
        AdditionalFields: rest(d, ['Direction', 'SourceAddress', 'SourcePort', 'DestAddress', 'DestPort', 'Protocol', 'Application', 'ProcessId', 'ProcessID']),
      },
    };
  },
  1102: eventLogCleared('Security'),
  4698: (d) => ({
    table: 'DeviceEvents',
    values: {
      ActionType: 'ScheduledTaskCreated',
      ...prefixed('InitiatingProcess', account(d.SubjectUserName, d.SubjectDomainName, d.SubjectUserSid)),
      AdditionalFields: { TaskName: str(d.TaskName), TaskContent: str(d.TaskContent) },
    },
  }),
};

/** IANA protocol numbers as Defender names them. */
const ipProtocols: Record<number, string> = { 1: 'Icmp', 6: 'Tcp', 17: 'Udp', 58: 'Icmpv6' };

function eventLogCleared(log: string): Mapper {
  return (d) => ({
    table: 'DeviceEvents',
    values: { ActionType: 'EventLogCleared', ...prefixed('InitiatingProcess', account(d.SubjectUserName, d.SubjectDomainName, d.SubjectUserSid)), AdditionalFields: { LogName: log, ...rest(d, ['SubjectUserName', 'SubjectDomainName', 'SubjectUserSid']) } },
  });
}

/** PowerShell's host application line: the process that ran the command. */
function powershellHost(hostApplication: string | undefined): Record<string, unknown> {
  if (!hostApplication) return {};
  const exe = /^\s*"([^"]+)"|^\s*(\S+)/.exec(hostApplication);
  const path = exe?.[1] ?? exe?.[2];
  return { InitiatingProcessFileName: baseName(path), InitiatingProcessFolderPath: path, InitiatingProcessCommandLine: hostApplication.trim() };
}

/** `Name = value` (4103 ContextInfo) or `Name=value` (800 message) lines. */
function contextField(text: string | undefined, name: string): string | undefined {
  if (!text) return undefined;
  const m = new RegExp(`^\\s*${name}\\s*=\\s*(.*?)\\s*$`, 'm').exec(text);
  return m?.[1] || undefined;
}

/** Windows PowerShell events: each command a PowerShell host ran, as Defender's PowerShellCommand. */
const powershellOperational: Record<number, Mapper> = {
  // Module logging: CommandInvocation(Name) lines name the commands of the pipeline.
  4103: (d, message) => {
    // NXLog drops a long Payload from the event data; the rendered message starts with the same lines.
    const payload = str(d.Payload) ?? message;
    const command = payload ? /CommandInvocation\(([^)]+)\)/.exec(payload)?.[1] : undefined;
    if (!command) return 'PowerShell 4103 without a CommandInvocation line in Payload names no command';
    return {
      table: 'DeviceEvents',
      values: { ActionType: 'PowerShellCommand', ...powershellHost(contextField(str(d.ContextInfo) ?? message, 'Host Application')), AdditionalFields: { Command: command, Payload: payload, ...rest(d, ['Payload', 'ContextInfo']) } },
    };
  },
};

/** The classic 'Windows PowerShell' log: 800 carries its data only in the rendered message. */
function powershellClassic(eventId: number, d: Readonly<Record<string, unknown>>, message: string | undefined): MappedRow | string {
  const text = message ?? str(d.Message) ?? '';
  const pipeline = /Pipeline execution details for command line:\s*([\s\S]*?)\s*(?:\r?\n\s*\r?\n|Context Information:)/.exec(text)?.[1]?.replace(/\s*\n\.\s*$/, '').trim(); // the log renders the command line followed by a line holding '.'
  if (eventId !== 800 || !pipeline) return 'the Windows PowerShell log maps event 800 (pipeline execution details, with the command line in its message)';
  return { table: 'DeviceEvents', values: { ActionType: 'PowerShellCommand', ...powershellHost(contextField(text, 'HostApplication')), AdditionalFields: { Command: pipeline } } };
}

const taskScheduler: Record<number, Mapper> = {
  106: scheduledTask('ScheduledTaskCreated'),
  140: scheduledTask('ScheduledTaskUpdated'),
  141: scheduledTask('ScheduledTaskDeleted'),
};

function scheduledTask(action: string): Mapper {
  return (d) => {
    const who = str(d.UserContext) ?? str(d.UserName);
    const sid = who && /^S-\d-/i.test(who) ? who : undefined;
    return {
      table: 'DeviceEvents',
      values: {
        ActionType: action,
        ...prefixed('InitiatingProcess', sid ? account(undefined, undefined, sid) : account(who)),
        AdditionalFields: { TaskName: str(d.TaskName), ...rest(d, ['TaskName', 'UserContext', 'UserName']) },
      },
    };
  };
}

const system: Record<number, Mapper> = { 104: eventLogCleared('System') };

/**
 * Events with no Advanced Hunting home, and why: each is rejected with code `unsupportedEventType` and this
 * reason, so a rejection of a known kind is explained rather than merely "unmapped".
 */
const unsupported: Readonly<Record<string, string>> = {
  'Security:4656': 'object handle auditing (a handle was requested) has no Advanced Hunting table: Defender records file and registry changes, not handle operations',
  'Security:4658': 'object handle auditing (a handle was closed) has no Advanced Hunting table: Defender records file and registry changes, not handle operations',
  'Security:4690': 'object handle auditing (a handle was duplicated) has no Advanced Hunting table: Defender records file and registry changes, not handle operations',
  'Security:4663': 'object access auditing (an access attempt on an object) has no Advanced Hunting table: Defender records file and registry changes, not access checks',
  'Security:4661': 'object handle auditing (a handle to a SAM/directory object) has no Advanced Hunting table',
  'Security:4670': 'object permission changes have no Advanced Hunting table',
  'Security:5158': 'a WFP bind to a local port is neither a connection nor a listening socket, the two things DeviceNetworkEvents records (5156 connections are mapped)',
  'Security:4703': 'token privilege adjustments (enable/disable) have no Advanced Hunting table',
  'Security:4673': 'privileged service calls have no Advanced Hunting table',
  'Security:4672': 'special privileges at logon is a companion of 4624, which is mapped to DeviceLogonEvents; Advanced Hunting has no row for it',
  'Security:4627': 'group membership at logon is a companion of 4624, which is mapped to DeviceLogonEvents; Advanced Hunting has no row for it',
  'Security:4634': 'logoff: DeviceLogonEvents records logons (success, failure, attempt), not logoffs',
  'Security:4647': 'user-initiated logoff: DeviceLogonEvents records logons, not logoffs',
  'Security:5140': 'network share access (server side) has no Advanced Hunting table on the device',
  'Security:5145': 'network share access checks (server side) have no Advanced Hunting table on the device',
  'Security:4904': 'registration of a security event source is audit-subsystem bookkeeping, not device activity',
  'Security:4905': 'unregistration of a security event source is audit-subsystem bookkeeping, not device activity',
  'System:7040': 'a service start-type change has no Advanced Hunting ActionType (service installs, 7045, would be ServiceInstalled)',
  'System:98': 'NTFS volume health is not security telemetry',
  [`${SYSMON}:4`]: 'Sysmon service state changes describe the sensor, not the device',
  [`${SYSMON}:16`]: 'Sysmon configuration changes describe the sensor, not the device',
  [`${SYSMON}:24`]: 'Sysmon clipboard changes carry clipboard contents; Advanced Hunting has no clipboard-content event (GetClipboardData is a read API call)',
  [`${SYSMON}:255`]: 'Sysmon error events describe the sensor, not the device',
  'Microsoft-Windows-PowerShell/Operational:4104': 'script block logging is not mapped yet: Defender records it as PowerShellCommand only per command, and a script block is not one',
};

/** Event mappers per channel. */
const channels: Readonly<Record<string, Record<number, Mapper>>> = {
  [SYSMON]: sysmon,
  Security: security,
  System: system,
  'Microsoft-Windows-PowerShell/Operational': powershellOperational,
  'Microsoft-Windows-TaskScheduler/Operational': taskScheduler,
};

export function mapWindowsEvent(ev: WindowsEvent, ctx: MapContext, source: string): MapOutcome {
  const table = channels[ev.channel];
  const mapper: Mapper | undefined = ev.channel === 'Windows PowerShell' ? (d) => powershellClassic(ev.eventId, d, ev.message) : table?.[ev.eventId];
  if (!mapper) {
    const why = unsupported[`${ev.channel}:${ev.eventId}`];
    const name = `${ev.channel || 'unknown channel'} event ${ev.eventId}`;
    if (why) return err('EventID', 'unsupportedEventType', `${name}: ${why}`);
    const known = table ? Object.keys(table).join(', ') : undefined;
    return err(
      'EventID',
      'unsupportedEventType',
      `${name} has no mapping yet: ${known ? `this channel maps events ${known}` : `the mapped channels are ${Object.keys(channels).join(', ')} and Windows PowerShell`}`,
    );
  }
  const out = mapper(ev.data, ev.message);
  if (typeof out === 'string') return err(null, ev.channel.includes('PowerShell') ? 'unsupportedEventType' : 'invalidEvent', out);
  const dev = device(ev.hostname);
  const rows: MappedRow[] = [{ table: out.table, values: defined({ Timestamp: ev.timestamp, ...dev, ...defined(out.values) }) }];
  const info = ctx.devices.observe(dev, ev.timestamp, { OSPlatform: 'Windows' }, source);
  if (info) rows.push({ table: 'DeviceInfo', values: info });
  return ev.recordId === undefined ? { rows } : { rows, recordId: ev.recordId };
}
