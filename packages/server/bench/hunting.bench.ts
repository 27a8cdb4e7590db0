/**
 * bench:hunting — a typical hunting query (filters + summarize) over 10M DeviceProcessEvents rows,
 * through POST /api/security/runHuntingQuery on a real server (child process). The rows are generated
 * in DuckDB directly (SQL over range()), since the point is query latency, not ingest.
 *   npm run bench:hunting [-- --rows N --runs R]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDbEventStore } from '../src/events/event-store.ts';
import { createToken, median, peakRssMiB, startServer, stopServer } from './common.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '11' } } });
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);

const dataDir = mkdtempSync(join(tmpdir(), 'palisade-bench-hunt-'));
try {
  const token = createToken(dataDir, 'hunting.run');
  const t0 = performance.now();
  const store = await DuckDbEventStore.open(join(dataDir, 'events.duckdb'));
  await store.writer.run(`
    INSERT INTO DeviceProcessEvents (Timestamp, DeviceId, DeviceName, ActionType, FileName, FolderPath, ProcessId, ProcessCommandLine, AccountName, AccountDomain, InitiatingProcessFileName, ReportId)
    SELECT now()::TIMESTAMP - to_milliseconds((i * 263) % 2592000000::BIGINT),
           sha1('dev' || (i % 2000)::VARCHAR), 'ws-' || (i % 2000)::VARCHAR || '.corp.example', 'ProcessCreated',
           ['powershell.exe','cmd.exe','svchost.exe','chrome.exe','outlook.exe','rundll32.exe','explorer.exe','teams.exe'][(i % 8) + 1],
           'C:\\Windows\\System32\\x.exe', (i % 65000)::BIGINT, 'cmd /c echo ' || (i % 100000)::VARCHAR, 'user' || (i % 500)::VARCHAR, 'corp', 'explorer.exe', i
    FROM range(${ROWS}) t(i)`);
  await store.close();
  console.log(`generated ${ROWS.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const { child, url } = await startServer(dataDir);
  const queries = {
    'filter + summarize + top': 'DeviceProcessEvents | where Timestamp > ago(7d) and FileName in~ ("powershell.exe", "cmd.exe") | summarize Executions = count() by DeviceName | top 10 by Executions',
    'filter + dcount by account': 'DeviceProcessEvents | where FileName =~ "rundll32.exe" | summarize Devices = dcount(DeviceId) by AccountName | order by Devices desc | take 20',
    // The same with a case-sensitive ==: isolates what the =~ emission (lower() and coalesce on every row) costs.
    'same with == (case-sensitive)': 'DeviceProcessEvents | where FileName == "rundll32.exe" | summarize Devices = dcount(DeviceId) by AccountName | order by Devices desc | take 20',
  };
  console.log(`bench:hunting  ${ROWS.toLocaleString('en-US')} rows, ${RUNS} runs each, HTTP loopback`);
  for (const [name, Query] of Object.entries(queries)) {
    const times: number[] = [];
    let rows = 0;
    for (let r = 0; r < RUNS; r++) {
      const s = performance.now();
      const res = await fetch(`${url}/api/security/runHuntingQuery`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ Query }) });
      const body = (await res.json()) as { results?: unknown[] };
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      times.push(performance.now() - s);
      rows = body.results?.length ?? 0;
    }
    const med = median(times);
    console.log(`  ${name.padEnd(28)} median ${med.toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}), ${rows} result rows -> target < 500 ms ${med < 500 ? 'met' : 'NOT met'}`);
  }
  console.log(`  server peak RSS ${Math.round(peakRssMiB(child.pid ?? 0))} MiB, load average ${(loadavg()[0] ?? 0).toFixed(1)}`);
  await stopServer(child);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
