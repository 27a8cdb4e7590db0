/**
 * Builders for Advanced Hunting rows. Each builder fills the columns the real Defender table carries for
 * that kind of event, and nothing the table does not have (tests check every column against the schema).
 * Timestamps are ISO strings; `ReportId` is assigned when the row is emitted, in time order.
 */
import type { Binary } from './catalog.ts';
import type { Device } from './org.ts';

/** One Advanced Hunting row in the `defender` ingest format: the table name plus its columns. */
export type Row = { Table: string } & Record<string, unknown>;

/** The account a process runs as. */
export interface ProcAccount {
  readonly domain: string;
  readonly name: string;
  readonly sid: string;
  readonly upn?: string;
  readonly objectId?: string;
}

export const SYSTEM: ProcAccount = { domain: 'nt authority', name: 'system', sid: 'S-1-5-18' };
export const LOCAL_SERVICE: ProcAccount = { domain: 'nt authority', name: 'local service', sid: 'S-1-5-19' };
export const NETWORK_SERVICE: ProcAccount = { domain: 'nt authority', name: 'network service', sid: 'S-1-5-20' };
export const ROOT: ProcAccount = { domain: '', name: 'root', sid: '' };

/** A running process: what every InitiatingProcess* column describes. */
export interface Proc {
  readonly bin: Binary;
  readonly pid: number;
  readonly cmd: string;
  readonly created: number;
  readonly account: ProcAccount;
  readonly logonId: number;
  readonly integrity: string;
  readonly elevation: string;
  readonly parentPid: number;
  readonly parentFile: string;
  readonly parentCreated: number;
  /** ISO forms of `created` and `parentCreated`, when computed once at spawn. */
  readonly createdIso?: string;
  readonly parentCreatedIso?: string;
}

const P2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayPrefixes = new Map<number, string>();

/**
 * ISO 8601 UTC with milliseconds, as Date.toISOString() writes it, for whole-millisecond times. Built from a
 * per-day prefix and lookup tables: formatting timestamps was a quarter of the generation time before.
 */
export function iso(t: number): string {
  const day = Math.floor(t / 86_400_000);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    if (dayPrefixes.size > 4096) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  let ms = Math.round(t) - day * 86_400_000;
  const h = Math.floor(ms / 3_600_000);
  ms -= h * 3_600_000;
  const m = Math.floor(ms / 60_000);
  ms -= m * 60_000;
  const sec = Math.floor(ms / 1000);
  ms -= sec * 1000;
  return `${prefix}${P2[h]}:${P2[m]}:${P2[sec]}.${P3[ms]}Z`;
}

/** A new process started by `parent`. */
export function spawn(
  parent: Proc,
  bin: Binary,
  pid: number,
  cmd: string,
  created: number,
  account: ProcAccount = parent.account,
  logonId = parent.logonId,
  integrity = parent.integrity,
  elevation = parent.elevation,
): Proc {
  return {
    bin,
    pid,
    cmd,
    created,
    account,
    logonId,
    integrity,
    elevation,
    parentPid: parent.pid,
    parentFile: parent.bin.file,
    parentCreated: parent.created,
    createdIso: iso(created),
    parentCreatedIso: parent.createdIso ?? iso(parent.created),
  };
}

/*
 * Row construction. Every builder makes its row as ONE object literal holding the columns that are always
 * there, and adds only the optional ones afterwards: a literal gets its final shape and in-object slots at
 * once, whereas adding 40-60 properties one by one grew each row's property store a dozen times (a
 * micro-benchmark: 0.05 us per 56-column literal against 0.45-1.9 us built up property by property; the
 * garbage was most of the generator's GC time, see docs/BENCHMARKS.md).
 */

/** The optional columns of a process: version info (known binaries only) and the account's cloud identity. */
function addInitiatingOptional(r: Row, p: Proc): void {
  const a = p.account;
  if (a.upn !== undefined) r.InitiatingProcessAccountUpn = a.upn;
  if (a.objectId !== undefined) r.InitiatingProcessAccountObjectId = a.objectId;
  const b = p.bin;
  if (b.company !== '') {
    r.InitiatingProcessVersionInfoCompanyName = b.company;
    r.InitiatingProcessVersionInfoProductName = b.product;
    r.InitiatingProcessVersionInfoProductVersion = b.version;
    r.InitiatingProcessVersionInfoInternalFileName = b.internal;
    r.InitiatingProcessVersionInfoOriginalFileName = b.original;
    r.InitiatingProcessVersionInfoFileDescription = b.description;
  }
}

export function processRow(t: number, d: Device, child: Proc, parent: Proc, extra?: Record<string, unknown>): Row {
  const b = child.bin;
  const ca = child.account;
  const pb = parent.bin;
  const pa = parent.account;
  const r: Row = {
    Table: 'DeviceProcessEvents',
    Timestamp: iso(t),
    DeviceId: d.id,
    DeviceName: d.fqdn,
    ActionType: 'ProcessCreated',
    ReportId: 0,
    FileName: b.file,
    FolderPath: b.path,
    SHA1: b.sha1,
    SHA256: b.sha256,
    MD5: b.md5,
    FileSize: b.size,
    ProcessId: child.pid,
    ProcessCommandLine: child.cmd,
    ProcessIntegrityLevel: child.integrity,
    ProcessTokenElevation: child.elevation,
    ProcessCreationTime: child.createdIso ?? iso(child.created),
    AccountDomain: ca.domain,
    AccountName: ca.name,
    AccountSid: ca.sid,
    LogonId: child.logonId,
    InitiatingProcessAccountDomain: pa.domain,
    InitiatingProcessAccountName: pa.name,
    InitiatingProcessAccountSid: pa.sid,
    InitiatingProcessSHA1: pb.sha1,
    InitiatingProcessSHA256: pb.sha256,
    InitiatingProcessMD5: pb.md5,
    InitiatingProcessFileName: pb.file,
    InitiatingProcessFileSize: pb.size,
    InitiatingProcessFolderPath: pb.path,
    InitiatingProcessId: parent.pid,
    InitiatingProcessCommandLine: parent.cmd,
    InitiatingProcessCreationTime: parent.createdIso ?? iso(parent.created),
    InitiatingProcessParentId: parent.parentPid,
    InitiatingProcessParentFileName: parent.parentFile,
    InitiatingProcessParentCreationTime: parent.parentCreatedIso ?? iso(parent.parentCreated),
    InitiatingProcessIntegrityLevel: parent.integrity,
    InitiatingProcessTokenElevation: parent.elevation,
    InitiatingProcessLogonId: parent.logonId,
    InitiatingProcessSignerType: pb.signer,
    InitiatingProcessSignatureStatus: pb.signer === 'Unknown' ? 'Unsigned' : 'Valid',
  };
  if (b.company !== '') {
    r.ProcessVersionInfoCompanyName = b.company;
    r.ProcessVersionInfoProductName = b.product;
    r.ProcessVersionInfoProductVersion = b.version;
    r.ProcessVersionInfoInternalFileName = b.internal;
    r.ProcessVersionInfoOriginalFileName = b.original;
    r.ProcessVersionInfoFileDescription = b.description;
  }
  if (ca.upn !== undefined) r.AccountUpn = ca.upn;
  if (ca.objectId !== undefined) r.AccountObjectId = ca.objectId;
  addInitiatingOptional(r, parent);
  if (extra) Object.assign(r, extra);
  return r;
}

export function networkRow(
  t: number,
  d: Device,
  p: Proc,
  action: string,
  localIp: string,
  localPort: number,
  remoteIp: string,
  remotePort: number,
  remoteUrl: string,
  extra?: Record<string, unknown>,
): Row {
  const a = p.account;
  const b = p.bin;
  const r: Row = {
    Table: 'DeviceNetworkEvents',
    Timestamp: iso(t),
    DeviceId: d.id,
    DeviceName: d.fqdn,
    ActionType: action,
    ReportId: 0,
    RemoteIP: remoteIp,
    RemotePort: remotePort,
    LocalIP: localIp,
    LocalPort: localPort,
    Protocol: 'Tcp',
    LocalIPType: ipType(localIp),
    RemoteIPType: ipType(remoteIp),
    InitiatingProcessAccountDomain: a.domain,
    InitiatingProcessAccountName: a.name,
    InitiatingProcessAccountSid: a.sid,
    InitiatingProcessSHA1: b.sha1,
    InitiatingProcessSHA256: b.sha256,
    InitiatingProcessMD5: b.md5,
    InitiatingProcessFileName: b.file,
    InitiatingProcessFileSize: b.size,
    InitiatingProcessFolderPath: b.path,
    InitiatingProcessId: p.pid,
    InitiatingProcessCommandLine: p.cmd,
    InitiatingProcessCreationTime: p.createdIso ?? iso(p.created),
    InitiatingProcessParentId: p.parentPid,
    InitiatingProcessParentFileName: p.parentFile,
    InitiatingProcessParentCreationTime: p.parentCreatedIso ?? iso(p.parentCreated),
    InitiatingProcessIntegrityLevel: p.integrity,
    InitiatingProcessTokenElevation: p.elevation,
  };
  if (remoteUrl !== '') r.RemoteUrl = remoteUrl;
  addInitiatingOptional(r, p);
  if (extra) Object.assign(r, extra);
  return r;
}

export function ipType(ip: string): string {
  if (ip.startsWith('10.') || ip.startsWith('192.168.') || /^172\.(1[6-9]|2\d|3[01])\./.test(ip)) return 'Private';
  if (ip.startsWith('127.')) return 'Loopback';
  return 'Public';
}

export function fileRow(
  t: number,
  d: Device,
  p: Proc,
  action: string,
  folder: string,
  file: string,
  hashes: { sha1: string; sha256: string; md5: string } | undefined,
  size: number,
  extra?: Record<string, unknown>,
): Row {
  const a = p.account;
  const b = p.bin;
  const r: Row = {
    Table: 'DeviceFileEvents',
    Timestamp: iso(t),
    DeviceId: d.id,
    DeviceName: d.fqdn,
    ActionType: action,
    ReportId: 0,
    FileName: file,
    FolderPath: folder.endsWith('\\') || folder.endsWith('/') ? folder + file : `${folder}${folder.includes('/') ? '/' : '\\'}${file}`,
    FileSize: size,
    InitiatingProcessAccountDomain: a.domain,
    InitiatingProcessAccountName: a.name,
    InitiatingProcessAccountSid: a.sid,
    InitiatingProcessSHA1: b.sha1,
    InitiatingProcessSHA256: b.sha256,
    InitiatingProcessMD5: b.md5,
    InitiatingProcessFileName: b.file,
    InitiatingProcessFileSize: b.size,
    InitiatingProcessFolderPath: b.path,
    InitiatingProcessId: p.pid,
    InitiatingProcessCommandLine: p.cmd,
    InitiatingProcessCreationTime: p.createdIso ?? iso(p.created),
    InitiatingProcessParentId: p.parentPid,
    InitiatingProcessParentFileName: p.parentFile,
    InitiatingProcessParentCreationTime: p.parentCreatedIso ?? iso(p.parentCreated),
    InitiatingProcessIntegrityLevel: p.integrity,
    InitiatingProcessTokenElevation: p.elevation,
  };
  if (hashes) {
    r.SHA1 = hashes.sha1;
    r.SHA256 = hashes.sha256;
    r.MD5 = hashes.md5;
  }
  addInitiatingOptional(r, p);
  if (extra) Object.assign(r, extra);
  return r;
}

export function registryRow(t: number, d: Device, p: Proc, action: string, key: string, valueName: string, valueType: string, data: string, extra?: Record<string, unknown>): Row {
  const a = p.account;
  const b = p.bin;
  const r: Row = {
    Table: 'DeviceRegistryEvents',
    Timestamp: iso(t),
    DeviceId: d.id,
    DeviceName: d.fqdn,
    ActionType: action,
    ReportId: 0,
    RegistryKey: key,
    InitiatingProcessAccountDomain: a.domain,
    InitiatingProcessAccountName: a.name,
    InitiatingProcessAccountSid: a.sid,
    InitiatingProcessSHA1: b.sha1,
    InitiatingProcessSHA256: b.sha256,
    InitiatingProcessMD5: b.md5,
    InitiatingProcessFileName: b.file,
    InitiatingProcessFileSize: b.size,
    InitiatingProcessFolderPath: b.path,
    InitiatingProcessId: p.pid,
    InitiatingProcessCommandLine: p.cmd,
    InitiatingProcessCreationTime: p.createdIso ?? iso(p.created),
    InitiatingProcessParentId: p.parentPid,
    InitiatingProcessParentFileName: p.parentFile,
    InitiatingProcessParentCreationTime: p.parentCreatedIso ?? iso(p.parentCreated),
    InitiatingProcessIntegrityLevel: p.integrity,
    InitiatingProcessTokenElevation: p.elevation,
  };
  if (valueName !== '') {
    r.RegistryValueType = valueType;
    r.RegistryValueName = valueName;
    r.RegistryValueData = data;
  }
  addInitiatingOptional(r, p);
  if (extra) Object.assign(r, extra);
  return r;
}

export function imageLoadRow(t: number, d: Device, p: Proc, dll: Binary): Row {
  const a = p.account;
  const b = p.bin;
  const r: Row = {
    Table: 'DeviceImageLoadEvents',
    Timestamp: iso(t),
    DeviceId: d.id,
    DeviceName: d.fqdn,
    ActionType: 'ImageLoaded',
    ReportId: 0,
    FileName: dll.file,
    FolderPath: dll.path,
    SHA1: dll.sha1,
    SHA256: dll.sha256,
    MD5: dll.md5,
    FileSize: dll.size,
    InitiatingProcessAccountDomain: a.domain,
    InitiatingProcessAccountName: a.name,
    InitiatingProcessAccountSid: a.sid,
    InitiatingProcessSHA1: b.sha1,
    InitiatingProcessSHA256: b.sha256,
    InitiatingProcessMD5: b.md5,
    InitiatingProcessFileName: b.file,
    InitiatingProcessFileSize: b.size,
    InitiatingProcessFolderPath: b.path,
    InitiatingProcessId: p.pid,
    InitiatingProcessCommandLine: p.cmd,
    InitiatingProcessCreationTime: p.createdIso ?? iso(p.created),
    InitiatingProcessParentId: p.parentPid,
    InitiatingProcessParentFileName: p.parentFile,
    InitiatingProcessParentCreationTime: p.parentCreatedIso ?? iso(p.parentCreated),
    InitiatingProcessIntegrityLevel: p.integrity,
    InitiatingProcessTokenElevation: p.elevation,
  };
  addInitiatingOptional(r, p);
  return r;
}

export function deviceEventRow(t: number, d: Device, p: Proc | undefined, action: string, extra?: Record<string, unknown>): Row {
  let r: Row;
  if (p) {
    const a = p.account;
    const b = p.bin;
    r = {
      Table: 'DeviceEvents',
      Timestamp: iso(t),
      DeviceId: d.id,
      DeviceName: d.fqdn,
      ActionType: action,
      ReportId: 0,
      InitiatingProcessAccountDomain: a.domain,
      InitiatingProcessAccountName: a.name,
      InitiatingProcessAccountSid: a.sid,
      InitiatingProcessSHA1: b.sha1,
      InitiatingProcessSHA256: b.sha256,
      InitiatingProcessMD5: b.md5,
      InitiatingProcessFileName: b.file,
      InitiatingProcessFileSize: b.size,
      InitiatingProcessFolderPath: b.path,
      InitiatingProcessId: p.pid,
      InitiatingProcessCommandLine: p.cmd,
      InitiatingProcessCreationTime: p.createdIso ?? iso(p.created),
      InitiatingProcessParentId: p.parentPid,
      InitiatingProcessParentFileName: p.parentFile,
      InitiatingProcessParentCreationTime: p.parentCreatedIso ?? iso(p.parentCreated),
      InitiatingProcessLogonId: p.logonId,
    };
    addInitiatingOptional(r, p);
  } else r = { Table: 'DeviceEvents', Timestamp: iso(t), DeviceId: d.id, DeviceName: d.fqdn, ActionType: action, ReportId: 0 };
  if (extra) Object.assign(r, extra);
  return r;
}

export interface LogonAccount {
  readonly domain: string;
  readonly name: string;
  readonly sid: string;
}

export function logonRow(
  t: number,
  d: Device,
  action: 'LogonSuccess' | 'LogonFailed' | 'LogonAttempted',
  logonType: string,
  account: LogonAccount,
  logonId: number,
  p: Proc | undefined,
  extra?: Record<string, unknown>,
): Row {
  const protocol = d.os === 'Windows' ? (logonType === 'Network' ? 'Kerberos' : 'Negotiate') : '';
  let r: Row;
  if (p) {
    const a = p.account;
    const b = p.bin;
    r = {
      Table: 'DeviceLogonEvents',
      Timestamp: iso(t),
      DeviceId: d.id,
      DeviceName: d.fqdn,
      ActionType: action,
      ReportId: 0,
      LogonType: logonType,
      AccountDomain: account.domain,
      AccountName: account.name,
      AccountSid: account.sid,
      Protocol: protocol,
      IsLocalAdmin: false,
      LogonId: logonId,
      InitiatingProcessAccountDomain: a.domain,
      InitiatingProcessAccountName: a.name,
      InitiatingProcessAccountSid: a.sid,
      InitiatingProcessSHA1: b.sha1,
      InitiatingProcessSHA256: b.sha256,
      InitiatingProcessMD5: b.md5,
      InitiatingProcessFileName: b.file,
      InitiatingProcessFileSize: b.size,
      InitiatingProcessFolderPath: b.path,
      InitiatingProcessId: p.pid,
      InitiatingProcessCommandLine: p.cmd,
      InitiatingProcessCreationTime: p.createdIso ?? iso(p.created),
      InitiatingProcessParentId: p.parentPid,
      InitiatingProcessParentFileName: p.parentFile,
      InitiatingProcessParentCreationTime: p.parentCreatedIso ?? iso(p.parentCreated),
      InitiatingProcessIntegrityLevel: p.integrity,
      InitiatingProcessTokenElevation: p.elevation,
    };
    addInitiatingOptional(r, p);
  } else {
    r = {
      Table: 'DeviceLogonEvents',
      Timestamp: iso(t),
      DeviceId: d.id,
      DeviceName: d.fqdn,
      ActionType: action,
      ReportId: 0,
      LogonType: logonType,
      AccountDomain: account.domain,
      AccountName: account.name,
      AccountSid: account.sid,
      Protocol: protocol,
      IsLocalAdmin: false,
      LogonId: logonId,
    };
  }
  if (extra) Object.assign(r, extra);
  return r;
}

/** Identity (Defender for Identity / Entra) and email rows take no device; their ReportId is a string. */
export function plainRow(table: string, t: number, columns: Record<string, unknown>): Row {
  // Takes ownership of `columns` (callers pass a fresh literal): copying it was 7% of generation time.
  const row = columns as Row;
  row.Table = table;
  row.Timestamp = iso(t);
  row.ReportId = '';
  return row;
}
