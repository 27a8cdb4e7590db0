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
];
