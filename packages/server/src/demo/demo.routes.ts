import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { demoStatus } from './demo.service.ts';

/** GET /api/demo/status: seeding state, the seeded stories, and whether detections have run over them. */
export function demoRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/demo/status', { config: { access: { permission: 'security.read' } } }, async () => demoStatus(ctx));
  };
}
