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

type Mapper = (d: Readonly<Record<string, unknown>>) => MappedRow | string;

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
  4698: (d) => ({
    table: 'DeviceEvents',
    values: {
      ActionType: 'ScheduledTaskCreated',
      ...prefixed('InitiatingProcess', account(d.SubjectUserName, d.SubjectDomainName, d.SubjectUserSid)),
      AdditionalFields: { TaskName: str(d.TaskName), TaskContent: str(d.TaskContent) },
    },
  }),
};

export function mapWindowsEvent(ev: WindowsEvent, ctx: MapContext, source: string): MapOutcome {
  const table = ev.channel === SYSMON ? sysmon : ev.channel === 'Security' ? security : undefined;
  const mapper = table?.[ev.eventId];
  if (!mapper) {
    const known = ev.channel === SYSMON ? Object.keys(sysmon) : ev.channel === 'Security' ? Object.keys(security) : [];
    return err('EventID', 'unmappedEvent', `${ev.channel || 'unknown channel'} event ${ev.eventId} has no Advanced Hunting mapping${known.length ? ` (mapped: ${known.join(', ')})` : ''}`);
  }
  const out = mapper(ev.data);
  if (typeof out === 'string') return err(null, 'invalidEvent', out);
  const dev = device(ev.hostname);
  const rows: MappedRow[] = [{ table: out.table, values: defined({ Timestamp: ev.timestamp, ...dev, ...defined(out.values) }) }];
  const info = ctx.devices.observe(dev, ev.timestamp, { OSPlatform: 'Windows' }, source);
  if (info) rows.push({ table: 'DeviceInfo', values: info });
  return ev.recordId === undefined ? { rows } : { rows, recordId: ev.recordId };
}
