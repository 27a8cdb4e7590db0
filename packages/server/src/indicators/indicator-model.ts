/**
 * Threat indicators (Defender: Settings > Endpoints > Indicators): a file hash, IP address, URL or domain that
 * telemetry is matched against. Field names and enum values follow Defender's Indicator API resource
 * (indicatorType, indicatorValue, action, severity, expirationTime...). Validation names the field at fault;
 * values are normalised (hashes and domains lowercase, a domain without a trailing dot) so one value is one row.
 */
import { isIP } from 'node:net';
import { indicatorActions, indicatorSeverities, indicatorTypes } from '@palisade/contracts';
import type { IndicatorAction, IndicatorSeverity, IndicatorType } from '@palisade/contracts';
import { alertCategories, attackTechniques, matchEnum } from '../alerts/alert-model.ts';
import type { AlertSeverity } from '../alerts/alert-model.ts';

export { indicatorActions, indicatorSeverities, indicatorSourceTypes, indicatorTypes } from '@palisade/contracts';
export type { IndicatorAction, IndicatorSeverity, IndicatorSourceType, IndicatorType } from '@palisade/contracts';

export interface IndicatorInput {
  indicatorType: IndicatorType;
  indicatorValue: string;
  action: IndicatorAction;
  severity: IndicatorSeverity;
  title: string;
  description: string;
  recommendedActions?: string;
  category: string;
  mitreTechniques: string[];
  /** ISO 8601; absent: never expires. */
  expirationTime?: string;
  source?: string;
}

export interface FieldError {
  field: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const hex = (n: number): RegExp => new RegExp(`^[0-9a-f]{${n}}$`);
const hashLength: Readonly<Record<string, number>> = { FileSha1: 40, FileSha256: 64, FileMd5: 32 };
const hostname = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** The normal form of a value of a type, or an error saying what is wrong with it. */
export function normaliseValue(type: IndicatorType, raw: string): { value: string } | { error: string } {
  const v = raw.trim();
  if (v === '') return { error: 'indicatorValue is empty.' };
  switch (type) {
    case 'FileSha1':
    case 'FileSha256':
    case 'FileMd5': {
      const n = hashLength[type] ?? 0;
      const lower = v.toLowerCase();
      return hex(n).test(lower) ? { value: lower } : { error: `${type} must be ${n} hexadecimal characters; got "${v.slice(0, 80)}".` };
    }
    case 'IpAddress': {
      const kind = isIP(v);
      return kind === 0 ? { error: `"${v.slice(0, 80)}" is not an IPv4 or IPv6 address.` } : { value: kind === 6 ? v.toLowerCase() : v };
    }
    case 'DomainName': {
      const d = v.toLowerCase().replace(/\.$/, '');
      if (d.includes('/') || d.includes(':')) return { error: `"${v.slice(0, 80)}" looks like a URL; a DomainName indicator is a host name such as evil.example.com (use type Url for a full address).` };
      return hostname.test(d) ? { value: d } : { error: `"${v.slice(0, 80)}" is not a domain name.` };
    }
    case 'Url': {
      if ([...v].some((ch) => ch.charCodeAt(0) <= 0x20 || ch.charCodeAt(0) === 0x7f)) return { error: `"${v.slice(0, 80)}" contains spaces or control characters; a URL indicator is one address.` };
      let u: URL;
      try {
        u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `http://${v}`);
      } catch {
        return { error: `"${v.slice(0, 80)}" is not a URL.` };
      }
      if (!['http:', 'https:', 'ftp:'].includes(u.protocol)) return { error: `URL scheme ${u.protocol} is not supported (http, https, ftp).` };
      if (!u.hostname) return { error: `"${v.slice(0, 80)}" has no host.` };
      // The scheme and host are case-insensitive; the path is kept as written.
      return { value: /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v.replace(/^[^:]+:\/\/[^/?#]+/, (m) => m.toLowerCase()) : v.replace(/^[^/?#]+/, (m) => m.toLowerCase()) };
    }
  }
}

/** Defender's CSV and API severities are capitalised; alerts use lowercase. */
export function alertSeverityOf(s: IndicatorSeverity): AlertSeverity {
  return s.toLowerCase() as AlertSeverity;
}

/**
 * Validates an indicator body (create, or a full replace after merging a patch). `now` checks that an expiry
 * is in the future. Unknown fields are errors, so a typo is not silently dropped.
 */
export function validateIndicator(raw: unknown, now: Date, at = ''): { indicator: IndicatorInput } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const f = (name: string): string => (at ? `${at}.${name}` : name);
  const err = (field: string, message: string): void => void errors.push({ field: f(field), message });
  if (!isObject(raw)) return { errors: [{ field: at, message: 'An indicator must be a JSON object.' }] };
  const known = ['indicatorType', 'indicatorValue', 'action', 'severity', 'title', 'description', 'recommendedActions', 'category', 'mitreTechniques', 'expirationTime', 'source'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) err(k, `${k} is not a field of an indicator (fields: ${known.join(', ')}).`);
  const str = (k: string, max: number, required: boolean): string | undefined => {
    const v = raw[k];
    if (v === undefined || v === null || v === '') {
      if (required) err(k, `${k} is required.`);
      return undefined;
    }
    if (typeof v !== 'string') {
      err(k, `${k} must be a string.`);
      return undefined;
    }
    if (v.length > max) err(k, `${k} is ${v.length} characters; at most ${max}.`);
    return v.trim();
  };
  const type = typeof raw.indicatorType === 'string' ? matchEnum(indicatorTypes, raw.indicatorType) : undefined;
  if (!type) err('indicatorType', `indicatorType must be one of ${indicatorTypes.join(', ')}.`);
  const rawValue = str('indicatorValue', 2048, true);
  let value: string | undefined;
  if (type && rawValue !== undefined) {
    const n = normaliseValue(type, rawValue);
    if ('error' in n) err('indicatorValue', n.error);
    else value = n.value;
  }
  const action = raw.action === undefined ? 'Alert' : typeof raw.action === 'string' ? matchEnum(indicatorActions, raw.action) : undefined;
  if (!action) err('action', `action must be one of ${indicatorActions.join(', ')}.`);
  const severity = raw.severity === undefined ? 'Medium' : typeof raw.severity === 'string' ? matchEnum(indicatorSeverities, raw.severity) : undefined;
  if (!severity) err('severity', `severity must be one of ${indicatorSeverities.join(', ')}.`);
  const title = str('title', 300, true);
  const description = str('description', 5000, false) ?? '';
  const recommendedActions = str('recommendedActions', 5000, false);
  const category = raw.category === undefined || raw.category === '' ? 'SuspiciousActivity' : typeof raw.category === 'string' ? matchEnum(alertCategories, raw.category) : undefined;
  if (!category) err('category', `category must be one of ${alertCategories.join(', ')}.`);
  const mitreTechniques: string[] = [];
  if (raw.mitreTechniques !== undefined) {
    if (!Array.isArray(raw.mitreTechniques)) err('mitreTechniques', 'mitreTechniques must be an array of ATT&CK technique ids.');
    else
      raw.mitreTechniques.forEach((t, i) => {
        if (typeof t !== 'string' || !attackTechniques.has(t.trim().toUpperCase())) err(`mitreTechniques[${i}]`, `${JSON.stringify(t)} is not an ATT&CK technique id.`);
        else mitreTechniques.push(t.trim().toUpperCase());
      });
  }
  let expirationTime: string | undefined;
  if (raw.expirationTime !== undefined && raw.expirationTime !== null && raw.expirationTime !== '') {
    const t = typeof raw.expirationTime === 'string' ? Date.parse(raw.expirationTime) : Number.NaN;
    if (Number.isNaN(t)) err('expirationTime', 'expirationTime must be an ISO 8601 date and time, e.g. 2030-01-31T00:00:00Z.');
    else if (t <= now.getTime()) err('expirationTime', `expirationTime ${new Date(t).toISOString()} is in the past; an indicator must expire in the future.`);
    else expirationTime = new Date(t).toISOString();
  }
  const source = str('source', 200, false);
  if (errors.length > 0 || !type || value === undefined || !action || !severity || title === undefined || !category) return { errors };
  return {
    indicator: {
      indicatorType: type,
      indicatorValue: value,
      action,
      severity,
      title,
      description,
      ...(recommendedActions ? { recommendedActions } : {}),
      category,
      mitreTechniques,
      ...(expirationTime ? { expirationTime } : {}),
      ...(source ? { source } : {}),
    },
  };
}
