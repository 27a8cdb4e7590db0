/** Sign-in and session settings, from the environment (documented in README.md's configuration table). */
export interface AuthConfig {
  /** A session unused this long ends. */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, used or not. */
  sessionAbsoluteMs: number;
  /** 'auto': Secure cookies when the request came over TLS (or x-forwarded-proto says https). */
  cookieSecure: 'auto' | 'always' | 'never';
  /** Failed sign-ins for one email within lockoutWindowMs before it is locked for lockoutMs. */
  maxFailures: number;
  lockoutWindowMs: number;
  lockoutMs: number;
  /** Sign-in attempts allowed per client address per ipWindowMs. */
  ipMaxAttempts: number;
  ipWindowMs: number;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy), for rate limits and the audit log. */
  trustForwardedFor: boolean;
}

export const defaultAuthConfig: AuthConfig = {
  sessionIdleMs: 4 * 3600_000,
  sessionAbsoluteMs: 12 * 3600_000,
  cookieSecure: 'auto',
  maxFailures: 5,
  lockoutWindowMs: 15 * 60_000,
  lockoutMs: 15 * 60_000,
  ipMaxAttempts: 30,
  ipWindowMs: 5 * 60_000,
  trustForwardedFor: false,
};

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, scale: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) === 0) throw new Error(`${name} must be a whole number above 0, got '${raw}'`);
  return Number(raw) * scale;
}

export function authConfigFromEnv(env: NodeJS.ProcessEnv): AuthConfig {
  const secure = env.PALISADE_COOKIE_SECURE ?? 'auto';
  if (secure !== 'auto' && secure !== 'always' && secure !== 'never') {
    throw new Error(`PALISADE_COOKIE_SECURE must be auto, always or never, got '${secure}'`);
  }
  return {
    sessionIdleMs: positive(env, 'PALISADE_SESSION_IDLE_MINUTES', defaultAuthConfig.sessionIdleMs, 60_000),
    sessionAbsoluteMs: positive(env, 'PALISADE_SESSION_MAX_HOURS', defaultAuthConfig.sessionAbsoluteMs, 3600_000),
    cookieSecure: secure,
    maxFailures: positive(env, 'PALISADE_SIGNIN_MAX_FAILURES', defaultAuthConfig.maxFailures, 1),
    lockoutWindowMs: defaultAuthConfig.lockoutWindowMs,
    lockoutMs: positive(env, 'PALISADE_SIGNIN_LOCKOUT_MINUTES', defaultAuthConfig.lockoutMs, 60_000),
    ipMaxAttempts: positive(env, 'PALISADE_SIGNIN_MAX_PER_IP', defaultAuthConfig.ipMaxAttempts, 1),
    ipWindowMs: defaultAuthConfig.ipWindowMs,
    trustForwardedFor: env.PALISADE_TRUST_PROXY === '1' || env.PALISADE_TRUST_PROXY === 'true',
  };
}
