import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp } from '../src/app.ts';
import type { BuildAppOptions, PalisadeApp } from '../src/app.ts';
import { openPalisade } from '../src/server.ts';
import type { OpenedPalisade } from '../src/server.ts';
import { resolveDataDir } from '../src/storage/data-dir.ts';
import { huntingTables } from '../src/schema/advanced-hunting.ts';

export interface TestPalisade extends PalisadeApp {
  opened: OpenedPalisade;
  dataDir: string;
  close(): Promise<void>;
}

/** A real Palisade (real SQLite and DuckDB files in a temp data dir) served in-process for fastify.inject. */
export async function testPalisade(options: BuildAppOptions & { env?: NodeJS.ProcessEnv } = {}): Promise<TestPalisade> {
  const dataDir = mkdtempSync(join(tmpdir(), 'palisade-test-'));
  const opened = await openPalisade(resolveDataDir(dataDir), {
    logger: pino({ level: 'silent' }),
    env: options.env ?? { PALISADE_ADMIN_EMAIL: 'admin@example.test', PALISADE_ADMIN_PASSWORD: 'correct horse battery staple' },
    webRoot: join(dataDir, 'no-web'),
  });
  const built = await buildApp(opened.ctx, options);
  return {
    ...built,
    opened,
    dataDir,
    close: async () => {
      await built.app.close();
      await opened.close();
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

/**
 * Appends rows to a hunting table of a test Palisade straight through the event store (no ingest mapping):
 * each row names its columns; datetimes may be ISO 8601 (`2025-03-01T09:00:00Z`) or DuckDB text.
 */
export async function insertEvents(p: TestPalisade, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const def = huntingTables.get(table);
  if (!def) throw new Error(`insertEvents: ${table} is not a hunting table`);
  const cell = (v: unknown, type: string): string | number | boolean | null =>
    v === undefined || v === null ? null : type === 'datetime' && typeof v === 'string' ? v.replace('T', ' ').replace('Z', '') : (v as string | number | boolean);
  await p.opened.ctx.events.append({
    format: 'test',
    source: 'test',
    batchId: crypto.randomUUID(),
    deadLetters: [],
    rows: rows.map((r) => ({ table, cells: def.columns.map((c) => cell(r[c.name], c.type)) })),
  });
}
