/**
 * bench:kql — the cost of writing a hunt in KQL instead of SQL. Builds N DeviceProcessEvents rows (default
 * 10M; not timed) in an in-memory DuckDB with the event store's DDL, then runs ten representative hunting
 * queries both as KQL compiled by @palisade/kql and as the DuckDB SQL a person would write by hand for the
 * same semantics, alternating the two, and prints per query the median ms of each and the ratio.
 *   npm run bench:kql [-- --rows N --runs R]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { compile } from '@palisade/kql';
import { binderSchema, duckdbCreateTable, getTable } from '../src/schema/advanced-hunting.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '5' } } });
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const NOW = new Date();

/** Each case: KQL as a hunter writes it, and hand-written DuckDB SQL with the same meaning. */
const cases: { name: string; kql: string; sql: string }[] = [
  {
    name: 'case-insensitive equality + count',
    kql: 'DeviceProcessEvents | where FileName =~ "powershell.exe" | count',
    sql: `SELECT count(*) FROM DeviceProcessEvents WHERE lower(FileName) = 'powershell.exe'`,
  },
  {
    name: 'time filter + count by device + top',
    kql: 'DeviceProcessEvents | where Timestamp > ago(7d) | summarize Executions = count() by DeviceName | top 10 by Executions',
    sql: `SELECT DeviceName, count(*) AS Executions FROM DeviceProcessEvents WHERE Timestamp > now()::TIMESTAMP - INTERVAL 7 DAY GROUP BY 1 ORDER BY 2 DESC LIMIT 10`,
  },
  {
    name: 'has term + project + take',
    kql: 'DeviceProcessEvents | where ProcessCommandLine has "4242" | project Timestamp, DeviceName, ProcessCommandLine | take 100',
    sql: `SELECT Timestamp, DeviceName, ProcessCommandLine FROM DeviceProcessEvents WHERE regexp_matches(ProcessCommandLine, '(?i)(^|[^0-9a-z])4242($|[^0-9a-z])') LIMIT 100`,
  },
  {
    name: 'contains + count',
    kql: 'DeviceProcessEvents | where ProcessCommandLine contains "echo 777" | count',
    sql: `SELECT count(*) FROM DeviceProcessEvents WHERE contains(lower(ProcessCommandLine), 'echo 777')`,
  },
  {
    name: 'in~ list + summarize by two keys',
    kql: 'DeviceProcessEvents | where FileName in~ ("cmd.exe", "powershell.exe", "rundll32.exe") | summarize n = count() by AccountName, FileName',
    sql: `SELECT AccountName, FileName, count(*) AS n FROM DeviceProcessEvents WHERE lower(FileName) IN ('cmd.exe', 'powershell.exe', 'rundll32.exe') GROUP BY 1, 2`,
  },
  {
    name: 'dcount by account + top',
    kql: 'DeviceProcessEvents | summarize Devices = dcount(DeviceId) by AccountName | top 20 by Devices',
    sql: `SELECT AccountName, approx_count_distinct(DeviceId) AS Devices FROM DeviceProcessEvents GROUP BY 1 ORDER BY 2 DESC LIMIT 20`,
  },
  {
    name: 'hourly timeline (bin)',
    kql: 'DeviceProcessEvents | summarize count() by bin(Timestamp, 1h)',
    sql: `SELECT time_bucket(INTERVAL 1 HOUR, Timestamp, TIMESTAMP '0001-01-01') AS Timestamp, count(*) AS count_ FROM DeviceProcessEvents GROUP BY 1`,
  },
  {
    name: 'arg_max latest per device',
    kql: 'DeviceProcessEvents | where FileName =~ "outlook.exe" | summarize arg_max(Timestamp, AccountName, ProcessCommandLine) by DeviceId',
    sql: `SELECT DeviceId, max(Timestamp) AS Timestamp, arg_max(AccountName, Timestamp) AS AccountName, arg_max(ProcessCommandLine, Timestamp) AS ProcessCommandLine FROM DeviceProcessEvents WHERE lower(FileName) = 'outlook.exe' GROUP BY 1`,
  },
  {
    name: 'inner join of two filtered sets',
    kql: 'let s = DeviceProcessEvents | where FileName == "rundll32.exe" | distinct DeviceId; DeviceProcessEvents | where FileName == "powershell.exe" | join kind=inner s on DeviceId | count',
    sql: `WITH s AS (SELECT DISTINCT DeviceId FROM DeviceProcessEvents WHERE FileName = 'rundll32.exe') SELECT count(*) FROM DeviceProcessEvents p JOIN s USING (DeviceId) WHERE p.FileName = 'powershell.exe'`,
  },
  {
    name: 'extend hourofday + summarize',
    kql: 'DeviceProcessEvents | extend Hour = hourofday(Timestamp) | summarize n = count() by Hour',
    sql: `SELECT hour(Timestamp) AS Hour, count(*) AS n FROM DeviceProcessEvents GROUP BY 1`,
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const table = getTable('DeviceProcessEvents');
if (!table) throw new Error('no DeviceProcessEvents in the schema');
await conn.run(duckdbCreateTable(table));
const t0 = performance.now();
await conn.run(`
  INSERT INTO DeviceProcessEvents (Timestamp, DeviceId, DeviceName, ActionType, FileName, FolderPath, ProcessId, ProcessCommandLine, AccountName, AccountDomain, InitiatingProcessFileName, ReportId)
  SELECT now()::TIMESTAMP - to_milliseconds((i * 263) % 2592000000::BIGINT),
         sha1('dev' || (i % 2000)::VARCHAR), 'ws-' || (i % 2000)::VARCHAR || '.corp.example', 'ProcessCreated',
         ['powershell.exe','cmd.exe','svchost.exe','chrome.exe','OUTLOOK.EXE','rundll32.exe','explorer.exe','teams.exe'][(i % 8) + 1],
         'C:\\Windows\\System32', (i % 65000)::BIGINT, 'cmd /c echo ' || (i % 100000)::VARCHAR, 'user' || (i % 500)::VARCHAR, 'corp', 'explorer.exe', i
  FROM range(${ROWS}) t(i)`);
console.log(`built ${ROWS.toLocaleString('en-US')} DeviceProcessEvents rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed below)`);

const schema = binderSchema();
async function timed(sql: string): Promise<{ ms: number; rows: number }> {
  const start = performance.now();
  const r = await conn.runAndReadAll(sql);
  return { ms: performance.now() - start, rows: r.currentRowCount };
}

console.log(`bench:kql  ${RUNS} runs each, alternating KQL and SQL, medians (load average ${loadavg()[0]?.toFixed(1)})`);
console.log(`${'query'.padEnd(40)} ${'KQL ms'.padStart(9)} ${'SQL ms'.padStart(9)} ${'ratio'.padStart(7)} ${'rows'.padStart(8)}`);
const ratios: number[] = [];
for (const c of cases) {
  const compiled = compile(c.kql, { schema, dialect: 'duckdb', now: NOW });
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${c.name}: ${errors.map((d) => d.message).join('; ')}`);
  await timed(compiled.sql); // warm both once
  await timed(c.sql);
  const k: number[] = [];
  const s: number[] = [];
  let rowsK = 0;
  let rowsS = 0;
  for (let i = 0; i < RUNS; i++) {
    const a = await timed(compiled.sql);
    const b = await timed(c.sql);
    k.push(a.ms);
    s.push(b.ms);
    rowsK = a.rows;
    rowsS = b.rows;
  }
  if (rowsK !== rowsS) console.log(`  note: ${c.name}: KQL returned ${rowsK} rows, SQL ${rowsS}`);
  const ratio = median(k) / median(s);
  ratios.push(ratio);
  console.log(`${c.name.padEnd(40)} ${median(k).toFixed(1).padStart(9)} ${median(s).toFixed(1).padStart(9)} ${ratio.toFixed(2).padStart(7)} ${String(rowsK).padStart(8)}`);
}
console.log(`worst ratio ${Math.max(...ratios).toFixed(2)}, median ratio ${median(ratios).toFixed(2)} (target: every query within 1.20)`);
conn.closeSync();
instance.closeSync();
