import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { badRequest, HttpError, unauthorized } from '../http/errors.ts';
import { IncidentsService } from './incidents.service.ts';
import type { IncidentPatch, ODataParams, QueueParams } from './incidents.service.ts';
import { QueueViewsService, queueColumns } from './queue-views.service.ts';
import { IncidentEvidenceService } from './incident-evidence.service.ts';
import { IncidentTimelineService } from './incident-timeline.service.ts';
import type { EvidencePatch } from './incident-evidence.service.ts';
import { evidenceVerdicts, remediationStatuses } from './incident-evidence.ts';
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

const valueList = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 50 } as const;

/** The list's query: OData plus the queue's own filters (repeat a parameter for several values). */
const listQuery = {
  ...odataQuery,
  properties: {
    ...odataQuery.properties,
    category: valueList,
    serviceSource: valueList,
    detectionSource: valueList,
    tag: valueList,
    deviceGroup: valueList,
    search: { type: 'string', maxLength: 200 },
  },
} as const;

/** The signed-in person's user id: the queue's columns and filter sets are a person's, not an API token's. */
function personOnly(p: Principal | undefined): string {
  if (!p) throw unauthorized();
  if (p.kind !== 'user') throw new HttpError(400, 'sessionRequired', 'Queue columns and filter sets belong to a person; API tokens have none.');
  return p.id;
}

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

    const views = new QueueViewsService(ctx);

    app.get<{ Querystring: ODataParams & QueueParams }>(
      '/api/security/incidents',
      { config: { access: { permission: 'security.read' } }, schema: { querystring: listQuery } },
      async (req) => service.list(req.query, callerScope(req.principal, 'security.read')),
    );

    // The incident queue: its 24 h chart, the values its filters offer, and each person's columns and filter sets.
    app.get<{ Querystring: { hours?: number } }>(
      '/api/security/incidents/queue/hourly',
      { config: { access: { permission: 'security.read' } }, schema: { querystring: { type: 'object', additionalProperties: false, properties: { hours: { type: 'integer' } } } } },
      async (req) => service.hourly(req.query.hours ?? 24, callerScope(req.principal, 'security.read')),
    );
    app.get(
      '/api/security/incidents/queue/filter-options',
      { config: { access: { permission: 'security.read' } } },
      async (req) => service.filterOptions(callerScope(req.principal, 'security.read')),
    );
    app.get('/api/security/incidents/queue/columns', { config: { access: { permission: 'security.read' } } }, async (req) => views.columns(personOnly(req.principal)));
    app.put<{ Body: { columns: string[] } }>(
      '/api/security/incidents/queue/columns',
      {
        config: { access: { permission: 'security.read' } },
        schema: { body: { type: 'object', required: ['columns'], additionalProperties: false, properties: { columns: { type: 'array', minItems: 1, maxItems: queueColumns.length, items: { type: 'string', maxLength: 60 } } } } },
      },
      async (req) => views.putColumns(personOnly(req.principal), req.body.columns),
    );
    app.get('/api/security/incidents/queue/filter-sets', { config: { access: { permission: 'security.read' } } }, async (req) => views.filterSets(personOnly(req.principal)));
    app.post<{ Body: { name: string; query: string } }>(
      '/api/security/incidents/queue/filter-sets',
      {
        config: { access: { permission: 'security.read' } },
        schema: { body: { type: 'object', required: ['name', 'query'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, query: { type: 'string', maxLength: 4000 } } } },
      },
      async (req, reply) => reply.status(201).send(await views.putFilterSet(personOnly(req.principal), req.body)),
    );
    app.delete<{ Params: { id: string } }>(
      '/api/security/incidents/queue/filter-sets/:id',
      { config: { access: { permission: 'security.read' } }, schema: { params: idParams } },
      async (req, reply) => {
        await views.deleteFilterSet(personOnly(req.principal), parseId(req.params.id, 'Filter set'));
        return reply.status(204).send();
      },
    );
    app.get<{ Params: { id: string } }>(
      '/api/security/incidents/:id/summary.pdf',
      { config: { access: { permission: 'security.read' } }, schema: { params: idParams } },
      async (req, reply) => {
        const { fileName, bytes } = await service.pdf(parseId(req.params.id, 'Incident'), callerScope(req.principal, 'security.read'), actor(req.principal));
        return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(bytes);
      },
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
    // The incident's evidence: entities merged across its alerts, with verdict and remediation status.
    const evidence = new IncidentEvidenceService(ctx);
    app.get<{ Params: { id: string } }>(
      '/api/security/incidents/:id/evidence',
      { config: { access: { permission: 'security.read' } }, schema: { params: idParams } },
      async (req) => evidence.list(parseId(req.params.id, 'Incident'), callerScope(req.principal, 'security.read')),
    );
    // The attack story's raw events: the hunting-table rows behind the evidence (incident-timeline.service.ts).
    const timeline = new IncidentTimelineService(ctx);
    app.get<{ Params: { id: string } }>(
      '/api/security/incidents/:id/timeline',
      { config: { access: { permission: 'security.read' } }, schema: { params: idParams } },
      async (req) => timeline.get(parseId(req.params.id, 'Incident'), callerScope(req.principal, 'security.read')),
    );
    app.patch<{ Params: { id: string }; Body: EvidencePatch }>(
      '/api/security/incidents/:id/evidence',
      {
        config: { access: { permission: 'alerts.manage' } },
        schema: {
          params: idParams,
          body: {
            type: 'object',
            required: ['entityIds'],
            additionalProperties: false,
            properties: {
              entityIds: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 2000 }, minItems: 1, maxItems: 500 },
              verdict: { type: 'string', enum: [...evidenceVerdicts] },
              remediationStatus: { type: 'string', enum: [...remediationStatuses] },
              remediationStatusDetails: { type: ['string', 'null'], maxLength: 2000 },
            },
          },
        },
      },
      async (req) => evidence.set(parseId(req.params.id, 'Incident'), req.body, actor(req.principal), callerScope(req.principal, 'alerts.manage')),
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
