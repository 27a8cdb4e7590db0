/**
 * Where the time goes when Advanced hunting renders 30,000 rows: a Chromium CPU profile (CDP Profiler) from the
 * click on Run query to the grid's first rows, summarised as self time per function (top 25) and the time from
 * the response's last byte to the rows. Run: `npx tsx e2e/bench/hunting-profile.ts` (COLUMNS=all|5).
 */
import { writeFileSync } from 'node:fs';
import { launchBrowser, startPortal } from '../harness.ts';
import { ingestRows, processEvents, signedInContext } from '../investigation-helpers.ts';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const query = process.env.COLUMNS === '5' ? 'DeviceProcessEvents\n| take 30000\n| project Timestamp, DeviceName, FileName, ProcessId, ProcessCommandLine' : 'DeviceProcessEvents\n| take 30000';

async function main(): Promise<void> {
  const portal = await startPortal();
  const browser = await launchBrowser();
  try {
    await ingestRows(portal.url, processEvents(30_000));
    const ctx = await signedInContext(browser, portal.url);
    const page = await ctx.newPage();
    await page.goto(`${portal.url}/advanced-hunting?${new URLSearchParams({ query }).toString()}`);
    await page.getByRole('textbox', { name: /Query editor/ }).waitFor();
    await page.getByRole('button', { name: 'Run query' }).waitFor();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
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
    await page.getByRole('button', { name: 'Run query' }).click();
    const at = await appeared;
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const responseEnd = await page.evaluate<number>(`(() => { const e = performance.getEntriesByType('resource').filter((x) => x.name.endsWith('/api/security/runHuntingQuery')); return e[e.length - 1].responseEnd; })()`);
    const handed = await page.evaluate<number>(`(() => { const m = performance.getEntriesByName('hunting:result'); return m.length ? m[m.length - 1].startTime : NaN; })()`);
    const marks = `parse ${(handed - responseEnd).toFixed(0)} ms, render to paint ${(at - handed).toFixed(0)} ms`;
    writeFileSync('/tmp/prof/hunting.cpuprofile', JSON.stringify(profile));
    // Self time per function, only samples after the response's last byte.
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    let t = profile.startTime; // microseconds, same clock as performance.timeOrigin-based? use relative
    const sampleTimes: number[] = [];
    for (const d of profile.timeDeltas) sampleTimes.push((t += d));
    const cut = profile.endTime - (at - (process.env.FROM === 'result' ? handed : responseEnd)) * 1000;
    for (let i = 0; i < profile.samples.length; i++) {
      if ((sampleTimes[i] ?? 0) < cut) continue;
      const n = byId.get(profile.samples[i]!);
      if (!n) continue;
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      self.set(key, (self.get(key) ?? 0) + dt);
    }
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log(`rows painted after the response: ${(at - responseEnd).toFixed(0)} ms (${marks}); self time from ${process.env.FROM === 'result' ? 'the result handed to React' : 'the response'}:`);
    for (const [k, ms] of top) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
  } finally {
    await browser.close();
    await portal.stop();
  }
}

await main();
