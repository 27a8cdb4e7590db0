import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { latestStateVersion } from '../state/database.ts';

export function healthRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/api/health',
      {
        config: { access: { public: true, reason: 'liveness probe for load balancers and the CLI' } },
        schema: {
          response: {
            200: {
              type: 'object',
              properties: {
                status: { type: 'string' },
                version: { type: 'string' },
                stores: { type: 'object', additionalProperties: true },
              },
            },
          },
        },
      },
      async () => {
        await ctx.state.selectFrom('settings').select('key').limit(1).execute();
        await ctx.events.withWriter((w) => w.run('SELECT 1'));
        return {
          status: 'ok',
          version: ctx.version,
          stores: {
            state: { engine: 'sqlite', schemaVersion: latestStateVersion },
            events: { engine: 'duckdb', schemaVersion: ctx.events.version },
          },
        };
      },
    );
  };
}
