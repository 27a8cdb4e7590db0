/**
 * Ingests the real sample files of ../shared/data through each format into a throwaway store and reports
 * accepted / rejected per format with the rejection reasons. Not part of npm test (a user's clone has no
 * shared data).   npx tsx packages/server/scripts/ingest-shared-data.ts [SHARED_DATA_DIR]
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDbEventStore } from '../src/events/event-store.ts';
import { IngestService } from '../src/ingest/ingest.service.ts';
import { parseRecords } from '../src/ingest/body.ts';

// Default: the shared data set beside the checkout (../shared/data from the repository root).
const root = process.argv[2] ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));

const sets: { format: string; files: string[]; table?: string }[] = [
  { format: 'sysmon', files: walk(join(root, 'attack-telemetry/otrf-security-datasets')).filter((f) => f.endsWith('.json')) },
  { format: 'ecs', files: walk(join(root, 'open-formats/winlogbeat-ecs')).filter((f) => f.endsWith('.json')) },
  { format: 'osquery', files: walk(join(root, 'open-formats/osquery')).filter((f) => f.endsWith('.log')) },
  { format: 'ocsf', files: walk(join(root, 'ocsf/samples')).filter((f) => /ocsf[^/]*\.json$/i.test(f.split('/').at(-1) ?? '')) },
  { format: 'defender', files: [join(root, 'defender-samples/otrf-goldensaml-simuland/Microsoft365DefenderEvents.json')], table: 'DeviceEvents' },
];

const dir = mkdtempSync(join(tmpdir(), 'palisade-shared-'));
const store = await DuckDbEventStore.open(join(dir, 'events.duckdb'));
const service = new IngestService(store);
try {
  for (const set of sets) {
    let accepted = 0;
    let rejected = 0;
    let unreadable = 0;
    const reasons = new Map<string, number>();
    for (const file of set.files) {
      let records;
      try {
        records = parseRecords(readFileSync(file));
      } catch (err) {
        unreadable++;
        reasons.set(`file not JSON: ${err instanceof Error ? err.message.slice(0, 80) : ''}`, (reasons.get('file not JSON') ?? 0) + 1);
        continue;
      }
      const res = await service.commit(set.format, service.prepare(set.format, records, set.table), { source: 'script' });
      accepted += res.accepted;
      rejected += res.rejected;
      for (const e of res.errors) {
        const key = `${e.code} ${e.message.replace(/\d{3,}/g, 'N').slice(0, 90)}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
    }
    console.log(`${set.format.padEnd(9)} ${set.files.length} files: ${accepted} accepted, ${rejected} rejected${unreadable ? `, ${unreadable} files not JSON` : ''}`);
    for (const [k, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`            ${String(n).padStart(5)}  ${k}`);
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
