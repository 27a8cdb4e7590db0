import type { Migration } from '../../storage/versioned.ts';
import type { StateDb } from '../database.ts';

/** Incident notification rules (webhooks) and their delivery log. */
export const m0005Notifications: Migration<StateDb> = {
  version: 5,
  name: 'notification rules and deliveries',
  async up(db) {
    await db.schema
      .createTable('notification_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('min_severity', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('last_update', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('notification_deliveries')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('incident_id', 'integer', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('last_attempt', 'text')
      .execute();
    await db.schema.createIndex('notification_deliveries_rule').on('notification_deliveries').columns(['rule_id', 'id']).execute();
  },
};
