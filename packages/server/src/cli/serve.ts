import type { Command } from './main.ts';
import { intFlag, parseFlags, stringFlag } from './args.ts';
import { UsageError } from './args.ts';
import { resolveDataDir } from '../storage/data-dir.ts';
import { createLogger, openPalisade, startServer } from '../server.ts';
import { demoDefaults } from '../simulator/demo.ts';
import { simulationOptionsFrom } from './simulate.ts';
import { seedBehind } from './demo.ts';

const serveFlags = { port: { type: 'string' }, data: { type: 'string' }, host: { type: 'string' } } as const;
/** `demo` also takes the simulator's size flags (default: 250 devices, 400 users, 30 days, seed 1). */
const demoFlags = { ...serveFlags, devices: { type: 'string' }, users: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, now: { type: 'string' }, stories: { type: 'string' } } as const;

function portFrom(value: number | undefined): number {
  if (value !== undefined) return value;
  const env = process.env.PORT;
  if (env === undefined || env === '') return 8080;
  if (!/^\d+$/.test(env) || Number(env) > 65535) throw new UsageError(`PORT must be a port number, got '${env}'`);
  return Number(env);
}

async function serve(args: string[], demo: boolean): Promise<number> {
  const parsed = parseFlags(demo ? demoFlags : serveFlags, args);
  const demoOptions = demo ? { ...demoDefaults, ...simulationOptionsFrom(parsed) } : undefined;
  const port = portFrom(intFlag(parsed, 'port', 0, 65535));
  const host = stringFlag(parsed, 'host');
  const dir = resolveDataDir(stringFlag(parsed, 'data'));
  const logger = createLogger();
  const opened = await openPalisade(dir, { logger });
  if (opened.bootstrap?.generatedPassword) {
    // Printed once, to the terminal only (never to the log): it is not stored anywhere in clear.
    process.stdout.write(
      `\nFirst administrator created: ${opened.bootstrap.email}\nOne-time password: ${opened.bootstrap.generatedPassword}\n` +
        '(shown once; you will be asked to change it at first sign-in)\n\n',
    );
  }
  // The demo's detection scheduler looks every 10 s (not 30), so its rescan of the seeded month starts soon
  // after seeding ends; an explicit PALISADE_DETECTION_INTERVAL_MS still wins.
  if (demoOptions) process.env.PALISADE_DETECTION_INTERVAL_MS ??= '10000';
  const server = await startServer(opened, { port, ...(host !== undefined ? { host } : {}) });
  process.stdout.write(`Palisade ${opened.ctx.version} is serving ${server.url} (data: ${dir.root})\n`);
  if (!opened.ctx.webRoot) process.stdout.write('The web app is not built: run `npm run build` (or `npm start`) to serve the portal UI.\n');
  const seeding = new AbortController();
  // The portal serves at once; the demo organisation is stored behind it (bulk path), then the detections
  // rescan the month: the first screen never waits, and GET /api/demo/status says when all is in.
  const seeded = demoOptions ? seedBehind(opened, dir.root, demoOptions, seeding.signal, logger) : Promise.resolve();
  await new Promise<void>((resolvePromise) => {
    const shutdown = (signal: string): void => {
      logger.info({ signal }, 'shutting down');
      seeding.abort();
      // Demo seeding stops at its next slice before the stores close.
      seeded.then(() => server.stop()).then(resolvePromise, (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        resolvePromise();
      });
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  return 0;
}

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve [--port N] [--data DIR] [--host H]',
  summary: 'Start the portal and API (port 8080 unless --port or PORT).',
  run: (args) => serve(args, false),
};

export const demoCommand: Command = {
  name: 'demo',
  usage: 'demo [--port N] [--data DIR] [--host H] [--devices N] [--users N] [--days D] [--seed S] [--now ISO] [--stories a,b|none]',
  summary: 'Start the portal, seed demo data into an empty data dir behind it and have the detections rescan it (with progress).',
  run: (args) => serve(args, true),
};
