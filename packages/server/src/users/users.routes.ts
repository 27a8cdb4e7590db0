import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { HttpError, unauthorized } from '../http/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { UsersService } from './users.service.ts';
import type { UserInput, UserPatch } from './users.service.ts';

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;
const names = { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 256 } } as const;
const idList = { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 100 } } as const;

const preferencesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    theme: { type: 'string', enum: ['light', 'dark'] },
    navigation: {
      type: 'object',
      additionalProperties: false,
      required: ['order', 'hidden'],
      properties: { order: idList, hidden: idList },
    },
    homeCards: { type: ['array', 'null'], maxItems: 100, items: { type: 'string', maxLength: 100 } },
  },
} as const;

function who(p: Principal | undefined): Principal {
  if (!p) throw unauthorized();
  return p;
}

/** /api/users (accounts) and /api/me/preferences (each person's own portal preferences). */
export function usersRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const users = new UsersService(ctx);

    app.get('/api/users', { config: { access: { permission: 'authorization.read' } } }, async () => ({ value: await users.list() }));

    app.get<{ Params: { id: string } }>('/api/users/:id', { config: { access: { permission: 'authorization.read' } }, schema: { params: idParam } }, async (req) => users.get(req.params.id));

    app.post<{ Body: UserInput }>(
      '/api/users',
      {
        config: { access: { permission: 'authorization.manage' } },
        schema: {
          body: {
            type: 'object',
            required: ['email', 'displayName'],
            additionalProperties: false,
            properties: {
              email: { type: 'string', minLength: 3, maxLength: 320 },
              displayName: { type: 'string', maxLength: 200 },
              password: { type: 'string', maxLength: 1024 },
              roles: idList,
              groups: names,
            },
          },
        },
      },
      async (req, reply) => reply.status(201).header('cache-control', 'no-store').send(await users.create(req.body, who(req.principal))),
    );

    app.patch<{ Params: { id: string }; Body: UserPatch }>(
      '/api/users/:id',
      {
        config: { access: { permission: 'authorization.manage' } },
        schema: {
          params: idParam,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { displayName: { type: 'string', maxLength: 200 }, roles: idList, groups: names, disabled: { type: 'boolean' } },
          },
        },
      },
      async (req) => users.update(req.params.id, req.body, who(req.principal)),
    );

    app.delete<{ Params: { id: string } }>('/api/users/:id', { config: { access: { permission: 'authorization.manage' } }, schema: { params: idParam } }, async (req, reply) => {
      await users.delete(req.params.id, who(req.principal));
      return reply.status(204).send();
    });

    app.post<{ Params: { id: string } }>('/api/users/:id/reset-password', { config: { access: { permission: 'authorization.manage' } }, schema: { params: idParam } }, async (req, reply) =>
      reply.header('cache-control', 'no-store').send(await users.resetPassword(req.params.id, who(req.principal))),
    );

    app.post<{ Params: { id: string } }>('/api/users/:id/reset-mfa', { config: { access: { permission: 'authorization.manage' } }, schema: { params: idParam } }, async (req, reply) => {
      await users.resetMfa(req.params.id, who(req.principal));
      return reply.status(204).send();
    });

    app.post<{ Params: { id: string } }>('/api/users/:id/sign-out', { config: { access: { permission: 'authorization.manage' } }, schema: { params: idParam } }, async (req) => ({
      sessionsEnded: await users.signOut(req.params.id, who(req.principal)),
    }));

    const personOnly = (p: Principal | undefined): string => {
      const principal = who(p);
      if (principal.kind !== 'user') throw new HttpError(400, 'sessionRequired', 'Preferences belong to a person; API tokens have none.');
      return principal.id;
    };

    app.get('/api/me/preferences', { config: { access: { authenticated: true } } }, async (req) => users.preferences(personOnly(req.principal)));

    app.put<{ Body: Record<string, unknown> }>(
      '/api/me/preferences',
      { config: { access: { authenticated: true } }, schema: { body: preferencesSchema } },
      async (req) => users.putPreferences(personOnly(req.principal), req.body),
    );
  };
}
