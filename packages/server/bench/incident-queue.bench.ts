/**
 * bench:incidents — server time of the incident queue's calls with N incidents (default 100,000), in process
 * (fastify.inject on real stores, no browser): the default first page with its count, filters (severity,
 * detection source, tag, entity search, device group), sorts, deep pages, the 24 h chart, the filter options,
 * one incident with its alerts, and its PDF. Seeds through the real alert ingest and correlation.
 *
 *   npm run bench:incidents -- [--incidents 100000] [--runs 7] [--keep DIR]
 *
 * --keep DIR reuses (or builds once) a seeded data dir, so the queries can be re-measured after a change.
 * Prints medians with the load average, and SQLite's plan of the default list query.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { openPalisade } from '../src/server.ts';
import { resolveDataDir } from '../src/storage/data-dir.ts';
import type { Principal } from '../src/auth/principal.ts';
import { allPermissions } from '../src/auth/permissions.ts';
import { median } from './common.ts';

const { values: args } = parseArgs({ options: { incidents: { type: 'string', default: '100000' }, runs: { type: 'string', default: '7' }, keep: { type: 'string' } } });
const N = Number(args.incidents);
const RUNS = Number(args.runs);
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'palisade-incident-bench-'));
const seeded = args.keep !== undefined && existsSync(join(dir, 'state.sqlite'));
const opened = await openPalisade(resolveDataDir(dir), { logger: pino({ level: 'silent' }), env: { PALISADE_ADMIN_EMAIL: 'admin@example.test', PALISADE_ADMIN_PASSWORD: 'correct horse battery staple' }, webRoot: join(dir, 'no-web') });
const admin: Principal = { kind: 'user', id: 'bench', name: 'bench@example.test', permissions: new Set(allPermissions) };
const { app } = await buildApp(opened.ctx, { resolvePrincipal: async () => admin });

try {
  if (!seeded) {
    const started = Date.now();
    for (let i = 0; i < N; i += 5000) {
      const batch = Array.from({ length: Math.min(5000, N - i) }, (_, k) => {
        const m = i + k;
        return {
          externalId: `bench-${m}`,
          title: `Bench alert ${m}`,
          severity: (['low', 'medium', 'high'] as const)[m % 3],
          category: (['Malware', 'Execution', 'Persistence', 'CredentialAccess'] as const)[m % 4],
          techniques: [],
          serviceSource: 'microsoftDefenderForEndpoint',
          detectionSource: (['antivirus', 'edr'] as const)[m % 2],
          timestamp: new Date(Date.now() - (m % 10_000) * 60_000).toISOString(),
          entities: [{ type: 'device', deviceName: `bench-${m}.contoso.test` }, { type: 'user', accountName: `user${m}` }],
        };
      });
      const r = await app.inject({ method: 'POST', url: '/api/ingest/alerts', payload: batch });
      if (r.statusCode !== 200) throw new Error(`ingest: ${r.statusCode} ${r.body}`);
      process.stdout.write(`\rseeding ${Math.min(N, i + 5000).toLocaleString('en-US')} / ${N.toLocaleString('en-US')} alerts`);
    }
    process.stdout.write(`\nseeded in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const some = (await app.inject({ url: '/api/security/incidents?$top=1&$orderby=id%20asc' })).json<{ '@odata.count': number; value: { id: string }[] }>();
  console.log(`${some['@odata.count'].toLocaleString('en-US')} open incidents; load ${load()} (2 cores, shared)`);
  const one = some.value[0]?.id ?? '1';
  const since = new Date(Date.now() - 4380 * 3600_000).toISOString();
  const open = `(status eq 'active' or status eq 'inProgress') and lastUpdateDateTime ge ${since}`;
  const q = (filter: string, extra = ''): string => `/api/security/incidents?$top=50&$skip=0&$orderby=lastUpdateDateTime%20desc&$filter=${encodeURIComponent(filter)}${extra}`;
  const cases: [string, string][] = [
    ['default first page (open, 6 months, newest update)', q(open)],
    ['severity high', q(`${open} and severity eq 'high'`)],
    ['detection source edr', q(open, '&detectionSource=edr')],
    ['category Malware + tag', q(open, '&category=Malware&tag=none-such')],
    ['entity search (user7)', q(open, '&search=user7')],
    ['incident name search', q(open, '&search=Bench%20alert%2012345')],
    ['sort by alert count', q(open).replace('lastUpdateDateTime%20desc', 'alertCount%20desc')],
    ['page 1,000 ($skip 49,950)', q(open).replace('$skip=0', '$skip=49950')],
    ['24 h chart', '/api/security/incidents/queue/hourly'],
    ['filter options', '/api/security/incidents/queue/filter-options'],
    ['one incident with alerts', `/api/security/incidents/${one}?$expand=alerts`],
    ['its PDF summary', `/api/security/incidents/${one}/summary.pdf`],
  ];
  for (const [label, url] of cases) {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = await app.inject({ url });
      ms.push(performance.now() - t);
      if (r.statusCode !== 200) throw new Error(`${label}: ${r.statusCode} ${r.body}`);
    }
    console.log(`${label.padEnd(52)} median ${median(ms).toFixed(1).padStart(7)} ms  (runs ${ms.map((x) => x.toFixed(0)).join(', ')})`);
  }
  const plan = await sql<{ detail: string }>`explain query plan select count(*) from incidents where (status = 'active' or status = 'inProgress') and last_update >= ${since}`.execute(opened.ctx.state);
  console.log(`plan of the count: ${plan.rows.map((r) => r.detail).join(' | ')}`);
  const plan2 = await sql<{ detail: string }>`explain query plan select * from incidents where (status = 'active' or status = 'inProgress') and last_update >= ${since} order by last_update desc, id desc limit 50`.execute(opened.ctx.state);
  console.log(`plan of the page: ${plan2.rows.map((r) => r.detail).join(' | ')}`);
  console.log(`load ${load()}`);
} finally {
  await app.close();
  await opened.close();
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
