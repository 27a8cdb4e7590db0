import { copyFileSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { StateSchema } from './schema.ts';
import { stateMigrations } from './migrations/index.ts';
import { StoreTooNewError, checkMigrationList } from '../storage/versioned.ts';
import type { Migration } from '../storage/versioned.ts';

export type StateDb = Kysely<StateSchema>;

export interface OpenedState {
  db: StateDb;
  /** The raw connection, for migrations and PRAGMAs only; repositories use `db`. */
  sqlite: Database.Database;
  version: number;
  /** Path of the backup made before an upgrade, if one was made. */
  backupPath?: string;
  close(): Promise<void>;
}

export const latestStateVersion = checkMigrationList('state', stateMigrations);

/**
 * Opens (creating if needed) the SQLite state store and brings it to the latest schema version. Before
 * upgrading an existing store, a copy of the file is kept beside it (state.sqlite.v<old>.<time>.bak).
 */
export async function openStateStore(
  path: string,
  now: () => Date = () => new Date(),
  migrations: readonly Migration<StateDb>[] = stateMigrations,
): Promise<OpenedState> {
  const latest = checkMigrationList('state', migrations);
  const existed = path !== ':memory:' && existsSync(path);
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const found = sqlite.pragma('user_version', { simple: true }) as number;
  if (found > latest) {
    sqlite.close();
    throw new StoreTooNewError('state', path, found, latest);
  }
  const db: StateDb = new Kysely<StateSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  let backupPath: string | undefined;
  if (found < latest) {
    if (existed && found > 0) {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      backupPath = `${path}.v${found}.${now().toISOString().replaceAll(':', '-')}.bak`;
      copyFileSync(path, backupPath);
    }
    for (const m of migrations.slice(found)) {
      // Each migration and its version bump commit together, so a crash leaves a consistent version.
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        await m.up(db);
        sqlite.pragma(`user_version = ${m.version}`);
        sqlite.exec('COMMIT');
      } catch (err) {
        sqlite.exec('ROLLBACK');
        throw new Error(`state migration ${m.version} (${m.name}) failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return {
    db,
    sqlite,
    version: latest,
    ...(backupPath !== undefined ? { backupPath } : {}),
    close: async () => {
      await db.destroy();
    },
  };
}
