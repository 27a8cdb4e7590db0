import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { SavedQueriesRepository } from './saved-queries.repository.ts';

const idParams = { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,15}$' } }, required: ['id'] } as const;
const HISTORY_KEPT = 100;

/**
 * Saved hunting queries and query history, per person: GET/POST /api/hunting/queries (own plus shared),
 * DELETE /api/hunting/queries/{id} (own only), GET/POST /api/hunting/history (own only, newest first).
 */
export function savedQueriesRoutes(ctx: AppContext): FastifyPluginAsync {
  const repo = new SavedQueriesRepository(ctx.state);
  return async (app) => {
    const who = (p: { id: string; name: string } | undefined): { id: string; name: string } => {
      if (!p) throw new HttpError(401, 'unauthorized', 'Sign in first.');
      return p;
    };
    app.get('/api/hunting/queries', { config: { access: { permission: 'hunting.run' } } }, async (req) => ({ value: await repo.list(who(req.principal).id) }));
    app.post<{ Body: { name: string; folder?: string; shared?: boolean; query: string } }>(
      '/api/hunting/queries',
      {
        config: { access: { permission: 'hunting.run' } },
        schema: {
          body: {
            type: 'object',
            required: ['name', 'query'],
            additionalProperties: false,
            properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, folder: { type: 'string', maxLength: 200 }, shared: { type: 'boolean' }, query: { type: 'string', minLength: 1, maxLength: 100_000 } },
          },
        },
      },
      async (req, reply) => {
        const p = who(req.principal);
        const saved = await repo.create({ ownerId: p.id, ownerName: p.name, name: req.body.name.trim(), folder: req.body.folder?.trim() ?? '', shared: req.body.shared === true, query: req.body.query, now: ctx.now().toISOString() });
        return reply.status(201).send(saved);
      },
    );
    app.delete<{ Params: { id: string } }>('/api/hunting/queries/:id', { config: { access: { permission: 'hunting.run' } }, schema: { params: idParams } }, async (req, reply) => {
      // Someone else's query (shared or not) is "not found" for this person, as a missing one is.
      if (!(await repo.delete(Number(req.params.id), who(req.principal).id))) throw new HttpError(404, 'notFound', `Saved query ${req.params.id} was not found.`);
      return reply.status(204).send();
    });
    app.get('/api/hunting/history', { config: { access: { permission: 'hunting.run' } } }, async (req) => ({ value: await repo.history(who(req.principal).id, HISTORY_KEPT) }));
    app.post<{ Body: { query: string; timespan?: string } }>(
      '/api/hunting/history',
      {
        config: { access: { permission: 'hunting.run' } },
        schema: { body: { type: 'object', required: ['query'], additionalProperties: false, properties: { query: { type: 'string', minLength: 1, maxLength: 100_000 }, timespan: { type: 'string', maxLength: 60 } } } },
      },
      async (req, reply) => {
        await repo.addHistory(who(req.principal).id, req.body.query, req.body.timespan ?? null, ctx.now().toISOString(), HISTORY_KEPT);
        return reply.status(204).send();
      },
    );
  };
}
