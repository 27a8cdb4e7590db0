import { randomBytes, randomUUID } from 'node:crypto';
import { hashPassword } from './password.ts';
import type { StateDb } from '../state/database.ts';

export interface BootstrapResult {
  email: string;
  /** Set only when the password was generated: the caller prints it once. */
  generatedPassword?: string;
}

/**
 * On a store with no users, creates the first Global Administrator. PALISADE_ADMIN_EMAIL and
 * PALISADE_ADMIN_PASSWORD choose the account; without a password one is generated, returned once (to be
 * printed once) and must be changed at first sign-in. Does nothing when any user exists.
 */
export async function bootstrapFirstAdmin(db: StateDb, env: NodeJS.ProcessEnv, now: Date): Promise<BootstrapResult | undefined> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return undefined;
  const email = (env.PALISADE_ADMIN_EMAIL ?? 'admin@palisade.local').trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error(`PALISADE_ADMIN_EMAIL is not an email address: '${email}'`);
  const given = env.PALISADE_ADMIN_PASSWORD;
  if (given !== undefined && given.length < 12) throw new Error('PALISADE_ADMIN_PASSWORD must be at least 12 characters');
  const password = given ?? randomBytes(15).toString('base64url');
  const at = now.toISOString();
  await db
    .insertInto('users')
    .values({
      id: randomUUID(),
      email,
      display_name: 'Administrator',
      password_hash: await hashPassword(password),
      roles: JSON.stringify(['global-administrator']),
      must_change_password: given === undefined ? 1 : 0,
      disabled: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('audit_log')
    .values({ at, actor: 'system', action: 'user.bootstrap', target: email, details: JSON.stringify({ role: 'global-administrator', passwordGenerated: given === undefined }) })
    .execute();
  return given === undefined ? { email, generatedPassword: password } : { email };
}
