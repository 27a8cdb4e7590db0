import type { AppContext } from '../context.ts';
import { authFor } from './auth-context.ts';

/** OpenID Connect settings: from the PALISADE_OIDC_* environment, or the 'auth.oidc' setting (which wins). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** Name of the ID token / userinfo claim listing the person's groups. */
  groupsClaim: string;
  /** Group name -> role id (built-in or custom). Members of mapped groups get those roles. */
  roleMap: Record<string, string>;
  /** Shown on the sign-in button. */
  displayName: string;
  /** The public base URL of Palisade (for the redirect URI); defaults to the request's own origin. */
  publicUrl: string | undefined;
  /** Allow an http:// issuer (loopback tests, lab setups). */
  allowInsecure: boolean;
}

export const oidcSettingKey = 'auth.oidc';

/** Parses 'groupA=role-id,groupB=other-role' or a JSON object into a role map, naming what is wrong. */
export function parseRoleMap(text: string, where: string): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) {
    const v: unknown = JSON.parse(trimmed);
    if (typeof v !== 'object' || v === null || Object.values(v).some((x) => typeof x !== 'string')) throw new Error(`${where} must map group names to role ids`);
    return v as Record<string, string>;
  }
  const out: Record<string, string> = {};
  for (const pair of trimmed.split(',')) {
    const i = pair.lastIndexOf('=');
    if (i <= 0 || i === pair.length - 1) throw new Error(`${where}: '${pair}' is not group=role-id`);
    out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return out;
}

export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const issuer = env.PALISADE_OIDC_ISSUER;
  if (!issuer) return undefined;
  const clientId = env.PALISADE_OIDC_CLIENT_ID;
  if (!clientId) throw new Error('PALISADE_OIDC_ISSUER is set but PALISADE_OIDC_CLIENT_ID is not');
  return {
    issuer,
    clientId,
    clientSecret: env.PALISADE_OIDC_CLIENT_SECRET ?? '',
    scopes: env.PALISADE_OIDC_SCOPES ?? 'openid email profile',
    groupsClaim: env.PALISADE_OIDC_GROUPS_CLAIM ?? 'groups',
    roleMap: parseRoleMap(env.PALISADE_OIDC_ROLE_MAP ?? '', 'PALISADE_OIDC_ROLE_MAP'),
    displayName: env.PALISADE_OIDC_DISPLAY_NAME ?? 'Single sign-on',
    publicUrl: env.PALISADE_PUBLIC_URL,
    allowInsecure: env.PALISADE_OIDC_ALLOW_HTTP === '1' || env.PALISADE_OIDC_ALLOW_HTTP === 'true',
  };
}

/** The OIDC settings in effect, or undefined when single sign-on is not configured. */
export async function oidcSettings(ctx: AppContext): Promise<OidcSettings | undefined> {
  const { auth, env } = authFor(ctx);
  const stored = await auth.repo.getSetting(oidcSettingKey);
  if (stored !== undefined) {
    const s = JSON.parse(stored) as OidcSettings | { enabled: false };
    return 'enabled' in s ? undefined : s;
  }
  return oidcSettingsFromEnv(env);
}
