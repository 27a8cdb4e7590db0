import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { effectiveAccess, parseJsonArray } from '../auth/access.ts';
import { normalizeEmail } from '../auth/auth.service.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpError, badRequest, conflict, notFound } from '../http/errors.ts';
import { RolesService } from '../roles/roles.service.ts';
import { UsersRepository } from './users.repository.ts';
import type { UserRow } from './users.repository.ts';

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  authSource: string;
  /** Roles given directly (all devices); scoped roles come from /api/role-assignments. */
  roles: string[];
  groups: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  mfaEnabled: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UserInput {
  email: string;
  displayName: string;
  password?: string;
  roles?: string[];
  groups?: string[];
}

export interface UserPatch {
  displayName?: string;
  roles?: string[];
  groups?: string[];
  disabled?: boolean;
}

/** Local accounts: create, change, disable (ending their sessions), reset password or second factor, delete. */
export class UsersService {
  private readonly repo: UsersRepository;
  private readonly audit: AuditRepository;
  private readonly roles: RolesService;
  constructor(private readonly ctx: AppContext) {
    this.repo = new UsersRepository(ctx.state);
    this.audit = new AuditRepository(ctx.state);
    this.roles = new RolesService(ctx);
  }

  view(u: UserRow): UserView {
    return {
      id: u.id,
      email: u.email,
      displayName: u.display_name,
      authSource: u.auth_source,
      roles: parseJsonArray(u.roles),
      groups: parseJsonArray(u.groups),
      disabled: u.disabled === 1,
      mustChangePassword: u.must_change_password === 1,
      mfaEnabled: u.totp_enabled === 1,
      lastSignInAt: u.last_sign_in_at,
      createdAt: u.created_at,
      updatedAt: u.updated_at,
    };
  }

  async list(): Promise<UserView[]> {
    return (await this.repo.list()).map((u) => this.view(u));
  }

  async row(id: string): Promise<UserRow> {
    const u = await this.repo.get(id);
    if (!u) throw notFound(`User ${id}`);
    return u;
  }

  async get(id: string): Promise<UserView> {
    return this.view(await this.row(id));
  }

  private checkGroups(groups: string[] | undefined): string[] | undefined {
    if (groups === undefined) return undefined;
    for (const [i, g] of groups.entries()) if (g.trim() === '' || g.length > 256) throw badRequest(`groups[${i}]: a group name must be 1 to 256 characters.`);
    return [...new Set(groups.map((g) => g.trim()))];
  }

  /** Creates a local account. Without a password a one-time password is generated, returned once, and must be changed. */
  async create(input: UserInput, actor: Principal): Promise<{ user: UserView; oneTimePassword?: string }> {
    const email = normalizeEmail(input.email);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) && !/^[^@\s]+@[^@\s]+$/.test(email)) throw badRequest(`email: not an email address: '${input.email}'.`);
    if (await this.repo.byEmail(email)) throw conflict(`A user with email ${email} already exists.`);
    const displayName = input.displayName.trim();
    if (displayName === '' || displayName.length > 200) throw badRequest('displayName: 1 to 200 characters.');
    const roles = [...new Set(input.roles ?? [])];
    await this.roles.assertCanGrantRoles(actor, roles, 'roles');
    const groups = this.checkGroups(input.groups) ?? [];
    let password = input.password;
    let generated: string | undefined;
    if (password === undefined) {
      generated = randomBytes(15).toString('base64url');
      password = generated;
    } else {
      const problem = passwordProblem(password, { email });
      if (problem) throw new HttpError(400, 'weakPassword', `password: ${problem}`);
    }
    const at = this.ctx.now().toISOString();
    const id = randomUUID();
    await this.repo.insert({
      id,
      email,
      display_name: displayName,
      password_hash: await hashPassword(password),
      roles: JSON.stringify(roles),
      groups: JSON.stringify(groups),
      must_change_password: generated !== undefined ? 1 : 0,
      disabled: 0,
      oidc_subject: null,
      totp_secret: null,
      last_sign_in_at: null,
      password_changed_at: at,
      created_at: at,
      updated_at: at,
    });
    await this.audit.append({ at, actor: `${actor.kind}:${actor.name}`, action: 'user.create', target: email, details: { id, roles, groups } });
    return { user: await this.get(id), ...(generated !== undefined ? { oneTimePassword: generated } : {}) };
  }

  /** True when removing `userId`'s admin power (or the user) would leave no enabled Global Administrator. */
  private async isLastGlobalAdmin(userId: string): Promise<boolean> {
    const users = await this.repo.list();
    const admins: string[] = [];
    for (const u of users) {
      if (u.disabled) continue;
      const a = await effectiveAccess(this.ctx.state, u);
      if (a.roles.some((r) => r.id === 'global-administrator' && r.deviceGroupIds === undefined)) admins.push(u.id);
    }
    return admins.length === 1 && admins[0] === userId;
  }

  async update(id: string, patch: UserPatch, actor: Principal): Promise<UserView> {
    const u = await this.row(id);
    const before = this.view(u);
    if (patch.roles !== undefined) {
      const added = patch.roles.filter((r) => !before.roles.includes(r));
      const removed = before.roles.filter((r) => !patch.roles?.includes(r));
      await this.roles.assertCanGrantRoles(actor, [...added, ...removed], 'roles');
      if (removed.includes('global-administrator') && (await this.isLastGlobalAdmin(id))) throw conflict('This is the last Global Administrator; make someone else one first.');
    }
    if (patch.disabled === true) {
      if (actor.kind === 'user' && actor.id === id) throw conflict('You cannot disable your own account.');
      if (await this.isLastGlobalAdmin(id)) throw conflict('This is the last Global Administrator; it cannot be disabled.');
    }
    const displayName = patch.displayName?.trim();
    if (displayName !== undefined && (displayName === '' || displayName.length > 200)) throw badRequest('displayName: 1 to 200 characters.');
    const groups = this.checkGroups(patch.groups);
    const at = this.ctx.now().toISOString();
    await this.repo.update(id, {
      ...(displayName !== undefined ? { display_name: displayName } : {}),
      ...(patch.roles !== undefined ? { roles: JSON.stringify([...new Set(patch.roles)]) } : {}),
      ...(groups !== undefined ? { groups: JSON.stringify(groups) } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
      updated_at: at,
    });
    const ended = patch.disabled === true ? await this.repo.deleteSessions(id) : 0;
    const changes: Record<string, unknown> = {};
    if (patch.roles !== undefined) Object.assign(changes, { rolesBefore: before.roles, roles: patch.roles });
    if (groups !== undefined) Object.assign(changes, { groupsBefore: before.groups, groups });
    if (patch.disabled !== undefined) Object.assign(changes, { disabled: patch.disabled, sessionsEnded: ended });
    if (displayName !== undefined) Object.assign(changes, { displayName });
    await this.audit.append({ at, actor: `${actor.kind}:${actor.name}`, action: patch.roles !== undefined ? 'user.roles-change' : 'user.update', target: u.email, details: changes });
    return this.get(id);
  }

  async delete(id: string, actor: Principal): Promise<void> {
    const u = await this.row(id);
    if (actor.kind === 'user' && actor.id === id) throw conflict('You cannot delete your own account.');
    if (await this.isLastGlobalAdmin(id)) throw conflict('This is the last Global Administrator; it cannot be deleted.');
    await this.roles.assertCanGrantRoles(actor, parseJsonArray(u.roles), 'roles');
    await this.repo.delete(id);
    await this.audit.append({ at: this.ctx.now().toISOString(), actor: `${actor.kind}:${actor.name}`, action: 'user.delete', target: u.email, details: { id } });
  }

  /** A new one-time password (to be changed at next sign-in); every session of the user ends. */
  async resetPassword(id: string, actor: Principal): Promise<{ oneTimePassword: string }> {
    const u = await this.row(id);
    if (u.auth_source !== 'local') throw badRequest('This account signs in through single sign-on and has no password here.');
    await this.roles.assertCanGrantRoles(actor, parseJsonArray(u.roles), 'roles');
    const password = randomBytes(15).toString('base64url');
    const at = this.ctx.now().toISOString();
    await this.repo.update(id, { password_hash: await hashPassword(password), must_change_password: 1, password_changed_at: at, updated_at: at });
    const ended = await this.repo.deleteSessions(id);
    await this.ctx.state.deleteFrom('sign_in_throttle').where('key', '=', u.email).execute();
    await this.audit.append({ at, actor: `${actor.kind}:${actor.name}`, action: 'user.password-reset', target: u.email, details: { sessionsEnded: ended } });
    return { oneTimePassword: password };
  }

  async resetMfa(id: string, actor: Principal): Promise<void> {
    const u = await this.row(id);
    const at = this.ctx.now().toISOString();
    await this.repo.update(id, { totp_enabled: 0, totp_secret: null, recovery_codes: '[]', updated_at: at });
    const ended = await this.repo.deleteSessions(id);
    await this.audit.append({ at, actor: `${actor.kind}:${actor.name}`, action: 'user.mfa-reset', target: u.email, details: { sessionsEnded: ended } });
  }

  async signOut(id: string, actor: Principal): Promise<number> {
    const u = await this.row(id);
    const ended = await this.repo.deleteSessions(id);
    await this.audit.append({ at: this.ctx.now().toISOString(), actor: `${actor.kind}:${actor.name}`, action: 'user.sign-out', target: u.email, details: { sessionsEnded: ended } });
    return ended;
  }

  async preferences(userId: string): Promise<unknown> {
    const v = await this.repo.preferences(userId);
    return v === undefined ? {} : (JSON.parse(v) as unknown);
  }

  async putPreferences(userId: string, value: unknown): Promise<unknown> {
    const text = JSON.stringify(value);
    if (text.length > 32_768) throw badRequest('Preferences are limited to 32 KB.');
    await this.repo.putPreferences(userId, text, this.ctx.now().toISOString());
    return value;
  }
}
