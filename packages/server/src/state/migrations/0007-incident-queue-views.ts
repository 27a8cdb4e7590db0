import type { Migration } from '../../storage/versioned.ts';
import type { StateDb } from '../database.ts';

/**
 * The incident queue's per-person state (issue 8): the chosen columns in their order, and named filter sets
 * (the queue's URL filters saved under a name). Also the indexes behind the queue's 24 h chart (alerts and
 * incidents by creation time) and its severity filter with the default sort.
 */
export const m0007IncidentQueueViews: Migration<StateDb> = {
  version: 7,
  name: 'incident queue columns and filter sets',
  async up(db) {
    await db.schema
      .createTable('incident_queue_settings')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('columns', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('incident_filter_sets')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('last_update', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('incident_filter_sets_owner_name').on('incident_filter_sets').columns(['owner_id', 'name']).unique().execute();
    await db.schema.createIndex('incidents_created').on('incidents').column('created').execute();
    await db.schema.createIndex('incidents_severity').on('incidents').columns(['severity', 'last_update']).execute();
    await db.schema.createIndex('alerts_created').on('alerts').column('created').execute();
  },
};
