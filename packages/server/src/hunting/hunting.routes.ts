import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { unrestrictedScope, scopeFor } from '../auth/principal.ts';
import { HuntingService, denyGroupScopes } from './hunting.service.ts';
import type { DeviceScopeResolver } from './hunting.service.ts';

export interface HuntingRouteOptions {
  timeoutMs?: number;
  maxRows?: number;
  /** How a device-group scope becomes device ids (the device-groups module provides it). */
  resolveDevices?: DeviceScopeResolver;
}

/**
 * POST /api/security/runHuntingQuery: Microsoft Graph's shape. Body {Query, Timespan?}; answer
 * {schema:[{name,type}], results:[...], stats:{elapsedMs, rows, truncated}}. KQL errors are 400 with
 * line:column; the caller's device scope for hunting.run filters every device table. `?nulls=omit` (the
 * portal's choice) leaves empty cells out of each result object: wide Advanced Hunting rows are mostly
 * nulls, and the browser then parses a fraction of the bytes. Graph's shape stays the default.
 */
export function huntingRoutes(ctx: AppContext, options: HuntingRouteOptions = {}): FastifyPluginAsync {
  const service = new HuntingService(ctx.events, {
    timeoutMs: options.timeoutMs ?? 60_000,
    maxRows: options.maxRows ?? 100_000,
    now: ctx.now,
    resolveDevices: options.resolveDevices ?? denyGroupScopes,
  });
  return async (app) => {
    app.post<{ Body: { Query: string; Timespan?: string }; Querystring: { nulls?: 'keep' | 'omit' } }>(
      '/api/security/runHuntingQuery',
      {
        config: { access: { permission: 'hunting.run' } },
        schema: {
          querystring: { type: 'object', properties: { nulls: { type: 'string', enum: ['keep', 'omit'] } }, additionalProperties: false },
          body: {
            type: 'object',
            properties: { Query: { type: 'string', minLength: 1, maxLength: 100_000 }, Timespan: { type: 'string', maxLength: 40 } },
            required: ['Query'],
            additionalProperties: false,
          },
        },
      },
      async (request) => {
        const scope = request.principal ? scopeFor(request.principal, 'hunting.run') : unrestrictedScope;
        return service.run(request.body.Query, {
          scope: scope.devices,
          omitNulls: request.query.nulls === 'omit',
          ...(request.body.Timespan !== undefined ? { timespan: request.body.Timespan } : {}),
        });
      },
    );
  };
}
