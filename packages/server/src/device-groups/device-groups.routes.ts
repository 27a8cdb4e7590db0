import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { unauthorized } from '../http/errors.ts';
import { deviceGroupsFor } from './device-groups.service.ts';
import type { DeviceGroupInput } from './device-groups.service.ts';
import { maxValuesPerProperty, remediationLevels } from './device-groups.rules.ts';
import type { DeviceGroupRules } from './device-groups.rules.ts';

const values = { type: 'array', items: { type: 'string', maxLength: 256 }, maxItems: maxValuesPerProperty } as const;
const rulesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { names: values, domains: values, osPlatforms: values, tags: values },
} as const;
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;
const groupBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 100 },
    description: { type: 'string', maxLength: 1000 },
    rules: rulesSchema,
    remediationLevel: { type: 'string', enum: remediationLevels },
    rank: { type: 'integer', minimum: 1 },
  },
} as const;

/** /api/device-groups: ranked device groups with an "Ungrouped devices" default, and a live preview. */
export function deviceGroupsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const groups = deviceGroupsFor(ctx);
    const actor = (p: { kind: string; name: string } | undefined) => {
      if (!p) throw unauthorized();
      return `${p.kind}:${p.name}`;
    };

    app.get('/api/device-groups', { config: { access: { permission: 'authorization.read' } } }, async () => ({ value: await groups.list() }));

    app.get<{ Params: { id: string } }>('/api/device-groups/:id', { config: { access: { permission: 'authorization.read' } }, schema: { params: idParam } }, async (req) =>
      groups.get(req.params.id),
    );

    app.get<{ Params: { id: string }; Querystring: { top?: number } }>(
      '/api/device-groups/:id/devices',
      {
        config: { access: { permission: 'authorization.read' } },
        schema: { params: idParam, querystring: { type: 'object', additionalProperties: false, properties: { top: { type: 'integer', minimum: 1, maximum: 1000 } } } },
      },
      async (req) => groups.devicesOf(req.params.id, req.query.top ?? 100),
    );

    app.post<{ Body: DeviceGroupInput }>(
      '/api/device-groups',
      { config: { access: { permission: 'authorization.manage' } }, schema: { body: { ...groupBody, required: ['name', 'rules'] } } },
      async (req, reply) => reply.status(201).send(await groups.create(req.body, actor(req.principal))),
    );

    app.patch<{ Params: { id: string }; Body: Partial<DeviceGroupInput> }>(
      '/api/device-groups/:id',
      { config: { access: { permission: 'authorization.manage' } }, schema: { params: idParam, body: groupBody } },
      async (req) => groups.update(req.params.id, req.body, actor(req.principal)),
    );

    app.delete<{ Params: { id: string } }>('/api/device-groups/:id', { config: { access: { permission: 'authorization.manage' } }, schema: { params: idParam } }, async (req, reply) => {
      await groups.delete(req.params.id, actor(req.principal));
      return reply.status(204).send();
    });

    app.post<{ Body: { rules: DeviceGroupRules; rank?: number; top?: number } }>(
      '/api/device-groups/preview',
      {
        config: { access: { permission: 'authorization.read' } },
        schema: {
          body: {
            type: 'object',
            required: ['rules'],
            additionalProperties: false,
            properties: { rules: rulesSchema, rank: { type: 'integer', minimum: 1 }, top: { type: 'integer', minimum: 1, maximum: 100 } },
          },
        },
      },
      async (req) => groups.preview(req.body.rules, req.body.rank, req.body.top ?? 10),
    );
  };
}
