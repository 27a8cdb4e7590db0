import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppContext } from './context.ts';
import { HttpError, forbidden, unauthorized } from './http/errors.ts';
import type { ErrorBody } from './http/errors.ts';
import { enforceRouteAccess } from './http/route-access.ts';
import type { RouteRecord } from './http/route-access.ts';
import type { PrincipalResolver } from './auth/principal.ts';
import { createPrincipalResolver } from './auth/resolver.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { deviceGroupsRoutes } from './device-groups/device-groups.routes.ts';
import { rolesRoutes } from './roles/roles.routes.ts';
import { usersRoutes } from './users/users.routes.ts';
import { tokensRoutes } from './tokens/tokens.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { drainAlertPipeline } from './correlation/correlation.service.ts';
import { incidentsRoutes } from './incidents/incidents.routes.ts';
import { alertsRoutes } from './alerts/alerts.routes.ts';
import { detectionsRoutes } from './detections/detections.routes.ts';
import { demoRoutes } from './demo/demo.routes.ts';
import { alertTuningRoutes } from './alerts/alert-tuning.routes.ts';
import { notificationsRoutes } from './notifications/notifications.routes.ts';
import { huntingSchemaRoutes } from './hunting/schema.routes.ts';
import { savedQueriesRoutes } from './hunting/saved-queries.routes.ts';
import { huntingRoutes } from './hunting/hunting.routes.ts';
import { deviceScopeResolver } from './device-groups/device-scope.ts';
import { ingestRoutes } from './ingest/ingest.routes.ts';
import { entitiesRoutes } from './entities/entities.routes.ts';
import { indicatorsRoutes } from './indicators/indicators.routes.ts';

export interface BuildAppOptions {
  /** How callers are identified. Default: session cookies and API tokens (auth/resolver.ts). */
  resolvePrincipal?: PrincipalResolver;
  /** Route modules to register besides the built-in ones. */
  routes?: ((ctx: AppContext) => FastifyPluginAsync)[];
}

export interface PalisadeApp {
  app: FastifyInstance;
  /** Every route with the access it declares (for the deny-by-default test and the docs). */
  routes: readonly RouteRecord[];
}

/** Route modules of the portal, one per resource. A new resource adds one line here. */
const routeModules: ((ctx: AppContext) => FastifyPluginAsync)[] = [healthRoutes, demoRoutes, huntingSchemaRoutes, savedQueriesRoutes, authRoutes, tokensRoutes, ingestRoutes, incidentsRoutes, alertsRoutes, detectionsRoutes, alertTuningRoutes, notificationsRoutes, (c) => huntingRoutes(c, { resolveDevices: deviceScopeResolver(c) }), usersRoutes, rolesRoutes, deviceGroupsRoutes, auditRoutes, entitiesRoutes, indicatorsRoutes];

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<PalisadeApp> {
  // pino's Logger is a FastifyBaseLogger; typing it as such keeps FastifyInstance at its default generics.
  const logger: FastifyBaseLogger = ctx.logger;
  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => crypto.randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: 64 * 1024 * 1024,
    return503OnClosing: true,
  });
  const routes: RouteRecord[] = [];
  enforceRouteAccess(app, routes);

  const resolvePrincipal = options.resolvePrincipal ?? createPrincipalResolver(ctx);
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || 'public' in access) return;
    const principal = await resolvePrincipal(request);
    if (!principal) throw unauthorized();
    request.principal = principal;
    if ('permission' in access && !principal.permissions.has(access.permission)) throw forbidden();
  });

  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof HttpError) {
      const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } };
      return reply.status(err.status).send(body);
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      return reply.status(400).send({ error: { code: 'badRequest', message: `Invalid request: ${fe.message}` } } satisfies ErrorBody);
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send({ error: { code: fe.code ?? 'badRequest', message: fe.message } } satisfies ErrorBody);
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: `Something went wrong on the server (request ${request.id}).` } } satisfies ErrorBody);
  });

  // Closing: alert writes in flight (incidents and their hunting rows) finish before the stores close.
  app.addHook('onClose', async () => {
    await drainAlertPipeline(ctx);
  });
  for (const mod of [...routeModules, ...(options.routes ?? [])]) await app.register(mod(ctx));

  const webRoot = ctx.webRoot;
  if (webRoot && existsSync(webRoot)) {
    // serve:false: the plugin only lends reply.sendFile; the one route below declares its access like any other.
    // cacheControl:false: the route sets Cache-Control itself (the plugin's default would overwrite it with max-age=0).
    await app.register(fastifyStatic, { root: webRoot, serve: false, cacheControl: false });
    app.get<{ Params: { '*': string } }>(
      '/*',
      { config: { access: { public: true, reason: 'the web app itself (it signs in through the API)' } } },
      async (request, reply) => {
        const path = request.params['*'];
        if (path.startsWith('api/') || path === 'api') throw new HttpError(404, 'notFound', `No route ${request.method} /${path}.`);
        const file = resolve(webRoot, path);
        // The SPA owns every other path: unknown paths get index.html so deep links work.
        if (path !== '' && file.startsWith(webRoot + sep) && existsSync(file) && statSync(file).isFile()) {
          const immutable = path.startsWith('assets/');
          return reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(path);
        }
        // A missing build asset is a 404, not the SPA: index.html served as a script only breaks the page obscurely.
        if (path.startsWith('assets/')) throw new HttpError(404, 'notFound', `No file /${path} in the web build.`);
        return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
      },
    );
  }
  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send({ error: { code: 'notFound', message: `No route ${request.method} ${request.url.split('?')[0] ?? ''}.` } } satisfies ErrorBody);
  });

  await app.ready();
  return { app, routes };
}
