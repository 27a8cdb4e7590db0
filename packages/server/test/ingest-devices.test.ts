import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEventStore } from '../src/events/event-store.ts';
import { IngestService } from '../src/ingest/ingest.service.ts';

/**
 * Device identity with several ingest workers: each worker maps its batches with its own view, but the
 * DeviceInfo rows are decided by the service's one registry, so a new host gets one row however many
 * workers see it first, and one more only when what a source says about it changes.
 */
describe('ingest devices across workers', () => {
  let dir: string;
  let store: DuckDbEventStore;
  let service: IngestService;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'palisade-ingest-devices-'));
    store = await DuckDbEventStore.open(join(dir, 'events.duckdb'));
    service = new IngestService(store, { workers: 3, queueCapacity: 16 });
  });
  afterAll(async () => {
    await service.close();
    await service.queue.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sysmon = (host: string, n: number, extra: Record<string, unknown> = {}): Uint8Array =>
    Buffer.from(
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: host, EventTime: `2024-06-01 00:00:${String(i % 60).padStart(2, '0')}`, Image: `C:\\\\w\\\\p${i}.exe`, ProcessId: String(100 + i), ...extra }),
      ).join('\n'),
    );
  const osVersion = (host: string, version: string): Uint8Array =>
    Buffer.from(JSON.stringify({ name: 'os_version', hostIdentifier: host, unixTime: 1717200000, action: 'snapshot', snapshot: [{ name: 'Ubuntu', version, major: '22', minor: '04', platform: 'ubuntu', build: '' }] }));
  const rows = async (sql: string): Promise<readonly Record<string, unknown>[]> => (await store.query(sql, [], { timeoutMs: 5000, maxRows: 100 })).rows;

  it('one DeviceInfo row per new host when several workers see it at once, the same DeviceId everywhere', async () => {
    // Sent together, the three batches naming each host go to the three workers.
    const sends = Array.from({ length: 9 }, (_, b) =>
      service.ingestBody('sysmon', { body: sysmon(['multi1.corp.local', 'MULTI2', 'multi3'][Math.floor(b / 3)] as string, 50), encoding: undefined, maxInflatedBytes: 1 << 24 }, { source: 'test' }),
    );
    const results = await Promise.all(sends);
    for (const r of results) expect(r).toMatchObject({ accepted: 50, rejected: 0 });
    const info = await rows(`SELECT DeviceName, count(*) AS n FROM DeviceInfo WHERE DeviceName LIKE 'multi%' GROUP BY DeviceName ORDER BY DeviceName`);
    expect(info).toEqual([
      { DeviceName: 'multi1.corp.local', n: 1 },
      { DeviceName: 'multi2', n: 1 },
      { DeviceName: 'multi3', n: 1 },
    ]);
    const ids = await rows(`SELECT count(DISTINCT DeviceId) AS n FROM (SELECT DeviceId FROM DeviceProcessEvents WHERE DeviceName = 'multi2' UNION ALL SELECT DeviceId FROM DeviceInfo WHERE DeviceName = 'multi2')`);
    expect(ids).toEqual([{ n: 1 }]);
  });

  it('a change in what a source reports adds one row with the merged facts; repeating it adds none', async () => {
    const v1 = await service.ingestBody('osquery', { body: osVersion('multi4', '22.04.1 LTS'), encoding: undefined, maxInflatedBytes: 1 << 24 }, { source: 'test' });
    expect(v1).toMatchObject({ accepted: 1, rejected: 0, rows: 1 });
    await Promise.all(Array.from({ length: 4 }, () => service.ingestBody('osquery', { body: osVersion('multi4', '22.04.1 LTS'), encoding: undefined, maxInflatedBytes: 1 << 24 }, { source: 'test' })));
    const v2 = await service.ingestBody('osquery', { body: osVersion('multi4', '22.04.2 LTS'), encoding: undefined, maxInflatedBytes: 1 << 24 }, { source: 'test' });
    expect(v2).toMatchObject({ accepted: 1, rows: 1 });
    // A Windows event for the same host adds OSPlatform Windows on top of what was known.
    await service.ingestBody('sysmon', { body: sysmon('multi4', 3), encoding: undefined, maxInflatedBytes: 1 << 24 }, { source: 'test' });
    const info = await rows(`SELECT OSVersion, OSPlatform, OSDistribution FROM DeviceInfo WHERE DeviceName = 'multi4' ORDER BY __ingestion_time, OSVersion`);
    expect(info).toEqual([
      { OSVersion: '22.04.1 LTS', OSPlatform: 'ubuntu', OSDistribution: 'Ubuntu' },
      { OSVersion: '22.04.2 LTS', OSPlatform: 'ubuntu', OSDistribution: 'Ubuntu' },
      { OSVersion: '22.04.2 LTS', OSPlatform: 'Windows', OSDistribution: 'Ubuntu' },
    ]);
  });

  it('a rejected record reports nothing: its host gets its row with the first record that is accepted', async () => {
    const bad = Buffer.from(JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'multi5', EventTime: 'yesterday', Image: 'C:\\\\x.exe', ProcessId: '1' }));
    expect(await service.ingestBody('sysmon', { body: bad, encoding: undefined, maxInflatedBytes: 1 << 24 }, { source: 'test' })).toMatchObject({ accepted: 0, rejected: 1 });
    expect(await rows(`SELECT count(*) AS n FROM DeviceInfo WHERE DeviceName = 'multi5'`)).toEqual([{ n: 0 }]);
    expect(await service.ingestBody('sysmon', { body: sysmon('multi5', 2), encoding: undefined, maxInflatedBytes: 1 << 24 }, { source: 'test' })).toMatchObject({ accepted: 2, rows: 3 });
    expect(await rows(`SELECT count(*) AS n FROM DeviceInfo WHERE DeviceName = 'multi5'`)).toEqual([{ n: 1 }]);
  });
});
