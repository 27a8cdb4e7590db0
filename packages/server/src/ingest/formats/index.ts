import type { IngestFormat } from './types.ts';
import { defenderFormat } from './defender.ts';
import { ecsFormat } from './ecs.ts';
import { sysmonFormat } from './sysmon.ts';
import { osqueryFormat } from './osquery.ts';
import { ocsfFormat } from './ocsf.ts';

/** Every ingest format by name: POST /api/ingest/{name}, `palisade ingest --format name`. */
export const ingestFormats: ReadonlyMap<string, IngestFormat> = new Map([defenderFormat, ecsFormat, sysmonFormat, osqueryFormat, ocsfFormat].map((f) => [f.name, f]));
