import { describe, expect, it } from 'vitest';
import { initialWidth, isJsonLike, prettyJson, viewRows } from './grid-model.ts';

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
