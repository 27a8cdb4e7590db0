import type { Command } from './main.ts';
import { UsageError, parseFlags, stringFlag } from './args.ts';
import { resolveDataDir } from '../storage/data-dir.ts';
import { openStateStore } from '../state/database.ts';
import { TokensService } from '../tokens/tokens.service.ts';
import { HttpError } from '../http/errors.ts';

const flags = { name: { type: 'string' }, permissions: { type: 'string' }, expires: { type: 'string' }, data: { type: 'string' } } as const;

const usage = 'token create --name N --permissions P[,P...] [--expires 90d|never] [--data DIR] | token list [--data DIR] | token revoke ID [--data DIR]';

/**
 * `palisade token create|list|revoke`: API tokens for a data dir. Only the state store (SQLite, WAL) is
 * opened, not the event store, so this works before the server starts and while it runs.
 */
async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke') throw new UsageError(sub === undefined ? 'say create, list or revoke' : `unknown subcommand '${sub}'`);
  const parsed = parseFlags(flags, rest, sub === 'revoke');
  const dir = resolveDataDir(stringFlag(parsed, 'data'));
  const state = await openStateStore(dir.stateFile);
  try {
    const tokens = new TokensService(state.db, () => new Date());
    if (sub === 'create') {
      const name = stringFlag(parsed, 'name');
      const permissions = stringFlag(parsed, 'permissions');
      if (name === undefined) throw new UsageError('--name is required');
      if (permissions === undefined) throw new UsageError('--permissions is required (e.g. ingest.write)');
      const expires = stringFlag(parsed, 'expires');
      const { token, secret } = await tokens.create(
        { name, permissions: permissions.split(',').map((p) => p.trim()).filter((p) => p !== ''), ...(expires !== undefined ? { expiresIn: expires } : {}) },
        undefined,
      );
      process.stdout.write(
        `Token '${token.name}' (id ${token.id}) with ${token.permissions.join(', ')}, expires ${token.expiresAt ?? 'never'}.\n` +
          'Copy it now: it is shown once and only its hash is stored.\n' +
          `${secret}\n`,
      );
      return 0;
    }
    if (sub === 'list') {
      const list = await tokens.list();
      if (list.length === 0) process.stdout.write('No API tokens.\n');
      for (const t of list) {
        process.stdout.write(`${t.id}  ${t.status.padEnd(7)}  ${t.prefix}…  ${t.name}  [${t.permissions.join(',')}]  expires ${t.expiresAt ?? 'never'}  last used ${t.lastUsedAt ?? 'never'}\n`);
      }
      return 0;
    }
    const id = parsed.positionals[0];
    if (id === undefined || parsed.positionals.length > 1) throw new UsageError('give the id of one token to revoke (see token list)');
    const t = await tokens.revoke(id, 'cli');
    process.stdout.write(`Token '${t.name}' (${t.id}) is revoked.\n`);
    return 0;
  } catch (err) {
    // Bad input found by the service (unknown permission, bad duration, unknown id) is a usage problem.
    if (err instanceof HttpError && err.status < 500) throw err.status === 404 ? new Error(err.message) : new UsageError(err.message);
    throw err;
  } finally {
    await state.close();
  }
}

export const tokenCommand: Command = { name: 'token', usage, summary: 'Create, list and revoke API tokens (for ingest and automation).', run };
