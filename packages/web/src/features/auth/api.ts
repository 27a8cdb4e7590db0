import { ApiError, api, currentCsrfToken, setCsrfToken } from '../../api/client.ts';

/** The session API (packages/server/src/auth/README.md, auth.routes.ts). */

export interface Me {
  kind: 'user';
  id: string;
  email: string;
  displayName: string;
  authSource: string;
  roles: { id: string; name: string; deviceGroupIds?: string[] }[];
  permissions: string[];
  mustChangePassword: boolean;
  mfa: { enabled: boolean; required: boolean; recoveryCodesLeft: number };
  csrfToken?: string;
}

export interface AuthProviders {
  password: boolean;
  /** SSO is offered when the server has an OpenID Connect provider configured. */
  oidc: { enabled: true; displayName: string; startUrl: string } | { enabled: false };
}

export type SignInResult = { status: 'signedIn'; user: Me } | { status: 'mfaRequired'; mfaToken: string; expiresAt: string };

/** The signed-in person, or null when nobody is (a 401). */
export async function fetchMe(): Promise<Me | null> {
  // The palisade_csrf cookie lives exactly as long as a session can: without it nobody is signed in, and
  // the portal does not ask (an anonymous probe would answer 401).
  if (currentCsrfToken() === undefined) return null;
  try {
    const me = await api.get<Me>('/api/auth/me', { redirectOnUnauthorized: false });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export const fetchProviders = (): Promise<AuthProviders> => api.get<AuthProviders>('/api/auth/providers', { redirectOnUnauthorized: false });

export const signIn = (email: string, password: string): Promise<SignInResult> =>
  api.post<SignInResult>('/api/auth/sign-in', { email, password }, { redirectOnUnauthorized: false });

export const signInSecondFactor = (mfaToken: string, code: string): Promise<SignInResult> =>
  api.post<SignInResult>('/api/auth/sign-in/mfa', { mfaToken, code }, { redirectOnUnauthorized: false });

export const changePassword = (currentPassword: string, newPassword: string): Promise<void> =>
  api.post<void>('/api/auth/change-password', { currentPassword, newPassword });

export const signOut = (): Promise<void> => api.post<void>('/api/auth/sign-out', undefined, { redirectOnUnauthorized: false });
export const signOutEverywhere = (): Promise<{ sessionsEnded: number }> =>
  api.post<{ sessionsEnded: number }>('/api/auth/sign-out-everywhere', undefined, { redirectOnUnauthorized: false });

export const enrollTotp = (): Promise<{ secret: string; otpauthUrl: string }> => api.post<{ secret: string; otpauthUrl: string }>('/api/auth/mfa/enroll');
export const activateTotp = (code: string): Promise<{ recoveryCodes: string[] }> => api.post<{ recoveryCodes: string[] }>('/api/auth/mfa/activate', { code });
export const disableTotp = (password: string): Promise<void> => api.post<void>('/api/auth/mfa/disable', { password });

/** Where the browser goes to start single sign-on (a full page navigation, not a fetch). */
export const oidcStartUrl = (startUrl: string, next: string): string => `${startUrl}?next=${encodeURIComponent(next)}`;
