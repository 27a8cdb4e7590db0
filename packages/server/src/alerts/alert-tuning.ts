/**
 * Alert tuning (Defender's suppression rules): conditions on an alert (title, sources, severity, category)
 * and on its evidence (file hash/name/path, command line, device, user, IP, URL); every condition must hold,
 * and an evidence condition holds when any evidence entity satisfies it. Pure: validation and matching.
 */
import type { AlertEntity } from './alert-model.ts';
import { classifications, determinationsByClassification, matchEnum } from './alert-model.ts';

export const tuningFields = [
  'title',
  'detectionSource',
  'serviceSource',
  'severity',
  'category',
  'detectorId',
  'fileSha256',
  'fileSha1',
  'fileName',
  'filePath',
  'processCommandLine',
  'deviceName',
  'accountName',
  'ipAddress',
  'url',
] as const;
export type TuningField = (typeof tuningFields)[number];
export const tuningOperators = ['equals', 'contains', 'startsWith', 'endsWith'] as const;
export type TuningOperator = (typeof tuningOperators)[number];

export interface TuningCondition {
  field: TuningField;
  operator: TuningOperator;
  value: string;
}

export type TuningScope = { allDevices: true } | { deviceGroupIds: string[] };

export interface TuningRuleInput {
  name: string;
  enabled: boolean;
  conditions: TuningCondition[];
  action: 'hide' | 'resolve';
  classification: string | null;
  determination: string | null;
  scope: TuningScope;
  reason: string;
  expires: string | null;
}

/** The alert as tuning sees it. */
export interface TunableAlert {
  title: string;
  detectionSource: string;
  serviceSource: string;
  severity: string;
  category: string;
  detectorId: string | null;
  evidence: readonly AlertEntity[];
}

function evidenceValues(field: TuningField, e: AlertEntity): (string | undefined)[] {
  switch (field) {
    case 'fileSha256':
      return e.type === 'file' || e.type === 'process' ? [e.sha256] : [];
    case 'fileSha1':
      return e.type === 'file' ? [e.sha1] : [];
    case 'fileName':
      return e.type === 'file' || e.type === 'process' ? [e.fileName] : [];
    case 'filePath':
      return e.type === 'file' ? [e.path] : [];
    case 'processCommandLine':
      return e.type === 'process' ? [e.commandLine] : [];
    case 'deviceName':
      return e.type === 'device' || e.type === 'process' ? [e.deviceName] : [];
    case 'accountName':
      return e.type === 'user' ? [e.accountName, e.upn] : e.type === 'mailbox' ? [e.address] : [];
    case 'ipAddress':
      return e.type === 'ip' ? [e.address] : [];
    case 'url':
      return e.type === 'url' ? [e.url] : [];
    default:
      return [];
  }
}

function test(op: TuningOperator, actual: string, expected: string): boolean {
  const a = actual.toLowerCase();
  const x = expected.toLowerCase();
  switch (op) {
    case 'equals':
      return a === x;
    case 'contains':
      return a.includes(x);
    case 'startsWith':
      return a.startsWith(x);
    case 'endsWith':
      return a.endsWith(x);
  }
}

export function conditionHolds(c: TuningCondition, alert: TunableAlert): boolean {
  const direct: Partial<Record<TuningField, string | null>> = {
    title: alert.title,
    detectionSource: alert.detectionSource,
    serviceSource: alert.serviceSource,
    severity: alert.severity,
    category: alert.category,
    detectorId: alert.detectorId,
  };
  if (c.field in direct) {
    const v = direct[c.field];
    return typeof v === 'string' && test(c.operator, v, c.value);
  }
  return alert.evidence.some((e) => evidenceValues(c.field, e).some((v) => typeof v === 'string' && test(c.operator, v, c.value)));
}

export function ruleMatches(conditions: readonly TuningCondition[], alert: TunableAlert): boolean {
  return conditions.length > 0 && conditions.every((c) => conditionHolds(c, alert));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a tuning rule body; errors name the field. */
export function validateTuningRule(raw: unknown, now: Date): { rule: TuningRuleInput } | { errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const err = (field: string, message: string): void => void errors.push({ field, message });
  if (!isObject(raw)) return { errors: [{ field: '', message: 'A tuning rule must be a JSON object.' }] };
  for (const k of Object.keys(raw)) if (!['name', 'enabled', 'conditions', 'action', 'classification', 'determination', 'scope', 'reason', 'expires'].includes(k)) err(k, `${k} is not a field of a tuning rule.`);
  const name = typeof raw.name === 'string' && raw.name.trim() !== '' && raw.name.length <= 200 ? raw.name.trim() : (err('name', 'name must be a non-empty string of at most 200 characters.'), '');
  const reason = typeof raw.reason === 'string' && raw.reason.trim() !== '' && raw.reason.length <= 2000 ? raw.reason.trim() : (err('reason', 'reason is required: say why these alerts are tuned (at most 2000 characters).'), '');
  const conditions: TuningCondition[] = [];
  if (!Array.isArray(raw.conditions) || raw.conditions.length === 0 || raw.conditions.length > 20) err('conditions', 'conditions must be an array of 1 to 20 {field, operator, value}.');
  else
    raw.conditions.forEach((c, i) => {
      const at = `conditions[${i}]`;
      if (!isObject(c)) return err(at, `${at} must be an object {field, operator, value}.`);
      const field = typeof c.field === 'string' ? matchEnum(tuningFields, c.field) : undefined;
      const operator = typeof c.operator === 'string' ? matchEnum(tuningOperators, c.operator) : (c.operator === undefined ? 'equals' : undefined);
      if (!field) err(`${at}.field`, `${at}.field must be one of ${tuningFields.join(', ')}.`);
      if (!operator) err(`${at}.operator`, `${at}.operator must be one of ${tuningOperators.join(', ')}.`);
      if (typeof c.value !== 'string' || c.value.trim() === '' || c.value.length > 1000) err(`${at}.value`, `${at}.value must be a non-empty string of at most 1000 characters.`);
      if (field && operator && typeof c.value === 'string' && c.value.trim() !== '') conditions.push({ field, operator, value: c.value.trim() });
    });
  const action = raw.action === 'hide' || raw.action === 'resolve' ? raw.action : (err('action', 'action must be "hide" or "resolve".'), 'hide' as const);
  let classification: string | null = null;
  let determination: string | null = null;
  if (action === 'resolve') {
    const cls = typeof raw.classification === 'string' ? matchEnum(classifications, raw.classification) : undefined;
    if (!cls || cls === 'unknown') err('classification', 'A rule that resolves alerts needs a classification: truePositive, informationalExpectedActivity or falsePositive.');
    else {
      classification = cls;
      const allowed = determinationsByClassification[cls];
      const det = raw.determination === undefined || raw.determination === null ? 'unknown' : typeof raw.determination === 'string' ? matchEnum(allowed, raw.determination) : undefined;
      if (!det) err('determination', `determination must go with ${cls}: ${allowed.join(', ')}.`);
      else determination = det;
    }
  } else if (raw.classification !== undefined && raw.classification !== null) err('classification', 'Only rules that resolve alerts take a classification.');
  let scope: TuningScope = { allDevices: true };
  if (raw.scope !== undefined) {
    if (isObject(raw.scope) && raw.scope.allDevices === true) scope = { allDevices: true };
    else if (isObject(raw.scope) && Array.isArray(raw.scope.deviceGroupIds) && raw.scope.deviceGroupIds.length > 0 && raw.scope.deviceGroupIds.every((g) => typeof g === 'string')) {
      scope = { deviceGroupIds: raw.scope.deviceGroupIds };
    } else err('scope', 'scope must be {"allDevices": true} or {"deviceGroupIds": ["..."]}.');
  }
  let expires: string | null = null;
  if (raw.expires !== undefined && raw.expires !== null) {
    const ms = typeof raw.expires === 'string' ? Date.parse(raw.expires) : Number.NaN;
    if (Number.isNaN(ms)) err('expires', 'expires must be an ISO 8601 date-time or null.');
    else if (ms <= now.getTime()) err('expires', 'expires is in the past.');
    else expires = new Date(ms).toISOString();
  }
  const enabled = raw.enabled === undefined ? true : raw.enabled === true ? true : raw.enabled === false ? false : (err('enabled', 'enabled must be true or false.'), true);
  if (errors.length > 0) return { errors };
  return { rule: { name, enabled, conditions, action, classification, determination, scope, reason, expires } };
}
