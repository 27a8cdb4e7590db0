import type { Generated } from 'kysely';
import type { IndicatorAction, IndicatorSeverity, IndicatorSourceType, IndicatorType } from '@palisade/contracts';

/** Tables of the state store (SQLite). Each feature adds its tables here and in a numbered migration. */
export interface StateSchema {
  users: UsersTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  sessions: SessionsTable;
  sign_in_throttle: SignInThrottleTable;
  auth_challenges: AuthChallengesTable;
  api_tokens: ApiTokensTable;
  roles: RolesTable;
  role_assignments: RoleAssignmentsTable;
  device_groups: DeviceGroupsTable;
  user_preferences: UserPreferencesTable;
  incidents: IncidentsTable;
  alerts: AlertsTable;
  alert_entities: AlertEntitiesTable;
  comments: CommentsTable;
  incident_activity: IncidentActivityTable;
  detection_rules: DetectionRulesTable;
  detection_runs: DetectionRunsTable;
  alert_tuning_rules: AlertTuningRulesTable;
  notification_rules: NotificationRulesTable;
  notification_deliveries: NotificationDeliveriesTable;
  hunting_queries: HuntingQueriesTable;
  hunting_history: HuntingHistoryTable;
  incident_queue_settings: IncidentQueueSettingsTable;
  incident_filter_sets: IncidentFilterSetsTable;
  evidence_state: EvidenceStateTable;
  indicators: IndicatorsTable;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  /** argon2id hash; null for accounts that sign in only through SSO. */
  password_hash: string | null;
  /** Built-in role ids given directly at creation (the first admin); role assignments come with RBAC. */
  roles: string;
  must_change_password: number;
  disabled: number;
  created_at: string;
  updated_at: string;
  /** JSON array of group names (from SSO claims or set by an admin); role assignments can target groups. */
  groups: Generated<string>;
  /** 'local' or 'oidc'. */
  auth_source: Generated<string>;
  oidc_subject: string | null;
  totp_secret: string | null;
  totp_enabled: Generated<number>;
  /** JSON array of SHA-256 hashes of the unused recovery codes. */
  recovery_codes: Generated<string>;
  last_sign_in_at: string | null;
  password_changed_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** Server-side sessions; the cookie holds the random id, the table only its SHA-256. */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  auth_method: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** Failed sign-in counters per normalized email (known or not, so lockout reveals nothing). */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  first_failure_at: string;
  locked_until: string | null;
}

/** Short-lived challenges: the second sign-in step ('mfa') and OIDC round trips ('oidc'). */
export interface AuthChallengesTable {
  id_hash: string;
  kind: string;
  user_id: string | null;
  data: string;
  attempts: Generated<number>;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  secret_hash: string;
  prefix: string;
  permissions: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** Custom roles (built-in roles live in code: auth/built-in-roles.ts). */
export interface RolesTable {
  id: string;
  name: string;
  description: string;
  permissions: string;
  created_at: string;
  updated_at: string;
}

export interface RoleAssignmentsTable {
  id: string;
  role_id: string;
  principal_type: string;
  principal_id: string;
  /** JSON array of device group ids, or null for all devices. */
  device_group_ids: string | null;
  created_by: string;
  created_at: string;
}

export interface DeviceGroupsTable {
  id: string;
  name: string;
  description: string;
  rank: number;
  rules: string;
  remediation_level: string;
  created_at: string;
  updated_at: string;
}

export interface UserPreferencesTable {
  user_id: string;
  value: string;
  updated_at: string;
}

/** Incidents (Graph security incident). `summary` is JSON: categories, techniques, sources, impacted assets. */
export interface IncidentsTable {
  id: number;
  display_name: string;
  display_name_custom: Generated<number>;
  description: string | null;
  severity: string;
  severity_override: string | null;
  status: string;
  redirect_incident_id: number | null;
  assigned_to: string | null;
  classification: Generated<string>;
  determination: Generated<string>;
  custom_tags: Generated<string>;
  system_tags: Generated<string>;
  summary: string;
  alert_count: Generated<number>;
  first_activity: string | null;
  last_activity: string | null;
  created: string;
  last_update: string;
}

/** Alerts (Graph security alert, alerts_v2). `evidence`, `mitre_techniques` and `correlation_reason` are JSON. */
export interface AlertsTable {
  id: number;
  provider_alert_id: string;
  origin: string;
  detector_id: string | null;
  title: string;
  description: string | null;
  recommended_actions: string | null;
  severity: string;
  status: string;
  classification: Generated<string>;
  determination: Generated<string>;
  category: string;
  mitre_techniques: Generated<string>;
  service_source: string;
  detection_source: string;
  assigned_to: string | null;
  incident_id: number;
  correlation_reason: string | null;
  evidence: Generated<string>;
  occurrences: Generated<number>;
  hidden: Generated<number>;
  tuning_rule_id: string | null;
  first_activity: string;
  last_activity: string;
  created: string;
  last_update: string;
  resolved: string | null;
}

/** The correlating entities of an alert, one row per key (device:ws-1042, account:alice@contoso.com...). */
export interface AlertEntitiesTable {
  alert_id: number;
  entity_key: string;
  display: string;
}

export interface CommentsTable {
  id: Generated<number>;
  incident_id: number | null;
  alert_id: number | null;
  comment: string;
  created_by: string;
  created: string;
}

export interface IncidentActivityTable {
  id: Generated<number>;
  incident_id: number;
  at: string;
  actor: string;
  action: string;
  details: string;
}

export interface DetectionRulesTable {
  id: string;
  name: string;
  description: Generated<string>;
  query: string;
  frequency: string;
  enabled: Generated<number>;
  builtin: Generated<number>;
  alert: string;
  entity_mapping: string;
  suppression_minutes: number;
  created_by: string;
  created: string;
  last_update: string;
  last_run_at: string | null;
  last_run_status: string | null;
}

export interface DetectionRunsTable {
  id: Generated<number>;
  rule_id: string;
  started: string;
  duration_ms: number;
  trigger: string;
  rows: number;
  alerts_created: number;
  alerts_updated: number;
  status: string;
  error: string | null;
}

/** Alert tuning rules; `conditions` and `scope` are JSON. */
export interface AlertTuningRulesTable {
  id: string;
  name: string;
  enabled: Generated<number>;
  conditions: string;
  action: string;
  classification: string | null;
  determination: string | null;
  scope: string;
  owner: string;
  reason: string;
  expires: string | null;
  match_count: Generated<number>;
  last_match: string | null;
  created_by: string;
  created: string;
  last_update: string;
}

/** Webhook notification rules; `events` is JSON. The secret signs each payload (HMAC-SHA256). */
export interface NotificationRulesTable {
  id: string;
  name: string;
  enabled: Generated<number>;
  url: string;
  format: string;
  secret: string;
  min_severity: string;
  events: string;
  created_by: string;
  created: string;
  last_update: string;
}

export interface NotificationDeliveriesTable {
  id: Generated<number>;
  rule_id: string;
  incident_id: number;
  event: string;
  status: string;
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  created: string;
  last_attempt: string | null;
}

export interface HuntingQueriesTable {
  id: Generated<number>;
  owner_id: string;
  owner_name: string;
  name: string;
  folder: string;
  shared: Generated<number>;
  query: string;
  created: string;
  last_update: string;
}

export interface HuntingHistoryTable {
  id: Generated<number>;
  owner_id: string;
  query: string;
  timespan: string | null;
  ran_at: string;
}

/** Each person's incident queue columns (JSON array of column ids, in order). */
export interface IncidentQueueSettingsTable {
  user_id: string;
  columns: string;
  updated_at: string;
}

/** Named incident queue filter sets: `query` is the queue's URL search string. Unique per owner and name. */
export interface IncidentFilterSetsTable {
  id: Generated<number>;
  owner_id: string;
  name: string;
  query: string;
  created: string;
  last_update: string;
}

/** Analysts' verdict and remediation status on one entity of one alert (null: the default stays). */
export interface EvidenceStateTable {
  alert_id: number;
  entity_key: string;
  verdict: string | null;
  remediation_status: string | null;
  remediation_details: string | null;
  updated_by: string;
  updated: string;
}

/** Threat indicators (custom IoCs): one row per type and value; `mitre_techniques` is JSON. */
export interface IndicatorsTable {
  id: Generated<number>;
  indicator_type: IndicatorType;
  indicator_value: string;
  action: IndicatorAction;
  severity: IndicatorSeverity;
  title: string;
  description: string;
  recommended_actions: string | null;
  category: string;
  mitre_techniques: string;
  expiration: string | null;
  source: string;
  source_type: IndicatorSourceType;
  created_by: string;
  created: string;
  last_updated_by: string;
  last_update: string;
}
