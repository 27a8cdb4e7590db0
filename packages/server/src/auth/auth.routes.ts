import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { HttpError, badRequest, unauthorized } from '../http/errors.ts';
import { authFor } from './auth-context.ts';
import type { ClientMeta, MfaRequirement, NewSession } from './auth.service.ts';
import { clearSessionCookies, clientIp, sessionIdFrom, setSessionCookies } from './cookies.ts';
import { permissionGroups } from './permissions.ts';
import { sessionOf } from './resolver.ts';
import { builtInRoles } from './built-in-roles.ts';
import { oidcSettings } from './oidc-config.ts';
import { oidcRoutes } from './oidc.ts';

const signInBody = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: { email: { type: 'string', minLength: 1, maxLength: 320 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
} as const;


function requireSession(request: FastifyRequest) {
  const s = sessionOf(request);
  if (!s) throw new HttpError(400, 'sessionRequired', 'This needs a signed-in person (a session cookie), not an API token.');
  return s;
}

/** /api/auth: sign-in (password, second factor), sign-out, the caller, password change, TOTP enrolment. */
export function authRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const { auth, config } = authFor(ctx);
    const meta = (request: FastifyRequest): ClientMeta => ({ ip: clientIp(request, config), userAgent: request.headers['user-agent'], previousSessionId: sessionIdFrom(request) });
    await app.register(oidcRoutes(ctx));
    // Rate limits and lockouts say when to come back.
    app.addHook('onError', async (_request, reply, error) => {
      const d = error instanceof HttpError ? (error.details as { retryAfterSeconds?: unknown } | undefined) : undefined;
      if (typeof d?.retryAfterSeconds === 'number') reply.header('retry-after', String(d.retryAfterSeconds));
    });

    const signedIn = async (request: FastifyRequest, reply: FastifyReply, session: NewSession) => {
      setSessionCookies(request, reply, config, session);
      const s = await auth.resolveSession(session.id);
      if (!s) throw new Error('a session just created did not resolve');
      return { status: 'signedIn' as const, user: await auth.me(s) };
    };

    app.post<{ Body: { email: string; password: string } }>(
      '/api/auth/sign-in',
      { config: { access: { public: true, reason: 'signing in is how a person gets a session' } }, schema: { body: signInBody } },
      async (request, reply) => {
        const r = await auth.signIn(request.body.email, request.body.password, meta(request));
        if (r.status === 'mfaRequired') return { status: r.status, mfaToken: r.mfaToken, expiresAt: r.expiresAt };
        return signedIn(request, reply, r.session);
      },
    );

    app.post<{ Body: { mfaToken: string; code: string } }>(
      '/api/auth/sign-in/mfa',
      {
        config: { access: { public: true, reason: 'second sign-in step; the mfaToken from the password step is the credential' } },
        schema: {
          body: {
            type: 'object',
            required: ['mfaToken', 'code'],
            additionalProperties: false,
            properties: { mfaToken: { type: 'string', minLength: 1, maxLength: 200 }, code: { type: 'string', minLength: 1, maxLength: 40 } },
          },
        },
      },
      async (request, reply) => {
        const r = await auth.completeMfa(request.body.mfaToken, request.body.code, meta(request));
        return signedIn(request, reply, r.session);
      },
    );

    app.get(
      '/api/auth/providers',
      { config: { access: { public: true, reason: 'the sign-in page asks which sign-in methods to offer' } } },
      async () => {
        const oidc = await oidcSettings(ctx);
        return { password: true, oidc: oidc ? { enabled: true, displayName: oidc.displayName, startUrl: '/api/auth/oidc/start' } : { enabled: false } };
      },
    );

    app.post('/api/auth/sign-out', { config: { access: { authenticated: true } } }, async (request, reply) => {
      const id = sessionIdFrom(request);
      if (id !== undefined && sessionOf(request)) await auth.signOut(id);
      clearSessionCookies(request, reply, config);
      return reply.status(204).send();
    });

    app.post('/api/auth/sign-out-everywhere', { config: { access: { authenticated: true } } }, async (request, reply) => {
      const s = requireSession(request);
      const n = await auth.signOutEverywhere(s.user, `user:${s.user.email}`);
      clearSessionCookies(request, reply, config);
      return { sessionsEnded: n };
    });

    app.get('/api/auth/me', { config: { access: { authenticated: true } } }, async (request, reply) => {
      const p = request.principal;
      const s = sessionOf(request);
      reply.header('cache-control', 'no-store');
      if (!s) {
        // An API token asking who it is.
        return { kind: p?.kind ?? 'token', id: p?.id, name: p?.name, permissions: [...(p?.permissions ?? [])].sort() };
      }
      return { kind: 'user', ...(await auth.me(s)) };
    });

    app.get('/api/auth/sessions', { config: { access: { authenticated: true } } }, async (request) => {
      const s = requireSession(request);
      const rows = await auth.repo.userSessions(s.user.id);
      return {
        value: rows.map((r) => ({
          id: r.id_hash.slice(0, 16),
          current: r.id_hash === s.session.id_hash,
          method: r.auth_method,
          createdAt: r.created_at,
          lastSeenAt: r.last_seen_at,
          expiresAt: r.expires_at,
          ip: r.ip,
          userAgent: r.user_agent,
        })),
      };
    });

    app.delete<{ Params: { id: string } }>(
      '/api/auth/sessions/:id',
      { config: { access: { authenticated: true } }, schema: { params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9a-f]{16}$' } } } } },
      async (request, reply) => {
        const s = requireSession(request);
        const target = (await auth.repo.userSessions(s.user.id)).find((r) => r.id_hash.startsWith(request.params.id));
        if (!target) throw new HttpError(404, 'notFound', 'You have no session with that id.');
        await auth.repo.deleteSession(target.id_hash);
        return reply.status(204).send();
      },
    );

    app.post<{ Body: { currentPassword: string; newPassword: string } }>(
      '/api/auth/change-password',
      {
        config: { access: { authenticated: true } },
        schema: {
          body: {
            type: 'object',
            required: ['currentPassword', 'newPassword'],
            additionalProperties: false,
            properties: { currentPassword: { type: 'string', maxLength: 1024 }, newPassword: { type: 'string', maxLength: 1024 } },
          },
        },
      },
      async (request, reply) => {
        const s = requireSession(request);
        await auth.changePassword(s.user, request.body.currentPassword, request.body.newPassword, s.session.id_hash);
        return reply.status(204).send();
      },
    );

    app.get('/api/auth/permissions', { config: { access: { authenticated: true } } }, async () => ({
      groups: Object.entries(permissionGroups).map(([name, perms]) => ({
        name,
        permissions: Object.entries(perms).map(([id, description]) => ({ id, description: description })),
      })),
      builtInRoles: builtInRoles.map((r) => ({ id: r.id, name: r.name, description: r.description, permissions: r.permissions })),
    }));

    app.post('/api/auth/mfa/enroll', { config: { access: { authenticated: true } } }, async (request) => {
      const s = requireSession(request);
      return auth.enrollTotp(s.user);
    });

    app.post<{ Body: { code: string } }>(
      '/api/auth/mfa/activate',
      {
        config: { access: { authenticated: true } },
        schema: { body: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: { type: 'string', minLength: 6, maxLength: 10 } } } },
      },
      async (request) => {
        const s = requireSession(request);
        const user = await auth.repo.userById(s.user.id);
        if (!user) throw unauthorized();
        return { recoveryCodes: await auth.activateTotp(user, request.body.code) };
      },
    );

    app.post<{ Body: { password: string } }>(
      '/api/auth/mfa/disable',
      {
        config: { access: { authenticated: true } },
        schema: { body: { type: 'object', required: ['password'], additionalProperties: false, properties: { password: { type: 'string', maxLength: 1024 } } } },
      },
      async (request, reply) => {
        const s = requireSession(request);
        if (!s.user.totp_enabled) throw badRequest('No second factor is active.');
        if (!(await auth.verifyOwnPassword(s.user, request.body.password))) throw new HttpError(403, 'invalidCredentials', 'The password is incorrect.');
        const required = await auth.mfaRequirement();
        if (required === 'everyone' || (required === 'privileged' && s.access.privileged)) {
          throw new HttpError(409, 'mfaRequired', 'An administrator requires a second factor for your account; it cannot be turned off.');
        }
        await auth.disableTotp(s.user, `user:${s.user.email}`);
        return reply.status(204).send();
      },
    );

    app.get('/api/auth/settings', { config: { access: { permission: 'authorization.read' } } }, async () => ({ mfaRequirement: await auth.mfaRequirement() }));

    app.put<{ Body: { mfaRequirement: MfaRequirement } }>(
      '/api/auth/settings',
      {
        config: { access: { permission: 'authorization.manage' } },
        schema: {
          body: {
            type: 'object',
            required: ['mfaRequirement'],
            additionalProperties: false,
            properties: { mfaRequirement: { type: 'string', enum: ['off', 'privileged', 'everyone'] } },
          },
        },
      },
      async (request) => {
        await auth.setMfaRequirement(request.body.mfaRequirement, `user:${request.principal?.name ?? '?'}`);
        return { mfaRequirement: await auth.mfaRequirement() };
      },
    );

    app.post<{ Body: { email: string } }>(
      '/api/auth/unlock',
      {
        config: { access: { permission: 'authorization.manage' } },
        schema: { body: { type: 'object', required: ['email'], additionalProperties: false, properties: { email: { type: 'string', minLength: 1, maxLength: 320 } } } },
      },
      async (request, reply) => {
        await auth.unlock(request.body.email, `user:${request.principal?.name ?? '?'}`);
        return reply.status(204).send();
      },
    );
  };
}
