/**
 * Custom detection rules as the web app edits them: the server's field names (packages/server/src/detections/
 * rule-model.ts), the choices the form offers, and the entity mapping suggested from a query's result columns.
 */

export const frequencies = ['nrt', '1h', '3h', '12h', '24h'] as const;
export type Frequency = (typeof frequencies)[number];

export const frequencyLabels: Readonly<Record<Frequency, string>> = {
  nrt: 'Continuous (NRT)',
  '1h': 'Every hour',
  '3h': 'Every 3 hours',
  '12h': 'Every 12 hours',
  '24h': 'Every 24 hours',
};

/** How far back a scheduled run looks (the server's schedule table); NRT reads the rows as they arrive. */
export const lookbackLabels: Readonly<Record<Frequency, string>> = {
  nrt: 'each ingested batch',
  '1h': 'the past 4 hours',
  '3h': 'the past 12 hours',
  '12h': 'the past 48 hours',
  '24h': 'the past 30 days',
};

export const severities = ['informational', 'low', 'medium', 'high'] as const;
export type Severity = (typeof severities)[number];

/** Alert categories: ATT&CK tactics in kill-chain order, then the others (the server's list, same order). */
export const categoryLabels: Readonly<Record<string, string>> = {
  Reconnaissance: 'Reconnaissance',
  ResourceDevelopment: 'Resource development',
  InitialAccess: 'Initial access',
  Execution: 'Execution',
  Persistence: 'Persistence',
  PrivilegeEscalation: 'Privilege escalation',
  DefenseEvasion: 'Defense evasion',
  CredentialAccess: 'Credential access',
  Discovery: 'Discovery',
  LateralMovement: 'Lateral movement',
  Collection: 'Collection',
  CommandAndControl: 'Command and control',
  Exfiltration: 'Exfiltration',
  Impact: 'Impact',
  Malware: 'Malware',
  Ransomware: 'Ransomware',
  SuspiciousActivity: 'Suspicious activity',
  UnwantedSoftware: 'Unwanted software',
};
export const categories = Object.keys(categoryLabels);

/** Suppression windows offered (minutes); the server takes any whole number of minutes up to 30 days. */
export const suppressionChoices: readonly { minutes: number; label: string }[] = [
  { minutes: 0, label: 'Off: every run raises its own alert' },
  { minutes: 60, label: '1 hour' },
  { minutes: 240, label: '4 hours' },
  { minutes: 720, label: '12 hours' },
  { minutes: 1440, label: '24 hours' },
  { minutes: 4320, label: '3 days' },
  { minutes: 10080, label: '7 days' },
  { minutes: 43200, label: '30 days' },
];

export function suppressionLabel(minutes: number): string {
  const known = suppressionChoices.find((c) => c.minutes === minutes);
  if (known) return known.label;
  return minutes % 60 === 0 ? `${minutes / 60} hours` : `${minutes} minutes`;
}

/** The parts of an entity a result column can fill (the server's EntityMapping keys). */
export const mappingParts = [
  'deviceName',
  'deviceId',
  'remoteDeviceName',
  'accountName',
  'accountDomain',
  'accountUpn',
  'accountSid',
  'mailbox',
  'ip',
  'url',
  'sha256',
  'sha1',
  'fileName',
  'folderPath',
  'processCommandLine',
  'processFileName',
  'parentFileName',
  'networkMessageId',
  'sender',
  'subject',
  'cloudApp',
  'registryKey',
  'registryValueName',
] as const;
export type MappingPart = (typeof mappingParts)[number];
export type EntityMapping = Partial<Record<MappingPart, string>>;

/** The entities of the form, each with its parts, in the order the form shows them. */
export const entityGroups: readonly { entity: string; parts: readonly { part: MappingPart; label: string }[] }[] = [
  { entity: 'Device', parts: [{ part: 'deviceName', label: 'Device name' }, { part: 'deviceId', label: 'Device id' }, { part: 'remoteDeviceName', label: 'Remote (target) device' }] },
  { entity: 'Account', parts: [{ part: 'accountName', label: 'Account name' }, { part: 'accountDomain', label: 'Account domain' }, { part: 'accountUpn', label: 'Account UPN' }, { part: 'accountSid', label: 'Account SID or object id' }] },
  { entity: 'Mailbox and email', parts: [{ part: 'mailbox', label: 'Mailbox' }, { part: 'networkMessageId', label: 'Network message id' }, { part: 'sender', label: 'Sender' }, { part: 'subject', label: 'Subject' }] },
  { entity: 'File', parts: [{ part: 'sha256', label: 'SHA256' }, { part: 'sha1', label: 'SHA1' }, { part: 'fileName', label: 'File name' }, { part: 'folderPath', label: 'Folder path' }] },
  { entity: 'Process', parts: [{ part: 'processFileName', label: 'Process file name' }, { part: 'processCommandLine', label: 'Command line' }, { part: 'parentFileName', label: 'Parent file name' }] },
  { entity: 'IP address', parts: [{ part: 'ip', label: 'IP address' }] },
  { entity: 'URL', parts: [{ part: 'url', label: 'URL' }] },
  { entity: 'Cloud app', parts: [{ part: 'cloudApp', label: 'Cloud app' }] },
  { entity: 'Registry', parts: [{ part: 'registryKey', label: 'Registry key' }, { part: 'registryValueName', label: 'Registry value name' }] },
];

/** Where a row's account is named: the account itself, the process that acted, or the requester (file events). */
const accountPrefixes = ['', 'InitiatingProcess', 'Request'] as const;

/**
 * The entity mapping suggested for a query's result columns (Advanced hunting's column names). Each part takes
 * the first of its candidate columns the result has (names compared without case, the result's spelling kept):
 *
 * - device: DeviceName, DeviceId; RemoteDeviceName/TargetDeviceName/DestinationDeviceName as the second (target) device;
 * - account: from one source only, the first of Account*, InitiatingProcessAccount*, RequestAccount* that has
 *   a name, UPN, SID or object id (so the name and the domain are of the same person); SID before object id;
 *   AccountDisplayName stands in for the name when the table has no account name (cloud app events);
 * - mailbox: RecipientEmailAddress, else SenderFromAddress; the mail message: NetworkMessageId, sender, subject;
 * - file: SHA256, SHA1, FolderPath, and FileName; when the row is a process (a ProcessCommandLine column),
 *   FileName is the process image instead, with InitiatingProcessFileName as its parent; when only the
 *   initiating process has a command line, that process is the one mapped;
 * - IP: RemoteIP, IPAddress, DestinationIPAddress, SenderIPv4, SenderIPv6, LocalIP; URL: RemoteUrl, Url, FileOriginUrl;
 * - cloud app: Application; registry: RegistryKey, RegistryValueName.
 */
export function suggestEntityMapping(columns: readonly string[]): EntityMapping {
  const byLower = new Map<string, string>();
  for (const c of columns) if (!byLower.has(c.toLowerCase())) byLower.set(c.toLowerCase(), c);
  const first = (...names: string[]): string | undefined => {
    for (const n of names) {
      const hit = byLower.get(n.toLowerCase());
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  const out: EntityMapping = {};
  const set = (part: MappingPart, column: string | undefined): void => {
    if (column !== undefined) out[part] = column;
  };

  set('deviceName', first('DeviceName'));
  set('deviceId', first('DeviceId'));
  set('remoteDeviceName', first('RemoteDeviceName', 'TargetDeviceName', 'DestinationDeviceName'));

  const source = accountPrefixes.find((p) => first(`${p}AccountName`, `${p}AccountUpn`, `${p}AccountSid`, `${p}AccountObjectId`) !== undefined);
  if (source !== undefined) {
    set('accountName', first(`${source}AccountName`));
    set('accountDomain', first(`${source}AccountDomain`));
    set('accountUpn', first(`${source}AccountUpn`));
    set('accountSid', first(`${source}AccountSid`, `${source}AccountObjectId`));
  }
  if (out.accountName === undefined && out.accountUpn === undefined) set('accountName', first('AccountDisplayName'));

  set('mailbox', first('RecipientEmailAddress', 'SenderFromAddress'));
  set('networkMessageId', first('NetworkMessageId'));
  if (out.networkMessageId !== undefined && out.mailbox !== first('SenderFromAddress')) set('sender', first('SenderFromAddress'));
  if (out.networkMessageId !== undefined) set('subject', first('Subject'));

  set('sha256', first('SHA256'));
  set('sha1', first('SHA1'));
  set('folderPath', first('FolderPath'));
  const commandLine = first('ProcessCommandLine');
  const initiatingCommandLine = first('InitiatingProcessCommandLine');
  if (commandLine !== undefined) {
    set('processCommandLine', commandLine);
    set('processFileName', first('FileName'));
    set('parentFileName', first('InitiatingProcessFileName'));
  } else {
    set('fileName', first('FileName'));
    set('processFileName', first('InitiatingProcessFileName'));
    set('processCommandLine', initiatingCommandLine);
  }

  set('ip', first('RemoteIP', 'IPAddress', 'DestinationIPAddress', 'SenderIPv4', 'SenderIPv6', 'LocalIP'));
  set('url', first('RemoteUrl', 'Url', 'FileOriginUrl'));
  set('cloudApp', first('Application'));
  set('registryKey', first('RegistryKey'));
  if (out.registryKey !== undefined) set('registryValueName', first('RegistryValueName'));
  return out;
}

/** The mapped entities in words, for a summary line: "Device (DeviceName, DeviceId), IP address (RemoteIP)". */
export function describeMapping(mapping: EntityMapping): string {
  const parts = entityGroups
    .map((g) => ({ entity: g.entity, columns: g.parts.flatMap((p) => (mapping[p.part] ? [mapping[p.part]] : [])) }))
    .filter((g) => g.columns.length > 0)
    .map((g) => `${g.entity} (${g.columns.join(', ')})`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** A rule id from its name: lowercase words joined by dashes, as the server requires ([a-z0-9][a-z0-9-]*), at most 60 characters. */
export function ruleIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' ? 'rule' : slug;
}

/** ATT&CK technique ids typed as a list ("T1059.001, t1105 T1566"): upper-cased, de-duplicated, in order. */
export function parseTechniques(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const t = raw.trim().toUpperCase();
    if (t !== '' && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Technique ids that do not look like ATT&CK ids (Tnnnn or Tnnnn.nnn); the server checks they exist. */
export function malformedTechniques(ids: readonly string[]): string[] {
  return ids.filter((t) => !/^T\d{4}(\.\d{3})?$/.test(t));
}

/** Field errors as the server reports them ({field, message}), keyed by field for the form. */
export function fieldErrors(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const list = typeof details === 'object' && details !== null && 'errors' in details ? (details).errors : undefined;
  if (!Array.isArray(list)) return out;
  for (const e of list as unknown[]) {
    if (typeof e !== 'object' || e === null) continue;
    const { field, message, line, column } = e as { field?: unknown; message?: unknown; line?: unknown; column?: unknown };
    if (typeof field !== 'string' || typeof message !== 'string') continue;
    const text = typeof line === 'number' && typeof column === 'number' ? `Line ${line}, column ${column}: ${message}` : message;
    out[field] = out[field] ? `${out[field]} ${text}` : text;
  }
  return out;
}
