import { api } from '../../api/client.ts';

/** Data access for Settings > Permissions & roles (users, roles, assignments, device groups, tokens, audit). */

export interface User {
  id: string;
  email: string;
  displayName: string;
  authSource: string;
  roles: string[];
  groups: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  mfaEnabled: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

export interface Role {
  id: string;
  name: string;
  description: string;
  permissions: string[];
  builtIn: boolean;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface Assignment {
  id: string;
  roleId: string;
  roleName: string;
  principalType: 'user' | 'group';
  principalId: string;
  deviceGroupIds: string[] | null;
  createdBy: string;
  createdAt: string;
}

export interface DeviceGroupRules {
  names?: string[];
  domains?: string[];
  osPlatforms?: string[];
  tags?: string[];
}

export interface DeviceGroup {
  id: string;
  name: string;
  description: string;
  rank: number;
  rules: DeviceGroupRules | null;
  remediationLevel: string;
  builtIn: boolean;
  deviceCount: number;
}

export interface PreviewDevice {
  deviceId: string;
  deviceName: string;
  osPlatform: string | null;
  tags: string[];
  lastSeen: string | null;
  currentGroupId: string;
}

export interface Token {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt?: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: unknown;
}

export interface PermissionCatalog {
  groups: { name: string; permissions: { id: string; description: string }[] }[];
}

type List<T> = { value: T[] };

export const permissionsKeys = {
  users: ['authz', 'users'] as const,
  roles: ['authz', 'roles'] as const,
  assignments: ['authz', 'assignments'] as const,
  deviceGroups: ['authz', 'device-groups'] as const,
  tokens: ['authz', 'tokens'] as const,
  audit: ['authz', 'audit'] as const,
  catalog: ['authz', 'catalog'] as const,
};

export const fetchUsers = async (): Promise<User[]> => (await api.get<List<User>>('/api/users')).value;
export const createUser = (body: { email: string; displayName: string; password?: string; roles: string[] }): Promise<{ user: User; oneTimePassword?: string }> =>
  api.post<{ user: User; oneTimePassword?: string }>('/api/users', body);
export const updateUser = (id: string, body: { displayName?: string; roles?: string[]; disabled?: boolean }): Promise<User> => api.patch<User>(`/api/users/${encodeURIComponent(id)}`, body);
export const deleteUser = (id: string): Promise<void> => api.delete(`/api/users/${encodeURIComponent(id)}`);
export const resetUserPassword = (id: string): Promise<{ oneTimePassword: string }> => api.post<{ oneTimePassword: string }>(`/api/users/${encodeURIComponent(id)}/reset-password`);

export const fetchRoles = async (): Promise<Role[]> => (await api.get<List<Role>>('/api/roles')).value;
export const createRole = (body: { name: string; description: string; permissions: string[] }): Promise<Role> => api.post<Role>('/api/roles', body);
export const updateRole = (id: string, body: { name: string; description: string; permissions: string[] }): Promise<Role> => api.patch<Role>(`/api/roles/${encodeURIComponent(id)}`, body);
export const deleteRole = (id: string): Promise<void> => api.delete(`/api/roles/${encodeURIComponent(id)}`);
export const fetchPermissionCatalog = (): Promise<PermissionCatalog> => api.get<PermissionCatalog>('/api/auth/permissions');

export const fetchAssignments = async (): Promise<Assignment[]> => (await api.get<List<Assignment>>('/api/role-assignments')).value;
export const createAssignment = (body: { roleId: string; principalType: 'user' | 'group'; principalId: string; deviceGroupIds: string[] | null }): Promise<Assignment> =>
  api.post<Assignment>('/api/role-assignments', body);
export const deleteAssignment = (id: string): Promise<void> => api.delete(`/api/role-assignments/${encodeURIComponent(id)}`);

export const fetchDeviceGroups = async (): Promise<DeviceGroup[]> => (await api.get<List<DeviceGroup>>('/api/device-groups')).value;
export const createDeviceGroup = (body: { name: string; description: string; rules: DeviceGroupRules; remediationLevel: string }): Promise<DeviceGroup> =>
  api.post<DeviceGroup>('/api/device-groups', body);
export const deleteDeviceGroup = (id: string): Promise<void> => api.delete(`/api/device-groups/${encodeURIComponent(id)}`);
export const previewDeviceGroup = (rules: DeviceGroupRules, signal?: AbortSignal): Promise<{ total: number; devices: PreviewDevice[] }> =>
  api.post<{ total: number; devices: PreviewDevice[] }>('/api/device-groups/preview', { rules, top: 10 }, { signal });

export const fetchTokens = async (): Promise<Token[]> => (await api.get<List<Token>>('/api/tokens')).value;
export const createToken = (body: { name: string; permissions: string[]; expiresIn: string }): Promise<{ token: Token; secret: string }> =>
  api.post<{ token: Token; secret: string }>('/api/tokens', body);
export const revokeToken = (id: string): Promise<Token> => api.delete<Token>(`/api/tokens/${encodeURIComponent(id)}`);

export const fetchAudit = (query: { action?: string; before?: number }): Promise<{ value: AuditEntry[]; nextBefore?: number }> =>
  api.get<{ value: AuditEntry[]; nextBefore?: number }>('/api/audit', { query: { ...query, top: 50 } });
