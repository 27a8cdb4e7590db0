/**
 * Alert and incident visibility under a device scope: the SQL form of device-groups/device-scope.ts's predicate
 * over an alert's device evidence, used by alerts.repository.ts and incidents.repository.ts for every read.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { predicateFor } from '../device-groups/device-scope.ts';
import type { DevicesInScope, SqlPredicate } from '../device-groups/device-scope.ts';

/**
 * What of alerts and incidents a caller may see: `undefined` for everything (unscoped access), otherwise the
 * devices of its scope (devicesInScope() from device-groups/device-scope.ts, resolved once per request).
 *
 * The rule, as in Defender XDR: an alert is visible to a scoped caller when any of its device evidence (a
 * `device` or `process` entity) is one of the scope's devices, by DeviceId or, for evidence carrying only a
 * name, by DeviceName (case-insensitive, the full name DeviceInfo reports). Alerts with no device evidence
 * (mail, identity, cloud app alerts) are visible only to unscoped callers. An incident is visible when any of
 * its alerts is; a merged (redirected) incident has no alerts left, so only unscoped callers see it.
 */
export type Visibility = DevicesInScope | undefined;

/** A `{ sql, params }` predicate from device-scope.ts as a Kysely expression (its `?` bound to its params). */
function bound(p: SqlPredicate): RawBuilder<boolean> {
  const pieces = p.sql.split('?');
  if (pieces.length !== p.params.length + 1) throw new Error('scope predicate: placeholders and params differ');
  let out: RawBuilder<unknown> = sql.raw(pieces[0] ?? '');
  for (let i = 0; i < p.params.length; i++) out = sql`${out}${p.params[i]}${sql.raw(pieces[i + 1] ?? '')}`;
  return out as RawBuilder<boolean>;
}

/** The alert row `alias` has device evidence in scope (the one predicate, over its evidence JSON). */
export function alertInScope(devices: DevicesInScope, alias: string): RawBuilder<boolean> {
  const where = bound(predicateFor(devices, { deviceId: 'ev.device_id', deviceName: 'ev.device_name' }));
  return sql<boolean>`exists (select 1 from (select json_extract(j.value, '$.deviceId') as device_id, json_extract(j.value, '$.deviceName') as device_name from json_each(${sql.ref(`${alias}.evidence`)}) j where json_extract(j.value, '$.type') in ('device', 'process')) ev where ${where})`;
}

/** The incident row `alias` has at least one alert in scope. */
export function incidentInScope(devices: DevicesInScope, alias: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from alerts sa where sa.incident_id = ${sql.ref(`${alias}.id`)} and ${alertInScope(devices, 'sa')})`;
}
