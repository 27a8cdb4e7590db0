import { describe, expect, it } from 'vitest';
import { binderSchema, checkQuery } from './live-check.ts';

const schema = binderSchema([
  {
    name: 'DeviceProcessEvents',
    description: '',
    columns: [
      { name: 'Timestamp', type: 'datetime', description: '' },
      { name: 'DeviceName', type: 'string', description: '' },
      { name: 'FileName', type: 'string', description: '' },
    ],
  },
]);

describe('checkQuery', () => {
  it('reports an unknown column where it is, as the server would', () => {
    const r = checkQuery('DeviceProcessEvents\n| where FileNme == "a"', schema);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'unknown-column', severity: 'error', line: 2, column: 9 })]);
    expect(r.diagnostics[0]?.message).toContain('FileName');
  });
  it('passes a good query and reads its render', () => {
    const r = checkQuery('DeviceProcessEvents\n| summarize n = count() by bin(Timestamp, 1h)\n| render timechart', schema);
    expect(r.diagnostics).toEqual([]);
    expect(r.render).toBe('timechart');
    expect(r.columns).toEqual(['Timestamp', 'n']);
  });
  it('names the result columns of a good query only', () => {
    expect(checkQuery('DeviceProcessEvents | project DeviceName, FileName', schema).columns).toEqual(['DeviceName', 'FileName']);
    expect(checkQuery('DeviceProcessEvents | project Nope', schema).columns).toBeUndefined();
  });
  it('reports syntax errors and unknown tables', () => {
    expect(checkQuery('DeviceProcessEvents | where', schema).diagnostics[0]?.code).toBe('syntax-error');
    expect(checkQuery('NoSuchTable | take 1', schema).diagnostics[0]?.code).toBe('unknown-table');
    expect(checkQuery('   ', schema).diagnostics).toEqual([]);
  });
  it('names the datetime columns of the result (none after a summarize without a time)', () => {
    expect(checkQuery('DeviceProcessEvents | project Timestamp, DeviceName', schema).timeColumns).toEqual(['Timestamp']);
    expect(checkQuery('DeviceProcessEvents | summarize LastSeen = max(Timestamp) by DeviceName', schema).timeColumns).toEqual(['LastSeen']);
    expect(checkQuery('DeviceProcessEvents | summarize n = count() by DeviceName', schema).timeColumns).toEqual([]);
  });
});
