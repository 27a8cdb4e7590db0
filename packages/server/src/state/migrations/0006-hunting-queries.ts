import type { Migration } from '../../storage/versioned.ts';
import type { StateDb } from '../database.ts';

/** Saved hunting queries (personal or shared, in folders) and each person's query history. */
export const m0006HuntingQueries: Migration<StateDb> = {
  version: 6,
  name: 'saved hunting queries and history',
  async up(db) {
    await db.schema
      .createTable('hunting_queries')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('owner_name', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('folder', 'text', (c) => c.notNull())
      .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('last_update', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('hunting_queries_owner').on('hunting_queries').columns(['owner_id', 'shared']).execute();
    await db.schema
      .createTable('hunting_history')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('timespan', 'text')
      .addColumn('ran_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('hunting_history_owner').on('hunting_history').columns(['owner_id', 'id']).execute();
  },
};
