import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where a data dir keeps each store. */
export interface DataDirLayout {
  root: string;
  stateFile: string;
  eventsFile: string;
}

/** The data dir: --data, else PALISADE_DATA_DIR, else ./data. Created if missing. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): DataDirLayout {
  const root = resolve(flag ?? env.PALISADE_DATA_DIR ?? 'data');
  mkdirSync(root, { recursive: true });
  return { root, stateFile: join(root, 'state.sqlite'), eventsFile: join(root, 'events.duckdb') };
}
