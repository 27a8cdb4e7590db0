import type { Selectable } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { AuthChallengesTable, SessionsTable, UsersTable } from '../state/schema.ts';

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ChallengeRow = Selectable<AuthChallengesTable>;

/** The SQL of sign-in: users by email, sessions, the failure throttle and short-lived challenges. */
export class AuthRepository {
  constructor(private readonly db: StateDb) {}

  userByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  userById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  userByOidcSubject(subject: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('oidc_subject', '=', subject).executeTakeFirst();
  }

  async updateUser(id: string, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  async insertSession(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  session(idHash: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  }

  async touchSession(idHash: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  /** Ends every session of a user; returns how many there were. */
  async deleteUserSessions(userId: string, exceptIdHash?: string): Promise<number> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptIdHash !== undefined) q = q.where('id_hash', '!=', exceptIdHash);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  userSessions(userId: string): Promise<SessionRow[]> {
    return this.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  }

  /** Drops ended sessions and challenges, and failure counters older than `staleBeforeIso` that lock nothing. */
  async purgeExpired(nowIso: string, staleBeforeIso: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', nowIso).execute();
    await this.db.deleteFrom('auth_challenges').where('expires_at', '<=', nowIso).execute();
    await this.db
      .deleteFrom('sign_in_throttle')
      .where('first_failure_at', '<', staleBeforeIso)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
      .execute();
  }

  throttle(key: string): Promise<{ failures: number; first_failure_at: string; locked_until: string | null } | undefined> {
    return this.db.selectFrom('sign_in_throttle').select(['failures', 'first_failure_at', 'locked_until']).where('key', '=', key).executeTakeFirst();
  }

  async setThrottle(key: string, failures: number, firstFailureAt: string, lockedUntil: string | null): Promise<void> {
    await this.db
      .insertInto('sign_in_throttle')
      .values({ key, failures, first_failure_at: firstFailureAt, locked_until: lockedUntil })
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures, first_failure_at: firstFailureAt, locked_until: lockedUntil }))
      .execute();
  }

  async clearThrottle(key: string): Promise<void> {
    await this.db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
  }

  async insertChallenge(row: Omit<ChallengeRow, 'attempts'>): Promise<void> {
    await this.db.insertInto('auth_challenges').values(row).execute();
  }

  challenge(idHash: string, kind: string): Promise<ChallengeRow | undefined> {
    return this.db.selectFrom('auth_challenges').selectAll().where('id_hash', '=', idHash).where('kind', '=', kind).executeTakeFirst();
  }

  async bumpChallenge(idHash: string): Promise<void> {
    await this.db.updateTable('auth_challenges').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id_hash', '=', idHash).execute();
  }

  async deleteChallenge(idHash: string): Promise<void> {
    await this.db.deleteFrom('auth_challenges').where('id_hash', '=', idHash).execute();
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }

  async putSetting(key: string, value: string, at: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
      .execute();
  }
}
