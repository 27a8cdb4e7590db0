import { describe, expect, it } from 'vitest';
import { at, errors, kql } from '../testing/kql.ts';

describe('binder: names, types and diagnostics', () => {
  it('types a pipeline and names columns the way Kusto does', () => {
    const r = kql`Events | summarize count(), dcount(DeviceName), make_set(DeviceName), sum(FileSize) by bin(Timestamp, 1h), OS = tolower(DeviceName)`;
    expect(r).toCompile();
    expect(r.columns).toEqual([
      { name: 'Timestamp', type: 'datetime' },
      { name: 'OS', type: 'string' },
      { name: 'count_', type: 'long' },
      { name: 'dcount_DeviceName', type: 'long' },
      { name: 'set_DeviceName', type: 'dynamic' },
      { name: 'sum_FileSize', type: 'long' },
    ]);
  });

  it('names percentile_tdigest and dcount_hll after their first column, other calls Column1', () => {
    const r = kql`Events | summarize t = tdigest(FileSize), h = hll(DeviceName) | project percentile_tdigest(t, 50), dcount_hll(h), strlen(tostring(t))`;
    expect(r).toCompile();
    expect(r.columns.map((c) => c.name)).toEqual(['percentile_tdigest_t', 'dcount_hll_h', 'Column1']);
  });

  it('expands arg_max(x, *) without repeating the group keys', () => {
    const r = kql`Devices | summarize arg_max(OSPlatform, *) by DeviceName`;
    expect(r.columns.map((c) => c.name)).toEqual(['DeviceName', 'OSPlatform']);
  });

  it('suffixes clashing right-side join columns', () => {
    const r = kql`Events | project DeviceName, FileSize | join kind=inner (Devices) on DeviceName`;
    expect(r.columns.map((c) => c.name)).toEqual(['DeviceName', 'FileSize', 'DeviceName1', 'OSPlatform']);
    expect(kql`Events | join kind=leftanti Devices on DeviceName`.columns).toHaveLength(8);
  });

  it('reports every unknown name with a suggestion, and keeps going', () => {
    const r = kql`Events
| where DeviceNam == "a" and FileSiz > 1
| project Nope`;
    expect(errors(r)).toEqual(['unknown-column', 'unknown-column', 'unknown-column']);
    expect(r).toReport('unknown-column', at(2, 9));
    expect(r.diagnostics[0]?.message).toContain("Did you mean 'DeviceName'?");
    expect(r.sql).toBe('');
  });

  it('suggests tables and functions', () => {
    expect(kql`Event | take 1`.diagnostics[0]?.message).toContain("Did you mean 'Events'?");
    expect(kql`Events | extend x = tolowr(DeviceName)`.diagnostics[0]?.message).toContain("Did you mean 'tolower'?");
  });

  it('reports unsupported constructs with their span', () => {
    expect(kql`Events | reduce by DeviceName`).toReport('unsupported-operator', at(1, 10));
    expect(kql`Events | extend s = series_periods_detect(x, 4, 20, 2)`).toReport('unsupported-function', at(1, 21));
    // several results need several names (series_decompose_anomalies alone gives one name its flags)
    expect(kql`Events | extend s = series_decompose(dynamic([1, 2]))`).toReport('invalid-argument', at(1, 17));
  });

  it('needs providers for functions that read other data', () => {
    expect(kql`Events | invoke FileProfile(SHA1)`).toReport('missing-provider');
    expect(kql`Events | where ingestion_time() > ago(1d)`).toReport('missing-provider');
  });

  it('inlines let scalars, tabular lets and functions', () => {
    expect(kql`let n = 10; let big = (T:(FileSize:long), k:long) { T | where FileSize > k }; Events | invoke big(n) | count`).toCompile('> CAST(10 AS BIGINT)');
    expect(kql`let d = materialize(Devices | distinct DeviceName); Events | where DeviceName in (d)`).toCompile('AS MATERIALIZED');
  });

  it('keeps render as metadata', () => {
    const r = kql`Events | summarize count() by bin(Timestamp, 1d) | render timechart with (title="t")`;
    expect(r.render).toEqual({ visualization: 'timechart', properties: { title: 't' } });
  });

  it('reports externaldata as tables for the caller to load', () => {
    const r = kql`let iocs = externaldata(Hash:string) [@"https://example.com/iocs.txt"] with (format="txt"); Events | where ProcessCommandLine has_any (iocs)`;
    expect(r).toCompile();
    expect(r.externalData).toEqual([{ table: '_ext0', urls: ['https://example.com/iocs.txt'], format: 'txt', ignoreFirstRecord: false, columns: [{ name: 'Hash', type: 'string' }] }]);
  });
});
