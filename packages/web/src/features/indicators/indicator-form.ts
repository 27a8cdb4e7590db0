/**
 * The add/edit dialog's model, pure: labels, the form state and its conversion to the API body, hints about a
 * value before it is sent (the server validates again and has the last word), and which import format a file is.
 */
import type { Indicator, IndicatorAction, IndicatorInput, IndicatorSeverity, IndicatorType } from './api.ts';

export const typeLabels: Readonly<Record<IndicatorType, string>> = {
  DomainName: 'Domain',
  Url: 'URL',
  IpAddress: 'IP address',
  FileSha256: 'File SHA-256',
  FileSha1: 'File SHA-1',
  FileMd5: 'File MD5',
};

export const actionLabels: Readonly<Record<IndicatorAction, string>> = {
  Alert: 'Alert only',
  AlertAndBlock: 'Alert and block',
  Allowed: 'Allow (silence)',
};

export interface IndicatorForm {
  indicatorType: IndicatorType;
  indicatorValue: string;
  action: IndicatorAction;
  severity: IndicatorSeverity;
  title: string;
  description: string;
  /** Comma- or space-separated ATT&CK ids. */
  techniques: string;
  /** YYYY-MM-DD, or '' for never. */
  expires: string;
}

export function emptyForm(): IndicatorForm {
  return { indicatorType: 'DomainName', indicatorValue: '', action: 'Alert', severity: 'Medium', title: '', description: '', techniques: '', expires: '' };
}

export function formFromIndicator(i: Indicator): IndicatorForm {
  return {
    indicatorType: i.indicatorType,
    indicatorValue: i.indicatorValue,
    action: i.action,
    severity: i.severity,
    title: i.title,
    description: i.description,
    techniques: i.mitreTechniques.join(', '),
    expires: i.expirationTime ? i.expirationTime.slice(0, 10) : '',
  };
}

const hashLength: Partial<Record<IndicatorType, number>> = { FileSha256: 64, FileSha1: 40, FileMd5: 32 };

/** What is visibly wrong with the value for its type, before sending (undefined: looks fine). */
export function valueProblem(type: IndicatorType, raw: string): string | undefined {
  const v = raw.trim();
  if (v === '') return undefined;
  const n = hashLength[type];
  if (n !== undefined) return new RegExp(`^[0-9a-fA-F]{${n}}$`).test(v) ? undefined : `A ${n}-character hexadecimal hash (${v.length} characters now).`;
  if (type === 'DomainName') {
    if (/[/:]/.test(v)) return 'A host name such as evil.example.com; for a full address choose URL.';
    return /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+\.?$/.test(v) ? undefined : 'A domain name such as evil.example.com.';
  }
  if (type === 'IpAddress') return /^(\d{1,3}\.){3}\d{1,3}$/.test(v) || v.includes(':') ? undefined : 'An IPv4 or IPv6 address.';
  if (type === 'Url') return /\s/.test(v) ? 'A URL has no spaces.' : undefined;
  return undefined;
}

export function canSubmit(f: IndicatorForm): boolean {
  return f.indicatorValue.trim() !== '' && f.title.trim() !== '' && valueProblem(f.indicatorType, f.indicatorValue) === undefined;
}

/** The API body; an expiry date means the end of that day (UTC). */
export function formToInput(f: IndicatorForm): IndicatorInput {
  return {
    indicatorType: f.indicatorType,
    indicatorValue: f.indicatorValue.trim(),
    action: f.action,
    severity: f.severity,
    title: f.title.trim(),
    description: f.description.trim(),
    mitreTechniques: f.techniques.split(/[\s,;]+/).filter((t) => t !== ''),
    expirationTime: f.expires ? `${f.expires}T23:59:59Z` : null,
  };
}

/** csv or stix by the file's name, else by its content (a JSON object is a STIX bundle). */
export function importFormatOf(fileName: string, text: string): 'csv' | 'stix' {
  if (/\.csv$/i.test(fileName)) return 'csv';
  if (/\.json$/i.test(fileName)) return 'stix';
  return text.trimStart().startsWith('{') ? 'stix' : 'csv';
}

/** The first line of Defender's CSV template, offered for download. */
export const csvTemplate = 'IndicatorType,IndicatorValue,ExpirationTime,Action,Severity,Title,Description,RecommendedActions,RbacGroups,Category,MitreTechniques,GenerateAlert\n';
