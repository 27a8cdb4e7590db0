/**
 * Browser timings of the investigation screens, measured in headless Chromium with playwright against a
 * CLI-started server (run: `npx tsx e2e/bench/investigation.bench.ts`; INCIDENTS=N to change the queue size).
 *
 * - Hunting: 30,000 result rows; time from the runHuntingQuery response's last byte (resource timing) to the
 *   grid showing "30,000 rows" with its first rows painted (JSON parse + React render), 7 runs.
 * - Incident queue: N incidents (one alert each, distinct devices, so correlation keeps them apart); time
 *   from navigation start to the first page's rows in the DOM, 7 cold page loads.
 * Prints medians; copy them into docs/BENCHMARKS.md.
 */
import type { Page } from 'playwright-core';
import { launchBrowser, startPortal } from '../harness.ts';
import { apiSession, ingestRows, processEvents, signedInContext } from '../investigation-helpers.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const RUNS = 7;
const INCIDENTS = Number(process.env.INCIDENTS ?? 100_000);

async function huntingRenderMs(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Run query' }).waitFor();
  // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
  const appeared = page.evaluate<number>(`new Promise((resolve) => {
    const done = () => {
      const status = Array.from(document.querySelectorAll('[role="status"]')).some((e) => e.textContent === '30,000 rows');
      const rows = document.querySelectorAll('[role="grid"] [role="row"][data-index]').length > 0;
      if (status && rows) { resolve(performance.now()); return true; }
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
    const entries = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/security/runHuntingQuery'));
    const last = entries[entries.length - 1];
    return last ? last.responseEnd : NaN;
  })()`);
  return at - responseEnd;
}

async function main(): Promise<void> {
  const portal = await startPortal();
  const browser = await launchBrowser();
  try {
    // Hunting: 30,000 rows through the real ingest API.
    await ingestRows(portal.url, processEvents(30_000));
    const ctx = await signedInContext(browser, portal.url);
    for (const [what, query] of [
      ['all columns', 'DeviceProcessEvents\n| take 30000'],
      ['5 columns', 'DeviceProcessEvents\n| take 30000\n| project Timestamp, DeviceName, FileName, ProcessId, ProcessCommandLine'],
    ] as const) {
      const hunting: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const page = await ctx.newPage();
        await page.goto(`${portal.url}/advanced-hunting?${new URLSearchParams({ query }).toString()}`);
        await page.getByRole('textbox', { name: /Query editor/ }).waitFor();
        hunting.push(await huntingRenderMs(page));
        await page.close();
      }
      const bytes = (await (await (await apiSession(portal.url))('POST', '/api/security/runHuntingQuery', { Query: query })).arrayBuffer()).byteLength;
      console.log(`hunting, ${what} (${(bytes / 1e6).toFixed(1)} MB JSON): 30,000 rows rendered after the response: median ${median(hunting).toFixed(0)} ms (runs: ${hunting.map((x) => x.toFixed(0)).join(', ')})`);
    }

    // Incident queue: N single-alert incidents.
    const call = await apiSession(portal.url);
    const started = Date.now();
    for (let i = 0; i < INCIDENTS; i += 5000) {
      const batch = Array.from({ length: Math.min(5000, INCIDENTS - i) }, (_, k) => {
        const n = i + k;
        return { externalId: `bench-${n}`, title: `Bench alert ${n}`, severity: (['low', 'medium', 'high'] as const)[n % 3], category: 'Malware', techniques: [], serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', timestamp: new Date(Date.now() - (n % 10_000) * 60_000).toISOString(), entities: [{ type: 'device', deviceName: `bench-${n}.contoso.test` }] };
      });
      const res = await call('POST', '/api/ingest/alerts', JSON.stringify(batch));
      if (!res.ok) throw new Error(`alert ingest failed: ${res.status} ${await res.text()}`);
    }
    const count = (await (await call('GET', '/api/security/incidents?$top=1')).json()) as { '@odata.count': number };
    console.log(`seeded ${count['@odata.count']} incidents in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const queue: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await ctx.newPage();
      await page.goto(`${portal.url}/incidents`);
      await page.getByRole('table', { name: 'Incidents' }).getByRole('link').first().waitFor();
      queue.push(await page.evaluate<number>('performance.now()'));
      await page.close();
    }
    console.log(`incident queue first page with ${count['@odata.count']} incidents: median ${median(queue).toFixed(0)} ms from navigation (runs: ${queue.map((x) => x.toFixed(0)).join(', ')})`);
  } finally {
    await browser.close();
    await portal.stop();
  }
}

await main();
