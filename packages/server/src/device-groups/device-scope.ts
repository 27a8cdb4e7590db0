import type { AppContext } from '../context.ts';
import type { AccessScope } from '../auth/principal.ts';
import { deviceGroupsFor } from './device-groups.service.ts';

/**
 * The one scope filter for every query layer. A principal's scope (`request.principal.scope`, or
 * `scopeFor(principal, permission)`) becomes either "everything" or the exact set of devices it may see.
 *
 *   const devices = await devicesInScope(ctx, scopeOf(principal));          // undefined: all devices
 *   const where = await scopePredicate(ctx, scope, { deviceId: 'a.DeviceId' }); // SQL + params, DuckDB or SQLite
 *   db.prepare(`SELECT ... FROM alerts a WHERE ${where.sql}`).all(...where.params)
 *
 * A tenant dimension later adds one more condition here, so callers do not change.
 */
export interface DevicesInScope {
  deviceIds: string[];
  deviceNames: string[];
}

export async function devicesInScope(ctx: AppContext, scope: AccessScope): Promise<DevicesInScope | undefined> {
  if ('all' in scope.devices) return undefined;
  const devices = await deviceGroupsFor(ctx).devicesInGroups(scope.devices.deviceGroupIds);
  return { deviceIds: devices.map((d) => d.deviceId), deviceNames: [...new Set(devices.map((d) => d.deviceName.toLowerCase()).filter((n) => n !== ''))] };
}

/** Device ids a scope allows, or undefined for all: what EventStore.query's `deviceIds` option takes. */
export async function deviceIdsInScope(ctx: AppContext, scope: AccessScope): Promise<string[] | undefined> {
  return (await devicesInScope(ctx, scope))?.deviceIds;
}

export interface SqlPredicate {
  /** A boolean SQL expression with `?` placeholders (DuckDB and SQLite both take them). */
  sql: string;
  params: string[];
}

export interface ScopeColumns {
  /** Column (or qualified column) holding DeviceId. */
  deviceId?: string;
  /** Column holding DeviceName; matched case-insensitively, for rows that carry a name but no id. */
  deviceName?: string;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** Builds the predicate from a resolved device set (no I/O): exposed for callers that cache the set. */
export function predicateFor(devices: DevicesInScope | undefined, columns: ScopeColumns): SqlPredicate {
  if (!columns.deviceId && !columns.deviceName) throw new Error('scopePredicate needs a deviceId or deviceName column');
  for (const c of [columns.deviceId, columns.deviceName]) if (c !== undefined && !identifier.test(c)) throw new Error(`scopePredicate: '${c}' is not a column name`);
  if (devices === undefined) return { sql: '1 = 1', params: [] };
  const parts: string[] = [];
  const params: string[] = [];
  if (columns.deviceId && devices.deviceIds.length > 0) {
    parts.push(`${columns.deviceId} IN (${devices.deviceIds.map(() => '?').join(', ')})`);
    params.push(...devices.deviceIds);
  }
  if (columns.deviceName && devices.deviceNames.length > 0) {
    parts.push(`lower(${columns.deviceName}) IN (${devices.deviceNames.map(() => '?').join(', ')})`);
    params.push(...devices.deviceNames);
  }
  return parts.length === 0 ? { sql: '1 = 0', params: [] } : { sql: `(${parts.join(' OR ')})`, params };
}

/** The scope as a SQL predicate over the given columns: `1 = 1` for all devices, `1 = 0` for none. */
export async function scopePredicate(ctx: AppContext, scope: AccessScope, columns: ScopeColumns): Promise<SqlPredicate> {
  return predicateFor(await devicesInScope(ctx, scope), columns);
}

/**
 * The same, shaped as a resolver from a DeviceScope to device ids (undefined: all), for modules that take
 * one (e.g. huntingRoutes' `resolveDevices`).
 */
export function deviceScopeResolver(ctx: AppContext): (scope: AccessScope['devices']) => Promise<string[] | undefined> {
  return (scope) => deviceIdsInScope(ctx, { devices: scope });
}
