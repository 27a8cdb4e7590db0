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
 * line:column; the caller's device scope for hunting.run filters every device table.
 */
export function huntingRoutes(ctx: AppContext, options: HuntingRouteOptions = {}): FastifyPluginAsync {
  const service = new HuntingService(ctx.events, {
    timeoutMs: options.timeoutMs ?? 60_000,
    maxRows: options.maxRows ?? 100_000,
    now: ctx.now,
    resolveDevices: options.resolveDevices ?? denyGroupScopes,
  });
  return async (app) => {
    app.post<{ Body: { Query: string; Timespan?: string } }>(
      '/api/security/runHuntingQuery',
      {
        config: { access: { permission: 'hunting.run' } },
        schema: {
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
          ...(request.body.Timespan !== undefined ? { timespan: request.body.Timespan } : {}),
        });
      },
    );
  };
}
