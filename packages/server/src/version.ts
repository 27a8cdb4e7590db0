import { readFileSync } from 'node:fs';

/** The Palisade version, from the server package's package.json. */
export const palisadeVersion: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
