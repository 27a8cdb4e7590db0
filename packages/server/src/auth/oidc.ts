import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import type { AppContext } from '../context.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { HttpError, badRequest } from '../http/errors.ts';
import { parseJsonArray } from './access.ts';
import { authFor } from './auth-context.ts';
import type { UserRow } from './auth.repository.ts';
import { builtInRoleById } from './built-in-roles.ts';
import { clientIp, isSecureRequest, readCookies, sessionIdFrom, setSessionCookies } from './cookies.ts';
import { oidcSettingKey, oidcSettings } from './oidc-config.ts';
import type { OidcSettings } from './oidc-config.ts';
import { randomSecret, safeEqual, sha256 } from './secrets.ts';

const flowCookie = 'palisade_oidc';
const flowMs = 10 * 60_000;

/** Discovery answers, cached per issuer and client for 10 minutes. */
const discovered = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();

function configurationFor(s: OidcSettings): Promise<oidc.Configuration> {
  const key = `${s.issuer}|${s.clientId}|${sha256(s.clientSecret)}`;
  const hit = discovered.get(key);
  if (hit && Date.now() - hit.at < 600_000) return hit.config;
  const config = oidc
    .discovery(new URL(s.issuer), s.clientId, s.clientSecret === '' ? undefined : s.clientSecret, undefined, s.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined)
    .catch((err: unknown) => {
      discovered.delete(key);
      throw new HttpError(502, 'ssoUnavailable', `The identity provider at ${s.issuer} could not be reached or described itself wrongly: ${err instanceof Error ? err.message : String(err)}`);
    });
  discovered.set(key, { at: Date.now(), config });
  return config;
}

function baseUrl(request: FastifyRequest, s: OidcSettings): string {
  return (s.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

/** Groups from a claim: an array of strings, or one string. */
function groupsFrom(claims: Record<string, unknown>, claim: string): string[] {
  const v = claims[claim];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' && v !== '' ? [v] : [];
}

/**
 * Single sign-on with OpenID Connect (authorization code + PKCE, state and nonce): /api/auth/oidc/start
 * sends the browser to the identity provider; /api/auth/oidc/callback finishes, creating the person on
 * first sign-in (just in time) with the roles its groups map to, and starts a session.
 */
export function oidcRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const { auth, config } = authFor(ctx);
    const audit = new AuditRepository(ctx.state);

    const settingsOrFail = async (): Promise<OidcSettings> => {
      const s = await oidcSettings(ctx);
      if (!s) throw new HttpError(404, 'ssoNotConfigured', 'Single sign-on is not configured (PALISADE_OIDC_ISSUER, or PUT /api/auth/oidc/settings).');
      return s;
    };

    app.get<{ Querystring: { returnTo?: string; next?: string } }>(
      '/api/auth/oidc/start',
      {
        config: { access: { public: true, reason: 'starts single sign-on: redirects to the identity provider' } },
        schema: { querystring: { type: 'object', additionalProperties: false, properties: { returnTo: { type: 'string', maxLength: 2000 }, next: { type: 'string', maxLength: 2000 } } } },
      },
      async (request, reply) => {
        const s = await settingsOrFail();
        const cfg = await configurationFor(s);
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        const codeVerifier = oidc.randomPKCECodeVerifier();
        const redirectUri = `${baseUrl(request, s)}/api/auth/oidc/callback`;
        // Only same-site paths: never an open redirect.
        const wanted = request.query.returnTo ?? request.query.next;
        const returnTo = wanted?.startsWith('/') && !wanted.startsWith('//') && !wanted.startsWith('/\\') ? wanted : '/';
        const browserKey = randomSecret();
        await auth.repo.insertChallenge({
          id_hash: sha256(state),
          kind: 'oidc',
          user_id: null,
          data: JSON.stringify({ nonce, codeVerifier, redirectUri, returnTo, browserKey: sha256(browserKey) }),
          expires_at: new Date(ctx.now().getTime() + flowMs).toISOString(),
        });
        const url = oidc.buildAuthorizationUrl(cfg, {
          redirect_uri: redirectUri,
          scope: s.scopes,
          state,
          nonce,
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
        });
        const secure = isSecureRequest(request, config);
        // Binds the round trip to this browser (login CSRF): the callback must come back with it.
        reply.header('set-cookie', `${flowCookie}=${browserKey}; Path=/api/auth/oidc; Max-Age=${flowMs / 1000}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
        return reply.redirect(url.href, 302);
      },
    );

    app.get<{ Querystring: Record<string, string> }>(
      '/api/auth/oidc/callback',
      { config: { access: { public: true, reason: 'the identity provider returns the browser here to finish single sign-on' } } },
      async (request, reply) => {
        const fail = async (code: string, message: string, details?: unknown) => {
          await audit.append({ at: ctx.now().toISOString(), actor: 'anonymous', action: 'auth.sso.failed', target: null, details: { code, message, ip: clientIp(request, config), ...(details !== undefined ? { details } : {}) } });
          return reply.redirect(`/sign-in?ssoError=${encodeURIComponent(message)}`, 302);
        };
        const s = await settingsOrFail();
        const state = request.query.state;
        if (typeof state !== 'string' || state === '') return fail('badState', 'Single sign-on failed: the answer from the identity provider had no state.');
        if (typeof request.query.error === 'string') return fail('providerError', `Single sign-on failed: the identity provider said ${request.query.error}${request.query.error_description ? ` (${request.query.error_description})` : ''}.`);
        const ch = await auth.repo.challenge(sha256(state), 'oidc');
        if (!ch || ch.expires_at <= ctx.now().toISOString()) return fail('badState', 'Single sign-on took too long or was started elsewhere. Try again.');
        await auth.repo.deleteChallenge(sha256(state));
        const flow = JSON.parse(ch.data) as { nonce: string; codeVerifier: string; redirectUri: string; returnTo: string; browserKey: string };
        const browserKey = readCookies(request)[flowCookie];
        if (browserKey === undefined || !safeEqual(sha256(browserKey), flow.browserKey)) return fail('badBrowser', 'Single sign-on was started in another browser. Try again.');
        let claims: Record<string, unknown>;
        try {
          const cfg = await configurationFor(s);
          const currentUrl = new URL(request.url, flow.redirectUri);
          const tokens = await oidc.authorizationCodeGrant(cfg, new URL(`${flow.redirectUri}${currentUrl.search}`), {
            pkceCodeVerifier: flow.codeVerifier,
            expectedState: state,
            expectedNonce: flow.nonce,
            idTokenExpected: true,
          });
          const idClaims = tokens.claims();
          if (!idClaims) throw new Error('no ID token');
          claims = { ...idClaims };
          if (tokens.access_token) {
            const info = await oidc.fetchUserInfo(cfg, tokens.access_token, idClaims.sub);
            claims = { ...info, ...claims, ...(info[s.groupsClaim] !== undefined ? { [s.groupsClaim]: info[s.groupsClaim] } : {}) };
          }
        } catch (err) {
          return fail('exchange', 'Single sign-on failed while checking the answer of the identity provider.', err instanceof Error ? err.message : String(err));
        }
        const sub = typeof claims.sub === 'string' ? claims.sub : '';
        const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
        if (sub === '' || email === '') return fail('claims', 'Single sign-on failed: the identity provider sent no email address (ask for the email scope).');
        const subject = `${s.issuer}|${sub}`;
        const groups = groupsFrom(claims, s.groupsClaim);
        const roles = [...new Set(groups.map((g) => s.roleMap[g]).filter((r): r is string => r !== undefined))];
        const name = typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name.trim() : email;
        const at = ctx.now().toISOString();
        let user: UserRow | undefined = await auth.repo.userByOidcSubject(subject);
        if (!user) {
          const byEmail = await auth.repo.userByEmail(email);
          if (byEmail) {
            // Linking an existing account by email only when the provider vouches for the address.
            if (claims.email_verified !== true || byEmail.oidc_subject !== null) {
              return fail('emailTaken', `An account for ${email} already exists and the identity provider did not verify this email; ask an administrator.`);
            }
            await auth.repo.updateUser(byEmail.id, { oidc_subject: subject, updated_at: at });
            user = await auth.repo.userById(byEmail.id);
          } else {
            const id = auth.newUserId();
            await ctx.state
              .insertInto('users')
              .values({ id, email, display_name: name, password_hash: null, roles: JSON.stringify(roles), groups: JSON.stringify(groups), auth_source: 'oidc', oidc_subject: subject, must_change_password: 0, disabled: 0, created_at: at, updated_at: at })
              .execute();
            await audit.append({ at, actor: 'system', action: 'user.create', target: email, details: { id, source: 'oidc', roles, groups } });
            user = await auth.repo.userById(id);
          }
        }
        if (!user || user.disabled) return fail('disabled', 'This account is disabled.');
        if (user.auth_source === 'oidc') {
          // The provider is the source of truth for SSO accounts: groups and mapped roles follow it at each sign-in.
          const before = parseJsonArray(user.roles);
          if (JSON.stringify(before) !== JSON.stringify(roles) || JSON.stringify(parseJsonArray(user.groups)) !== JSON.stringify(groups)) {
            await auth.repo.updateUser(user.id, { roles: JSON.stringify(roles), groups: JSON.stringify(groups), display_name: name, updated_at: at });
            await audit.append({ at, actor: 'system', action: 'user.roles-change', target: email, details: { source: 'oidc', rolesBefore: before, roles, groups } });
            user = (await auth.repo.userById(user.id)) ?? user;
          }
        }
        const session = await auth.startSession(user, 'oidc', { ip: clientIp(request, config), userAgent: request.headers['user-agent'], previousSessionId: sessionIdFrom(request) });
        setSessionCookies(request, reply, config, session);
        reply.header('set-cookie', [...([reply.getHeader('set-cookie')].flat() as string[]), `${flowCookie}=; Path=/api/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax`]);
        return reply.redirect(flow.returnTo, 302);
      },
    );

    app.get('/api/auth/oidc/settings', { config: { access: { permission: 'settings.system' } } }, async () => {
      const s = await oidcSettings(ctx);
      if (!s) return { enabled: false };
      const { clientSecret, ...rest } = s;
      return { enabled: true, ...rest, clientSecretSet: clientSecret !== '' };
    });

    app.put<{ Body: Partial<OidcSettings> & { enabled: boolean } }>(
      '/api/auth/oidc/settings',
      {
        config: { access: { permission: 'settings.system' } },
        schema: {
          body: {
            type: 'object',
            required: ['enabled'],
            additionalProperties: false,
            properties: {
              enabled: { type: 'boolean' },
              issuer: { type: 'string', maxLength: 2000 },
              clientId: { type: 'string', maxLength: 500 },
              clientSecret: { type: 'string', maxLength: 2000 },
              scopes: { type: 'string', maxLength: 1000 },
              groupsClaim: { type: 'string', maxLength: 200 },
              roleMap: { type: 'object', additionalProperties: { type: 'string', maxLength: 100 } },
              displayName: { type: 'string', maxLength: 100 },
              publicUrl: { type: 'string', maxLength: 2000 },
              allowInsecure: { type: 'boolean' },
            },
          },
        },
      },
      async (request) => {
        const b = request.body;
        const at = ctx.now().toISOString();
        if (!b.enabled) {
          await auth.repo.putSetting(oidcSettingKey, JSON.stringify({ enabled: false }), at);
        } else {
          if (!b.issuer || !/^https?:\/\//.test(b.issuer)) throw badRequest('issuer: the issuer URL of the identity provider (https://...).');
          if (b.issuer.startsWith('http://') && b.allowInsecure !== true) throw badRequest('issuer: an http:// issuer needs allowInsecure: true (lab and test setups only).');
          if (!b.clientId) throw badRequest('clientId: required.');
          for (const [group, role] of Object.entries(b.roleMap ?? {})) {
            if (!builtInRoleById.has(role) && !(await ctx.state.selectFrom('roles').select('id').where('id', '=', role).executeTakeFirst())) {
              throw badRequest(`roleMap.${group}: no role '${role}'. See GET /api/roles.`);
            }
          }
          const prev = await oidcSettings(ctx);
          const value: OidcSettings = {
            issuer: b.issuer,
            clientId: b.clientId,
            clientSecret: b.clientSecret ?? prev?.clientSecret ?? '',
            scopes: b.scopes ?? 'openid email profile',
            groupsClaim: b.groupsClaim ?? 'groups',
            roleMap: b.roleMap ?? {},
            displayName: b.displayName ?? 'Single sign-on',
            publicUrl: b.publicUrl,
            allowInsecure: b.allowInsecure ?? false,
          };
          await auth.repo.putSetting(oidcSettingKey, JSON.stringify(value), at);
        }
        await audit.append({ at, actor: `${request.principal?.kind ?? '?'}:${request.principal?.name ?? '?'}`, action: 'settings.oidc', target: oidcSettingKey, details: { enabled: b.enabled, issuer: b.issuer, roleMap: b.roleMap } });
        return { enabled: b.enabled };
      },
    );
  };
}
