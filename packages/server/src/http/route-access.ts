import type { FastifyInstance, RouteOptions } from 'fastify';
import type { RouteAccess } from '../auth/permissions.ts';
import { isPermission } from '../auth/permissions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Required on every route: deny by default. */
    access?: RouteAccess;
  }
}

export interface RouteRecord {
  method: string;
  url: string;
  access: RouteAccess;
}

/**
 * Deny by default: a route registered without `config.access` throws at startup, so it can never be served.
 * The list of routes with what each needs is kept for tests and the docs.
 */
export function enforceRouteAccess(app: FastifyInstance, registry: RouteRecord[]): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => m === 'HEAD')) return; // fastify's automatic HEAD twin of a GET
    if (!access) throw new Error(`Route ${methods.join(',')} ${route.url} declares no access (permission, public or authenticated)`);
    if ('permission' in access && !isPermission(access.permission)) {
      throw new Error(`Route ${route.url} names unknown permission ${String(access.permission)}`);
    }
    for (const method of methods) registry.push({ method, url: route.url, access });
  });
}
