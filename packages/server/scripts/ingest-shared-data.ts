/**
 * Ingests the real sample files of ../shared/data through each format into a throwaway store and reports
 * accepted / rejected per format, the rejections counted by reason code and by reason. A rejection is
 * explained when its reason says why that kind of record has no Advanced Hunting home (code
 * unsupportedEventType) or what the record itself lacks (required, invalid..., unknownColumn); the
 * generic fallbacks ("has no mapping yet") are counted as unexplained, and the script exits 1 if any.
 * Not part of npm test (a user's clone has no shared data).
 *   npx tsx packages/server/scripts/ingest-shared-data.ts [SHARED_DATA_DIR] [--all]   (--all: every reason, not the top 12)
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDbEventStore } from '../src/events/event-store.ts';
import { IngestService } from '../src/ingest/ingest.service.ts';
import { parseRecords } from '../src/ingest/body.ts';

// Default: the shared data set beside the checkout (../shared/data from the repository root).
const args = process.argv.slice(2);
const all = args.includes('--all');
const root = args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));

const sets: { format: string; files: string[]; table?: string }[] = [
  { format: 'sysmon', files: walk(join(root, 'attack-telemetry/otrf-security-datasets')).filter((f) => f.endsWith('.json')) },
  { format: 'ecs', files: walk(join(root, 'open-formats/winlogbeat-ecs')).filter((f) => f.endsWith('.json')) },
  { format: 'osquery', files: walk(join(root, 'open-formats/osquery')).filter((f) => f.endsWith('.log')) },
  { format: 'ocsf', files: walk(join(root, 'ocsf/samples')).filter((f) => /ocsf[^/]*\.json$/i.test(f.split('/').at(-1) ?? '')) },
  // A "union" export of several tables without a table column: DeviceEvents for the rows that fit it, else the one table a row fits.
  { format: 'defender', files: [join(root, 'defender-samples/otrf-goldensaml-simuland/Microsoft365DefenderEvents.json')], table: 'DeviceEvents' },
];

const dir = mkdtempSync(join(tmpdir(), 'palisade-shared-'));
const store = await DuckDbEventStore.open(join(dir, 'events.duckdb'));
const service = new IngestService(store);
let unexplained = 0;
try {
  for (const set of sets) {
    let accepted = 0;
    let rejected = 0;
    let unreadable = 0;
    const codes = new Map<string, number>();
    const reasons = new Map<string, number>();
    const tables = new Map<string, number>();
    for (const file of set.files) {
      let records;
      try {
        records = parseRecords(readFileSync(file));
      } catch (err) {
        unreadable++;
        const key = `file not JSON: ${file.split('/').slice(-2).join('/')}: ${err instanceof Error ? err.message.slice(0, 80) : ''}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
        continue;
      }
      const prepared = service.prepare(set.format, records, set.table);
      for (const r of prepared.rows) tables.set(r.table, (tables.get(r.table) ?? 0) + 1);
      const res = await service.commit(set.format, prepared, { source: 'script' });
      accepted += res.accepted;
      rejected += res.rejected;
      for (const e of res.errors) {
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
        const key = `${e.code}${e.field ? ` [${e.field}]` : ''}: ${e.message.slice(0, 220)}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
        if (e.code === 'unsupportedEventType' ? / has no mapping yet/.test(e.message) : !/^(required|invalid\w*|unknownColumn|outOfRange)$/.test(e.code)) unexplained++;
      }
    }
    console.log(`${set.format.padEnd(9)} ${set.files.length} files: ${accepted} accepted, ${rejected} rejected${unreadable ? `, ${unreadable} files not JSON` : ''}`);
    console.log(`            rows by table: ${[...tables].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(', ') || 'none'}`);
    if (codes.size > 0) console.log(`            rejections by code: ${[...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`);
    const sorted = [...reasons].sort((a, b) => b[1] - a[1]);
    for (const [k, n] of all ? sorted : sorted.slice(0, 12)) console.log(`            ${String(n).padStart(5)}  ${k}`);
    if (!all && sorted.length > 12) console.log(`            ... ${sorted.length - 12} more reasons (--all lists them)`);
  }
  console.log(unexplained === 0 ? 'every rejection is explained (a reason code and why)' : `${unexplained} rejections without a specific reason`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = unexplained === 0 ? 0 : 1;
