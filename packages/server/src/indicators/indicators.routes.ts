import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { indicatorsService } from './indicators.service.ts';
import { detectionsService } from '../detections/detections.service.ts';

const idParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 20 } }, required: ['id'] } as const;
const listQuery = {
  type: 'object',
  properties: {
    type: { type: 'string', maxLength: 200 },
    action: { type: 'string', maxLength: 200 },
    severity: { type: 'string', maxLength: 200 },
    status: { type: 'string', maxLength: 20 },
    search: { type: 'string', maxLength: 500 },
    source: { type: 'string', maxLength: 200 },
    $top: { type: 'integer', minimum: 1, maximum: 10_000 },
    $skip: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
} as const;
const importBody = {
  type: 'object',
  properties: {
    format: { type: 'string', enum: ['csv', 'stix'] },
    content: {},
    source: { type: 'string', maxLength: 200 },
    severity: { type: 'string', maxLength: 20 },
  },
  required: ['format', 'content'],
  additionalProperties: false,
} as const;

/**
 * Threat indicators: /api/indicators (read: security.read; create, edit, delete and import: settings.detection,
 * the permission that tunes detections). A change makes the indicator rules look back 30 days at the next
 * detection pass, so telemetry older than the indicator is matched too. Filters: type, action, severity (comma-separated), status
 * (active|expired|all), search, source, $top, $skip.
 */
export function indicatorsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const service = indicatorsService(ctx);
    // Any change to the indicators: the indicator rules match the past 30 days again at the next pass.
    const rescan = (): Promise<void> => detectionsService(ctx).rescanIndicatorRules();
    const actor = (p: { name: string } | undefined): string => p?.name ?? 'unknown';
    app.get<{ Querystring: { type?: string; action?: string; severity?: string; status?: string; search?: string; source?: string; $top?: number; $skip?: number } }>(
      '/api/indicators',
      { config: { access: { permission: 'security.read' } }, schema: { querystring: listQuery } },
      async (req) => {
        const { $top, $skip, ...rest } = req.query;
        return service.list({ ...rest, ...($top !== undefined ? { top: $top } : {}), ...($skip !== undefined ? { skip: $skip } : {}) });
      },
    );
    app.get<{ Params: { id: string } }>('/api/indicators/:id', { config: { access: { permission: 'security.read' } }, schema: { params: idParams } }, async (req) => service.get(req.params.id));
    app.post<{ Body: unknown }>('/api/indicators', { config: { access: { permission: 'settings.detection' } }, schema: { body: { type: 'object' } } }, async (req, reply) => {
      const created = await service.create(req.body, actor(req.principal));
      await rescan();
      return reply.status(201).send(created);
    });
    app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/api/indicators/:id',
      { config: { access: { permission: 'settings.detection' } }, schema: { params: idParams, body: { type: 'object' } } },
      async (req) => {
        const updated = await service.update(req.params.id, req.body, actor(req.principal));
        await rescan();
        return updated;
      },
    );
    app.delete<{ Params: { id: string } }>('/api/indicators/:id', { config: { access: { permission: 'settings.detection' } }, schema: { params: idParams } }, async (req, reply) => {
      await service.remove(req.params.id);
      await rescan();
      return reply.status(204).send();
    });
    app.post<{ Body: { format: 'csv' | 'stix'; content: unknown; source?: string; severity?: string } }>(
      '/api/indicators/import',
      { config: { access: { permission: 'settings.detection' } }, schema: { body: importBody } },
      async (req) => {
        const result = await service.import(req.body, actor(req.principal));
        if (result.created + result.updated > 0) await rescan();
        return result;
      },
    );
  };
}
