import { UsageError } from './args.ts';
import { serveCommand, demoCommand } from './serve.ts';
import { tokenCommand } from './token.ts';
import { kqlCommand } from './kql.ts';
import { simulateCommand } from './simulate.ts';
import { ingestCommand } from './ingest.ts';

/** One CLI command. `run` returns the process exit code. */
export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(args: string[]): Promise<number>;
}

/** Every command of `palisade`. A new command is one file in this folder and one line here. */
export const commands: readonly Command[] = [serveCommand, demoCommand, kqlCommand, tokenCommand, simulateCommand, ingestCommand];

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'Usage: palisade <command> [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --data DIR (default ./data, or PALISADE_DATA_DIR).',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`palisade: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err: unknown) {
    if (err instanceof UsageError) {
      process.stderr.write(`palisade ${command.name}: ${err.message}\n\nUsage: palisade ${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`palisade ${command.name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
