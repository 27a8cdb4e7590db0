import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { callerScope } from '../incidents/incidents.routes.ts';
import { EntitiesService, entityKinds } from './entities.service.ts';
import type { EntityKind, TimelineParams } from './entities.service.ts';
import { timelineTables } from './device-timeline.ts';

const idParam = { type: 'string', minLength: 1, maxLength: 300 } as const;
const deviceParams = { type: 'object', properties: { id: idParam }, required: ['id'], additionalProperties: false } as const;
const instant = { type: 'string', maxLength: 40 } as const;

/**
 * Entity pages (permission security.read, through its device scope):
 *   GET /api/entities/devices/{id}                      overview: OS, IPs, users, risk, exposure, tags, device group
 *   GET /api/entities/devices/{id}/timeline             events of every Device* table, newest first, keyset-paged
 *   GET /api/entities/devices/{id}/timeline/facets      rows per table and action type (the filters' choices)
 *   GET /api/entities/devices/{id}/events/{table}/{reportId}?timestamp=  one event, every column
 *   GET /api/entities/{type}/{id}/related               alerts naming the entity and their incidents
 * {id} of a device: its DeviceId, full name or host name.
 */
export function entitiesRoutes(ctx: AppContext): FastifyPluginAsync {
  const service = new EntitiesService(ctx);
  const access = { access: { permission: 'security.read' as const } };
  return async (app) => {
    app.get<{ Params: { id: string } }>('/api/entities/devices/:id', { config: access, schema: { params: deviceParams } }, async (req) =>
      service.deviceOverview(req.params.id, callerScope(req.principal, 'security.read')),
    );

    app.get<{ Params: { id: string }; Querystring: TimelineParams }>(
      '/api/entities/devices/:id/timeline',
      {
        config: access,
        schema: {
          params: deviceParams,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              limit: { type: 'integer', minimum: 1, maximum: 1000 },
              cursor: { type: 'string', maxLength: 400 },
              from: instant,
              to: instant,
              table: { type: 'array', items: { type: 'string', enum: [...timelineTables] }, maxItems: timelineTables.length },
              actionType: { type: 'string', maxLength: 200 },
              search: { type: 'string', maxLength: 200 },
            },
          },
        },
      },
      async (req) => service.deviceTimeline(req.params.id, callerScope(req.principal, 'security.read'), req.query),
    );

    app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
      '/api/entities/devices/:id/timeline/facets',
      { config: access, schema: { params: deviceParams, querystring: { type: 'object', additionalProperties: false, properties: { from: instant, to: instant } } } },
      async (req) => service.deviceTimelineFacets(req.params.id, callerScope(req.principal, 'security.read'), req.query),
    );

    app.get<{ Params: { id: string; table: string; reportId: number }; Querystring: { timestamp: string } }>(
      '/api/entities/devices/:id/events/:table/:reportId',
      {
        config: access,
        schema: {
          params: { type: 'object', properties: { id: idParam, table: { type: 'string', maxLength: 60 }, reportId: { type: 'integer' } }, required: ['id', 'table', 'reportId'] },
          querystring: { type: 'object', additionalProperties: false, properties: { timestamp: instant }, required: ['timestamp'] },
        },
      },
      async (req) => service.deviceEvent(req.params.id, callerScope(req.principal, 'security.read'), req.params.table, req.params.reportId, req.query.timestamp),
    );

    app.get<{ Params: { type: EntityKind; id: string } }>(
      '/api/entities/:type/:id/related',
      {
        config: access,
        schema: { params: { type: 'object', properties: { type: { type: 'string', enum: [...entityKinds] }, id: idParam }, required: ['type', 'id'], additionalProperties: false } },
      },
      async (req) => service.related(req.params.type, req.params.id, callerScope(req.principal, 'security.read')),
    );
  };
}
