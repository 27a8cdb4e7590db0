/**
 * Browser timings of the investigation screens, measured in headless Chromium with playwright against a
 * CLI-started server (run: `npx tsx e2e/bench/investigation.bench.ts`; INCIDENTS=N to change the queue size).
 *
 * - Hunting: 30,000 result rows; time from the runHuntingQuery response's last byte (resource timing) to the
 *   first paint of the grid showing "30,000 rows" with its first rows (JSON parse + React render + paint), 7 runs;
 *   split at the page's `hunting:result` mark (the parsed result handed to React): parse, then render to paint.
 * - Incident queue: N incidents (one alert each, distinct devices, so correlation keeps them apart); time
 *   from navigation start to the first page's rows in the DOM, 7 cold page loads.
 * - Incident page: a 5-alert story among them; time from navigation start to the attack story graph's canvas.
 * Each with an empty cache (a new browser context) and with cached assets; the list/get API call's time and
 * when the scripts finished loading are printed beside, to tell server time from bundle load and render.
 * ONLY=incidents or ONLY=hunting runs one part. Prints medians and the load average; copy them into
 * docs/BENCHMARKS.md.
 */
import { loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startPortal } from '../harness.ts';
import { apiSession, ingestRows, processEvents, signedInContext } from '../investigation-helpers.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const RUNS = 7;
const INCIDENTS = Number(process.env.INCIDENTS ?? 100_000);
/** ONLY=incidents or ONLY=hunting runs one part. */
const ONLY = process.env.ONLY;

async function huntingRenderMs(page: Page): Promise<{ total: number; parse: number; render: number }> {
  await page.getByRole('button', { name: 'Run query' }).waitFor();
  // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
  // Painted: the frame showing the rows has been drawn once a task queued from its animation frame runs.
  const appeared = page.evaluate<number>(`new Promise((resolve) => {
    const done = () => {
      const status = Array.from(document.querySelectorAll('[role="status"]')).some((e) => e.textContent === '30,000 rows');
      const rows = document.querySelectorAll('[role="grid"] [role="row"][data-index]').length > 0;
      if (status && rows) { requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)); return true; }
      return false;
    };
    const mo = new MutationObserver(() => { if (done()) mo.disconnect(); });
    mo.observe(document.body, { childList: true, subtree: true, characterData: true });
  })`);
  // Handled now so that a failure cannot crash the process before `finally` stops the server; rethrown below.
  appeared.catch(() => undefined);
  await page.getByRole('button', { name: 'Run query' }).click();
  const at = await appeared;
  const responseEnd = await page.evaluate<number>(`(() => {
    const entries = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/api/security/runHuntingQuery');
    const last = entries[entries.length - 1];
    return last ? last.responseEnd : NaN;
  })()`);
  const handed = await page.evaluate<number>(`(() => { const m = performance.getEntriesByName('hunting:result'); return m.length ? m[m.length - 1].startTime : NaN; })()`);
  return { total: at - responseEnd, parse: handed - responseEnd, render: at - handed };
}

// ---- incident queue and incident page ----

const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

/** N single-alert incidents (distinct devices, so correlation keeps them apart) and one 5-alert story. */
async function seedIncidents(url: string, n: number): Promise<string> {
  const call = await apiSession(url);
  const started = Date.now();
  for (let i = 0; i < n; i += 5000) {
    const batch = Array.from({ length: Math.min(5000, n - i) }, (_, k) => {
      const m = i + k;
      return { externalId: `bench-${m}`, title: `Bench alert ${m}`, severity: (['low', 'medium', 'high'] as const)[m % 3], category: (['Malware', 'Execution', 'Persistence', 'CredentialAccess'] as const)[m % 4], techniques: [], serviceSource: 'microsoftDefenderForEndpoint', detectionSource: (['antivirus', 'edr'] as const)[m % 2], timestamp: new Date(Date.now() - (m % 10_000) * 60_000).toISOString(), entities: [{ type: 'device', deviceName: `bench-${m}.contoso.test` }] };
    });
    const res = await call('POST', '/api/ingest/alerts', JSON.stringify(batch));
    if (!res.ok) throw new Error(`alert ingest failed: ${res.status} ${await res.text()}`);
  }
  const story = ['Phishing email delivered', 'User clicked a malicious link', 'Suspicious PowerShell command line', 'LSASS memory access', 'Lateral movement with PsExec'].map((title, k) => ({
    externalId: `story-${k}`,
    title,
    severity: 'high',
    category: (['InitialAccess', 'InitialAccess', 'Execution', 'CredentialAccess', 'LateralMovement'] as const)[k],
    techniques: [],
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'edr',
    timestamp: new Date(Date.now() - (50 - k) * 60_000).toISOString(),
    entities: [{ type: 'device', deviceName: 'story-ws.contoso.test' }, { type: 'user', accountName: 'ana', upn: 'ana@contoso.test' }, ...(k === 4 ? [{ type: 'device', deviceName: 'story-srv.contoso.test' }] : [])],
  }));
  const res = await call('POST', '/api/ingest/alerts', JSON.stringify(story));
  const storyIncident = ((await res.json()) as { alerts: { incidentId: string }[] }).alerts[0]?.incidentId ?? '';
  const count = (await (await call('GET', '/api/security/incidents?$top=1')).json()) as { '@odata.count': number };
  console.log(`seeded ${count['@odata.count']} open incidents in ${((Date.now() - started) / 1000).toFixed(0)} s (load ${load()})`);
  return storyIncident;
}

/** ms from navigation start until `selector` is in the DOM, checked every animation frame. */
async function shownAfterNavigation(page: Page, url: string, selector: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(`(() => document.querySelector(${JSON.stringify(selector)}) ? performance.now() : false)()`, undefined, { polling: 'raf', timeout: 60_000 });
  return (await handle.jsonValue()) as number;
}

/** Resource timings of the last page: the list call's server+transfer time and the scripts' load. */
async function timings(page: Page, api: string): Promise<{ api: number; apiStart: number; scripts: number }> {
  return page.evaluate<{ api: number; apiStart: number; scripts: number }>(`(() => {
    const entries = performance.getEntriesByType('resource');
    const call = entries.filter((e) => e.name.includes(${JSON.stringify(api)})).pop();
    const scripts = entries.filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js')).reduce((m, e) => Math.max(m, e.responseEnd), 0);
    return { api: call ? call.responseEnd - call.requestStart : NaN, apiStart: call ? call.requestStart : NaN, scripts };
  })()`);
}

async function incidentBench(url: string, browser: Browser): Promise<void> {
  const storyIncident = await seedIncidents(url, INCIDENTS);
  const runs = async (label: string, target: string, selector: string, api: string, freshContext: boolean): Promise<void> => {
    const shown: number[] = [];
    const apiMs: number[] = [];
    const apiStart: number[] = [];
    const scripts: number[] = [];
    const shared = freshContext ? undefined : await signedInContext(browser, url);
    if (shared) await (await shared.newPage()).goto(`${url}/`); // assets in the HTTP cache, as for a returning analyst
    for (let i = 0; i < RUNS; i++) {
      const ctx = shared ?? (await signedInContext(browser, url));
      const page = await ctx.newPage();
      shown.push(await shownAfterNavigation(page, `${url}${target}`, selector));
      const t = await timings(page, api);
      apiMs.push(t.api);
      apiStart.push(t.apiStart);
      scripts.push(t.scripts);
      await page.close();
      if (!shared) await ctx.close();
    }
    await shared?.close();
    const f = (xs: number[]): string => median(xs).toFixed(0);
    console.log(`${label}: median ${f(shown)} ms from navigation to shown (runs: ${shown.map((x) => x.toFixed(0)).join(', ')}); API call ${f(apiMs)} ms (starts at ${f(apiStart)} ms); scripts loaded by ${f(scripts)} ms; load ${load()}`);
  };
  const firstRow = '[aria-label="Incidents"] tbody a[href^="/incidents/"]';
  await runs(`incident queue, ${INCIDENTS.toLocaleString('en-US')} incidents, empty cache`, '/incidents', firstRow, '/api/security/incidents?', true);
  await runs(`incident queue, ${INCIDENTS.toLocaleString('en-US')} incidents, cached assets`, '/incidents', firstRow, '/api/security/incidents?', false);
  await runs('incident queue, high severity + detection source edr, cached assets', '/incidents?status=active,inProgress&severity=high&detectionSource=edr', firstRow, '/api/security/incidents?', false);
  await runs('incident queue, entity search, cached assets', '/incidents?search=story-srv', firstRow, '/api/security/incidents?', false);
  const graph = 'canvas';
  await runs('incident page (5-alert story: header, graph, timeline), empty cache', `/incidents/${storyIncident}`, graph, `/api/security/incidents/${storyIncident}`, true);
  await runs('incident page (5-alert story: header, graph, timeline), cached assets', `/incidents/${storyIncident}`, graph, `/api/security/incidents/${storyIncident}`, false);
}

async function main(): Promise<void> {
  const portal = await startPortal();
  const browser = await launchBrowser();
  try {
    if (ONLY !== 'incidents') await huntingBench(portal.url, browser);
    if (ONLY !== 'hunting') await incidentBench(portal.url, browser);
  } finally {
    await browser.close();
    await portal.stop();
  }
}

/** Hunting: 30,000 rows through the real ingest API. */
async function huntingBench(url: string, browser: Browser): Promise<void> {
  await ingestRows(url, processEvents(30_000));
  const ctx = await signedInContext(browser, url);
  for (const [what, query] of [
    ['all columns', 'DeviceProcessEvents\n| take 30000'],
    ['5 columns', 'DeviceProcessEvents\n| take 30000\n| project Timestamp, DeviceName, FileName, ProcessId, ProcessCommandLine'],
  ] as const) {
    const hunting: { total: number; parse: number; render: number }[] = [];
    const loadBefore = loadavg().map((x) => x.toFixed(1)).join(' ');
    for (let i = 0; i < RUNS; i++) {
      const page = await ctx.newPage();
      await page.goto(`${url}/advanced-hunting?${new URLSearchParams({ query }).toString()}`);
      await page.getByRole('textbox', { name: /Query editor/ }).waitFor();
      hunting.push(await huntingRenderMs(page));
      await page.close();
    }
    // The size the page downloads: it asks for rows without their null cells (?nulls=omit).
    const bytes = (await (await (await apiSession(url))('POST', '/api/security/runHuntingQuery?nulls=omit', { Query: query })).arrayBuffer()).byteLength;
    const totals = hunting.map((h) => h.total);
    console.log(
      `hunting, ${what} (${(bytes / 1e6).toFixed(1)} MB JSON): 30,000 rows painted after the response: median ${median(totals).toFixed(0)} ms ` +
        `(JSON parse ${median(hunting.map((h) => h.parse)).toFixed(0)} ms, render to paint ${median(hunting.map((h) => h.render)).toFixed(0)} ms; ` +
        `runs: ${totals.map((x) => x.toFixed(0)).join(', ')}; load average ${loadBefore} before, ${loadavg().map((x) => x.toFixed(1)).join(' ')} after)`,
    );
  }
}

await main();
