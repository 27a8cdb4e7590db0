import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Migration } from '../storage/versioned.ts';
import { StoreTooNewError, checkMigrationList } from '../storage/versioned.ts';
import { eventMigrations } from './migrations.ts';

/**
 * The event store: the Advanced Hunting tables, in DuckDB (one file under the data dir). This class owns
 * the instance, its schema version and the connections; appends, hunting queries, retention and stats are
 * built on it by the ingest and hunting modules.
 */
export class DuckDbEventStore {
  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    /** The writer connection: appends and migrations. */
    readonly writer: DuckDBConnection,
    readonly version: number,
  ) {}

  static readonly latestVersion = checkMigrationList('event', eventMigrations);

  static async open(path: string): Promise<DuckDbEventStore> {
    const instance = await DuckDBInstance.create(path);
    const writer = await instance.connect();
    try {
      await writer.run('CREATE TABLE IF NOT EXISTS _palisade_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)');
      const rows = (await writer.runAndReadAll("SELECT value FROM _palisade_meta WHERE key = 'schema_version'")).getRowsJS();
      const found = rows.length > 0 ? Number(rows[0]?.[0]) : 0;
      const latest = DuckDbEventStore.latestVersion;
      if (found > latest) throw new StoreTooNewError('event', path, found, latest);
      for (const m of eventMigrations.slice(found)) await applyMigration(writer, m);
      return new DuckDbEventStore(path, instance, writer, latest);
    } catch (err) {
      writer.closeSync();
      instance.closeSync();
      throw err;
    }
  }

  static existsAt(path: string): boolean {
    return existsSync(path);
  }

  /** A separate connection for reads (hunting), so long queries do not hold the writer. */
  async connectReader(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  async close(): Promise<void> {
    await this.writer.run('CHECKPOINT');
    this.writer.closeSync();
    this.instance.closeSync();
  }
}

async function applyMigration(conn: DuckDBConnection, m: Migration<DuckDBConnection>): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    await m.up(conn);
    await conn.run(`INSERT OR REPLACE INTO _palisade_meta VALUES ('schema_version', '${m.version}')`);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw new Error(`event migration ${m.version} (${m.name}) failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
