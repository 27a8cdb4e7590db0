import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { latestStateVersion, openStateStore } from '../src/state/database.ts';
import type { StateDb } from '../src/state/database.ts';
import { stateMigrations } from '../src/state/migrations/index.ts';
import { DuckDbEventStore } from '../src/events/event-store.ts';
import { StoreTooNewError } from '../src/storage/versioned.ts';
import type { Migration } from '../src/storage/versioned.ts';

describe('versioned storage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'palisade-versions-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a new state store at the latest version, without a backup', async () => {
    const s = await openStateStore(join(dir, 'state.sqlite'));
    expect(s.version).toBe(latestStateVersion);
    expect(s.backupPath).toBeUndefined();
    await s.close();
  });

  it('upgrades an older state store in place, after a backup copy, keeping its data', async () => {
    const path = join(dir, 'state.sqlite');
    const v1 = await openStateStore(path, () => new Date(), stateMigrations.slice(0, 1));
    await v1.db.insertInto('settings').values({ key: 'k', value: 'kept', updated_at: 'now' }).execute();
    await v1.close();
    const next: Migration<StateDb> = {
      version: stateMigrations.length + 1,
      name: 'test: add a column',
      async up(db) {
        await sql`ALTER TABLE settings ADD COLUMN note TEXT`.execute(db);
      },
    };
    const upgraded = await openStateStore(path, () => new Date('2026-01-02T03:04:05Z'), [...stateMigrations, next]);
    expect(upgraded.version).toBe(stateMigrations.length + 1);
    expect(upgraded.backupPath).toBeDefined();
    expect(existsSync(upgraded.backupPath!)).toBe(true);
    const row = await upgraded.db.selectFrom('settings').selectAll().where('key', '=', 'k').executeTakeFirst();
    expect(row?.value).toBe('kept');
    await upgraded.close();
    // the backup is the old version, untouched
    const backup = new Database(String(upgraded.backupPath), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    backup.close();
  });

  it('refuses a state store from a newer Palisade and leaves it untouched', async () => {
    const path = join(dir, 'state.sqlite');
    const raw = new Database(path);
    raw.pragma('user_version = 999');
    raw.close();
    await expect(openStateStore(path)).rejects.toThrow(StoreTooNewError);
    await expect(openStateStore(path)).rejects.toThrow(/schema version 999.*newer Palisade/);
    const again = new Database(path);
    expect(again.pragma('user_version', { simple: true })).toBe(999);
    again.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });

  it('rolls back a failing migration and keeps the previous version', async () => {
    const path = join(dir, 'state.sqlite');
    await (await openStateStore(path)).close();
    const broken: Migration<StateDb> = {
      version: stateMigrations.length + 1,
      name: 'test: broken',
      async up(db) {
        await sql`CREATE TABLE half_done (x INTEGER)`.execute(db);
        await sql`THIS IS NOT SQL`.execute(db);
      },
    };
    await expect(openStateStore(path, () => new Date(), [...stateMigrations, broken])).rejects.toThrow(/test: broken/);
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(stateMigrations.length);
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    raw.close();
  });

  it('creates the event store with every hunting table and refuses a newer one', async () => {
    const path = join(dir, 'events.duckdb');
    const store = await DuckDbEventStore.open(path);
    const tables = (await store.writer.runAndReadAll("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'Device%'")).getRowsJS();
    expect(tables.map((r) => r[0])).toContain('DeviceProcessEvents');
    await store.writer.run("UPDATE _palisade_meta SET value = '999' WHERE key = 'schema_version'");
    await store.close();
    await expect(DuckDbEventStore.open(path)).rejects.toThrow(/event store .* schema version 999/);
  });
});
