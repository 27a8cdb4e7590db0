/**
 * Validation of alerts sent by other tools (POST /api/ingest/alerts). Each record either becomes a NewAlert
 * or gets errors {index, field, code, message} naming what is wrong and where; unknown fields are errors too,
 * so a misspelt property is not silently dropped.
 */
import type { AlertEntity, AlertSeverity, EvidenceRole } from './alert-model.ts';
import { alertCategories, alertSeverities, attackTechniques, detectionSources, evidenceRoles, matchEnum, serviceSources } from './alert-model.ts';

export interface RecordError {
  index: number;
  field: string | null;
  code: string;
  message: string;
}

/** An alert ready for correlation, from any source (external tool, detection rule). */
export interface NewAlert {
  providerAlertId: string;
  origin: 'external' | 'detection';
  detectorId: string | null;
  title: string;
  description: string | null;
  recommendedActions: string | null;
  severity: AlertSeverity;
  category: string;
  mitreTechniques: string[];
  serviceSource: string;
  detectionSource: string;
  firstActivity: string;
  lastActivity: string;
  evidence: AlertEntity[];
}

const topFields = new Set(['externalId', 'title', 'severity', 'category', 'techniques', 'serviceSource', 'detectionSource', 'timestamp', 'lastTimestamp', 'description', 'recommendedActions', 'entities']);

const entityFields: Readonly<Record<AlertEntity['type'], { required: readonly string[]; optional: readonly string[]; numbers?: readonly string[] }>> = {
  device: { required: ['deviceName'], optional: ['deviceId'] },
  user: { required: ['accountName'], optional: ['domain', 'upn', 'sid'] },
  mailbox: { required: ['address'], optional: [] },
  ip: { required: ['address'], optional: [] },
  url: { required: ['url'], optional: [] },
  file: { required: [], optional: ['sha256', 'sha1', 'fileName', 'path'] },
  process: { required: ['deviceName'], optional: ['processId', 'fileName', 'commandLine', 'sha256', 'parentFileName', 'parentProcessId'], numbers: ['processId', 'parentProcessId'] },
  mailMessage: { required: ['networkMessageId'], optional: ['sender', 'recipient', 'subject'] },
  cloudApp: { required: ['name'], optional: [] },
  registry: { required: ['key'], optional: ['valueName', 'valueData'] },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseTimestamp(v: unknown): string | undefined {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function validateEntity(index: number, at: string, raw: unknown, errors: RecordError[]): AlertEntity | undefined {
  const err = (field: string, code: string, message: string): undefined => {
    errors.push({ index, field, code, message });
    return undefined;
  };
  if (!isObject(raw)) return err(at, 'invalidType', `${at} must be an object with a "type".`);
  const type = raw.type;
  if (typeof type !== 'string' || !(type in entityFields)) {
    return err(`${at}.type`, 'invalidValue', `${at}.type must be one of ${Object.keys(entityFields).join(', ')}; got ${JSON.stringify(type)}.`);
  }
  const spec = entityFields[type as AlertEntity['type']];
  const out: Record<string, unknown> = { type };
  const before = errors.length;
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'type') continue;
    if (k === 'roles') {
      if (!Array.isArray(v) || v.some((r) => typeof r !== 'string' || matchEnum(evidenceRoles, r) === undefined)) {
        err(`${at}.roles`, 'invalidValue', `${at}.roles must be an array of ${evidenceRoles.join(', ')}.`);
      } else out.roles = v.map((r) => matchEnum(evidenceRoles, r as string) as EvidenceRole);
      continue;
    }
    if (!spec.required.includes(k) && !spec.optional.includes(k)) {
      err(`${at}.${k}`, 'unknownField', `${at}.${k} is not a field of a ${type} entity (fields: ${[...spec.required, ...spec.optional].join(', ')}).`);
      continue;
    }
    if (spec.numbers?.includes(k)) {
      if (typeof v !== 'number' || !Number.isInteger(v)) err(`${at}.${k}`, 'invalidType', `${at}.${k} must be an integer.`);
      else out[k] = v;
    } else if (typeof v !== 'string' || v.trim() === '') err(`${at}.${k}`, 'invalidType', `${at}.${k} must be a non-empty string.`);
    else out[k] = v.trim();
  }
  for (const r of spec.required) if (out[r] === undefined && raw[r] === undefined) err(`${at}.${r}`, 'required', `${at}.${r} is required for a ${type} entity.`);
  if (type === 'file' && out.sha256 === undefined && out.sha1 === undefined && out.fileName === undefined && out.path === undefined) {
    err(at, 'required', `${at} (file) needs at least one of sha256, sha1, fileName, path.`);
  }
  for (const h of ['sha256', 'sha1'] as const) {
    const v = out[h];
    const len = h === 'sha256' ? 64 : 40;
    if (typeof v === 'string' && !new RegExp(`^[0-9a-fA-F]{${len}}$`).test(v)) err(`${at}.${h}`, 'invalidValue', `${at}.${h} must be ${len} hex digits.`);
  }
  return errors.length === before ? (out as AlertEntity) : undefined;
}

/** Validates one external alert; `index` is its position in the batch. */
export function validateExternalAlert(index: number, raw: unknown): { alert: NewAlert } | { errors: RecordError[] } {
  const errors: RecordError[] = [];
  const err = (field: string | null, code: string, message: string): void => void errors.push({ index, field, code, message });
  if (!isObject(raw)) return { errors: [{ index, field: null, code: 'invalidType', message: 'An alert must be a JSON object.' }] };
  for (const k of Object.keys(raw)) if (!topFields.has(k)) err(k, 'unknownField', `${k} is not a field of an alert (fields: ${[...topFields].join(', ')}).`);
  const str = (k: string, required: boolean, max: number): string | undefined => {
    const v = raw[k];
    if (v === undefined || v === null) {
      if (required) err(k, 'required', `${k} is required.`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') return void err(k, 'invalidType', `${k} must be a non-empty string.`);
    if (v.length > max) return void err(k, 'tooLong', `${k} is ${v.length} characters; at most ${max}.`);
    return v.trim();
  };
  const externalId = str('externalId', true, 200);
  const title = str('title', true, 500);
  const description = str('description', false, 30000);
  const recommendedActions = str('recommendedActions', false, 30000);
  const severityIn = str('severity', true, 40);
  const severity = severityIn === undefined ? undefined : matchEnum(alertSeverities, severityIn);
  if (severityIn !== undefined && !severity) err('severity', 'invalidValue', `severity must be one of ${alertSeverities.join(', ')}; got "${severityIn}".`);
  const categoryIn = str('category', true, 60);
  const category = categoryIn === undefined ? undefined : matchEnum(alertCategories, categoryIn.replaceAll(' ', ''));
  if (categoryIn !== undefined && !category) err('category', 'invalidValue', `category must be an ATT&CK tactic or Malware, Ransomware, SuspiciousActivity, UnwantedSoftware; got "${categoryIn}".`);
  const serviceIn = str('serviceSource', true, 100);
  const detectionIn = str('detectionSource', true, 100);
  const first = raw.timestamp === undefined ? (err('timestamp', 'required', 'timestamp is required (ISO 8601).'), undefined) : parseTimestamp(raw.timestamp);
  if (raw.timestamp !== undefined && !first) err('timestamp', 'invalidValue', `timestamp must be an ISO 8601 date-time; got ${JSON.stringify(raw.timestamp)}.`);
  const last = raw.lastTimestamp === undefined ? first : parseTimestamp(raw.lastTimestamp);
  if (raw.lastTimestamp !== undefined && !last) err('lastTimestamp', 'invalidValue', `lastTimestamp must be an ISO 8601 date-time; got ${JSON.stringify(raw.lastTimestamp)}.`);
  if (first && last && last < first) err('lastTimestamp', 'invalidValue', 'lastTimestamp is before timestamp.');
  const techniques: string[] = [];
  if (raw.techniques !== undefined) {
    if (!Array.isArray(raw.techniques)) err('techniques', 'invalidType', 'techniques must be an array of ATT&CK ids such as "T1059.001".');
    else
      raw.techniques.forEach((t, i) => {
        const id = typeof t === 'string' ? t.trim().toUpperCase() : '';
        if (!attackTechniques.has(id)) err(`techniques[${i}]`, 'unknownTechnique', `techniques[${i}] ${JSON.stringify(t)} is not an ATT&CK technique id.`);
        else if (!techniques.includes(id)) techniques.push(id);
      });
  }
  const evidence: AlertEntity[] = [];
  if (!Array.isArray(raw.entities)) err('entities', raw.entities === undefined ? 'required' : 'invalidType', 'entities must be an array (it may be empty).');
  else if (raw.entities.length > 500) err('entities', 'tooMany', `entities has ${raw.entities.length} items; at most 500.`);
  else
    raw.entities.forEach((e, i) => {
      const v = validateEntity(index, `entities[${i}]`, e, errors);
      if (v) evidence.push(v);
    });
  if (errors.length > 0 || !externalId || !title || !severity || !category || !serviceIn || !detectionIn || !first || !last) return { errors };
  return {
    alert: {
      providerAlertId: externalId,
      origin: 'external',
      detectorId: null,
      title,
      description: description ?? null,
      recommendedActions: recommendedActions ?? null,
      severity,
      category,
      mitreTechniques: techniques,
      serviceSource: matchEnum(serviceSources, serviceIn) ?? serviceIn,
      detectionSource: matchEnum(detectionSources, detectionIn) ?? detectionIn,
      firstActivity: first,
      lastActivity: last,
      evidence,
    },
  };
}

/** Splits a body into records: a JSON array, a single object, or NDJSON (one bad line is that record's error). */
export function splitRecords(body: string): { index: number; value?: unknown; error?: string }[] {
  const text = body.trim();
  if (text === '') return [];
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new Error(`The body starts with "[" but is not a JSON array: ${e instanceof Error ? e.message : String(e)}`);
    }
    return (parsed as unknown[]).map((value, index) => ({ index, value }));
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.map((line, index) => {
    try {
      return { index, value: JSON.parse(line) as unknown };
    } catch (e) {
      return { index, error: `line ${index + 1} is not JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
  });
}
