import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import type { BuildAppOptions, PalisadeApp } from './app.ts';
import type { AppContext } from './context.ts';
import { openStateStore } from './state/database.ts';
import type { OpenedState } from './state/database.ts';
import { DuckDbEventStore } from './events/event-store.ts';
import { bootstrapFirstAdmin } from './auth/bootstrap.ts';
import type { BootstrapResult } from './auth/bootstrap.ts';
import type { DataDirLayout } from './storage/data-dir.ts';
import { palisadeVersion } from './version.ts';

export interface OpenedPalisade {
  ctx: AppContext;
  state: OpenedState;
  bootstrap: BootstrapResult | undefined;
  close(): Promise<void>;
}

export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'palisade' } });
}

/** Opens both stores of a data dir (migrating them) and makes sure a first admin exists. */
export async function openPalisade(
  dir: DataDirLayout,
  options: { logger: Logger; env?: NodeJS.ProcessEnv; webRoot?: string; now?: () => Date },
): Promise<OpenedPalisade> {
  const now = options.now ?? (() => new Date());
  const state = await openStateStore(dir.stateFile, now);
  if (state.backupPath) options.logger.info({ backup: state.backupPath, version: state.version }, 'state store upgraded; backup kept');
  let events: DuckDbEventStore;
  try {
    events = await DuckDbEventStore.open(dir.eventsFile);
  } catch (err) {
    await state.close();
    throw err;
  }
  const bootstrap = await bootstrapFirstAdmin(state.db, options.env ?? process.env, now());
  const webRoot = options.webRoot ?? defaultWebRoot;
  const ctx: AppContext = {
    version: palisadeVersion,
    dataDir: dir.root,
    state: state.db,
    events,
    logger: options.logger,
    webRoot: existsSync(webRoot) ? webRoot : undefined,
    now,
  };
  return {
    ctx,
    state,
    bootstrap,
    close: async () => {
      await events.close();
      await state.close();
    },
  };
}

export interface RunningServer {
  palisade: PalisadeApp;
  url: string;
  /** Stops accepting, finishes in-flight requests, then closes the stores. */
  stop(): Promise<void>;
}

export async function startServer(
  opened: OpenedPalisade,
  options: { port: number; host?: string; app?: BuildAppOptions },
): Promise<RunningServer> {
  const palisade = await buildApp(opened.ctx, options.app);
  const address = await palisade.app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
  const port = palisade.app.server.address();
  const url = typeof port === 'object' && port ? `http://localhost:${port.port}` : address;
  let stopping: Promise<void> | undefined;
  return {
    palisade,
    url,
    stop: () => {
      stopping ??= (async () => {
        await palisade.app.close(); // waits for in-flight requests
        await opened.close();
      })();
      return stopping;
    },
  };
}
