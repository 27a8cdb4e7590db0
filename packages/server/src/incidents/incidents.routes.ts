import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { badRequest } from '../http/errors.ts';
import { IncidentsService } from './incidents.service.ts';
import type { IncidentPatch, ODataParams } from './incidents.service.ts';
import { scopeFor, unrestrictedScope } from '../auth/principal.ts';
import type { AccessScope, Principal } from '../auth/principal.ts';
import type { Permission } from '../auth/permissions.ts';

/** The caller's scope for the route's permission: what every incident and alert read and change goes through. */
export function callerScope(principal: Principal | undefined, permission: Permission): AccessScope {
  return principal ? scopeFor(principal, permission) : unrestrictedScope;
}

const odataQuery = {
  type: 'object',
  properties: {
    $filter: { type: 'string', maxLength: 2000 },
    $top: { type: 'integer' },
    $skip: { type: 'integer' },
    $orderby: { type: 'string', maxLength: 100 },
    $expand: { type: 'string', maxLength: 100 },
  },
  additionalProperties: false,
} as const;

const idParams = { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]{1,15}$' } }, required: ['id'] } as const;

export function parseId(raw: string, what: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw badRequest(`${what} id must be a positive integer; got "${raw}".`);
  return id;
}

/** Graph-compatible incidents: GET/PATCH /api/security/incidents[/{id}], comments, merge. */
export function incidentsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const service = new IncidentsService(ctx);
    const actor = (p: { name: string } | undefined): string => p?.name ?? 'unknown';

    app.get<{ Querystring: ODataParams }>(
      '/api/security/incidents',
      { config: { access: { permission: 'security.read' } }, schema: { querystring: odataQuery } },
      async (req) => service.list(req.query, callerScope(req.principal, 'security.read')),
    );
    app.get<{ Params: { id: string }; Querystring: { $expand?: string } }>(
      '/api/security/incidents/:id',
      { config: { access: { permission: 'security.read' } }, schema: { params: idParams, querystring: { type: 'object', properties: { $expand: { type: 'string' } }, additionalProperties: false } } },
      async (req) => service.get(parseId(req.params.id, 'Incident'), callerScope(req.principal, 'security.read'), req.query.$expand),
    );
    app.patch<{ Params: { id: string }; Body: IncidentPatch }>(
      '/api/security/incidents/:id',
      {
        config: { access: { permission: 'alerts.manage' } },
        schema: {
          params: idParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              status: { type: 'string' },
              assignedTo: { type: ['string', 'null'], maxLength: 320 },
              classification: { type: 'string' },
              determination: { type: 'string' },
              customTags: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 50 },
              severity: { type: ['string', 'null'] },
              displayName: { type: ['string', 'null'], minLength: 1, maxLength: 500 },
              description: { type: ['string', 'null'], maxLength: 30000 },
              resolvingComment: { type: 'string', maxLength: 30000 },
            },
          },
        },
      },
      async (req) => service.patch(parseId(req.params.id, 'Incident'), req.body, actor(req.principal), callerScope(req.principal, 'alerts.manage')),
    );
    app.post<{ Params: { id: string }; Body: { comment: string } }>(
      '/api/security/incidents/:id/comments',
      {
        config: { access: { permission: 'alerts.manage' } },
        schema: { params: idParams, body: { type: 'object', required: ['comment'], additionalProperties: false, properties: { comment: { type: 'string' } } } },
      },
      async (req, reply) => reply.status(201).send(await service.comment(parseId(req.params.id, 'Incident'), req.body.comment, actor(req.principal), callerScope(req.principal, 'alerts.manage'))),
    );
    app.post<{ Body: { incidentIds: string[] } }>(
      '/api/security/incidents/merge',
      {
        config: { access: { permission: 'alerts.manage' } },
        schema: { body: { type: 'object', required: ['incidentIds'], additionalProperties: false, properties: { incidentIds: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 5 } } } },
      },
      async (req) => service.merge(req.body.incidentIds.map((i) => parseId(i, 'Incident')), actor(req.principal), callerScope(req.principal, 'alerts.manage')),
    );
  };
}
