import { describe, expect, it } from 'vitest';
import { compareResults } from './conformance.ts';
import { formatDatetimeMicros, formatTimespanMicros, normalizeExpected, valuesMatch } from './format.ts';

describe('conformance value rules', () => {
  it('prints values the way the docs do', () => {
    expect(formatDatetimeMicros(1530403200000000n)).toBe('2018-07-01 00:00:00.0000000');
    expect(formatTimespanMicros(93784500000n)).toBe('1.02:03:04.5000000');
    expect(formatTimespanMicros(-43200000000n)).toBe('-12:00:00');
  });

  it('normalises table markup by general rules', () => {
    expect(normalizeExpected(' `[1,<br>2]` ')).toBe('[1,\n2]');
    expect(normalizeExpected('a \\| b')).toBe('a | b');
    expect(normalizeExpected('<https://bing.com>')).toBe('https://bing.com');
    expect(normalizeExpected('&nbsp;')).toBe('');
  });

  it('compares JSON structurally, numbers numerically, datetimes as instants', () => {
    expect(valuesMatch('{"b":2,"a":1}', "{'a': 1, 'b': 2}")).toBe(true);
    expect(valuesMatch('0.30000000000000004', '0.3')).toBe(true);
    expect(valuesMatch('1048576', '1,048,576')).toBe(true);
    expect(valuesMatch('2017-01-01 00:00:00.0000000', '2017-01-01T00:00:00Z')).toBe(true);
    expect(valuesMatch('true', 'True')).toBe(true);
    expect(valuesMatch('abc', 'abd')).toBe(false);
    expect(valuesMatch('[1,2]', '[2,1]')).toBe(false);
  });

  it('compares unordered results as multisets and ordered ones row by row', () => {
    const c = { id: 'x', query: '', expected: { columns: ['`a`'], rows: [['1'], ['2']] }, ordered: false };
    expect(compareResults(c, ['a'], [['2'], ['1']])).toBeUndefined();
    expect(compareResults({ ...c, ordered: true }, ['a'], [['2'], ['1']])).toContain('row 1 differs');
    expect(compareResults(c, ['a'], [['1'], ['1']])).toContain('no row matches');
    expect(compareResults(c, ['b'], [['1'], ['2']])).toContain('columns differ');
  });

  it('does not compare a hand-written header with a generated name, but does compare generated headers', () => {
    const c = { id: 'x', query: '', expected: { columns: ['result'], rows: [['1']] }, ordered: false };
    expect(compareResults(c, ['print_0'], [['1']])).toBeUndefined();
    expect(compareResults(c, ['Column1'], [['1']])).toBeUndefined();
    expect(compareResults(c, ['Count'], [['1']])).toContain('columns differ');
    expect(compareResults(c, ['print_0'], [['2']])).toContain('no row matches');
    const generated = { ...c, expected: { columns: ['print_0'], rows: [['1']] } };
    expect(compareResults(generated, ['Column1'], [['1']])).toContain('columns differ');
  });

  it('reads 1/0 as booleans only in bool columns, (null) as null, flattened multi-line text and bare arrays', () => {
    const c = { id: 'x', query: '', expected: { columns: ['b'], rows: [['1'], ['0'], ['(null)']] }, ordered: true };
    expect(compareResults(c, ['b'], [['true'], ['false'], ['']], ['bool'])).toBeUndefined();
    expect(compareResults(c, ['b'], [['true'], ['false'], ['']], ['string'])).toContain('row 1 differs');
    expect(valuesMatch('true', '0', 'bool')).toBe(false);
    expect(valuesMatch('\n  a {\n    b;\n  }', 'a { b; }')).toBe(true);
    expect(valuesMatch('a\nb', 'a b\nc')).toBe(false);
    expect(valuesMatch('["yes","no",1]', '[yes, no, 1]')).toBe(true);
    expect(valuesMatch('["yes","no"]', '[no, yes]')).toBe(false);
    expect(valuesMatch('{"Q":{"k":"v"}}', '{ "Q":"{"k":"v"}" }')).toBe(true);
    expect(valuesMatch('{"Q":{"k":"v"}}', '{ "Q":"{"k":"w"}" }')).toBe(false);
  });
});
