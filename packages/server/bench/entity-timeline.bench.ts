/**
 * bench:entities — server time of the device page's calls over the demo's month of data (the default
 * organisation, about 2.7 million events): the timeline's first page and the pages after it, a filtered and a
 * searched first page, the filter facets, the overview, and the alerts and incidents; for the busiest devices.
 * In process (fastify.inject on the real stores, no browser), like bench:incidents.
 *
 *   npm run bench:entities -- [--data DIR] [--runs 7] [--devices 5]
 *   npm run bench:entities -- --synthetic 10000000     (a bigger store: N rows over 30 days, 500 devices)
 *
 * --data DIR: a demo data dir to measure (default /tmp/palisade-bench-entities). When it holds no events yet it
 * is seeded first by `palisade demo` (the full default organisation, a few minutes), and kept for later runs.
 * --synthetic N: instead of the demo, a fresh temp store with N rows spread over the seven Device* tables, 30 days
 * and 500 devices, generated in DuckDB (SQL over range(): the point is query time over a big store, not ingest).
 * Prints medians and the worst run, with the load average.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { buildApp } from '../src/app.ts';
import { openPalisade } from '../src/server.ts';
import { resolveDataDir } from '../src/storage/data-dir.ts';
import type { Principal } from '../src/auth/principal.ts';
import { allPermissions } from '../src/auth/permissions.ts';
import { DuckDbEventStore } from '../src/events/event-store.ts';
import { timelineTables } from '../src/entities/device-timeline.ts';
import { bin, env, median } from './common.ts';

const { values: args } = parseArgs({
  options: { data: { type: 'string', default: '/tmp/palisade-bench-entities' }, runs: { type: 'string', default: '7' }, devices: { type: 'string', default: '5' }, synthetic: { type: 'string' } },
});
const RUNS = Number(args.runs);
const DEVICES = Number(args.devices);
const SYNTHETIC = args.synthetic !== undefined ? Number(args.synthetic) : undefined;
const dir = SYNTHETIC !== undefined ? mkdtempSync(join(tmpdir(), 'palisade-bench-entities-synthetic-')) : args.data;
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

/** Seeds the data dir with `palisade demo` (its own progress bars on stderr) and stops it once ready. */
async function seed(): Promise<void> {
  console.log(`seeding ${dir} with palisade demo (the default organisation, a month)...`);
  const child = spawn(process.execPath, [bin, 'demo', '--port', '0', '--host', '127.0.0.1', '--data', dir], { env: { ...env, PALISADE_DETECTION_SCHEDULER: 'off' }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      process.stdout.write(b);
      if (/Demo ready in/.test(out)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`palisade demo exited ${code} before it was ready`)));
  });
  child.removeAllListeners('exit');
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await done;
}

/** N rows over the seven tables, 30 days back from now, time-ordered as ingest stores them, 500 devices (and DeviceInfo for each). */
async function synthetic(n: number): Promise<void> {
  const t0 = performance.now();
  const store = await DuckDbEventStore.open(join(dir, 'events.duckdb'));
  const per = Math.ceil(n / timelineTables.length);
  const span = 30 * 86_400_000;
  await store.writer.run(`INSERT INTO DeviceInfo (Timestamp, DeviceId, DeviceName, OSPlatform) SELECT now()::TIMESTAMP, 'dev-' || i::VARCHAR, 'ws-' || lpad(i::VARCHAR, 4, '0') || '.corp.example', 'Windows11' FROM range(500) t(i)`);
  for (const table of timelineTables) {
    await store.writer.run(`
      INSERT INTO ${table} (Timestamp, DeviceId, DeviceName, ActionType, ReportId, InitiatingProcessFileName, InitiatingProcessCommandLine)
      SELECT now()::TIMESTAMP - to_milliseconds(${span}::BIGINT - (i * ${Math.floor(span / per)})::BIGINT), 'dev-' || (i % 500)::VARCHAR, 'ws-' || lpad((i % 500)::VARCHAR, 4, '0') || '.corp.example',
             ['Created','Modified','Connected','Loaded'][(i % 4) + 1], i, ['svchost.exe','chrome.exe','powershell.exe','explorer.exe'][(i % 7 % 4) + 1], 'cmd /c job ' || (i % 1000)::VARCHAR
      FROM range(${per}) t(i)`);
  }
  await store.close();
  console.log(`generated ${(per * timelineTables.length).toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (SYNTHETIC !== undefined) await synthetic(SYNTHETIC);
else if (!existsSync(join(dir, 'events.duckdb'))) await seed();

const opened = await openPalisade(resolveDataDir(dir), { logger: pino({ level: 'silent' }), env: { PALISADE_ADMIN_EMAIL: 'admin@example.test', PALISADE_ADMIN_PASSWORD: 'correct horse battery staple' }, webRoot: join(dir, 'no-web') });
const admin: Principal = { kind: 'user', id: 'bench', name: 'bench@example.test', permissions: new Set(allPermissions) };
const { app } = await buildApp(opened.ctx, { resolvePrincipal: async () => admin });

async function call<T>(url: string): Promise<{ ms: number; body: T }> {
  const s = performance.now();
  const r = await app.inject({ url });
  const ms = performance.now() - s;
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
  return { ms, body: r.json<T>() };
}

try {
  const total = await opened.ctx.events.query('SELECT (SELECT count(*) FROM DeviceProcessEvents) + (SELECT count(*) FROM DeviceNetworkEvents) + (SELECT count(*) FROM DeviceFileEvents) + (SELECT count(*) FROM DeviceRegistryEvents) + (SELECT count(*) FROM DeviceLogonEvents) + (SELECT count(*) FROM DeviceImageLoadEvents) + (SELECT count(*) FROM DeviceEvents) AS n', [], { timeoutMs: 60_000, maxRows: 1 });
  const busiest = await opened.ctx.events.query(
    `SELECT DeviceName, count(*) AS n FROM (SELECT DeviceName FROM DeviceProcessEvents UNION ALL SELECT DeviceName FROM DeviceNetworkEvents UNION ALL SELECT DeviceName FROM DeviceFileEvents UNION ALL SELECT DeviceName FROM DeviceRegistryEvents UNION ALL SELECT DeviceName FROM DeviceLogonEvents UNION ALL SELECT DeviceName FROM DeviceImageLoadEvents UNION ALL SELECT DeviceName FROM DeviceEvents) GROUP BY DeviceName ORDER BY n DESC LIMIT ${DEVICES}`,
    [],
    { timeoutMs: 60_000, maxRows: DEVICES },
  );
  console.log(`bench:entities  ${Number(total.rows[0]?.n).toLocaleString('en-US')} Device* events in ${dir}; ${RUNS} runs per call; the ${DEVICES} busiest devices (${busiest.rows.map((r) => `${String(r.DeviceName)} ${Number(r.n).toLocaleString('en-US')}`).join(', ')})`);
  console.log(`load average before: ${load()}`);

  type Page = { events: { actionType: string | null }[]; nextCursor: string | null };
  const results = new Map<string, number[]>();
  const record = (name: string, ms: number): void => void results.set(name, [...(results.get(name) ?? []), ms]);
  // warm the device-group membership and DuckDB's first-open costs once
  await call(`/api/entities/devices/${encodeURIComponent(String(busiest.rows[0]?.DeviceName))}`);
  for (const row of busiest.rows) {
    const d = encodeURIComponent(String(row.DeviceName));
    for (let r = 0; r < RUNS; r++) {
      const first = await call<Page>(`/api/entities/devices/${d}/timeline?limit=100`);
      record('timeline first page (100 rows)', first.ms);
      let cursor = first.body.nextCursor;
      for (let k = 2; k <= 5 && cursor; k++) {
        const next = await call<Page>(`/api/entities/devices/${d}/timeline?limit=100&cursor=${cursor}`);
        record('timeline pages 2-5 (each)', next.ms);
        cursor = next.body.nextCursor;
      }
      record('timeline, network + logon tables', (await call(`/api/entities/devices/${d}/timeline?limit=100&table=DeviceNetworkEvents&table=DeviceLogonEvents`)).ms);
      const action = first.body.events.find((e) => e.actionType)?.actionType ?? 'ProcessCreated';
      record('timeline, one action type', (await call(`/api/entities/devices/${d}/timeline?limit=100&actionType=${encodeURIComponent(action)}`)).ms);
      record('timeline, free text "powershell"', (await call(`/api/entities/devices/${d}/timeline?limit=100&search=powershell`)).ms);
      record('timeline facets (month)', (await call(`/api/entities/devices/${d}/timeline/facets`)).ms);
      record('overview', (await call(`/api/entities/devices/${d}`)).ms);
      record('alerts and incidents', (await call(`/api/entities/device/${d}/related`)).ms);
    }
  }
  console.log('call                                   median ms   worst ms');
  for (const [name, xs] of results) console.log(`${name.padEnd(38)} ${median(xs).toFixed(1).padStart(9)} ${Math.max(...xs).toFixed(1).padStart(10)}`);
  console.log(`load average after: ${load()}`);
} finally {
  await app.close();
  await opened.close();
  if (SYNTHETIC !== undefined) rmSync(dir, { recursive: true, force: true });
}
