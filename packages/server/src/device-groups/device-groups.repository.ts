import type { Selectable } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { DeviceGroupsTable } from '../state/schema.ts';
import type { DuckDbEventStore } from '../events/event-store.ts';
import { parseTags } from './device-groups.rules.ts';
import type { DeviceFacts } from './device-groups.rules.ts';

export type DeviceGroupRow = Selectable<DeviceGroupsTable>;

/** Device groups (SQLite) and the devices they are matched against (DeviceInfo in the event store). */
export class DeviceGroupsRepository {
  constructor(
    private readonly db: StateDb,
    private readonly events: DuckDbEventStore,
  ) {}

  list(): Promise<DeviceGroupRow[]> {
    return this.db.selectFrom('device_groups').selectAll().orderBy('rank').execute();
  }

  get(id: string): Promise<DeviceGroupRow | undefined> {
    return this.db.selectFrom('device_groups').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byName(name: string): Promise<DeviceGroupRow | undefined> {
    return this.db.selectFrom('device_groups').selectAll().where(({ eb, fn }) => eb(fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
  }

  /** Inserts a group at a rank, shifting the ones at or below it down by one. */
  async insertAt(row: DeviceGroupRow): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('device_groups').set((eb) => ({ rank: eb('rank', '+', 1) })).where('rank', '>=', row.rank).execute();
      await tx.insertInto('device_groups').values(row).execute();
    });
  }

  async update(id: string, patch: Partial<Omit<DeviceGroupRow, 'id' | 'created_at' | 'rank'>>): Promise<void> {
    await this.db.updateTable('device_groups').set(patch).where('id', '=', id).execute();
  }

  /** Rewrites every rank from an ordered list of ids (1..n). */
  async setOrder(ids: readonly string[], at: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const [i, id] of ids.entries()) await tx.updateTable('device_groups').set({ rank: i + 1, updated_at: at }).where('id', '=', id).execute();
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('device_groups').where('id', '=', id).execute();
  }

  /** Cheap fingerprint of the device inventory, to know when matched groups must be recomputed. */
  async devicesFingerprint(): Promise<string> {
    const r = await this.events.withWriter((w) => w.runAndReadAll('SELECT count(*)::VARCHAR, max(Timestamp)::VARCHAR FROM DeviceInfo'));
    const row = r.getRows()[0];
    return `${String(row?.[0] ?? '')}|${String(row?.[1] ?? '')}`;
  }

  /** Every device with its latest reported name, OS and tags. */
  async devices(): Promise<DeviceFacts[]> {
    const r = await this.events.withWriter((w) =>
      w.runAndReadAll(`
      SELECT DeviceId,
             arg_max(DeviceName, Timestamp) AS DeviceName,
             arg_max(OSPlatform, Timestamp) AS OSPlatform,
             arg_max(DeviceManualTags, Timestamp) AS ManualTags,
             arg_max(DeviceDynamicTags, Timestamp) AS DynamicTags,
             arg_max(RegistryDeviceTag, Timestamp) AS RegistryTag,
             max(Timestamp)::VARCHAR AS LastSeen
      FROM DeviceInfo
      WHERE DeviceId IS NOT NULL AND DeviceId <> ''
      GROUP BY DeviceId
      ORDER BY DeviceId`),
    );
    return r.getRowObjectsJS().map((o) => ({
      deviceId: typeof o.DeviceId === 'string' ? o.DeviceId : '',
      deviceName: typeof o.DeviceName === 'string' ? o.DeviceName : '',
      osPlatform: typeof o.OSPlatform === 'string' ? o.OSPlatform : null,
      tags: parseTags(str(o.ManualTags), str(o.DynamicTags), str(o.RegistryTag)),
      lastSeen: typeof o.LastSeen === 'string' ? o.LastSeen : null,
    }));
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
