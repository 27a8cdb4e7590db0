/** The device timeline's presentation rules, without React: labels, one-line summaries, time ranges, links. */
import type { TimelineEvent, TimelineFilters } from './api.ts';
import type { EntityType } from './entity-queries.ts';

/** The timeline's tables with the names a person reads (Defender's event groups). */
export const timelineTableLabels: Readonly<Record<string, string>> = {
  DeviceProcessEvents: 'Process',
  DeviceNetworkEvents: 'Network',
  DeviceFileEvents: 'File',
  DeviceRegistryEvents: 'Registry',
  DeviceLogonEvents: 'Logon',
  DeviceImageLoadEvents: 'Image load',
  DeviceEvents: 'Other events',
};
export const timelineTableIds = Object.keys(timelineTableLabels);

export type TimelineRange = '1d' | '7d' | '30d' | 'all' | 'custom';
export const timelineRanges: readonly { id: TimelineRange; label: string; hours?: number }[] = [
  { id: '1d', label: 'Last 24 hours', hours: 24 },
  { id: '7d', label: 'Last 7 days', hours: 7 * 24 },
  { id: '30d', label: 'Last 30 days', hours: 30 * 24 },
  { id: 'all', label: 'All data' },
  { id: 'custom', label: 'Custom range' },
];

const pad = (n: number): string => String(n).padStart(2, '0');

/** An instant as a datetime-local input shows it (the reader's time zone, to the minute). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local input's value as an ISO instant; undefined when empty or not a time. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A range id from the URL; anything else is the default, the last 30 days. */
export function timelineRangeOf(value: string | null): TimelineRange {
  return timelineRanges.find((r) => r.id === value)?.id ?? '30d';
}

/** The `from` of a range, as of `now` (undefined: no lower bound; a custom range keeps its own). */
export function rangeFrom(range: TimelineRange, now: Date): string | undefined {
  const hours = timelineRanges.find((r) => r.id === range)?.hours;
  return hours === undefined ? undefined : new Date(now.getTime() - hours * 3_600_000).toISOString();
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

function account(e: TimelineEvent): string | undefined {
  const name = text(e.AccountName);
  if (!name) return undefined;
  const domain = text(e.AccountDomain);
  return domain ? `${domain}\\${name}` : name;
}

function remote(e: TimelineEvent): string | undefined {
  const host = text(e.RemoteUrl) ?? text(e.RemoteIP);
  if (!host) return undefined;
  const port = text(e.RemotePort);
  return port ? `${host}:${port}` : host;
}

/** What happened, in one line, and the detail under it (a command line, a path, a value). */
export function eventSummary(e: TimelineEvent): { title: string; detail: string | undefined } {
  const actor = text(e.InitiatingProcessFileName);
  const action = e.actionType ?? 'Event';
  const by = (what: string): string => (actor ? `${actor} ${what}` : what);
  switch (e.table) {
    case 'DeviceProcessEvents':
      return { title: by(`created process ${text(e.FileName) ?? '(unknown)'}`), detail: text(e.ProcessCommandLine) };
    case 'DeviceNetworkEvents':
      return { title: by(`${action} ${remote(e) ?? ''}`.trim()), detail: text(e.InitiatingProcessCommandLine) };
    case 'DeviceFileEvents':
      return { title: by(`${action} ${text(e.FileName) ?? ''}`.trim()), detail: text(e.FolderPath) };
    case 'DeviceRegistryEvents': {
      const key = [text(e.RegistryKey), text(e.RegistryValueName)].filter(Boolean).join('\\');
      const data = text(e.RegistryValueData);
      return { title: by(`${action} ${key}`.trim()), detail: data !== undefined ? `= ${data}` : undefined };
    }
    case 'DeviceLogonEvents': {
      const type = text(e.LogonType);
      return { title: `${action}${account(e) ? ` ${account(e)}` : ''}${type ? ` (${type})` : ''}`, detail: remote(e) ? `from ${remote(e)}` : undefined };
    }
    case 'DeviceImageLoadEvents':
      return { title: by(`loaded ${text(e.FileName) ?? '(unknown)'}`), detail: text(e.FolderPath) };
    default: {
      const object = text(e.FileName) ?? remote(e) ?? text(e.RegistryKey) ?? text(e.ProcessCommandLine);
      return { title: by(`${action}${object ? ` ${object}` : ''}`), detail: text(e.ProcessCommandLine) ?? text(e.FolderPath) };
    }
  }
}

/** The account an event ran as (the account of a logon or a process, else its initiating process's). */
export function eventAccount(e: TimelineEvent): string | undefined {
  return text(e.AccountName) ?? text(e.InitiatingProcessAccountName);
}

/** Columns of a whole record whose value is an entity with its own page. */
const linkedColumns: Readonly<Record<string, EntityType>> = {
  AccountName: 'user',
  AccountUpn: 'user',
  InitiatingProcessAccountName: 'user',
  InitiatingProcessAccountUpn: 'user',
  RequestAccountName: 'user',
  RemoteIP: 'ip',
  LocalIP: 'ip',
  FileOriginIP: 'ip',
  RequestSourceIP: 'ip',
  SHA256: 'file',
  InitiatingProcessSHA256: 'file',
  FileName: 'file',
  InitiatingProcessFileName: 'file',
  RemoteDeviceName: 'device',
};

const builtIn = new Set(['system', 'local service', 'network service', '-', '']);

/** The entity page a cell links to, if any (built-in accounts and empty values do not link). */
export function cellLink(column: string, value: unknown): string | undefined {
  const type = linkedColumns[column];
  const v = text(value);
  if (!type || v === undefined) return undefined;
  if (type === 'user' && builtIn.has(v.toLowerCase())) return undefined;
  return `/entities/${type}/${encodeURIComponent(v)}`;
}

/** A whole record's fields in reading order: key columns first, then the rest as the table declares them. */
export function recordFields(record: Record<string, unknown>): [string, string][] {
  const first = ['Timestamp', 'Table', 'ActionType', 'DeviceName', 'DeviceId', 'ReportId'];
  const keys = [...first.filter((k) => k in record), ...Object.keys(record).filter((k) => !first.includes(k))];
  return keys.map((k) => {
    const v = record[k];
    return [k, typeof v === 'string' ? v : JSON.stringify(v)];
  });
}

const kql = (v: string): string => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** The timeline with its filters as an advanced hunting query (what "Open in advanced hunting" opens). */
export function timelineHuntQuery(device: { deviceId: string | null; deviceName: string }, f: TimelineFilters): string {
  const tables = f.tables.length > 0 ? f.tables : timelineTableIds;
  const which = device.deviceId !== null ? `DeviceId == ${kql(device.deviceId)}` : `DeviceName =~ ${kql(device.deviceName)}`;
  const lines = [`union withsource = Table ${tables.join(', ')}`, `| where ${which}`];
  if (f.from) lines.push(`| where Timestamp >= datetime(${f.from})`);
  if (f.to) lines.push(`| where Timestamp < datetime(${f.to})`);
  if (f.actionType) lines.push(`| where ActionType == ${kql(f.actionType)}`);
  const text = f.search.trim();
  // the whole row as text: what the server searches is a subset of it, so this finds at least those rows
  if (text) lines.push(`| where tostring(pack_all()) contains ${kql(text)}`);
  lines.push('| order by Timestamp desc', '| take 1000');
  return lines.join('\n');
}
