import { account, device, prefixed } from '../identity.ts';
import type { IngestFormat, MappedRow } from './types.ts';
import { baseName, defined, err, isObject, num, pick, str } from './types.ts';

type Ev = Readonly<Record<string, unknown>>;

const CLASS = { process: 1007, file: 1001, auth: 3002, network: 4001, dns: 4003, email: 4009, regKey: 201001, regValue: 201002 } as const;

function user(o: unknown): ReturnType<typeof account> {
  if (!isObject(o)) return {};
  return account(o.name, o.domain, o.uid);
}

function processCols(prefix: '' | 'InitiatingProcess', p: unknown): Record<string, unknown> {
  if (!isObject(p)) return {};
  const file = isObject(p.file) ? p.file : {};
  const path = str(file.path);
  const out: Record<string, unknown> = {
    [`${prefix}${prefix ? 'FileName' : 'FileName'}`]: str(file.name) ?? baseName(path),
    [`${prefix}FolderPath`]: path,
    [`${prefix}${prefix ? 'Id' : 'ProcessId'}`]: num(p.pid),
    [`${prefix}${prefix ? 'CommandLine' : 'ProcessCommandLine'}`]: str(p.cmd_line),
  };
  if (prefix === '') out.ProcessCreationTime = typeof p.created_time === 'number' ? new Date(p.created_time).toISOString() : undefined;
  const hashes = Array.isArray(file.hashes) ? file.hashes : [];
  for (const h of hashes) {
    if (!isObject(h)) continue;
    const alg = h.algorithm_id === 1 ? 'MD5' : h.algorithm_id === 2 ? 'SHA1' : h.algorithm_id === 3 ? 'SHA256' : undefined;
    if (alg && typeof h.value === 'string') out[`${prefix}${alg}`] = h.value.toLowerCase();
  }
  return out;
}

function actor(ev: Ev): Record<string, unknown> {
  const a = isObject(ev.actor) ? ev.actor : {};
  return { ...processCols('InitiatingProcess', a.process), ...prefixed('InitiatingProcess', user(a.user ?? (isObject(a.process) ? a.process.user : undefined))) };
}

const endpoint = (e: unknown): { ip?: string; port?: number; host?: string } => {
  if (!isObject(e)) return {};
  const out: { ip?: string; port?: number; host?: string } = {};
  const ip = str(e.ip);
  const port = num(e.port);
  const host = str(e.hostname) ?? str(e.domain);
  if (ip) out.ip = ip;
  if (port !== undefined) out.port = port;
  if (host) out.host = host;
  return out;
};

/** OCSF classes seen in real feeds that have no Advanced Hunting home here, and why. */
const unsupportedClasses: Readonly<Record<number, string>> = {
  0: 'Base Event: no activity class, so no table to put it in',
  3001: 'Account Change: directory changes belong in IdentityDirectoryEvents, which needs a directory object this class does not carry',
  6003: 'API Activity: cloud control-plane calls would belong in CloudAuditEvents, which Palisade does not fill from OCSF yet',
};

type Mapped = { table: string; values: Record<string, unknown> } | { rows: MappedRow[] } | string;

function map(ev: Ev, cls: number, activity: number): Mapped {
  const status = num(ev.status_id);
  switch (cls) {
    case CLASS.process: {
      const action = activity === 1 ? 'ProcessCreated' : activity === 2 ? 'ProcessTerminated' : activity === 3 ? 'OpenProcessApiCall' : activity === 4 ? 'CreateRemoteThreadApiCall' : undefined;
      if (!action) return `Process Activity activity_id ${activity} has no mapping (1 Launch, 2 Terminate, 3 Open, 4 Inject)`;
      const proc = isObject(ev.process) ? ev.process : {};
      return {
        table: action === 'ProcessCreated' ? 'DeviceProcessEvents' : 'DeviceEvents',
        values: { ActionType: action, ...processCols('', proc), ...user(proc.user), ...actor(ev) },
      };
    }
    case CLASS.file: {
      const action = ({ 1: 'FileCreated', 3: 'FileModified', 4: 'FileDeleted', 5: 'FileRenamed' } as Record<number, string>)[activity];
      if (!action) return `File System Activity activity_id ${activity} has no mapping (1 Create, 3 Update, 4 Delete, 5 Rename)`;
      const file = isObject(ev.file) ? ev.file : {};
      return { table: 'DeviceFileEvents', values: { ActionType: action, FileName: str(file.name) ?? baseName(file.path), FolderPath: str(file.path), FileSize: num(file.size), ...actor(ev) } };
    }
    case CLASS.network: {
      const src = endpoint(ev.src_endpoint);
      const dst = endpoint(ev.dst_endpoint);
      const failed = activity === 5 || status === 2;
      const conn = isObject(ev.connection_info) ? ev.connection_info : {};
      return {
        table: 'DeviceNetworkEvents',
        values: { ActionType: failed ? 'ConnectionFailed' : 'ConnectionSuccess', LocalIP: src.ip, LocalPort: src.port, RemoteIP: dst.ip, RemotePort: dst.port, RemoteUrl: dst.host, Protocol: str(conn.protocol_name), ...actor(ev) },
      };
    }
    case CLASS.auth: {
      if (activity !== 1) return `Authentication activity_id ${activity} has no mapping (1 Logon)`;
      const src = endpoint(ev.src_endpoint);
      const logonType = str(ev.logon_type) ?? (num(ev.logon_type_id) === 2 ? 'Interactive' : num(ev.logon_type_id) === 3 ? 'Network' : num(ev.logon_type_id) === 10 ? 'RemoteInteractive' : undefined);
      return {
        table: 'DeviceLogonEvents',
        values: {
          ActionType: status === 2 ? 'LogonFailed' : 'LogonSuccess',
          LogonType: logonType,
          ...user(ev.user),
          RemoteIP: src.ip,
          RemotePort: src.port,
          RemoteDeviceName: src.host,
          Protocol: str(ev.auth_protocol),
          FailureReason: status === 2 ? str(ev.status_detail) ?? str(ev.status) : undefined,
          ...actor(ev),
        },
      };
    }
    case CLASS.dns: {
      const q = isObject(ev.query) ? ev.query : {};
      const answers = Array.isArray(ev.answers) ? ev.answers.flatMap((a) => (isObject(a) && typeof a.rdata === 'string' ? [a.rdata] : [])) : [];
      return { table: 'DeviceEvents', values: { ActionType: 'DnsQueryResponse', RemoteUrl: str(q.hostname), ...actor(ev), AdditionalFields: { DnsQueryString: str(q.hostname), DnsQueryType: str(q.type), DnsQueryResult: answers } } };
    }
    case CLASS.email: {
      const e = isObject(ev.email) ? ev.email : {};
      const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
      const to = [...list(e.to), ...list(e.cc)].filter((x): x is string => typeof x === 'string');
      if (to.length === 0) return 'Email Activity has no email.to recipients';
      const dir = num(ev.direction_id);
      const src = endpoint(ev.src_endpoint);
      const from = str(e.from);
      const values = {
        NetworkMessageId: str(e.uid),
        InternetMessageId: str(e.message_uid),
        SenderFromAddress: from,
        SenderMailFromAddress: str(e.smtp_from) ?? from,
        SenderFromDomain: from?.split('@')[1],
        SenderIPv4: src.ip && !src.ip.includes(':') ? src.ip : undefined,
        SenderIPv6: src.ip?.includes(':') ? src.ip : undefined,
        Subject: str(e.subject),
        EmailDirection: dir === 1 ? 'Inbound' : dir === 2 ? 'Outbound' : dir === 3 ? 'Intra-org' : undefined,
        AttachmentCount: Array.isArray(e.files) ? e.files.length : undefined,
        UrlCount: Array.isArray(e.urls) ? e.urls.length : undefined,
        DeliveryAction: status === 2 ? 'Blocked' : 'Delivered',
      };
      return { rows: to.map((r) => ({ table: 'EmailEvents', values: defined({ Timestamp: undefined, ...values, RecipientEmailAddress: r.toLowerCase() }) })) };
    }
    case CLASS.regKey:
    case CLASS.regValue: {
      const key = isObject(ev.reg_key) ? ev.reg_key : {};
      const val = isObject(ev.reg_value) ? ev.reg_value : {};
      const isValue = cls === CLASS.regValue;
      const action = isValue
        ? ({ 1: 'RegistryValueSet', 2: undefined, 3: 'RegistryValueSet', 4: 'RegistryValueDeleted' } as Record<number, string | undefined>)[activity]
        : ({ 1: 'RegistryKeyCreated', 4: 'RegistryKeyDeleted', 5: 'RegistryKeyRenamed', 3: 'RegistryKeyCreated' } as Record<number, string | undefined>)[activity];
      if (!action) return `Registry activity_id ${activity} has no mapping`;
      const path = str(val.path) ?? str(key.path);
      const name = str(val.name);
      const keyPath = isValue && path && name && path.endsWith(`\\${name}`) ? path.slice(0, -name.length - 1) : path;
      return { table: 'DeviceRegistryEvents', values: { ActionType: action, RegistryKey: keyPath, RegistryValueName: name, RegistryValueData: str(val.data), ...actor(ev) } };
    }
    default: {
      const why = unsupportedClasses[cls];
      const mapped = 'Process 1007, File System 1001, Authentication 3002, Network 4001, DNS 4003, Email 4009, Registry Key 201001, Registry Value 201002';
      return why ? `OCSF class_uid ${cls}, ${why} (mapped classes: ${mapped})` : `OCSF class_uid ${cls} has no mapping yet (mapped classes: ${mapped})`;
    }
  }
}

/** OCSF 1.x events of the classes listed in `map` above. */
export const ocsfFormat: IngestFormat = {
  name: 'ocsf',
  description: 'OCSF 1.x events: Process Activity, File System Activity, Authentication, Network Activity, DNS Activity, Email Activity, Registry Key/Value Activity.',
  map(record, ctx) {
    if (!isObject(record)) return err(null, 'invalidRecord', 'expected a JSON object');
    const cls = num(record.class_uid);
    if (cls === undefined) return err('class_uid', 'required', 'class_uid is required');
    const activity = num(record.activity_id) ?? 0;
    const t = record.time;
    const timestamp = typeof t === 'number' ? new Date(t).toISOString() : typeof t === 'string' ? t : undefined;
    if (timestamp === undefined) {
      const flow = record.start_time !== undefined ? ': this record has only start_time/end_time (a flow summary)' : '';
      return err('time', 'required', `time (epoch milliseconds) is required${flow}`);
    }
    const out = map(record, cls, activity);
    if (typeof out === 'string') return err(cls === CLASS.email ? 'email.to' : 'activity_id', 'unsupportedEventType', out);
    const uid = str(pick(record, 'metadata.uid'));
    const recordId = uid ? `ocsf:${uid}` : undefined;
    if ('rows' in out) {
      for (const r of out.rows) r.values.Timestamp = timestamp;
      return recordId ? { rows: out.rows, recordId } : { rows: out.rows };
    }
    const host = str(pick(record, 'device.hostname')) ?? str(pick(record, 'device.name')) ?? (cls === CLASS.auth ? str(pick(record, 'dst_endpoint.hostname')) : undefined);
    if (!host) {
      const has = ['device.uid', 'device.ip', 'src_endpoint.ip'].filter((p) => pick(record, p) !== undefined);
      return err(
        'device.hostname',
        'required',
        `device.hostname (or device.name) is required for ${out.table}: Palisade keys devices by host name${has.length ? `, and this event identifies its device only by ${has.join(', ')}` : ', and this event names no device (a cloud or network-sensor record)'}`,
      );
    }
    const dev = device(host);
    const rows: MappedRow[] = [{ table: out.table, values: { Timestamp: timestamp, ...dev, ...defined(out.values) } }];
    const os = pick(record, 'device.os');
    const info = ctx.devices.observe(dev, timestamp, isObject(os) ? { OSPlatform: str(os.name), OSVersion: str(os.version), OSBuild: num(os.build) } : {}, 'ocsf');
    if (info) rows.push({ table: 'DeviceInfo', values: info });
    return recordId ? { rows, recordId } : { rows };
  },
};
