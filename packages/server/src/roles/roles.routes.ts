import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { unauthorized } from '../http/errors.ts';
import { RolesService } from './roles.service.ts';

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;
const permissionsSchema = { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', maxLength: 100 } } as const;

/** /api/roles (built-in read-only, custom editable) and /api/role-assignments. */
export function rolesRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const roles = new RolesService(ctx);

    app.get('/api/roles', { config: { access: { permission: 'authorization.read' } } }, async () => ({ value: await roles.list() }));

    app.get<{ Params: { id: string } }>('/api/roles/:id', { config: { access: { permission: 'authorization.read' } }, schema: { params: idParam } }, async (req) => roles.get(req.params.id));

    app.post<{ Body: { name: string; description?: string; permissions: string[] } }>(
      '/api/roles',
      {
        config: { access: { permission: 'authorization.manage' } },
        schema: {
          body: {
            type: 'object',
            required: ['name', 'permissions'],
            additionalProperties: false,
            properties: { name: { type: 'string', maxLength: 100 }, description: { type: 'string', maxLength: 1000 }, permissions: permissionsSchema },
          },
        },
      },
      async (req, reply) => {
        if (!req.principal) throw unauthorized();
        return reply.status(201).send(await roles.create(req.body, req.principal));
      },
    );

    app.patch<{ Params: { id: string }; Body: { name?: string; description?: string; permissions?: string[] } }>(
      '/api/roles/:id',
      {
        config: { access: { permission: 'authorization.manage' } },
        schema: {
          params: idParam,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { name: { type: 'string', maxLength: 100 }, description: { type: 'string', maxLength: 1000 }, permissions: permissionsSchema },
          },
        },
      },
      async (req) => {
        if (!req.principal) throw unauthorized();
        return roles.update(req.params.id, req.body, req.principal);
      },
    );

    app.delete<{ Params: { id: string } }>('/api/roles/:id', { config: { access: { permission: 'authorization.manage' } }, schema: { params: idParam } }, async (req, reply) => {
      if (!req.principal) throw unauthorized();
      await roles.delete(req.params.id, req.principal);
      return reply.status(204).send();
    });

    app.get<{ Querystring: { roleId?: string; principalType?: string; principalId?: string } }>(
      '/api/role-assignments',
      {
        config: { access: { permission: 'authorization.read' } },
        schema: {
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { roleId: { type: 'string' }, principalType: { type: 'string', enum: ['user', 'group'] }, principalId: { type: 'string' } },
          },
        },
      },
      async (req) => ({ value: await roles.listAssignments(req.query) }),
    );

    app.post<{ Body: { roleId: string; principalType: 'user' | 'group'; principalId: string; deviceGroupIds?: string[] | null } }>(
      '/api/role-assignments',
      {
        config: { access: { permission: 'authorization.manage' } },
        schema: {
          body: {
            type: 'object',
            required: ['roleId', 'principalType', 'principalId'],
            additionalProperties: false,
            properties: {
              roleId: { type: 'string', minLength: 1, maxLength: 100 },
              principalType: { type: 'string', enum: ['user', 'group'] },
              principalId: { type: 'string', minLength: 1, maxLength: 256 },
              deviceGroupIds: { type: ['array', 'null'], maxItems: 100, items: { type: 'string', maxLength: 100 } },
            },
          },
        },
      },
      async (req, reply) => {
        if (!req.principal) throw unauthorized();
        return reply.status(201).send(await roles.assign(req.body, req.principal));
      },
    );

    app.delete<{ Params: { id: string } }>('/api/role-assignments/:id', { config: { access: { permission: 'authorization.manage' } }, schema: { params: idParam } }, async (req, reply) => {
      if (!req.principal) throw unauthorized();
      await roles.unassign(req.params.id, req.principal);
      return reply.status(204).send();
    });
  };
}
