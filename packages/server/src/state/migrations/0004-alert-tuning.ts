import type { Migration } from '../../storage/versioned.ts';
import type { StateDb } from '../database.ts';

/** Alert tuning (suppression) rules: conditions on an alert and its evidence, an action, scope, owner, expiry. */
export const m0004AlertTuning: Migration<StateDb> = {
  version: 4,
  name: 'alert tuning rules',
  async up(db) {
    await db.schema
      .createTable('alert_tuning_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('conditions', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('classification', 'text')
      .addColumn('determination', 'text')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('expires', 'text')
      .addColumn('match_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_match', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('last_update', 'text', (c) => c.notNull())
      .execute();
  },
};
