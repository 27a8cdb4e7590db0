import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '@palisade/kql';
import { DuckDbEventStore } from '../events/event-store.ts';
import { BulkLoadError, BulkLoader } from '../events/bulk-load.ts';
import { INGESTION_TIME_COLUMN, binderSchema, huntingTables, quoteIdent } from '../schema/advanced-hunting.ts';
import { simulate } from './index.ts';
import { bulkStoreSimulation, ingestSimulation } from './output.ts';

const dir = mkdtempSync(join(tmpdir(), 'palisade-bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = new Date('2024-11-15T12:00:00Z');
const options = { devices: 16, users: 30, days: 1, seed: 5, now: NOW };

/** Every hunting table's rows without the ingestion time, in a stable order. */
async function dump(store: DuckDbEventStore): Promise<Map<string, unknown[][]>> {
  const out = new Map<string, unknown[][]>();
  for (const t of huntingTables.values()) {
    const rows = await store.withWriter(async (w) => (await w.runAndReadAll(`SELECT * EXCLUDE (${quoteIdent(INGESTION_TIME_COLUMN)}) FROM ${quoteIdent(t.name)} ORDER BY ALL`)).getRowsJson());
    if (rows.length > 0) out.set(t.name, rows);
  }
  return out;
}

/** The first difference between two tables' rows, named by row and column, or undefined. */
function firstDifference(table: string, a: unknown[][], b: unknown[][] | undefined): string | undefined {
  if (!b) return `${table}: missing`;
  if (a.length !== b.length) return `${table}: ${a.length} rows vs ${b.length}`;
  const columns = huntingTables.get(table)!.columns;
  for (let r = 0; r < a.length; r++) {
    for (let c = 0; c < columns.length; c++) {
      const [x, y] = [JSON.stringify(a[r]![c]), JSON.stringify(b[r]![c])];
      if (x !== y) return `${table} row ${r} ${columns[c]!.name}: ${x} vs ${y}`;
    }
  }
  return undefined;
}

async function hunt(store: DuckDbEventStore, kql: string): Promise<readonly unknown[]> {
  const c = compile(kql, { schema: binderSchema(), dialect: 'duckdb', now: NOW, maxRows: 10_000 });
  expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return (await store.query(c.sql, c.params, { timeoutMs: 30_000, maxRows: 10_000 })).rows;
}

describe('bulk path into the event store', () => {
  it('stores a simulated organisation exactly as the ingest pipeline does (every table, every column, same hunting results)', async () => {
    const viaIngest = await DuckDbEventStore.open(join(dir, 'ingest.duckdb'));
    const viaBulk = await DuckDbEventStore.open(join(dir, 'bulk.duckdb'));
    try {
      const sim = simulate(options);
      const a = await ingestSimulation(viaIngest, sim);
      expect(a.rejected).toBe(0);
      // Small loads, so the test crosses many (one in flight while rows for the next are written).
      const b = await bulkStoreSimulation(viaBulk, sim, { tmpDir: join(dir, 'tmp'), tableRows: 500 });
      expect(b.rows).toBe(a.rows);
      expect(b.rows).toBeGreaterThan(5_000);
      const [da, db] = [await dump(viaIngest), await dump(viaBulk)];
      expect([...db.keys()].sort()).toEqual([...da.keys()].sort());
      expect(da.size).toBeGreaterThanOrEqual(18);
      for (const [table, rows] of da) expect(firstDifference(table, rows, db.get(table))).toBeUndefined();
      // IdentityInfo.Type is a column, not the table's name, on both paths.
      const types = await viaBulk.withWriter(async (w) => (await w.runAndReadAll('SELECT DISTINCT Type FROM IdentityInfo')).getRowsJS());
      expect(types).toEqual([['User']]);
      // The hidden ingestion time is set on every row, as the normal append sets it.
      const missing = await viaBulk.withWriter(async (w) => (await w.runAndReadAll(`SELECT count(*) FROM DeviceProcessEvents WHERE ${quoteIdent(INGESTION_TIME_COLUMN)} IS NULL`)).getRowsJS());
      expect(Number(missing[0]?.[0])).toBe(0);
      for (const kql of [
        'DeviceProcessEvents | where ProcessCommandLine has "-enc" | project Timestamp, DeviceName, ProcessCommandLine, ReportId | order by ReportId asc',
        'EmailEvents | join kind=inner (EmailAttachmentInfo) on NetworkMessageId | summarize n = count() by SenderFromAddress | order by n desc, SenderFromAddress asc',
        'DeviceNetworkEvents | summarize c = count(), d = dcount(RemoteIP) by DeviceId, bin(Timestamp, 1h) | order by DeviceId asc, Timestamp asc',
        'CloudAppEvents | extend ip = tostring(RawEventData.ClientIP) | summarize count() by ActionType, ip | order by ActionType asc, ip asc',
      ]) {
        const [x, y] = [await hunt(viaIngest, kql), await hunt(viaBulk, kql)];
        expect(x.length, kql).toBeGreaterThan(0);
        expect(y, kql).toEqual(x);
      }
    } finally {
      await viaIngest.close();
      await viaBulk.close();
    }
  });

  it('refuses rows it cannot store faithfully, naming the table, column and value', async () => {
    const store = await DuckDbEventStore.open(join(dir, 'bad.duckdb'));
    try {
      const loader = new BulkLoader(store, { tmpDir: join(dir, 'tmp-bad') });
      expect(() => loader.add({ Table: 'NoSuchTable', Timestamp: '2024-01-01T00:00:00.000Z' })).toThrow(/NoSuchTable: unknown Advanced Hunting table/);
      expect(() => loader.add({ Table: 'DeviceEvents', Timestamp: '2024-01-01T00:00:00.000Z', Bogus: 1 })).toThrow(/DeviceEvents\.Bogus: no such column/);
      expect(() => loader.add({ Table: 'DeviceEvents', Timestamp: '2024-02-30T00:00:00.000Z' })).toThrow(BulkLoadError);
      expect(() => loader.add({ Table: 'DeviceEvents', Timestamp: '2024-01-01T00:00:00.000Z', ReportId: 'x' })).toThrow(/DeviceEvents\.ReportId: not a long value: "x"/);
      expect(() => loader.add({ Table: 'DeviceEvents', DeviceName: 'a' })).toThrow(/DeviceEvents\.Timestamp: required/);
      // Quotes, commas, newlines and empty strings survive the CSV round trip; a missing DeviceId comes from DeviceName.
      void loader.add({ Table: 'DeviceEvents', Timestamp: '2024-01-01T00:00:00.000Z', DeviceName: 'WS1.corp.example', ActionType: 'a "b", c\nd', AdditionalFields: { k: 'v "q"' }, FileName: '', ReportId: 7 });
      expect(await loader.finish()).toBe(1);
      const rows = await store.withWriter(async (w) => (await w.runAndReadAll('SELECT ActionType, AdditionalFields::VARCHAR, FileName, DeviceId, FolderPath FROM DeviceEvents')).getRowsJS());
      expect(rows).toEqual([['a "b", c\nd', '{"k":"v \\"q\\""}', '', expect.stringMatching(/^[0-9a-f]{40}$/), null]]);
    } finally {
      await store.close();
    }
  });
});
