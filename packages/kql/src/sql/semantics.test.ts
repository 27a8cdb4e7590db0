/** Kusto semantics that DuckDB does differently (kql-semantics.md), checked by running the SQL. */
import { describe, expect, it } from 'vitest';
import { runKql, scalar } from '../functions/test-run.ts';

async function rows(q: string): Promise<string[][]> {
  const r = await runKql(q);
  if (r.errors.length > 0) throw new Error(r.errors.join('; '));
  return r.rows;
}

describe('semantics on DuckDB', () => {
  it('has matches whole terms, case-insensitively; contains matches substrings', async () => {
    expect(await scalar('"North America" has "america"')).toBe('true');
    expect(await scalar('"North America" has "amer"')).toBe('false');
    expect(await scalar('"KustoExplorerQueryRun" has "Explorer"')).toBe('false');
    expect(await scalar('"KustoExplorerQueryRun" contains "explorer"')).toBe('true');
    expect(await scalar('"North America" hassuffix "ica"')).toBe('true');
    expect(await scalar('"a/resourcegroups/test.rg000001?api" has "/resourcegroups/test.rg000001?"')).toBe('true');
    expect(await scalar('"abc def" has_any ("xyz", "DEF")')).toBe('true');
    expect(await scalar('"abc def" has_all ("abc", "de")')).toBe('false');
  });

  it('integer division truncates and % is never negative', async () => {
    expect(await scalar('7 / 2')).toBe('3');
    expect(await scalar('-14 % 12')).toBe('10');
    expect(await scalar('1.0 / 4')).toBe('0.25');
  });

  it('null != value keeps the row; !in keeps null', async () => {
    expect(await rows('datatable(x:long)[1, long(null), 5] | where x != 5 | count')).toEqual([['2']]);
    expect(await rows('datatable(x:long)[1, long(null), 5] | where x !in (1) | count')).toEqual([['2']]);
  });

  it('sort defaults to descending with nulls last', async () => {
    expect(await rows('datatable(x:long)[2, long(null), 3, 1] | sort by x')).toEqual([['3'], ['2'], ['1'], ['']]);
    expect(await rows('datatable(x:long)[2, long(null), 3, 1] | sort by x asc')).toEqual([[''], ['1'], ['2'], ['3']]);
  });

  it('summarize without by returns one row on empty input', async () => {
    expect(await rows('datatable(x:long)[] | summarize count(), sum(x), make_set(x)')).toEqual([['0', '0', '[]']]);
    expect(await rows('datatable(x:long)[] | summarize count() by x')).toEqual([]);
  });

  it('bin floors datetimes from 0001-01-01', async () => {
    // 5-day bins counted from 0001-01-01 (DuckDB's time_bucket would give 2007-01-06)
    expect(await scalar('tostring(bin(datetime(2007-01-10 05:00), 5d))')).toBe('2007-01-10T00:00:00.0000000Z');
    expect(await scalar('tostring(bin(datetime(2007-01-05 05:00), 7d))')).toBe('2007-01-01T00:00:00.0000000Z');
    expect(await scalar('bin(-4.5, 1)')).toBe('-5');
  });

  it('innerunique keeps one left row per key', async () => {
    const q = `let X = datatable(k:string, v:long)['a',1,'b',2,'b',3,'c',4];
      let Y = datatable(k:string, w:long)['b',10,'c',20,'c',30,'d',40];
      X | join Y on k | count`;
    expect(await rows(q)).toEqual([['3']]);
  });

  it('mv-expand keeps a row for null and drops empty arrays', async () => {
    expect(await rows('datatable(d:dynamic)[dynamic([1,2]), dynamic([]), dynamic(null)] | mv-expand d | count')).toEqual([['3']]);
    expect(await rows('print d = dynamic({"a":1,"b":2}) | mv-expand d | project tostring(d)')).toEqual([['{"a":1}'], ['{"b":2}']]);
  });

  it('substring is zero-based and string functions follow Kusto', async () => {
    expect(await scalar('substring("123456", 2, 2)')).toBe('34');
    expect(await scalar('substring("123456", -2, 2)')).toBe('56');
    expect(await scalar('replace_regex("a1b22", @"\\d", "#")')).toBe('a#b##');
    expect(await scalar('tostring(split("a__b", "_"))')).toBe('["a","","b"]');
    expect(await scalar('extract(@"-(\\d{2})-", 1, "21-07-2023", typeof(int)) + 1')).toBe('8');
  });

  it('datetimes and timespans print like Kusto', async () => {
    expect(await scalar('tostring(datetime(2017-10-15 12:00))')).toBe('2017-10-15T12:00:00.0000000Z');
    expect(await scalar('tostring(1d + 2h + 30s)')).toBe('1.02:00:30');
    expect(await scalar('(datetime(2020-01-02) - datetime(2020-01-01)) / 1h')).toBe('24');
    expect(await scalar('datetime_diff("week", datetime(2017-10-29 00:00), datetime(2017-09-30 23:59))')).toBe('5');
    expect(await scalar('startofweek(datetime(2017-01-03 10:10:17)) == datetime(2017-01-01)')).toBe('true');
  });

  it('dynamic values are JSON with Kusto accessors', async () => {
    expect(await scalar('tostring(parse_json(\'{"a":{"b":[1,2,3]}}\').a.b[-1])')).toBe('3');
    expect(await scalar('tostring(parse_json("not json"))')).toBe('not json');
    expect(await scalar('array_length(pack_array(1, "2", 3))')).toBe('3');
    expect(await scalar('tostring(bag_pack("k", 1, "t", "x"))')).toBe('{"k":1,"t":"x"}');
  });
});
