import type { Migration } from '../../storage/versioned.ts';
import type { StateDb } from '../database.ts';

/**
 * Threat indicators (Defender's custom indicators of compromise): a file hash, IP address, URL or domain with
 * what to do when telemetry shows it (alert, alert and block, or allow), its severity, expiry and source. One
 * row per type and value, so importing a feed again updates its indicators instead of duplicating them.
 */
export const m0009Indicators: Migration<StateDb> = {
  version: 9,
  name: 'threat indicators',
  async up(db) {
    await db.schema
      .createTable('indicators')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('indicator_type', 'text', (c) => c.notNull())
      .addColumn('indicator_value', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('recommended_actions', 'text')
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('mitre_techniques', 'text', (c) => c.notNull())
      .addColumn('expiration', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_type', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created', 'text', (c) => c.notNull())
      .addColumn('last_updated_by', 'text', (c) => c.notNull())
      .addColumn('last_update', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('indicators_type_value').on('indicators').columns(['indicator_type', 'indicator_value']).unique().execute();
  },
};
