/**
 * The alert model: Microsoft Graph alerts_v2 enums and the evidence entities an alert carries. Enum values are
 * Graph's wire values (camelCase); inputs are matched case-insensitively, as Graph's own examples mix cases.
 */
import { readFileSync } from 'node:fs';

export const alertSeverities = ['informational', 'low', 'medium', 'high'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];
export const severityRank: Readonly<Record<AlertSeverity, number>> = { informational: 0, low: 1, medium: 2, high: 3 };

export const alertStatuses = ['new', 'inProgress', 'resolved'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

export const incidentStatuses = ['active', 'inProgress', 'resolved', 'redirected'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export const classifications = ['unknown', 'truePositive', 'informationalExpectedActivity', 'falsePositive'] as const;
export type Classification = (typeof classifications)[number];

/** Determinations allowed under each classification (Graph's grouping; `unknown` is always allowed). */
export const determinationsByClassification: Readonly<Record<Classification, readonly string[]>> = {
  unknown: ['unknown'],
  truePositive: ['unknown', 'multiStagedAttack', 'maliciousUserActivity', 'compromisedAccount', 'malware', 'phishing', 'unwantedSoftware', 'other'],
  informationalExpectedActivity: ['unknown', 'securityTesting', 'lineOfBusinessApplication', 'confirmedActivity', 'other'],
  falsePositive: ['unknown', 'notMalicious', 'notEnoughDataToValidate', 'other'],
};
export const determinations = [...new Set(Object.values(determinationsByClassification).flat())];
export type Determination = string;

/** ATT&CK tactics as alert categories (Defender's kill-chain names) plus the non-tactic categories. */
export const tacticCategories = {
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
} as const;
export const otherCategories = { Malware: 'Malware', Ransomware: 'Ransomware', SuspiciousActivity: 'Suspicious activity', UnwantedSoftware: 'Unwanted software' } as const;
export const categoryLabels: Readonly<Record<string, string>> = { ...tacticCategories, ...otherCategories };
export const alertCategories = Object.keys(categoryLabels);
/** Kill-chain order, for names and the incident's category list. */
export const categoryOrder: ReadonlyMap<string, number> = new Map(alertCategories.map((c, i) => [c, i]));

export const serviceSources = [
  'microsoftDefenderForEndpoint',
  'microsoftDefenderForIdentity',
  'microsoftDefenderForCloudApps',
  'microsoftDefenderForOffice365',
  'microsoft365Defender',
  'azureAdIdentityProtection',
  'microsoftAppGovernance',
  'dataLossPrevention',
  'microsoftDefenderForCloud',
  'microsoftSentinel',
  'palisade',
  'external',
] as const;

export const detectionSources = [
  'microsoftDefenderForEndpoint',
  'antivirus',
  'smartScreen',
  'customTi',
  'microsoftDefenderForOffice365',
  'automatedInvestigation',
  'microsoftThreatExperts',
  'customDetection',
  'microsoftDefenderForIdentity',
  'cloudAppSecurity',
  'microsoft365Defender',
  'azureAdIdentityProtection',
  'manual',
  'microsoftDataLossPrevention',
  'appGovernancePolicy',
  'appGovernanceDetection',
  'microsoftDefenderForCloud',
  'builtInDetection',
  'thirdParty',
] as const;

export const evidenceRoles = [
  'unknown',
  'contextual',
  'scanned',
  'source',
  'destination',
  'created',
  'added',
  'compromised',
  'edited',
  'attacked',
  'attacker',
  'commandAndControl',
  'loaded',
  'suspicious',
  'policyViolator',
] as const;
export type EvidenceRole = (typeof evidenceRoles)[number];

/** One evidence entity of an alert, in the shape external tools send (issue 6) plus optional roles. */
export type AlertEntity = (
  | { type: 'device'; deviceName: string; deviceId?: string }
  | { type: 'user'; accountName: string; domain?: string; upn?: string; sid?: string }
  | { type: 'mailbox'; address: string }
  | { type: 'ip'; address: string }
  | { type: 'url'; url: string }
  | { type: 'file'; sha256?: string; sha1?: string; fileName?: string; path?: string }
  | { type: 'process'; deviceName: string; processId?: number; fileName?: string; commandLine?: string; sha256?: string; parentFileName?: string; parentProcessId?: number }
  | { type: 'mailMessage'; networkMessageId: string; sender?: string; recipient?: string; subject?: string }
  | { type: 'cloudApp'; name: string }
  | { type: 'registry'; key: string; valueName?: string; valueData?: string }
) & { roles?: EvidenceRole[] };
export type EntityType = AlertEntity['type'];

export interface TechniqueInfo {
  id: string;
  name: string;
  tactics: string[];
}

interface TechniqueFile {
  techniques: Record<string, { name: string; tactics: string[] }>;
}

/** MITRE ATT&CK techniques (id -> name, tactics); a trimmed copy with MITRE's license beside it. */
export const attackTechniques: ReadonlyMap<string, TechniqueInfo> = new Map(
  Object.entries((JSON.parse(readFileSync(new URL('./attack-techniques.json', import.meta.url), 'utf8')) as TechniqueFile).techniques).map(
    ([id, t]) => [id, { id, name: t.name, tactics: t.tactics }],
  ),
);

/** Finds an enum member ignoring case ("TruePositive" -> "truePositive"); undefined when not a member. */
export function matchEnum<T extends string>(values: readonly T[], input: string): T | undefined {
  const lower = input.toLowerCase();
  return values.find((v) => v.toLowerCase() === lower);
}
