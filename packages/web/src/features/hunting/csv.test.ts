import { describe, expect, it } from 'vitest';
import { cellText, toCsv } from './csv.ts';

describe('toCsv', () => {
  it('writes a header and quotes fields with commas, quotes and line breaks', () => {
    const csv = toCsv(
      [
        { name: 'DeviceName', type: 'string' },
        { name: 'Count', type: 'long' },
        { name: 'Extra', type: 'dynamic' },
      ],
      [
        { DeviceName: 'ws-01, finance', Count: 3, Extra: { a: 'say "hi"' } },
        { DeviceName: 'line\nbreak', Count: null },
      ],
    );
    expect(csv).toBe('DeviceName,Count,Extra\r\n"ws-01, finance",3,"{""a"":""say \\""hi\\""""}"\r\n"line\nbreak",,\r\n');
  });
  it('defuses spreadsheet formulas', () => {
    expect(toCsv([{ name: 'c', type: 'string' }], [{ c: '=cmd|calc' }])).toBe("c\r\n'=cmd|calc\r\n");
  });
  it('shows objects as JSON and empty values as nothing', () => {
    expect(cellText([1, 2])).toBe('[1,2]');
    expect(cellText(undefined)).toBe('');
    expect(cellText(false)).toBe('false');
  });
});
