import type { Command } from './main.ts';
import { intFlag, parseFlags, stringFlag } from './args.ts';
import { UsageError } from './args.ts';
import { resolveDataDir } from '../storage/data-dir.ts';
import { createLogger, openPalisade, startServer } from '../server.ts';
import { demoDefaults, seedDemo } from '../simulator/demo.ts';
import { detectionsService } from '../detections/detections.service.ts';
import { progressBar, simulationOptionsFrom } from './simulate.ts';

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
  const server = await startServer(opened, { port, ...(host !== undefined ? { host } : {}) });
  process.stdout.write(`Palisade ${opened.ctx.version} is serving ${server.url} (data: ${dir.root})\n`);
  if (!opened.ctx.webRoot) process.stdout.write('The web app is not built: run `npm run build` (or `npm start`) to serve the portal UI.\n');
  const seeding = new AbortController();
  let seeded: Promise<unknown> = Promise.resolve();
  if (demoOptions) {
    // The portal serves at once; the demo organisation streams in behind it (detections pick it up as it
    // lands), so the first screen never waits for the whole month of data.
    seeded = seedDemo(opened.ctx.events, dir.root, (sim) => progressBar(sim, 'Seeding demo data'), demoOptions, seeding.signal).then(
      async (seeded) => {
        // Detections look at the seeded history as a whole once more (scheduled rules would miss it otherwise).
        if (seeded.kind === 'seeded') await detectionsService(opened.ctx).rescanFrom(opened.ctx.now());
        process.stdout.write(
          seeded.kind === 'seeded'
            ? `Demo data: ${seeded.sim.organisation.name}, ${seeded.summary.rows} events (${seeded.sim.stories.length} attack stories) seeded in ${seeded.seconds.toFixed(0)} s.\n`
            : seeded.kind === 'interrupted'
              ? `Demo data: seeding started at ${seeded.startedAt} did not finish, so the data is partial; remove the data dir to seed again.\n`
              : 'Demo data: the data dir already has events; not seeding.\n',
        );
      },
      (err: unknown) => {
        // Stopping the server mid-seeding lands here; the marker file records the seeding as unfinished.
        if (seeding.signal.aborted) process.stdout.write('\nDemo data: seeding stopped at shutdown; what was committed is kept.\n');
        else logger.error({ err }, 'demo seeding failed');
      },
    );
  }
  await new Promise<void>((resolvePromise) => {
    const shutdown = (signal: string): void => {
      logger.info({ signal }, 'shutting down');
      seeding.abort();
      // Demo seeding stops at its next commit before the stores close.
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
  summary: 'Start the portal and seed demo data into an empty data dir behind it (with progress).',
  run: (args) => serve(args, true),
};
