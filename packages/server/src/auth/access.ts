import type { StateDb } from '../state/database.ts';
import { RolesRepository } from '../roles/roles.repository.ts';
import { builtInRoleById, privilegedPermissions } from './built-in-roles.ts';
import { isPermission } from './permissions.ts';
import type { Permission } from './permissions.ts';
import type { AccessScope, DeviceScope } from './principal.ts';

export interface EffectiveAccess {
  permissions: Set<Permission>;
  scope: AccessScope;
  permissionScopes: Map<Permission, AccessScope>;
  /** The roles held, with the device groups each is limited to (undefined: all devices). */
  roles: { id: string; name: string; deviceGroupIds?: string[] }[];
  privileged: boolean;
}

export function unionDeviceScopes(a: DeviceScope | undefined, b: DeviceScope): DeviceScope {
  if (a === undefined) return b;
  if ('all' in a) return a;
  if ('all' in b) return b;
  return { deviceGroupIds: [...new Set([...a.deviceGroupIds, ...b.deviceGroupIds])].sort() };
}

export function parseJsonArray(text: string | null | undefined): string[] {
  if (!text) return [];
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * What a user may do and see: the union of its direct roles (unscoped) and of the role assignments to it
 * or its groups, each limited to its device groups. Read on every request, so a change of role or
 * assignment applies at once (no stale permissions in a cookie).
 */
export async function effectiveAccess(db: StateDb, user: { id: string; roles: string; groups: string }): Promise<EffectiveAccess> {
  const repo = new RolesRepository(db);
  const grants: { roleId: string; scope: DeviceScope }[] = parseJsonArray(user.roles).map((roleId) => ({ roleId, scope: { all: true } }));
  for (const a of await repo.assignmentsForUser(user.id, parseJsonArray(user.groups))) {
    grants.push({ roleId: a.role_id, scope: a.device_group_ids === null ? { all: true } : { deviceGroupIds: parseJsonArray(a.device_group_ids) } });
  }
  const custom = new Map((await repo.rolesByIds(grants.map((g) => g.roleId).filter((id) => !builtInRoleById.has(id)))).map((r) => [r.id, r]));
  const perPermission = new Map<Permission, DeviceScope>();
  let union: DeviceScope | undefined;
  const roles: EffectiveAccess['roles'] = [];
  for (const g of grants) {
    const builtIn = builtInRoleById.get(g.roleId);
    const row = custom.get(g.roleId);
    const name = builtIn?.name ?? row?.name;
    if (name === undefined) continue; // a role deleted since: grants nothing
    const perms: Permission[] = builtIn ? [...builtIn.permissions] : parseJsonArray(row?.permissions).filter(isPermission);
    roles.push({ id: g.roleId, name, ...('deviceGroupIds' in g.scope ? { deviceGroupIds: [...g.scope.deviceGroupIds] } : {}) });
    for (const p of perms) perPermission.set(p, unionDeviceScopes(perPermission.get(p), g.scope));
    if (perms.length > 0) union = unionDeviceScopes(union, g.scope);
  }
  const permissionScopes = new Map<Permission, AccessScope>([...perPermission].map(([p, s]) => [p, { devices: s }]));
  return {
    permissions: new Set(perPermission.keys()),
    scope: { devices: union ?? { deviceGroupIds: [] } },
    permissionScopes,
    roles,
    privileged: privilegedPermissions.some((p) => perPermission.has(p)),
  };
}
