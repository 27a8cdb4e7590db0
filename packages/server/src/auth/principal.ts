import type { FastifyRequest } from 'fastify';
import type { Permission } from './permissions.ts';

/**
 * Which devices a caller may see: all of them, or those in the listed device groups (ids from
 * /api/device-groups; 'ungrouped' is the default group). Turned into SQL by device-groups/device-scope.ts.
 */
export type DeviceScope = { readonly all: true } | { readonly deviceGroupIds: readonly string[] };

/**
 * Every scope dimension a query must apply. Devices today; a tenant dimension for service providers is one
 * more field here, applied by the same scope filter.
 */
export interface AccessScope {
  readonly devices: DeviceScope;
}

export const unrestrictedScope: AccessScope = { devices: { all: true } };

/** Who is calling: a signed-in person or an API token, with the permissions they hold. */
export interface Principal {
  readonly kind: 'user' | 'token' | 'system';
  readonly id: string;
  readonly name: string;
  readonly permissions: ReadonlySet<Permission>;
  /**
   * What the caller may see across all its permissions (the union of its assignments' scopes). The
   * resolver always sets it; it is optional only so hand-made principals (system jobs, test fixtures) stay
   * short, and then means unrestricted. Read it through scopeOf()/scopeFor().
   */
  readonly scope?: AccessScope;
  /**
   * Scope per permission, when assignments differ (e.g. alerts.manage on one device group but security.read
   * everywhere). Absent: `scope` applies to every permission. Read it through scopeFor().
   */
  readonly permissionScopes?: ReadonlyMap<Permission, AccessScope>;
  /** Set for people signed in with a session. */
  readonly session?: { readonly idHash: string; readonly csrfToken: string; readonly mustChangePassword: boolean };
}

/** Finds the caller of a request (session cookie, bearer token...). Returns undefined for anonymous. */
export type PrincipalResolver = (request: FastifyRequest) => Promise<Principal | undefined>;

/** The scope a principal has for one permission (the union scope when no per-permission scope is recorded). */
export function scopeFor(principal: Principal, permission: Permission): AccessScope {
  return principal.permissionScopes?.get(permission) ?? scopeOf(principal);
}

/** The union scope of a principal (unrestricted for a hand-made principal without one). */
export function scopeOf(principal: Principal): AccessScope {
  return principal.scope ?? unrestrictedScope;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
