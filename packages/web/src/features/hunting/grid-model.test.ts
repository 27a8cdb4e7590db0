import { describe, expect, it } from 'vitest';
import { displayText, initialWidth, initialWidths, isJsonLike, minCappedWidth, prettyJson, viewRows } from './grid-model.ts';
import { formatTime } from '../incidents/components/SeverityBadge.tsx';

const cols = [
  { name: 'DeviceName', type: 'string' },
  { name: 'Count', type: 'long' },
];
const rows = [
  { DeviceName: 'ws-10', Count: 10 },
  { DeviceName: 'ws-9', Count: 9 },
  { DeviceName: 'srv-1', Count: null },
  { DeviceName: 'WS-2', Count: 100 },
];

describe('viewRows', () => {
  it('sorts numbers numerically with empty values last', () => {
    expect(viewRows(cols, rows, {}, { column: 'Count', direction: 'ascending' }).map((r) => r.Count)).toEqual([9, 10, 100, null]);
    expect(viewRows(cols, rows, {}, { column: 'Count', direction: 'descending' }).map((r) => r.Count)).toEqual([100, 10, 9, null]);
  });
  it('filters by column text, case-insensitively, and keeps the input untouched', () => {
    const out = viewRows(cols, rows, { DeviceName: 'ws' }, { column: 'DeviceName', direction: 'ascending' });
    expect(out.map((r) => r.DeviceName)).toEqual(['ws-10', 'WS-2', 'ws-9']);
    expect(rows[0]?.DeviceName).toBe('ws-10');
    expect(viewRows(cols, rows, { DeviceName: '  ' }, undefined)).toHaveLength(4);
  });
});

describe('JSON cells', () => {
  it('recognises objects and JSON text, not plain strings', () => {
    expect(isJsonLike({ a: 1 })).toBe(true);
    expect(isJsonLike('[{"a":1}]')).toBe(true);
    expect(isJsonLike('[not json')).toBe(false);
    expect(isJsonLike('cmd.exe')).toBe(false);
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
  });
  it('sizes columns from their content within bounds', () => {
    expect(initialWidth({ name: 'X', type: 'string' }, [])).toBe(80);
    expect(initialWidth({ name: 'X', type: 'string' }, [{ X: 'a'.repeat(500) }])).toBe(420);
  });
});

describe('datetime cells', () => {
  const t = { name: 'Timestamp', type: 'datetime' };
  it('show as the portal writes times elsewhere, other types as their text', () => {
    expect(displayText(t, '2026-11-26T09:03:00Z')).toBe(formatTime('2026-11-26T09:03:00Z'));
    expect(displayText(t, '2026-11-26T09:03:00Z')).not.toContain('T09');
    expect(displayText({ name: 'S', type: 'string' }, '2026-11-26T09:03:00Z')).toBe('2026-11-26T09:03:00Z');
    expect(displayText(t, null)).toBe('');
  });
  it('filter on the shown text or the full value', () => {
    const r = [{ Timestamp: '2026-11-26T09:03:00Z' }, { Timestamp: '2026-10-01T00:00:00Z' }];
    expect(viewRows([t], r, { Timestamp: 'Nov 2026' }, undefined)).toEqual([r[0]]);
    expect(viewRows([t], r, { Timestamp: '2026-10-01T' }, undefined)).toEqual([r[1]]);
  });
});

describe('initialWidths', () => {
  const wide = [
    { name: 'DeviceName', type: 'string' },
    { name: 'ProcessCommandLine', type: 'string' },
    { name: 'FolderPath', type: 'string' },
    { name: 'n', type: 'long' },
  ];
  const row = { DeviceName: 'ws-1', ProcessCommandLine: 'x'.repeat(300), FolderPath: 'C:\\'.padEnd(200, 'p'), n: 1 };
  it('keeps the columns own widths when they fit', () => {
    const w = initialWidths(wide, [row], 5000);
    expect(w).toEqual(Object.fromEntries(wide.map((c) => [c.name, initialWidth(c, [row])])));
  });
  it('caps the widest columns alike so the result fits, never below the floor, leaving narrow ones as they are', () => {
    const w = initialWidths(wide, [row], 700);
    expect(Object.values(w).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(700);
    expect(w.ProcessCommandLine).toBe(w.FolderPath);
    expect(w.DeviceName).toBe(initialWidth(wide[0]!, [row]));
    const tight = initialWidths(wide, [row], 200);
    expect(tight.ProcessCommandLine).toBe(minCappedWidth);
  });
});
