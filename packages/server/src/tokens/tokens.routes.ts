import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { authFor } from '../auth/auth-context.ts';
import { allPermissions } from '../auth/permissions.ts';
import { unauthorized } from '../http/errors.ts';
import { actorOf } from './tokens.service.ts';

const tokenView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    prefix: { type: 'string' },
    permissions: { type: 'array', items: { type: 'string' } },
    createdBy: { type: 'string' },
    createdAt: { type: 'string' },
    expiresAt: { type: ['string', 'null'] },
    revokedAt: { type: ['string', 'null'] },
    lastUsedAt: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['active', 'expired', 'revoked'] },
  },
} as const;

/** /api/tokens: API tokens for automation and ingestion. The secret is in the create answer only. */
export function tokensRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const { tokens } = authFor(ctx);

    app.get('/api/tokens', { config: { access: { permission: 'authorization.manage' } }, schema: { response: { 200: { type: 'object', properties: { value: { type: 'array', items: tokenView } } } } } }, async () => ({
      value: await tokens.list(),
    }));

    app.get<{ Params: { id: string } }>('/api/tokens/:id', { config: { access: { permission: 'authorization.manage' } }, schema: { response: { 200: tokenView } } }, async (request) =>
      tokens.get(request.params.id),
    );

    app.post<{ Body: { name: string; permissions: string[]; expiresIn?: string } }>(
      '/api/tokens',
      {
        config: { access: { permission: 'authorization.manage' } },
        schema: {
          body: {
            type: 'object',
            required: ['name', 'permissions'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 100 },
              permissions: { type: 'array', minItems: 1, maxItems: allPermissions.length, items: { type: 'string' } },
              expiresIn: { type: 'string', description: "e.g. 30d, 12h, 1y, or 'never'; default 90d" },
            },
          },
          response: { 201: { type: 'object', properties: { token: tokenView, secret: { type: 'string' } } } },
        },
      },
      async (request, reply) => {
        if (!request.principal) throw unauthorized();
        const created = await tokens.create(request.body, request.principal);
        return reply.status(201).header('cache-control', 'no-store').send(created);
      },
    );

    app.delete<{ Params: { id: string } }>('/api/tokens/:id', { config: { access: { permission: 'authorization.manage' } }, schema: { response: { 200: tokenView } } }, async (request) => {
      if (!request.principal) throw unauthorized();
      return tokens.revoke(request.params.id, actorOf(request.principal));
    });
  };
}
