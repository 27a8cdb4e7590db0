import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { badRequest } from '../http/errors.ts';
import { AuditRepository } from './audit.repository.ts';

interface AuditQs {
  action?: string;
  actor?: string;
  target?: string;
  since?: string;
  until?: string;
  before?: number;
  top?: number;
}

/** /api/audit: the append-only audit log, newest first, paged with `before` (the last id of a page). */
export function auditRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const repo = new AuditRepository(ctx.state);
    app.get<{ Querystring: AuditQs }>(
      '/api/audit',
      {
        config: { access: { permission: 'authorization.read' } },
        schema: {
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              action: { type: 'string', maxLength: 100, description: "an action, or a prefix ending in '.' (e.g. 'auth.')" },
              actor: { type: 'string', maxLength: 400 },
              target: { type: 'string', maxLength: 400 },
              since: { type: 'string', maxLength: 40 },
              until: { type: 'string', maxLength: 40 },
              before: { type: 'integer', minimum: 1 },
              top: { type: 'integer', minimum: 1, maximum: 1000 },
            },
          },
        },
      },
      async (req) => {
        const q = req.query;
        for (const k of ['since', 'until'] as const) {
          const v = q[k];
          if (v !== undefined && Number.isNaN(Date.parse(v))) throw badRequest(`${k}: not a date-time: '${v}' (use ISO 8601, e.g. 2026-01-31T00:00:00Z).`);
        }
        const limit = q.top ?? 100;
        const value = await repo.list({
          limit,
          ...(q.action !== undefined ? { action: q.action } : {}),
          ...(q.actor !== undefined ? { actor: q.actor } : {}),
          ...(q.target !== undefined ? { target: q.target } : {}),
          ...(q.since !== undefined ? { since: new Date(q.since).toISOString() } : {}),
          ...(q.until !== undefined ? { until: new Date(q.until).toISOString() } : {}),
          ...(q.before !== undefined ? { before: q.before } : {}),
        });
        const last = value.at(-1);
        return { value, ...(value.length === limit && last ? { nextBefore: last.id } : {}) };
      },
    );
  };
}
