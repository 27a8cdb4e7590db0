/**
 * Custom detection rules: a KQL hunting query, how often it runs, the alert it raises and which result
 * columns are its entities. Validation names the field at fault.
 */
import type { AlertSeverity } from '../alerts/alert-model.ts';
import { alertCategories, alertSeverities, attackTechniques, matchEnum } from '../alerts/alert-model.ts';

export const frequencies = ['nrt', '1h', '3h', '12h', '24h'] as const;
export type Frequency = (typeof frequencies)[number];

/** How often a scheduled rule runs and how far back it looks (Defender's pairs; NRT looks at new rows only). */
export const schedule: Readonly<Record<Frequency, { everyMs: number; lookbackMs: number }>> = {
  nrt: { everyMs: 0, lookbackMs: 0 },
  '1h': { everyMs: 3_600_000, lookbackMs: 4 * 3_600_000 },
  '3h': { everyMs: 3 * 3_600_000, lookbackMs: 12 * 3_600_000 },
  '12h': { everyMs: 12 * 3_600_000, lookbackMs: 48 * 3_600_000 },
  '24h': { everyMs: 24 * 3_600_000, lookbackMs: 30 * 24 * 3_600_000 },
};

/** Entity mapping: which result column holds each part of an entity. */
export interface EntityMapping {
  deviceName?: string;
  deviceId?: string;
  /** Another device the row names (the target of remote execution): a second device entity, role destination. */
  remoteDeviceName?: string;
  accountName?: string;
  accountDomain?: string;
  accountUpn?: string;
  accountSid?: string;
  mailbox?: string;
  ip?: string;
  url?: string;
  sha256?: string;
  sha1?: string;
  fileName?: string;
  folderPath?: string;
  processCommandLine?: string;
  processFileName?: string;
  parentFileName?: string;
  networkMessageId?: string;
  sender?: string;
  subject?: string;
  cloudApp?: string;
  registryKey?: string;
  registryValueName?: string;
}
export const mappingFields: readonly (keyof EntityMapping)[] = [
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
];

export interface RuleAlert {
  /** May name result columns as {{Column}}. */
  title: string;
  description: string;
  severity: AlertSeverity;
  category: string;
  techniques: string[];
  recommendedActions?: string;
}

export interface RuleDefinition {
  id: string;
  name: string;
  description: string;
  query: string;
  frequency: Frequency;
  alert: RuleAlert;
  entityMapping: EntityMapping;
  /** Repeats of the same rule on the same entities within this many minutes update one alert. */
  suppressionMinutes?: number;
}

export interface RuleFieldError {
  field: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a rule body (create or full replace); returns errors naming each bad field. */
export function validateRule(raw: unknown, requireId: boolean): { rule: RuleDefinition } | { errors: RuleFieldError[] } {
  const errors: RuleFieldError[] = [];
  const err = (field: string, message: string): void => void errors.push({ field, message });
  if (!isObject(raw)) return { errors: [{ field: '', message: 'A rule must be a JSON object.' }] };
  const str = (o: Record<string, unknown>, k: string, at: string, max: number, required = true): string => {
    const v = o[k];
    if ((v === undefined || v === '') && !required) return '';
    if (typeof v !== 'string' || v.trim() === '') {
      err(at, `${at} must be a non-empty string.`);
      return '';
    }
    if (v.length > max) err(at, `${at} is ${v.length} characters; at most ${max}.`);
    return v.trim();
  };
  const id = requireId ? str(raw, 'id', 'id', 80) : typeof raw.id === 'string' ? raw.id : '';
  if (id && !/^[a-z0-9][a-z0-9-]*$/.test(id)) err('id', 'id must be lowercase letters, digits and dashes.');
  const name = str(raw, 'name', 'name', 200);
  const description = str(raw, 'description', 'description', 5000, false);
  const query = str(raw, 'query', 'query', 20000);
  const frequency = typeof raw.frequency === 'string' ? matchEnum(frequencies, raw.frequency) : undefined;
  if (!frequency) err('frequency', `frequency must be one of ${frequencies.join(', ')}.`);
  const alertRaw = raw.alert;
  let alert: RuleAlert | undefined;
  if (!isObject(alertRaw)) err('alert', 'alert must be an object with title, description, severity, category, techniques.');
  else {
    const severity = typeof alertRaw.severity === 'string' ? matchEnum(alertSeverities, alertRaw.severity) : undefined;
    if (!severity) err('alert.severity', `alert.severity must be one of ${alertSeverities.join(', ')}.`);
    const category = typeof alertRaw.category === 'string' ? matchEnum(alertCategories, alertRaw.category) : undefined;
    if (!category) err('alert.category', `alert.category must be one of ${alertCategories.join(', ')}.`);
    const techniques: string[] = [];
    if (!Array.isArray(alertRaw.techniques)) err('alert.techniques', 'alert.techniques must be an array of ATT&CK ids.');
    else
      alertRaw.techniques.forEach((t, i) => {
        if (typeof t !== 'string' || !attackTechniques.has(t.toUpperCase())) err(`alert.techniques[${i}]`, `${JSON.stringify(t)} is not an ATT&CK technique id.`);
        else techniques.push(t.toUpperCase());
      });
    const title = str(alertRaw, 'title', 'alert.title', 500);
    const desc = str(alertRaw, 'description', 'alert.description', 10000, false);
    const rec = str(alertRaw, 'recommendedActions', 'alert.recommendedActions', 10000, false);
    if (severity && category) alert = { title, description: desc, severity, category, techniques, ...(rec ? { recommendedActions: rec } : {}) };
  }
  const mapping: EntityMapping = {};
  if (!isObject(raw.entityMapping)) err('entityMapping', 'entityMapping must be an object: entity part -> result column, e.g. {"deviceName":"DeviceName"}.');
  else {
    for (const [k, v] of Object.entries(raw.entityMapping)) {
      if (!mappingFields.includes(k as keyof EntityMapping)) err(`entityMapping.${k}`, `entityMapping.${k} is not an entity part; use ${mappingFields.join(', ')}.`);
      else if (typeof v !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) err(`entityMapping.${k}`, `entityMapping.${k} must name a result column.`);
      else mapping[k as keyof EntityMapping] = v;
    }
    if (Object.keys(mapping).length === 0 && errors.length === 0) err('entityMapping', 'Map at least one result column to an entity, so alerts say what they are about.');
  }
  let suppressionMinutes: number | undefined;
  if (raw.suppressionMinutes !== undefined) {
    if (typeof raw.suppressionMinutes !== 'number' || !Number.isInteger(raw.suppressionMinutes) || raw.suppressionMinutes < 0 || raw.suppressionMinutes > 43200) {
      err('suppressionMinutes', 'suppressionMinutes must be an integer from 0 to 43200 (30 days).');
    } else suppressionMinutes = raw.suppressionMinutes;
  }
  for (const k of Object.keys(raw)) if (!['id', 'name', 'description', 'query', 'frequency', 'alert', 'entityMapping', 'suppressionMinutes', 'enabled'].includes(k)) err(k, `${k} is not a field of a rule.`);
  if (errors.length > 0 || !frequency || !alert) return { errors };
  return { rule: { id, name, description, query, frequency, alert, entityMapping: mapping, ...(suppressionMinutes !== undefined ? { suppressionMinutes } : {}) } };
}

/** Pipe operators a near-real-time rule may use: it filters rows of one table as they arrive. */
const nrtOperators = new Set(['where', 'filter', 'project', 'extend', 'project-away', 'project-rename', 'project-keep', 'project-reorder']);

/** Why a query cannot run near-real-time, or undefined when it can (one table, filters and projections only). */
export function nrtProblem(query: string): string | undefined {
  const stripped = query.replace(/\/\/[^\n]*/g, '').replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  if (/\blet\b/.test(stripped)) return 'near-real-time rules cannot use let statements';
  const parts = stripped.split('|').map((p) => p.trim());
  const source = parts[0] ?? '';
  if (!/^[A-Za-z]+$/.test(source)) return 'near-real-time rules read one table directly (the query must start with a table name)';
  for (const p of parts.slice(1)) {
    const op = /^([a-z-]+)/.exec(p)?.[1] ?? '';
    if (!nrtOperators.has(op)) return `near-real-time rules can only filter and project; "${op}" needs a scheduled frequency (1h, 3h, 12h or 24h)`;
  }
  return undefined;
}

/** The table a near-real-time rule reads: its query's first word (comments skipped), or undefined. */
export function sourceTable(query: string): string | undefined {
  return /^\s*(?:\/\/[^\n]*\n\s*)*([A-Za-z_][A-Za-z0-9_]*)/.exec(query)?.[1];
}
