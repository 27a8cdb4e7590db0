/**
 * /api/indicators: threat indicators. Names and values follow Defender's Indicator API resource (indicatorType,
 * indicatorValue, action, severity, expirationTime...).
 */

/** In the order the portal offers them (the commonest first). */
export const indicatorTypes = ['DomainName', 'Url', 'IpAddress', 'FileSha256', 'FileSha1', 'FileMd5'] as const;
export type IndicatorType = (typeof indicatorTypes)[number];

/**
 * What a match does. `Alert` and `AlertAndBlock` raise an alert (blocking is recorded intent: Palisade has no
 * sensor to enforce it); `Allowed` silences: a value allowed is never alerted on by indicator detections, even
 * when a feed lists it (or its parent domain) as bad.
 */
export const indicatorActions = ['Alert', 'AlertAndBlock', 'Allowed'] as const;
export type IndicatorAction = (typeof indicatorActions)[number];

export const indicatorSeverities = ['Informational', 'Low', 'Medium', 'High'] as const;
export type IndicatorSeverity = (typeof indicatorSeverities)[number];

/** Who made it: a person in the portal or API, or an import (CSV or STIX). */
export const indicatorSourceTypes = ['User', 'Import'] as const;
export type IndicatorSourceType = (typeof indicatorSourceTypes)[number];

/** An indicator as the API returns it. */
export interface Indicator {
  id: string;
  indicatorType: IndicatorType;
  indicatorValue: string;
  action: IndicatorAction;
  severity: IndicatorSeverity;
  title: string;
  description: string;
  recommendedActions: string | null;
  category: string;
  mitreTechniques: string[];
  expirationTime: string | null;
  status: 'active' | 'expired';
  source: string;
  sourceType: IndicatorSourceType;
  createdBy: string;
  creationTimeDateTimeUtc: string;
  lastUpdatedBy: string;
  lastUpdateTime: string;
}

/** POST /api/indicators/import: what became of each record. */
export interface IndicatorImportResult {
  created: number;
  updated: number;
  /** Records that could not become indicators (bad values, expired...), with where and why. */
  errors: { at: string; field: string; message: string }[];
  /** Records left out on purpose (revoked, patterns Palisade cannot match...), with why. */
  skipped: { at: string; reason: string }[];
  /** STIX objects of other types (malware, relationships, identities...). */
  otherObjects?: number;
}
