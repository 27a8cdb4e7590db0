import { randomUUID } from 'node:crypto';
import { authenticator } from 'otplib';
import type { StateDb } from '../state/database.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { HttpError, badRequest, unauthorized } from '../http/errors.ts';
import { effectiveAccess, parseJsonArray } from './access.ts';
import type { EffectiveAccess } from './access.ts';
import { AuthRepository } from './auth.repository.ts';
import type { SessionRow, UserRow } from './auth.repository.ts';
import type { AuthConfig } from './config.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import type { AccessScope, Principal } from './principal.ts';
import { randomSecret, safeEqual, sha256 } from './secrets.ts';

export type MfaRequirement = 'off' | 'privileged' | 'everyone';
const mfaSettingKey = 'auth.mfa.require';

/** Where a request came from, for the audit log and the session list. */
export interface ClientMeta {
  ip: string;
  userAgent: string | undefined;
  /** The session cookie the request carried, if any: ended at sign-in (the id is rotated). */
  previousSessionId: string | undefined;
}

export interface NewSession {
  id: string;
  csrfToken: string;
  expiresAt: string;
}

export type SignInResult = { status: 'signedIn'; session: NewSession; user: UserRow } | { status: 'mfaRequired'; mfaToken: string; expiresAt: string };

/** What GET /api/auth/me returns (documented in auth/README.md). */
export interface MeView {
  id: string;
  email: string;
  displayName: string;
  authSource: string;
  permissions: string[];
  roles: EffectiveAccess['roles'];
  scope: AccessScope;
  mustChangePassword: boolean;
  mfa: { enabled: boolean; required: boolean; recoveryCodesLeft: number };
  csrfToken: string | undefined;
}

/** A resolved session: the person, their access and the session row. */
export interface SessionContext {
  user: UserRow;
  session: SessionRow;
  access: EffectiveAccess;
  principal: Principal;
  /** The person must enrol a second factor before doing anything else. */
  mfaEnrollmentRequired: boolean;
}

const mfaChallengeMs = 5 * 60_000;
const mfaMaxAttempts = 5;

authenticator.options = { window: 1 };

/**
 * Sign-in, sessions, password changes and the second factor. Every answer to a failed sign-in is the same
 * and takes as long (argon2 runs against a dummy hash for unknown emails), so neither text nor timing tells
 * whether an email has an account.
 */
export class AuthService {
  readonly repo: AuthRepository;
  private readonly audit: AuditRepository;
  private readonly ipAttempts = new Map<string, number[]>();
  private readonly usedTotp = new Map<string, number>();

  constructor(
    readonly db: StateDb,
    readonly config: AuthConfig,
    private readonly now: () => Date,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.repo = new AuthRepository(db);
    this.audit = new AuditRepository(db);
  }

  private iso(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  /** Per-address rate limit on sign-in attempts (in memory: it resets with the process, the lockout does not). */
  private checkIpRate(ip: string): void {
    const now = this.now().getTime();
    const recent = (this.ipAttempts.get(ip) ?? []).filter((t) => now - t < this.config.ipWindowMs);
    if (recent.length >= this.config.ipMaxAttempts) {
      const retry = Math.ceil(((recent[0] ?? now) + this.config.ipWindowMs - now) / 1000);
      this.ipAttempts.set(ip, recent);
      throw new HttpError(429, 'rateLimited', `Too many sign-in attempts from your network address. Try again in ${minutes(retry)}.`, { retryAfterSeconds: retry });
    }
    recent.push(now);
    this.ipAttempts.set(ip, recent);
    if (this.ipAttempts.size > 10_000) this.ipAttempts.clear(); // bounded memory under a spray from many addresses
  }

  private async checkLock(key: string): Promise<void> {
    const t = await this.repo.throttle(key);
    const now = this.iso();
    if (t?.locked_until != null && t.locked_until > now) {
      const retry = Math.ceil((Date.parse(t.locked_until) - this.now().getTime()) / 1000);
      throw new HttpError(423, 'accountLocked', `Too many failed sign-in attempts for this account. It is locked for ${minutes(retry)}; an administrator can unlock it sooner.`, {
        retryAfterSeconds: retry,
      });
    }
  }

  private async recordFailure(key: string): Promise<void> {
    const t = await this.repo.throttle(key);
    const now = this.now().getTime();
    const fresh = !t || now - Date.parse(t.first_failure_at) > this.config.lockoutWindowMs || (t.locked_until !== null && t.locked_until <= this.iso());
    const failures = fresh ? 1 : t.failures + 1;
    const first = fresh ? this.iso() : t.first_failure_at;
    const locked = failures >= this.config.maxFailures ? this.iso(this.config.lockoutMs) : null;
    await this.repo.setThrottle(key, failures, first, locked);
    if (locked) await this.audit.append({ at: this.iso(), actor: 'system', action: 'auth.lockout', target: key, details: { failures, lockedUntil: locked } });
  }

  async unlock(email: string, actor: string): Promise<void> {
    await this.repo.clearThrottle(normalizeEmail(email));
    await this.audit.append({ at: this.iso(), actor, action: 'auth.unlock', target: normalizeEmail(email) });
  }

  async signIn(emailInput: string, password: string, meta: ClientMeta): Promise<SignInResult> {
    this.checkIpRate(meta.ip);
    const email = normalizeEmail(emailInput);
    await this.checkLock(email);
    const user = await this.repo.userByEmail(email);
    const ok = await verifyPassword(user?.password_hash, password);
    if (!user || !ok || user.disabled) {
      await this.recordFailure(email);
      await this.audit.append({
        at: this.iso(),
        actor: 'anonymous',
        action: 'auth.sign-in.failed',
        target: email,
        details: { ip: meta.ip, reason: !user ? 'unknown-email' : !ok ? 'bad-password' : 'disabled' },
      });
      throw new HttpError(401, 'invalidCredentials', 'The email or password is incorrect.');
    }
    if (user.totp_enabled) {
      // The failure count is cleared only once the second step succeeds too.
      const mfaToken = randomSecret();
      const expiresAt = this.iso(mfaChallengeMs);
      await this.repo.insertChallenge({ id_hash: sha256(mfaToken), kind: 'mfa', user_id: user.id, data: JSON.stringify({ ip: meta.ip }), expires_at: expiresAt });
      await this.audit.append({ at: this.iso(), actor: `user:${user.email}`, action: 'auth.sign-in.password-ok', target: user.email, details: { ip: meta.ip, next: 'totp' } });
      return { status: 'mfaRequired', mfaToken, expiresAt };
    }
    await this.repo.clearThrottle(email);
    const session = await this.startSession(user, 'password', meta);
    return { status: 'signedIn', session, user };
  }

  /** The second step: a TOTP code or a recovery code for the mfaToken the first step returned. */
  async completeMfa(mfaToken: string, code: string, meta: ClientMeta): Promise<{ session: NewSession; user: UserRow }> {
    this.checkIpRate(meta.ip);
    const idHash = sha256(mfaToken);
    const ch = await this.repo.challenge(idHash, 'mfa');
    const fail = unauthorized('The sign-in code is not valid or has expired. Sign in again.');
    if (!ch || ch.expires_at <= this.iso() || ch.user_id === null) throw fail;
    const user = await this.repo.userById(ch.user_id);
    if (!user || user.disabled || !user.totp_enabled) throw fail;
    await this.checkLock(user.email);
    const method = await this.checkSecondFactor(user, code);
    if (!method) {
      // Wrong codes count towards the account lockout too, so restarting the password step does not buy more guesses.
      await this.recordFailure(user.email);
      await this.repo.bumpChallenge(idHash);
      if (ch.attempts + 1 >= mfaMaxAttempts) await this.repo.deleteChallenge(idHash);
      await this.audit.append({ at: this.iso(), actor: `user:${user.email}`, action: 'auth.sign-in.failed', target: user.email, details: { ip: meta.ip, reason: 'bad-second-factor' } });
      throw new HttpError(401, 'invalidCode', ch.attempts + 1 >= mfaMaxAttempts ? 'Too many wrong codes. Sign in again.' : 'The code is incorrect. Try the current code from your authenticator app, or a recovery code.');
    }
    await this.repo.deleteChallenge(idHash);
    await this.repo.clearThrottle(user.email);
    return { session: await this.startSession(user, method === 'recovery' ? 'password+recovery-code' : 'password+totp', meta), user };
  }

  /** Checks a TOTP code (once per code: a replayed code fails) or consumes a recovery code. */
  private async checkSecondFactor(user: UserRow, code: string): Promise<'totp' | 'recovery' | undefined> {
    const clean = code.replace(/[\s-]/g, '');
    if (/^\d{6}$/.test(clean) && user.totp_secret) {
      const key = `${user.id}:${clean}`;
      const used = this.usedTotp.get(key);
      const now = this.now().getTime();
      for (const [k, t] of this.usedTotp) if (now - t > 120_000) this.usedTotp.delete(k);
      if (used === undefined && authenticator.check(clean, user.totp_secret)) {
        this.usedTotp.set(key, now);
        return 'totp';
      }
      return undefined;
    }
    const hashes = parseJsonArray(user.recovery_codes);
    const h = sha256(clean.toLowerCase());
    if (hashes.some((x) => safeEqual(x, h))) {
      await this.repo.updateUser(user.id, { recovery_codes: JSON.stringify(hashes.filter((x) => x !== h)), updated_at: this.iso() });
      await this.audit.append({ at: this.iso(), actor: `user:${user.email}`, action: 'auth.recovery-code.used', target: user.email, details: { left: hashes.length - 1 } });
      return 'recovery';
    }
    return undefined;
  }

  /** Creates a session with a fresh random id (ending the one the request carried: the id rotates). */
  async startSession(user: UserRow, method: string, meta: ClientMeta): Promise<NewSession> {
    if (meta.previousSessionId) await this.repo.deleteSession(sha256(meta.previousSessionId));
    await this.repo.purgeExpired(this.iso(), this.iso(-this.config.lockoutWindowMs));
    const id = randomSecret();
    const csrfToken = randomSecret();
    const at = this.iso();
    const expiresAt = this.iso(this.config.sessionAbsoluteMs);
    await this.repo.insertSession({
      id_hash: sha256(id),
      user_id: user.id,
      csrf_token: csrfToken,
      auth_method: method,
      created_at: at,
      last_seen_at: at,
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await this.repo.updateUser(user.id, { last_sign_in_at: at });
    await this.audit.append({ at, actor: `user:${user.email}`, action: 'auth.sign-in', target: user.email, details: { ip: meta.ip, method } });
    return { id, csrfToken, expiresAt };
  }

  /** The session of a cookie value, or undefined when it is unknown, idle too long, too old, or its user is disabled. */
  async resolveSession(sessionId: string): Promise<SessionContext | undefined> {
    const idHash = sha256(sessionId);
    const session = await this.repo.session(idHash);
    if (!session) return undefined;
    const now = this.now().getTime();
    if (Date.parse(session.expires_at) <= now || Date.parse(session.last_seen_at) + this.config.sessionIdleMs <= now) {
      await this.repo.deleteSession(idHash);
      return undefined;
    }
    const user = await this.repo.userById(session.user_id);
    if (!user || user.disabled) {
      await this.repo.deleteSession(idHash);
      return undefined;
    }
    // Idle time at minute precision: at most one write a minute per session.
    if (now - Date.parse(session.last_seen_at) > 60_000) await this.repo.touchSession(idHash, this.iso());
    const access = await effectiveAccess(this.db, user);
    const requirement = await this.mfaRequirement();
    const mfaEnrollmentRequired =
      user.auth_source === 'local' && !user.totp_enabled && (requirement === 'everyone' || (requirement === 'privileged' && access.privileged));
    const principal: Principal = {
      kind: 'user',
      id: user.id,
      name: user.email,
      permissions: access.permissions,
      scope: access.scope,
      permissionScopes: access.permissionScopes,
      session: { idHash, csrfToken: session.csrf_token, mustChangePassword: user.must_change_password === 1 },
    };
    return { user, session, access, principal, mfaEnrollmentRequired };
  }

  async signOut(sessionId: string): Promise<void> {
    const ctx = await this.repo.session(sha256(sessionId));
    await this.repo.deleteSession(sha256(sessionId));
    if (ctx) {
      const user = await this.repo.userById(ctx.user_id);
      await this.audit.append({ at: this.iso(), actor: `user:${user?.email ?? ctx.user_id}`, action: 'auth.sign-out', target: user?.email ?? ctx.user_id });
    }
  }

  async signOutEverywhere(user: UserRow, actor: string): Promise<number> {
    const n = await this.repo.deleteUserSessions(user.id);
    await this.audit.append({ at: this.iso(), actor, action: 'auth.sign-out-everywhere', target: user.email, details: { sessions: n } });
    return n;
  }

  /**
   * Changes a person's own password: the current one must be right, the new one must pass the policy. Every
   * other session of the person ends; the current one stays.
   */
  async changePassword(user: UserRow, current: string, next: string, keepSessionIdHash: string | undefined): Promise<void> {
    if (user.password_hash === null) throw badRequest('This account signs in through single sign-on and has no password here.');
    if (!(await verifyPassword(user.password_hash, current))) {
      await this.audit.append({ at: this.iso(), actor: `user:${user.email}`, action: 'auth.password-change.failed', target: user.email });
      throw new HttpError(403, 'invalidCredentials', 'The current password is incorrect.');
    }
    const problem = passwordProblem(next, { email: user.email });
    if (problem) throw new HttpError(400, 'weakPassword', problem);
    if (await verifyPassword(user.password_hash, next)) throw new HttpError(400, 'weakPassword', 'The new password must differ from the current one.');
    const at = this.iso();
    await this.repo.updateUser(user.id, { password_hash: await hashPassword(next), must_change_password: 0, password_changed_at: at, updated_at: at });
    const ended = await this.repo.deleteUserSessions(user.id, keepSessionIdHash);
    await this.audit.append({ at, actor: `user:${user.email}`, action: 'auth.password-change', target: user.email, details: { otherSessionsEnded: ended } });
  }

  async mfaRequirement(): Promise<MfaRequirement> {
    const v = (await this.repo.getSetting(mfaSettingKey)) ?? this.env.PALISADE_MFA_REQUIRE ?? 'off';
    return v === 'everyone' || v === 'privileged' ? v : 'off';
  }

  async setMfaRequirement(value: MfaRequirement, actor: string): Promise<void> {
    await this.repo.putSetting(mfaSettingKey, value, this.iso());
    await this.audit.append({ at: this.iso(), actor, action: 'settings.mfa-requirement', target: mfaSettingKey, details: { value } });
  }

  /** Starts TOTP enrolment: a new secret (not active until a code from it is confirmed). */
  async enrollTotp(user: UserRow): Promise<{ secret: string; otpauthUrl: string }> {
    if (user.auth_source !== 'local') throw badRequest('Accounts that sign in through single sign-on use the identity provider’s second factor.');
    if (user.totp_enabled) throw new HttpError(409, 'conflict', 'A second factor is already active. Turn it off first to enrol a new one.');
    const secret = authenticator.generateSecret(20);
    await this.repo.updateUser(user.id, { totp_secret: secret, updated_at: this.iso() });
    return { secret, otpauthUrl: authenticator.keyuri(user.email, 'Palisade', secret) };
  }

  /** Confirms enrolment with a current code; returns ten single-use recovery codes, shown once. */
  async activateTotp(user: UserRow, code: string): Promise<string[]> {
    if (user.totp_enabled) throw new HttpError(409, 'conflict', 'The second factor is already active.');
    if (!user.totp_secret) throw badRequest('Start enrolment first (POST /api/auth/mfa/enroll).');
    if (!authenticator.check(code.replace(/\s/g, ''), user.totp_secret)) throw new HttpError(400, 'invalidCode', 'The code is incorrect. Enter the current 6-digit code from your authenticator app.');
    const codes = Array.from({ length: 10 }, () => formatRecoveryCode(randomSecret(8)));
    await this.repo.updateUser(user.id, { totp_enabled: 1, recovery_codes: JSON.stringify(codes.map((c) => sha256(c.replace(/-/g, '').toLowerCase()))), updated_at: this.iso() });
    await this.audit.append({ at: this.iso(), actor: `user:${user.email}`, action: 'auth.mfa.enabled', target: user.email });
    return codes;
  }

  /** Turns the second factor off (the person proves it with a current code or their password). */
  async disableTotp(user: UserRow, actor: string): Promise<void> {
    await this.repo.updateUser(user.id, { totp_enabled: 0, totp_secret: null, recovery_codes: '[]', updated_at: this.iso() });
    await this.audit.append({ at: this.iso(), actor, action: 'auth.mfa.disabled', target: user.email });
  }

  async verifyOwnPassword(user: UserRow, password: string): Promise<boolean> {
    return verifyPassword(user.password_hash, password);
  }

  async me(ctx: SessionContext): Promise<MeView> {
    return {
      id: ctx.user.id,
      email: ctx.user.email,
      displayName: ctx.user.display_name,
      authSource: ctx.user.auth_source,
      permissions: [...ctx.access.permissions].sort(),
      roles: ctx.access.roles,
      scope: ctx.access.scope,
      mustChangePassword: ctx.user.must_change_password === 1,
      mfa: { enabled: ctx.user.totp_enabled === 1, required: ctx.mfaEnrollmentRequired || ctx.user.totp_enabled === 1, recoveryCodesLeft: parseJsonArray(ctx.user.recovery_codes).length },
      csrfToken: ctx.session.csrf_token,
    };
  }

  newUserId(): string {
    return randomUUID();
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function formatRecoveryCode(raw: string): string {
  const s = raw.replace(/[^a-zA-Z0-9]/g, 'x').toLowerCase().slice(0, 10).padEnd(10, 'x');
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

function minutes(seconds: number): string {
  const m = Math.max(1, Math.ceil(seconds / 60));
  return m === 1 ? '1 minute' : `${m} minutes`;
}
