import type { Logger } from 'pino';
import type { StateDb } from './state/database.ts';
import type { DuckDbEventStore } from './events/event-store.ts';

/** What every route module and service may use. Each service takes only what it needs from here. */
export interface AppContext {
  readonly version: string;
  readonly dataDir: string;
  readonly state: StateDb;
  readonly events: DuckDbEventStore;
  readonly logger: Logger;
  /** Folder of the built web app, or undefined when it is not built. */
  readonly webRoot: string | undefined;
  readonly now: () => Date;
}
