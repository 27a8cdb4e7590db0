/**
 * Data access of the custom detection rules screens: /api/detections/rules (read: security.read; create, change,
 * run, delete: detections.manage), through the shared API client.
 */
import { api } from '../../api/index.ts';
import type { EntityMapping, Frequency, Severity } from './rule-model.ts';

export interface RuleAlertDefinition {
  /** May name result columns as {{Column}}. */
  title: string;
  description: string;
  severity: Severity;
  category: string;
  techniques: string[];
  recommendedActions?: string;
}

export interface RuleRun {
  started: string;
  durationMs: number;
  trigger: 'manual' | 'schedule' | 'nrt';
  rows: number;
  alertsCreated: number;
  alertsUpdated: number;
  status: 'ok' | 'error';
  error: string | null;
}

export interface DetectionRule {
  id: string;
  name: string;
  description: string;
  query: string;
  frequency: Frequency;
  enabled: boolean;
  builtin: boolean;
  alert: RuleAlertDefinition | null;
  entityMapping: EntityMapping;
  suppressionMinutes: number;
  createdBy: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  lastRunDateTime: string | null;
  lastRunStatus: string | null;
  /** In the list only: the latest run. */
  lastRun?: RuleRun | null;
}

/** What the form sends to create or replace a rule. */
export interface RuleInput {
  id?: string;
  name: string;
  description: string;
  query: string;
  frequency: Frequency;
  alert: RuleAlertDefinition;
  entityMapping: EntityMapping;
  suppressionMinutes: number;
  enabled?: boolean;
}

/** The outcome of "Run now". */
export interface RunOutcome {
  ruleId: string;
  status: 'ok' | 'error';
  rows: number;
  alertsCreated: number;
  alertsUpdated: number;
  capped: boolean;
  durationMs: number;
  error?: string;
}

const path = (id: string): string => `/api/detections/rules/${encodeURIComponent(id)}`;

export const listRules = async (signal?: AbortSignal): Promise<DetectionRule[]> => (await api.get<{ value: DetectionRule[] }>('/api/detections/rules', { signal })).value;
export const getRule = (id: string, signal?: AbortSignal): Promise<DetectionRule> => api.get<DetectionRule>(path(id), { signal });
export const listRuns = async (id: string, signal?: AbortSignal): Promise<RuleRun[]> => (await api.get<{ value: RuleRun[] }>(`${path(id)}/runs`, { signal })).value;
export const createRule = (rule: RuleInput): Promise<DetectionRule> => api.post<DetectionRule>('/api/detections/rules', rule);
export const updateRule = (id: string, patch: Partial<RuleInput>): Promise<DetectionRule> => api.patch<DetectionRule>(path(id), patch);
export const setRuleEnabled = (id: string, enabled: boolean): Promise<DetectionRule> => api.patch<DetectionRule>(path(id), { enabled });
export const deleteRule = (id: string): Promise<void> => api.delete(path(id));
export const runRule = (id: string): Promise<RunOutcome> => api.post<RunOutcome>(`${path(id)}/run`);
