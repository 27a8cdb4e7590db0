import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { notificationsFor } from './notifications.service.ts';

const idParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 80 } }, required: ['id'] } as const;

/** Incident notification webhooks: /api/notifications/rules and /api/notifications/deliveries (settings.system). */
export function notificationsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const service = notificationsFor(ctx);
    app.addHook('onClose', async () => service.close());
    const actor = (p: { name: string } | undefined): string => p?.name ?? 'unknown';
    app.get('/api/notifications/rules', { config: { access: { permission: 'settings.system' } } }, async () => ({ value: await service.list() }));
    app.post<{ Body: Record<string, unknown> }>('/api/notifications/rules', { config: { access: { permission: 'settings.system' } }, schema: { body: { type: 'object' } } }, async (req, reply) =>
      reply.status(201).send(await service.create(req.body, actor(req.principal))),
    );
    app.delete<{ Params: { id: string } }>('/api/notifications/rules/:id', { config: { access: { permission: 'settings.system' } }, schema: { params: idParams } }, async (req, reply) => {
      await service.remove(req.params.id);
      return reply.status(204).send();
    });
    app.get<{ Querystring: { ruleId?: string; $top?: number } }>(
      '/api/notifications/deliveries',
      {
        config: { access: { permission: 'settings.system' } },
        schema: { querystring: { type: 'object', additionalProperties: false, properties: { ruleId: { type: 'string' }, $top: { type: 'integer', minimum: 1, maximum: 1000 } } } },
      },
      async (req) => ({ value: await service.deliveries(req.query.ruleId, req.query.$top ?? 100) }),
    );
  };
}
