import { readFile } from 'node:fs/promises';
import { parseFlags, UsageError } from './args.ts';
import type { Command } from './main.ts';
import { runCheck } from '../kql-tools/check.ts';
import { runConformance } from '../kql-tools/conformance.ts';

/** `palisade kql conformance FILE.jsonl` and `palisade kql check FILE.jsonl [--execute]`. */
export const kqlCommand: Command = {
  name: 'kql',
  usage: 'kql conformance FILE.jsonl | kql check FILE.jsonl [--execute]',
  summary: 'Measure the KQL compiler: documented examples, or compile/run hunting queries',
  async run(args: string[]): Promise<number> {
    const [sub, ...rest] = args;
    const out = (line: string): void => {
      process.stdout.write(`${line}\n`);
    };
    if (sub === 'conformance') {
      const p = parseFlags({}, rest, true);
      const file = p.positionals[0];
      if (!file || p.positionals.length > 1) throw new UsageError('kql conformance takes one FILE.jsonl');
      const r = await runConformance(await readFile(file, 'utf8'), out);
      return r.failed === 0 ? 0 : 1;
    }
    if (sub === 'check') {
      const p = parseFlags({ execute: { type: 'boolean' } }, rest, true);
      const file = p.positionals[0];
      if (!file || p.positionals.length > 1) throw new UsageError('kql check takes one FILE.jsonl');
      const r = await runCheck(await readFile(file, 'utf8'), p.values.execute === true, out);
      return r.failed === 0 ? 0 : 1;
    }
    throw new UsageError(`unknown kql subcommand '${sub ?? ''}' (conformance or check)`);
  },
};
