import type { Generated } from 'kysely';

/** Tables of the state store (SQLite). Each feature adds its tables here and in a numbered migration. */
export interface StateSchema {
  users: UsersTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
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
