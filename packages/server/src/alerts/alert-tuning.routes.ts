import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { alertTuning } from './alert-tuning.service.ts';

const idParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 80 } }, required: ['id'] } as const;

/** Alert tuning rules: /api/alerts/tuning-rules (read: security.read; change: settings.detection). */
export function alertTuningRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const service = alertTuning(ctx);
    const actor = (p: { name: string } | undefined): string => p?.name ?? 'unknown';
    app.get('/api/alerts/tuning-rules', { config: { access: { permission: 'security.read' } } }, async () => ({ value: await service.list() }));
    app.get<{ Params: { id: string } }>('/api/alerts/tuning-rules/:id', { config: { access: { permission: 'security.read' } }, schema: { params: idParams } }, async (req) => service.get(req.params.id));
    app.post<{ Body: unknown }>('/api/alerts/tuning-rules', { config: { access: { permission: 'settings.detection' } }, schema: { body: { type: 'object' } } }, async (req, reply) =>
      reply.status(201).send(await service.create(req.body, actor(req.principal))),
    );
    app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/api/alerts/tuning-rules/:id',
      { config: { access: { permission: 'settings.detection' } }, schema: { params: idParams, body: { type: 'object' } } },
      async (req) => service.update(req.params.id, req.body),
    );
    app.delete<{ Params: { id: string } }>('/api/alerts/tuning-rules/:id', { config: { access: { permission: 'settings.detection' } }, schema: { params: idParams } }, async (req, reply) => {
      await service.remove(req.params.id);
      return reply.status(204).send();
    });
  };
}
