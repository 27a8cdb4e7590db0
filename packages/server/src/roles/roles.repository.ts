import type { Selectable } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { RoleAssignmentsTable, RolesTable } from '../state/schema.ts';

export type RoleRow = Selectable<RolesTable>;
export type AssignmentRow = Selectable<RoleAssignmentsTable>;

/** Custom roles and role assignments (built-in roles live in code, auth/built-in-roles.ts). */
export class RolesRepository {
  constructor(private readonly db: StateDb) {}

  listRoles(): Promise<RoleRow[]> {
    return this.db.selectFrom('roles').selectAll().orderBy('name').execute();
  }

  getRole(id: string): Promise<RoleRow | undefined> {
    return this.db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  rolesByIds(ids: readonly string[]): Promise<RoleRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('roles').selectAll().where('id', 'in', ids).execute();
  }

  roleByName(name: string): Promise<RoleRow | undefined> {
    return this.db.selectFrom('roles').selectAll().where(({ eb, fn }) => eb(fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
  }

  async insertRole(row: RoleRow): Promise<void> {
    await this.db.insertInto('roles').values(row).execute();
  }

  async updateRole(id: string, patch: Partial<Omit<RoleRow, 'id' | 'created_at'>>): Promise<void> {
    await this.db.updateTable('roles').set(patch).where('id', '=', id).execute();
  }

  /** Deletes a custom role and its assignments together. */
  async deleteRole(id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('role_assignments').where('role_id', '=', id).execute();
      await tx.deleteFrom('roles').where('id', '=', id).execute();
    });
  }

  listAssignments(filter: { roleId?: string; principalType?: string; principalId?: string } = {}): Promise<AssignmentRow[]> {
    let q = this.db.selectFrom('role_assignments').selectAll();
    if (filter.roleId !== undefined) q = q.where('role_id', '=', filter.roleId);
    if (filter.principalType !== undefined) q = q.where('principal_type', '=', filter.principalType);
    if (filter.principalId !== undefined) q = q.where('principal_id', '=', filter.principalId);
    return q.orderBy('created_at').orderBy('id').execute();
  }

  getAssignment(id: string): Promise<AssignmentRow | undefined> {
    return this.db.selectFrom('role_assignments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The assignments that apply to a user: to the user itself or to any of its groups. */
  assignmentsForUser(userId: string, groups: readonly string[]): Promise<AssignmentRow[]> {
    return this.db
      .selectFrom('role_assignments')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('principal_type', '=', 'user'), eb('principal_id', '=', userId)]),
          ...(groups.length > 0 ? [eb.and([eb('principal_type', '=', 'group'), eb('principal_id', 'in', groups)])] : []),
        ]),
      )
      .execute();
  }

  async insertAssignment(row: AssignmentRow): Promise<void> {
    await this.db.insertInto('role_assignments').values(row).execute();
  }

  async deleteAssignment(id: string): Promise<void> {
    await this.db.deleteFrom('role_assignments').where('id', '=', id).execute();
  }

  /** Assignments that list a device group (to refuse deleting a group still in use). */
  async assignmentsUsingDeviceGroup(groupId: string): Promise<AssignmentRow[]> {
    const rows = await this.db.selectFrom('role_assignments').selectAll().where('device_group_ids', 'is not', null).execute();
    return rows.filter((r) => (JSON.parse(r.device_group_ids ?? '[]') as string[]).includes(groupId));
  }
}
