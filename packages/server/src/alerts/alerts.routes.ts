import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { badRequest } from '../http/errors.ts';
import { IncidentsService } from '../incidents/incidents.service.ts';
import type { ODataParams } from '../incidents/incidents.service.ts';
import { callerScope, parseId } from '../incidents/incidents.routes.ts';
import { AlertsService } from './alerts.service.ts';
import { AlertDetailsService } from './alert-details.service.ts';

const idParams = { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,15}$' } }, required: ['id'] } as const;

/** Graph-compatible alerts_v2, and POST /api/ingest/alerts for alerts from other tools. */
export function alertsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const incidents = new IncidentsService(ctx);
    const alerts = new AlertsService(ctx);
    const actor = (p: { name: string } | undefined): string => p?.name ?? 'unknown';

    // A child plugin, so that only the ingest route reads its body as text (a JSON array or NDJSON).
    await app.register(async (ingest) => {
      ingest.addContentTypeParser(['application/json', 'application/x-ndjson', 'application/ndjson', 'text/plain'], { parseAs: 'string', bodyLimit: 32 * 1024 * 1024 }, (_req, body, done) => {
        done(null, body);
      });
      ingest.post<{ Body: string }>('/api/ingest/alerts', { config: { access: { permission: 'ingest.write' } } }, async (req) => {
        if (typeof req.body !== 'string') throw badRequest('Send a JSON array of alerts or NDJSON (one alert per line).');
        return alerts.ingest(req.body);
      });
    });

    app.get<{ Querystring: ODataParams & { includeHidden?: boolean } }>(
      '/api/security/alerts_v2',
      {
        config: { access: { permission: 'security.read' } },
        schema: {
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { $filter: { type: 'string', maxLength: 2000 }, $top: { type: 'integer' }, $skip: { type: 'integer' }, $orderby: { type: 'string' }, includeHidden: { type: 'boolean' } },
          },
        },
      },
      async (req) => incidents.listAlerts(req.query, callerScope(req.principal, 'security.read')),
    );
    app.get<{ Params: { id: string } }>(
      '/api/security/alerts_v2/:id',
      { config: { access: { permission: 'security.read' } }, schema: { params: idParams } },
      async (req) => incidents.getAlert(parseId(req.params.id, 'Alert'), callerScope(req.principal, 'security.read')),
    );
    // The alert page's email and sign-in details, from the hunting tables.
    const details = new AlertDetailsService(ctx);
    app.get<{ Params: { id: string } }>(
      '/api/security/alerts_v2/:id/details',
      { config: { access: { permission: 'security.read' } }, schema: { params: idParams } },
      async (req) => details.get(parseId(req.params.id, 'Alert'), callerScope(req.principal, 'security.read')),
    );
    app.patch<{ Params: { id: string }; Body: { status?: string; classification?: string; determination?: string; assignedTo?: string | null } }>(
      '/api/security/alerts_v2/:id',
      {
        config: { access: { permission: 'alerts.manage' } },
        schema: {
          params: idParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { status: { type: 'string' }, classification: { type: 'string' }, determination: { type: 'string' }, assignedTo: { type: ['string', 'null'], maxLength: 320 } },
          },
        },
      },
      async (req) => incidents.patchAlert(parseId(req.params.id, 'Alert'), req.body, actor(req.principal), callerScope(req.principal, 'alerts.manage')),
    );
    app.post<{ Params: { id: string }; Body: { comment: string } }>(
      '/api/security/alerts_v2/:id/comments',
      {
        config: { access: { permission: 'alerts.manage' } },
        schema: { params: idParams, body: { type: 'object', required: ['comment'], additionalProperties: false, properties: { comment: { type: 'string', maxLength: 30000 } } } },
      },
      async (req, reply) => reply.status(201).send(await incidents.commentAlert(parseId(req.params.id, 'Alert'), req.body.comment, actor(req.principal), callerScope(req.principal, 'alerts.manage'))),
    );
    app.post<{ Params: { id: string }; Body: { incidentId: string | null } }>(
      '/api/security/alerts_v2/:id/link',
      {
        config: { access: { permission: 'alerts.manage' } },
        schema: { params: idParams, body: { type: 'object', required: ['incidentId'], additionalProperties: false, properties: { incidentId: { type: ['string', 'null'] } } } },
      },
      async (req) => incidents.linkAlert(parseId(req.params.id, 'Alert'), req.body.incidentId === null ? null : parseId(req.body.incidentId, 'Incident'), actor(req.principal), callerScope(req.principal, 'alerts.manage')),
    );
  };
}
