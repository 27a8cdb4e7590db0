import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp } from '../src/app.ts';
import type { BuildAppOptions, PalisadeApp } from '../src/app.ts';
import { openPalisade } from '../src/server.ts';
import type { OpenedPalisade } from '../src/server.ts';
import { resolveDataDir } from '../src/storage/data-dir.ts';

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
