import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig } from './config.ts';

/** Cookie names. Over TLS the __Host- prefix pins them to this host, path / and Secure. */
export const cookieNames = {
  session: { secure: '__Host-palisade_session', plain: 'palisade_session' },
  csrf: { secure: '__Host-palisade_csrf', plain: 'palisade_csrf' },
} as const;

/** The header that carries the CSRF token on state-changing requests made with a session cookie. */
export const csrfHeader = 'x-csrf-token';

export function isSecureRequest(request: FastifyRequest, config: AuthConfig): boolean {
  if (config.cookieSecure !== 'auto') return config.cookieSecure === 'always';
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return request.protocol === 'https' || proto === 'https';
}

/** Parses a Cookie header (first value of a name wins, as browsers send the most specific first). */
export function readCookies(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (name in out) continue;
    let value = part.slice(i + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    out[name] = value;
  }
  return out;
}

interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  maxAge: number;
}

/** Set-Cookie for our own values (random base64url, so no encoding is needed): Path=/, SameSite=Lax. */
function serialize(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/', `Max-Age=${o.maxAge}`, 'SameSite=Lax'];
  if (o.maxAge === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The session id the request carries (either cookie name), if any. */
export function sessionIdFrom(request: FastifyRequest): string | undefined {
  const c = readCookies(request);
  return c[cookieNames.session.secure] ?? c[cookieNames.session.plain];
}

export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, config: AuthConfig, session: { id: string; csrfToken: string }): void {
  const secure = isSecureRequest(request, config);
  const maxAge = Math.floor(config.sessionAbsoluteMs / 1000);
  const base = { secure, maxAge };
  reply.header('set-cookie', [
    serialize(secure ? cookieNames.session.secure : cookieNames.session.plain, session.id, { ...base, httpOnly: true }),
    // Readable by the web app, which echoes it in the x-csrf-token header.
    serialize(secure ? cookieNames.csrf.secure : cookieNames.csrf.plain, session.csrfToken, { ...base, httpOnly: false }),
  ]);
  reply.header('cache-control', 'no-store');
}

export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply, config: AuthConfig): void {
  const secure = isSecureRequest(request, config);
  const base = { secure, maxAge: 0 };
  reply.header('set-cookie', [
    serialize(secure ? cookieNames.session.secure : cookieNames.session.plain, '', { ...base, httpOnly: true }),
    serialize(secure ? cookieNames.csrf.secure : cookieNames.csrf.plain, '', { ...base, httpOnly: false }),
  ]);
}

/** The client address: the socket's, or the first X-Forwarded-For hop when the proxy is trusted. */
export function clientIp(request: FastifyRequest, config: AuthConfig): string {
  if (config.trustForwardedFor) {
    const xff = request.headers['x-forwarded-for'];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return request.ip;
}
