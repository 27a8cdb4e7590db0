import { account, device, prefixed } from '../identity.ts';
import type { IngestFormat, MapContext, MapOutcome, MappedRow } from './types.ts';
import { baseName, defined, err, isObject, num, str } from './types.ts';

type Cols = Readonly<Record<string, unknown>>;
type Kind = { name: string; test: (c: Cols) => boolean; map: (c: Cols, action: string) => Omit<MappedRow, 'values'> & { values: Record<string, unknown> } | string };

const has = (c: Cols, ...keys: string[]): boolean => keys.every((k) => k in c);

/** Which osquery table a result row comes from, told by its columns (query names are the user's own). */
const kinds: readonly Kind[] = [
  {
    name: 'process_events',
    test: (c) => has(c, 'pid', 'path', 'cmdline') && ('syscall' in c || 'auid' in c),
    map: (c) => ({
      table: 'DeviceProcessEvents',
      values: { ActionType: 'ProcessCreated', FileName: baseName(c.path), FolderPath: str(c.path), ProcessId: num(c.pid), ProcessCommandLine: str(c.cmdline), InitiatingProcessId: num(c.parent), ...account(c.username) },
    }),
  },
  {
    name: 'processes',
    test: (c) => has(c, 'pid', 'name', 'cmdline') || has(c, 'pid', 'name', 'path', 'parent'),
    map: (c, action) =>
      action === 'removed'
        ? { table: 'DeviceEvents', values: { ActionType: 'ProcessTerminated', FileName: str(c.name) ?? baseName(c.path), FolderPath: str(c.path), ProcessId: num(c.pid), ProcessCommandLine: str(c.cmdline), ...account(c.username) } }
        : {
            table: 'DeviceProcessEvents',
            values: {
              ActionType: 'ProcessCreated',
              FileName: str(c.name) ?? baseName(c.path),
              FolderPath: str(c.path),
              ProcessId: num(c.pid),
              ProcessCommandLine: str(c.cmdline),
              ...account(c.username),
              InitiatingProcessId: num(c.parent),
              InitiatingProcessCommandLine: str(c.pcmdline),
            },
          },
  },
  {
    name: 'socket_events',
    test: (c) => has(c, 'action', 'remote_address', 'pid') && ('remote_port' in c),
    map: (c) => ({
      table: 'DeviceNetworkEvents',
      values: {
        ActionType: c.action === 'bind' ? 'ListeningConnectionCreated' : 'ConnectionSuccess',
        RemoteIP: str(c.remote_address),
        RemotePort: num(c.remote_port),
        LocalIP: str(c.local_address),
        LocalPort: num(c.local_port),
        InitiatingProcessId: num(c.pid),
        InitiatingProcessFolderPath: str(c.path),
        InitiatingProcessFileName: baseName(c.path),
      },
    }),
  },
  {
    name: 'open_sockets',
    test: (c) => has(c, 'remote_address', 'remote_port', 'local_address', 'pid'),
    map: (c) => ({
      table: 'DeviceNetworkEvents',
      values: {
        ActionType: 'ConnectionSuccess',
        RemoteIP: str(c.remote_address),
        RemotePort: num(c.remote_port),
        LocalIP: str(c.local_address),
        LocalPort: num(c.local_port),
        Protocol: num(c.protocol) === 6 ? 'Tcp' : num(c.protocol) === 17 ? 'Udp' : str(c.protocol),
        InitiatingProcessId: num(c.pid),
        InitiatingProcessFolderPath: str(c.path),
        InitiatingProcessFileName: baseName(c.path),
      },
    }),
  },
  {
    name: 'listening_ports',
    test: (c) => has(c, 'address', 'port', 'pid', 'protocol'),
    map: (c) => ({
      table: 'DeviceNetworkEvents',
      values: {
        ActionType: 'ListeningConnectionCreated',
        LocalIP: str(c.address),
        LocalPort: num(c.port),
        Protocol: num(c.protocol) === 6 ? 'Tcp' : num(c.protocol) === 17 ? 'Udp' : str(c.protocol),
        InitiatingProcessId: num(c.pid),
        InitiatingProcessFolderPath: str(c.path),
        InitiatingProcessFileName: baseName(c.path),
      },
    }),
  },
  {
    name: 'file_events',
    test: (c) => has(c, 'target_path', 'action'),
    map: (c) => {
      const a = String(c.action).toUpperCase();
      const action = a === 'CREATED' ? 'FileCreated' : a === 'DELETED' ? 'FileDeleted' : a === 'MOVED_TO' || a === 'MOVED_FROM' ? 'FileRenamed' : 'FileModified';
      return {
        table: 'DeviceFileEvents',
        values: { ActionType: action, FileName: baseName(c.target_path), FolderPath: str(c.target_path), MD5: str(c.md5), SHA256: str(c.sha256), SHA1: str(c.sha1), FileSize: num(c.size), ...prefixed('InitiatingProcess', account(c.username)) },
      };
    },
  },
  {
    name: 'logged_in_users',
    test: (c) => has(c, 'user', 'tty', 'type', 'time') || has(c, 'username', 'tty', 'type', 'time'),
    map: (c) => {
      const type = str(c.type_name) ?? str(c.type) ?? '';
      if (type !== 'user' && type !== 'user-process' && type !== '7') return `session type ${JSON.stringify(type)} is not a user logon (only user sessions map to DeviceLogonEvents)`;
      const host = str(c.host);
      return {
        table: 'DeviceLogonEvents',
        values: { ActionType: 'LogonSuccess', LogonType: host ? 'RemoteInteractive' : 'Interactive', ...account(c.user ?? c.username), RemoteIP: host, InitiatingProcessId: num(c.pid), AdditionalFields: { tty: str(c.tty) } },
      };
    },
  },
  {
    name: 'software',
    test: (c) => has(c, 'name', 'version') && ('publisher' in c || 'maintainer' in c || 'vendor' in c || 'author' in c || 'install_location' in c || 'directory' in c || 'arch' in c),
    map: (c) => ({
      table: 'DeviceTvmSoftwareInventory',
      values: { SoftwareName: str(c.name)?.toLowerCase(), SoftwareVersion: str(c.version), SoftwareVendor: (str(c.publisher) ?? str(c.vendor) ?? str(c.maintainer) ?? str(c.author))?.toLowerCase() },
    }),
  },
];

/** osquery tables recognised by their columns that have no Advanced Hunting home, and why. */
const unsupportedTables: readonly { readonly table: string; readonly test: (c: Cols) => boolean; readonly why: string }[] = [
  { table: 'osquery_info', test: (c) => has(c, 'build_distro', 'config_hash', 'instance_id'), why: "osquery's own health, not device activity" },
  { table: 'osquery_schedule', test: (c) => has(c, 'executions', 'interval', 'wall_time'), why: "osquery's own query schedule statistics, not device activity" },
  { table: 'osquery_packs', test: (c) => has(c, 'discovery_cache_hits', 'discovery_executions'), why: "osquery's own pack configuration, not device activity" },
  { table: 'osquery_events', test: (c) => has(c, 'publisher', 'subscriptions', 'events'), why: "osquery's own event publisher statistics, not device activity" },
  { table: 'osquery database size', test: (c) => Object.keys(c).length === 1 && 'bytes_disk' in c, why: "osquery's own database size, not device activity" },
  { table: 'process_memory_map', test: (c) => has(c, 'start', 'end', 'permissions', 'pseudo'), why: 'process memory maps have no Advanced Hunting table' },
  { table: 'mounts', test: (c) => has(c, 'blocks', 'blocks_available', 'inodes', 'device'), why: 'mounted file systems have no Advanced Hunting table' },
  { table: 'shell_history', test: (c) => has(c, 'command', 'history_file'), why: 'shell history lines are not process events: they carry no process id, parent or reliable time of execution' },
  { table: 'device_nodes', test: (c) => has(c, 'block_size', 'mode', 'path', 'type'), why: 'device nodes (/dev) are hardware inventory with no Advanced Hunting table' },
  { table: 'acpi_tables', test: (c) => Object.keys(c).length === 3 && has(c, 'md5', 'name', 'size'), why: 'ACPI tables have no Advanced Hunting table' },
  { table: 'dns_resolvers', test: (c) => has(c, 'address', 'netmask', 'options', 'type'), why: 'resolver configuration is device configuration with no Advanced Hunting table' },
  { table: 'platform_info', test: (c) => has(c, 'firmware_type', 'vendor', 'revision'), why: 'BIOS/firmware facts would belong in DeviceTvmHardwareFirmware, which Palisade does not fill from osquery yet' },
];

const timeOf = (record: Readonly<Record<string, unknown>>, cols: Cols): unknown => {
  const t = num(cols.time) ?? num(record.unixTime);
  if (t !== undefined && t > 0) return new Date(t * 1000).toISOString();
  return str(record.calendarTime) ? new Date(String(record.calendarTime)).toISOString() : undefined;
};

function mapRow(record: Readonly<Record<string, unknown>>, cols: Cols, action: string, ctx: MapContext): MapOutcome {
  const host = str(record.hostIdentifier);
  if (!host) return err('hostIdentifier', 'required', 'hostIdentifier is required');
  const timestamp = timeOf(record, cols);
  if (timestamp === undefined) return err('unixTime', 'required', 'unixTime (or calendarTime) is required');
  const dev = device(host);
  if (has(cols, 'name', 'version', 'platform') && ('major' in cols || 'build' in cols)) {
    // os_version: facts about the device itself.
    const info = ctx.devices.observe(dev, timestamp, { OSPlatform: str(cols.platform), OSVersion: str(cols.version), OSDistribution: str(cols.name), OSBuild: num(cols.build) }, 'osquery');
    return { rows: info ? [{ table: 'DeviceInfo', values: info }] : [] };
  }
  const kind = kinds.find((k) => k.test(cols));
  if (!kind) {
    const what = `osquery results of ${JSON.stringify(record.name)} (columns ${Object.keys(cols).slice(0, 8).join(', ')})`;
    const known = unsupportedTables.find((u) => u.test(cols));
    if (known) return err('columns', 'unsupportedEventType', `${what}: ${known.table}: ${known.why}`);
    return err('columns', 'unsupportedEventType', `${what} have no mapping yet: they match no mapped table (processes, process_events, socket_events, open_sockets, listening_ports, file_events, logged_in_users, software packages, os_version)`);
  }
  if (kind.name === 'software' && action === 'removed') return { rows: [] }; // uninstalled: the inventory simply no longer lists it
  const out = kind.map(cols, action);
  if (typeof out === 'string') return err('columns.type', 'unsupportedEventType', out);
  const base = out.table === 'DeviceTvmSoftwareInventory' ? { ...dev } : { Timestamp: timestamp, ...dev };
  const rows: MappedRow[] = [{ table: out.table, values: { ...base, ...defined(out.values) } }];
  const info = ctx.devices.observe(dev, timestamp, {}, 'osquery');
  if (info) rows.push({ table: 'DeviceInfo', values: info });
  return { rows };
}

/** osquery result logs: event format ({columns, action}), snapshot ({snapshot: [...]}) and batch ({diffResults}). */
export const osqueryFormat: IngestFormat = {
  name: 'osquery',
  description: 'osquery result logs (differential and snapshot): processes, process_events, socket_events, open_sockets, listening_ports, file_events, logged_in_users, software packages, os_version.',
  map(record, ctx) {
    if (!isObject(record)) return err(null, 'invalidRecord', 'expected a JSON object');
    const parts: [Cols, string][] = [];
    if (isObject(record.columns)) {
      parts.push([record.columns, str(record.action) ?? 'added']);
    } else if (Array.isArray(record.snapshot)) {
      for (const c of record.snapshot) if (isObject(c)) parts.push([c, 'snapshot']);
    } else if (isObject(record.diffResults)) {
      for (const a of ['added', 'removed'] as const) {
        const list = record.diffResults[a];
        if (Array.isArray(list)) for (const c of list) if (isObject(c)) parts.push([c, a]);
      }
    } else return err('columns', 'required', 'an osquery result needs columns, snapshot or diffResults');
    const rows: MappedRow[] = [];
    for (const [cols, action] of parts) {
      const out = mapRow(record, cols, action, ctx);
      if (!('rows' in out)) return out;
      rows.push(...out.rows);
    }
    return { rows };
  },
};
