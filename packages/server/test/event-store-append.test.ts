import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEventStore, toColumnar } from '../src/events/event-store.ts';
import type { Cell, ColumnarAppendBatch } from '../src/events/event-store-types.ts';
import { timestampMicros } from '../src/events/chunk-append.ts';
import { huntingTables } from '../src/schema/advanced-hunting.ts';
import { validatorFor } from '../src/ingest/validate.ts';

/** The DataChunk append path must store exactly what the per-value appender stored. */
describe('event store append (DataChunk path)', () => {
  let dir: string;
  let store: DuckDbEventStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'palisade-append-'));
    store = await DuckDbEventStore.open(join(dir, 'events.duckdb'));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const def = huntingTables.get('DeviceProcessEvents')!;
  const col = (name: string): number => def.columns.findIndex((c) => c.name === name);
  const row = (values: Record<string, Cell>): Cell[] => def.columns.map((c) => values[c.name] ?? null);

  it('round-trips every fixed-width type, NULLs and strings across more than one chunk', async () => {
    const n = 4500; // three DataChunks of at most 2,048 rows
    const rows = Array.from({ length: n }, (_, i) =>
      row({
        Timestamp: i % 2 === 0 ? 1_717_200_000_000_000 + i : '2024-06-01 00:00:00.123456',
        DeviceName: i % 7 === 0 ? null : `host-${i}`,
        FileName: i % 3 === 0 ? '' : `é-${i}.exe`,
        ProcessId: i % 5 === 0 ? null : i - 2000, // negative longs too
        ReportId: 2 ** 40 + i,
        IsProcessRemoteSession: i % 4 === 0 ? null : i % 2 === 1,
        ProcessCreationTime: i === 3 ? '1969-12-31 23:59:59.5' : null,
      }),
    );
    const r = await store.append({ format: 'test', source: 'test', batchId: 'b1', rows: rows.map((cells) => ({ table: def.name, cells })), deadLetters: [] });
    expect(r.inserted).toBe(n);
    const got = await store.query(
      `SELECT ReportId - ${2 ** 40} AS i, epoch_us(Timestamp) AS ts, DeviceName, FileName, ProcessId, IsProcessRemoteSession AS rs, epoch_us(ProcessCreationTime) AS pct, __ingestion_time IS NOT NULL AS it
       FROM DeviceProcessEvents ORDER BY ReportId`,
      [],
      { timeoutMs: 10_000, maxRows: n },
    );
    expect(got.rows.length).toBe(n);
    for (let i = 0; i < n; i++) {
      const g = got.rows[i]!;
      const want = rows[i]!;
      expect(Number(g.i)).toBe(i);
      expect(Number(g.ts)).toBe(typeof want[col('Timestamp')] === 'number' ? want[col('Timestamp')] : 1_717_200_000_123_456);
      expect(g.DeviceName).toBe(want[col('DeviceName')]);
      expect(g.FileName).toBe(want[col('FileName')]);
      expect(g.ProcessId === null ? null : Number(g.ProcessId)).toBe(want[col('ProcessId')]);
      expect(g.rs).toBe(want[col('IsProcessRemoteSession')]);
      expect(g.pct === null ? null : Number(g.pct)).toBe(i === 3 ? -500_000 : null);
      expect(g.it).toBe(true);
    }
  });

  it('stores repeated strings (assigned once per chunk, then copied) exactly, short, long and non-ASCII, with NULLs between', async () => {
    const t = huntingTables.get('DeviceEvents')!;
    const at = (name: string): number => t.columns.findIndex((c) => c.name === name);
    const words = ['a', 'short-12byte', 'exactly-13-by', 'a much longer value that lives in the string heap', 'ünïcødé-ß-值-🙂', ''];
    const n = 5000;
    const rows = Array.from({ length: n }, (_, i) =>
      t.columns.map((c) => (c.name === 'Timestamp' ? 1_717_200_000_000_000 + i : c.name === 'ReportId' ? i : c.name === 'FileName' ? (i % 11 === 0 ? null : (words[i % words.length] as string)) : c.name === 'FolderPath' ? `C:\\unique\\${i}` : null)),
    );
    await store.append({ format: 'test', source: 'test', batchId: 'b3', rows: rows.map((cells) => ({ table: t.name, cells })), deadLetters: [] });
    const got = await store.query('SELECT ReportId AS i, FileName, FolderPath FROM DeviceEvents WHERE ReportId IS NOT NULL ORDER BY ReportId', [], { timeoutMs: 10_000, maxRows: n });
    expect(got.rows.length).toBe(n);
    for (let i = 0; i < n; i++) {
      expect(got.rows[i]!.FileName).toBe(rows[i]![at('FileName')]);
      expect(got.rows[i]!.FolderPath).toBe(rows[i]![at('FolderPath')]);
    }
  });

  it('group commit: batches share one transaction; a failing batch fails alone and the others are stored', async () => {
    const t = huntingTables.get('DeviceNetworkEvents')!;
    const good = (tag: string): ColumnarAppendBatch =>
      toColumnar({ format: 'test', source: 'test', batchId: tag, deadLetters: [], rows: [{ table: t.name, cells: t.columns.map((c) => (c.name === 'Timestamp' ? 1 : c.name === 'DeviceName' ? tag : null)) }] });
    const bad: ColumnarAppendBatch = { ...good('g-bad'), tables: [{ table: 'NoSuchTable', rows: 1, columns: null, cells: [[1]], recordIds: null }] };
    const settled = await store.appendGroup([good('g-1'), bad, good('g-2')]);
    expect(settled.map((s) => s.ok)).toEqual([true, false, true]);
    const got = await store.query(`SELECT DeviceName FROM DeviceNetworkEvents WHERE DeviceName LIKE 'g-%' ORDER BY 1`, [], { timeoutMs: 5000, maxRows: 10 });
    expect(got.rows.map((r) => r.DeviceName)).toEqual(['g-1', 'g-2']);
    const again = await store.appendGroup([good('g-3'), good('g-4')]);
    expect(again.every((s) => s.ok && s.value.inserted === 1)).toBe(true);
  });

  it('reads normalised datetimes to the microsecond', () => {
    expect(timestampMicros('2024-06-01 00:00:00')).toBe(Date.UTC(2024, 5, 1) * 1000);
    expect(timestampMicros('2024-06-01T00:00:00.1234567Z')).toBe(Date.UTC(2024, 5, 1) * 1000 + 123_456);
    expect(() => timestampMicros('June 1st')).toThrow(/not a normalised datetime/);
  });

  it('validates the common ISO shape to the same instant as the general parser', () => {
    const v = validatorFor('DeviceProcessEvents')!;
    const ts = v.index.get('Timestamp')!;
    const cell = (s: string): Cell => {
      const r = v.row({ Timestamp: s });
      if (!Array.isArray(r)) throw new Error(r.message);
      const c = r[ts]!;
      return typeof c === 'string' ? timestampMicros(c) : c;
    };
    expect(cell('2024-02-29T23:59:59.1234567Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59) * 1000 + 123_456);
    expect(cell('2024-06-01T02:00:00+02:00')).toBe(Date.UTC(2024, 5, 1) * 1000);
    expect(cell('2024-06-01 00:00:00.5')).toBe(Date.UTC(2024, 5, 1) * 1000 + 500_000);
    for (const bad of ['2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-06-01T24:00:00Z']) {
      const r = v.row({ Timestamp: bad });
      expect(Array.isArray(r) ? 'accepted' : r.code).toBe('invalidDatetime');
    }
  });

  it('still takes tables the chunk path does not cover (guid columns) through the per-value appender', async () => {
    const t = huntingTables.get('DataSecurityEvents')!;
    const cells = t.columns.map((c) => (c.name === 'Timestamp' ? '2024-06-01 00:00:00' : c.type === 'guid' ? '6f9619ff-8b86-d011-b42d-00cf4fc964ff' : null));
    await store.append({ format: 'test', source: 'test', batchId: 'b2', rows: [{ table: t.name, cells }], deadLetters: [] });
    const got = await store.query('SELECT count(*) AS n FROM DataSecurityEvents', [], { timeoutMs: 5000, maxRows: 1 });
    expect(Number(got.rows[0]?.n)).toBe(1);
  });

  it('checkpoints in the background once the WAL passes its size, while appends go on, and loses nothing', async () => {
    const t = huntingTables.get('DeviceEvents')!;
    const batch = (tag: string, n: number): ColumnarAppendBatch =>
      toColumnar({
        format: 'test',
        source: 'test',
        batchId: tag,
        deadLetters: [],
        rows: Array.from({ length: n }, (_, i) => ({ table: t.name, cells: t.columns.map((c) => (c.name === 'Timestamp' ? i : c.name === 'FileName' ? `${tag}-${i}` : null)) })),
      });
    const wal = `${store.path}.wal`;
    const before = store.checkpointStats.runs;
    store.backgroundCheckpointBytes = 1; // any WAL at all
    try {
      const groups = await Promise.all(Array.from({ length: 6 }, (_, g) => store.appendGroup([batch(`bg${g}a`, 3000), batch(`bg${g}b`, 3000)])));
      expect(groups.flat().every((s) => s.ok)).toBe(true);
      for (let i = 0; i < 200 && store.checkpointStats.runs === before; i++) await new Promise((r) => setTimeout(r, 25));
      expect(store.checkpointStats.runs).toBeGreaterThan(before);
      expect(store.checkpointStats.failures).toBe(0);
      // Once those are done, a last commit starts one more, after which the WAL is empty: everything is
      // in the database file.
      for (let seen = -1; seen !== store.checkpointStats.runs; ) {
        seen = store.checkpointStats.runs;
        await new Promise((r) => setTimeout(r, 300));
      }
      const runs = store.checkpointStats.runs;
      await store.appendGroup([batch('bg-last', 10)]);
      for (let i = 0; i < 200 && store.checkpointStats.runs === runs; i++) await new Promise((r) => setTimeout(r, 25));
      expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    } finally {
      store.backgroundCheckpointBytes = 128 * 1024 * 1024;
    }
    const got = await store.query(`SELECT count(*) AS n, count(DISTINCT FileName) AS d FROM DeviceEvents WHERE FileName LIKE 'bg%'`, [], { timeoutMs: 5000, maxRows: 1 });
    expect(got.rows[0]).toEqual({ n: 36_010, d: 36_010 });
  });

  it('pipelined group commits: a batch racing its retry in the other group is stored once, by record id and by Idempotency-Key', async () => {
    const t = huntingTables.get('DeviceEvents')!;
    const batch = (tag: string, key?: string): ColumnarAppendBatch => ({
      ...toColumnar({
        format: 'test',
        source: 'test',
        batchId: tag,
        deadLetters: [],
        rows: Array.from({ length: 500 }, (_, i) => ({ table: t.name, recordId: `race:${tag}:${i}`, cells: t.columns.map((c) => (c.name === 'Timestamp' ? i : c.name === 'FileName' ? `race-${tag}` : null)) })),
      }),
      ...(key ? { idempotency: { key, response: (r) => JSON.stringify(r) } } : {}),
    });
    // DuckDB sometimes fails both racing transactions (one race in ~10): enough rounds to meet that.
    for (let round = 0; round < 20; round++) {
      const [a, b] = await Promise.all([store.appendGroup([batch(`ids${round}`)]), store.appendGroup([batch(`ids${round}`)])]);
      expect([a[0]?.ok, b[0]?.ok]).toEqual([true, true]);
      const [c, d] = await Promise.all([store.appendGroup([batch(`key${round}`, `k${round}`)]), store.appendGroup([batch(`key${round}`, `k${round}`)])]);
      expect([c[0]?.ok, d[0]?.ok]).toEqual([true, true]);
    }
    const got = await store.query(`SELECT FileName, count(*) AS n FROM DeviceEvents WHERE FileName LIKE 'race-%' GROUP BY 1 HAVING count(*) <> 500`, [], { timeoutMs: 5000, maxRows: 20 });
    expect(got.rows).toEqual([]);
    const all = await store.query(`SELECT count(DISTINCT FileName) AS n FROM DeviceEvents WHERE FileName LIKE 'race-%'`, [], { timeoutMs: 5000, maxRows: 1 });
    expect(all.rows[0]).toEqual({ n: 40 });
  });
});
