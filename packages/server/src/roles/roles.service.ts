import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { parseJsonArray } from '../auth/access.ts';
import { builtInRoleById, builtInRoles } from '../auth/built-in-roles.ts';
import type { RoleDefinition } from '../auth/built-in-roles.ts';
import { isPermission } from '../auth/permissions.ts';
import type { Permission } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpError, badRequest, conflict, forbidden, notFound } from '../http/errors.ts';
import { deviceGroupsFor } from '../device-groups/device-groups.service.ts';
import { parsePermissions } from '../tokens/tokens.service.ts';
import { RolesRepository } from './roles.repository.ts';
import type { AssignmentRow, RoleRow } from './roles.repository.ts';

export interface RoleView extends RoleDefinition {
  createdAt: string | null;
  updatedAt: string | null;
}

export interface AssignmentView {
  id: string;
  roleId: string;
  roleName: string;
  principalType: 'user' | 'group';
  principalId: string;
  /** null: all devices. */
  deviceGroupIds: string[] | null;
  createdBy: string;
  createdAt: string;
}

/**
 * Custom roles and role assignments. Nobody can hand out more than they hold: a role made or assigned by a
 * person may only contain permissions that person has (no escalation through the roles API).
 */
export class RolesService {
  private readonly repo: RolesRepository;
  private readonly audit: AuditRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new RolesRepository(ctx.state);
    this.audit = new AuditRepository(ctx.state);
  }

  private customView(r: RoleRow): RoleView {
    return { id: r.id, name: r.name, description: r.description, permissions: parseJsonArray(r.permissions).filter(isPermission), builtIn: false, createdAt: r.created_at, updatedAt: r.updated_at };
  }

  async list(): Promise<RoleView[]> {
    return [...builtInRoles.map((r) => ({ ...r, createdAt: null, updatedAt: null })), ...(await this.repo.listRoles()).map((r) => this.customView(r))];
  }

  async get(id: string): Promise<RoleView> {
    const b = builtInRoleById.get(id);
    if (b) return { ...b, createdAt: null, updatedAt: null };
    const r = await this.repo.getRole(id);
    if (!r) throw notFound(`Role ${id}`);
    return this.customView(r);
  }

  private assertCanGrant(actor: Principal, permissions: readonly Permission[]): void {
    const missing = permissions.filter((p) => !actor.permissions.has(p));
    if (missing.length > 0) throw forbidden(`You cannot grant permissions you do not hold: ${missing.join(', ')}.`);
  }

  private async checkName(name: string, exceptId?: string): Promise<string> {
    const n = name.trim();
    if (n === '' || n.length > 100) throw badRequest('name: a role name must be 1 to 100 characters.');
    const clash = builtInRoles.find((r) => r.name.toLowerCase() === n.toLowerCase()) ?? (await this.repo.roleByName(n));
    if (clash && clash.id !== exceptId) throw conflict(`A role named '${n}' already exists.`);
    return n;
  }

  async create(input: { name: string; description?: string; permissions: string[] }, actor: Principal): Promise<RoleView> {
    const name = await this.checkName(input.name);
    const permissions = parsePermissions(input.permissions, 'permissions');
    this.assertCanGrant(actor, permissions);
    const at = this.ctx.now().toISOString();
    const row: RoleRow = { id: randomUUID(), name, description: input.description ?? '', permissions: JSON.stringify(permissions), created_at: at, updated_at: at };
    await this.repo.insertRole(row);
    await this.audit.append({ at, actor: `${actor.kind}:${actor.name}`, action: 'role.create', target: row.id, details: { name, permissions } });
    return this.customView(row);
  }

  async update(id: string, input: { name?: string; description?: string; permissions?: string[] }, actor: Principal): Promise<RoleView> {
    if (builtInRoleById.has(id)) throw new HttpError(409, 'conflict', 'Built-in roles are read-only; create a custom role instead.');
    const row = await this.repo.getRole(id);
    if (!row) throw notFound(`Role ${id}`);
    const name = input.name !== undefined ? await this.checkName(input.name, id) : undefined;
    const permissions = input.permissions !== undefined ? parsePermissions(input.permissions, 'permissions') : undefined;
    if (permissions) this.assertCanGrant(actor, permissions);
    const at = this.ctx.now().toISOString();
    await this.repo.updateRole(id, {
      ...(name !== undefined ? { name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(permissions !== undefined ? { permissions: JSON.stringify(permissions) } : {}),
      updated_at: at,
    });
    await this.audit.append({
      at,
      actor: `${actor.kind}:${actor.name}`,
      action: 'role.update',
      target: id,
      details: { ...(name !== undefined ? { name } : {}), ...(permissions ? { permissionsBefore: parseJsonArray(row.permissions), permissions } : {}) },
    });
    return this.get(id);
  }

  async delete(id: string, actor: Principal): Promise<void> {
    if (builtInRoleById.has(id)) throw new HttpError(409, 'conflict', 'Built-in roles cannot be deleted.');
    const row = await this.repo.getRole(id);
    if (!row) throw notFound(`Role ${id}`);
    const users = await this.ctx.state.selectFrom('users').select(['id', 'roles']).execute();
    if (users.some((u) => parseJsonArray(u.roles).includes(id))) throw conflict(`Role '${row.name}' is given directly to users; remove it from them first.`);
    await this.repo.deleteRole(id);
    await this.audit.append({ at: this.ctx.now().toISOString(), actor: `${actor.kind}:${actor.name}`, action: 'role.delete', target: id, details: { name: row.name } });
  }

  async assignmentView(a: AssignmentRow): Promise<AssignmentView> {
    const role = builtInRoleById.get(a.role_id) ?? (await this.repo.getRole(a.role_id));
    return {
      id: a.id,
      roleId: a.role_id,
      roleName: role?.name ?? '(deleted role)',
      principalType: a.principal_type === 'group' ? 'group' : 'user',
      principalId: a.principal_id,
      deviceGroupIds: a.device_group_ids === null ? null : parseJsonArray(a.device_group_ids),
      createdBy: a.created_by,
      createdAt: a.created_at,
    };
  }

  async listAssignments(filter: { roleId?: string; principalType?: string; principalId?: string }): Promise<AssignmentView[]> {
    return Promise.all((await this.repo.listAssignments(filter)).map((a) => this.assignmentView(a)));
  }

  /** The permissions of a role id (built-in or custom), or a 400 naming the unknown id. */
  async permissionsOf(roleId: string, where: string): Promise<Permission[]> {
    const b = builtInRoleById.get(roleId);
    if (b) return [...b.permissions];
    const r = await this.repo.getRole(roleId);
    if (!r) throw badRequest(`${where}: no role '${roleId}'. See GET /api/roles.`);
    return parseJsonArray(r.permissions).filter(isPermission);
  }

  async assertCanGrantRoles(actor: Principal, roleIds: readonly string[], where: string): Promise<void> {
    for (const id of roleIds) this.assertCanGrant(actor, await this.permissionsOf(id, where));
  }

  async assign(
    input: { roleId: string; principalType: 'user' | 'group'; principalId: string; deviceGroupIds?: string[] | null },
    actor: Principal,
  ): Promise<AssignmentView> {
    await this.assertCanGrantRoles(actor, [input.roleId], 'roleId');
    if (input.principalType === 'user') {
      const u = await this.ctx.state.selectFrom('users').select('id').where('id', '=', input.principalId).executeTakeFirst();
      if (!u) throw badRequest(`principalId: no user '${input.principalId}'.`);
    } else if (input.principalId.trim() === '' || input.principalId.length > 256) {
      throw badRequest('principalId: a group name must be 1 to 256 characters.');
    }
    let groups: string[] | null = null;
    if (input.deviceGroupIds !== undefined && input.deviceGroupIds !== null) {
      if (input.deviceGroupIds.length === 0) throw badRequest('deviceGroupIds: give at least one device group, or null for all devices.');
      const known = await deviceGroupsFor(this.ctx).ids();
      const unknown = input.deviceGroupIds.filter((g) => !known.has(g));
      if (unknown.length > 0) throw badRequest(`deviceGroupIds: unknown device group${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}.`);
      groups = [...new Set(input.deviceGroupIds)].sort();
    }
    const at = this.ctx.now().toISOString();
    const row: AssignmentRow = {
      id: randomUUID(),
      role_id: input.roleId,
      principal_type: input.principalType,
      principal_id: input.principalId,
      device_group_ids: groups === null ? null : JSON.stringify(groups),
      created_by: `${actor.kind}:${actor.name}`,
      created_at: at,
    };
    await this.repo.insertAssignment(row);
    await this.audit.append({ at, actor: row.created_by, action: 'role-assignment.create', target: row.id, details: { roleId: input.roleId, principalType: input.principalType, principalId: input.principalId, deviceGroupIds: groups } });
    return this.assignmentView(row);
  }

  async unassign(id: string, actor: Principal): Promise<void> {
    const a = await this.repo.getAssignment(id);
    if (!a) throw notFound(`Role assignment ${id}`);
    await this.assertCanGrantRoles(actor, [a.role_id], 'roleId').catch(() => {
      throw forbidden('You cannot remove an assignment of a role with permissions you do not hold.');
    });
    await this.repo.deleteAssignment(id);
    await this.audit.append({ at: this.ctx.now().toISOString(), actor: `${actor.kind}:${actor.name}`, action: 'role-assignment.delete', target: id, details: { roleId: a.role_id, principalType: a.principal_type, principalId: a.principal_id } });
  }
}
