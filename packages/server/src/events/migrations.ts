import type { DuckDBConnection } from '@duckdb/node-api';
import type { Migration } from '../storage/versioned.ts';
import { duckdbCreateTable, huntingTables } from '../schema/advanced-hunting.ts';

/**
 * Event store migrations, in order, append only. Version 1 creates every Advanced Hunting table from the
 * schema module; a later change to a table's columns is a new migration (ALTER TABLE ... ADD COLUMN).
 */
export const eventMigrations: readonly Migration<DuckDBConnection>[] = [
  {
    version: 1,
    name: 'advanced hunting tables',
    async up(conn) {
      for (const t of huntingTables.values()) await conn.run(duckdbCreateTable(t));
    },
  },
  {
    version: 2,
    name: 'ingest bookkeeping: dead letters, idempotency keys, record ids',
    async up(conn) {
      // Every rejected record, verbatim, with why. Never pruned by table retention (an admin clears it).
      await conn.run(`CREATE TABLE _dead_letters (
        received_at TIMESTAMP NOT NULL,
        format VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        batch_id VARCHAR NOT NULL,
        record_index INTEGER NOT NULL,
        field VARCHAR,
        code VARCHAR NOT NULL,
        message VARCHAR NOT NULL,
        raw VARCHAR NOT NULL
      )`);
      // One row per committed batch that carried an Idempotency-Key: the response it got, replayed on retry.
      await conn.run(`CREATE TABLE _ingest_batches (
        idempotency_key VARCHAR PRIMARY KEY,
        committed_at TIMESTAMP NOT NULL,
        response VARCHAR NOT NULL
      )`);
      // Per-record event ids already stored (records that carry one), so a resent record adds nothing.
      await conn.run(`CREATE TABLE _ingest_record_ids (
        record_id VARCHAR PRIMARY KEY,
        committed_at TIMESTAMP NOT NULL
      )`);
    },
  },
];
