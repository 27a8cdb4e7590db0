import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { authFor } from './auth-context.ts';
import type { SessionContext } from './auth.service.ts';
import { clientIp, csrfHeader, sessionIdFrom } from './cookies.ts';
import type { Principal, PrincipalResolver } from './principal.ts';
import { safeEqual } from './secrets.ts';

const sessionContexts = new WeakMap<FastifyRequest, SessionContext>();

/** The session behind a request's principal (set by the resolver), for routes about the signed-in person. */
export function sessionOf(request: FastifyRequest): SessionContext | undefined {
  return sessionContexts.get(request);
}

/**
 * Routes a person may use while they must first change their password or enrol a second factor: seeing
 * who they are, doing that, and signing out.
 */
export const routesAllowedBeforeSetup: ReadonlySet<string> = new Set([
  '/api/auth/me',
  '/api/auth/sign-out',
  '/api/auth/sign-out-everywhere',
  '/api/auth/change-password',
  '/api/auth/mfa/enroll',
  '/api/auth/mfa/activate',
]);

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The default principal resolver: `Authorization: Bearer pal_...` (an API token) or the session cookie.
 * For sessions it also enforces CSRF (the x-csrf-token header must match the session's token on every
 * state-changing request), a pending password change, and a required second-factor enrolment.
 */
export function createPrincipalResolver(ctx: AppContext): PrincipalResolver {
  const audit = new AuditRepository(ctx.state);
  /** Records a refused call (the access hook answers 403 right after): failed authorization is audited. */
  const auditDenied = async (request: FastifyRequest, p: Principal): Promise<Principal> => {
    const access = request.routeOptions.config.access;
    if (access && 'permission' in access && !p.permissions.has(access.permission)) {
      await audit.append({
        at: ctx.now().toISOString(),
        actor: `${p.kind}:${p.name}`,
        action: 'authz.denied',
        target: `${request.method} ${request.routeOptions.url ?? ''}`,
        details: { permission: access.permission, ip: clientIp(request, authFor(ctx).config) },
      });
    }
    return p;
  };
  return async (request) => {
    const { auth, tokens } = authFor(ctx);
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      // A malformed or unknown bearer is anonymous (401), never a fallback to the cookie.
      const p = m?.[1] !== undefined ? await tokens.resolve(m[1]) : undefined;
      return p ? auditDenied(request, p) : undefined;
    }
    const sessionId = sessionIdFrom(request);
    if (sessionId === undefined) return undefined;
    const s = await auth.resolveSession(sessionId);
    if (!s) return undefined;
    sessionContexts.set(request, s);
    if (!safeMethods.has(request.method)) {
      const sent = request.headers[csrfHeader];
      const token = Array.isArray(sent) ? sent[0] : sent;
      if (token === undefined || !safeEqual(token, s.session.csrf_token)) {
        throw new HttpError(403, 'csrfTokenInvalid', `This request needs the ${csrfHeader} header with the token from sign-in (the palisade_csrf cookie or GET /api/auth/me).`);
      }
    }
    const route = request.routeOptions.url ?? '';
    if (!routesAllowedBeforeSetup.has(route)) {
      if (s.user.must_change_password === 1) throw new HttpError(403, 'passwordChangeRequired', 'Change your password before continuing (POST /api/auth/change-password).');
      if (s.mfaEnrollmentRequired) throw new HttpError(403, 'mfaEnrollmentRequired', 'Set up a second factor before continuing (POST /api/auth/mfa/enroll, then /api/auth/mfa/activate).');
    }
    return auditDenied(request, s.principal);
  };
}
