import type { Selectable } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { UsersTable } from '../state/schema.ts';

export type UserRow = Selectable<UsersTable>;

export class UsersRepository {
  constructor(private readonly db: StateDb) {}

  list(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('email').execute();
  }

  get(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async insert(row: Omit<UserRow, 'groups' | 'auth_source' | 'totp_enabled' | 'recovery_codes'> & Partial<Pick<UserRow, 'groups' | 'auth_source'>>): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  async update(id: string, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  /** Deletes a user with its sessions, preferences and assignments. */
  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('role_assignments').where('principal_type', '=', 'user').where('principal_id', '=', id).execute();
      await tx.deleteFrom('users').where('id', '=', id).execute();
    });
  }

  async deleteSessions(id: string): Promise<number> {
    return Number((await this.db.deleteFrom('sessions').where('user_id', '=', id).executeTakeFirst()).numDeletedRows);
  }

  async preferences(userId: string): Promise<string | undefined> {
    return (await this.db.selectFrom('user_preferences').select('value').where('user_id', '=', userId).executeTakeFirst())?.value;
  }

  async putPreferences(userId: string, value: string, at: string): Promise<void> {
    await this.db
      .insertInto('user_preferences')
      .values({ user_id: userId, value, updated_at: at })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ value, updated_at: at }))
      .execute();
  }
}
