/** Tabular operators, checked by running the compiled SQL on DuckDB. */
import { describe, expect, it } from 'vitest';
import { runKql } from '../../functions/test-run.ts';

async function rows(q: string): Promise<string[][]> {
  const r = await runKql(q);
  if (r.errors.length > 0) throw new Error(r.errors.join('; '));
  return r.rows;
}

async function columns(q: string): Promise<string[]> {
  const r = await runKql(q);
  if (r.errors.length > 0) throw new Error(r.errors.join('; '));
  return r.columns;
}

const X = "let X = datatable(k:string, v:long)['a',1,'b',2,'b',3,'c',4];";
const Y = "let Y = datatable(k:string, w:long)['b',10,'c',20,'c',30,'d',40];";

describe('operators', () => {
  it('join kinds keep the documented sides and row counts', async () => {
    const count = async (kind: string): Promise<string> => (await rows(`${X}${Y} X | join kind=${kind} Y on k | count`))[0]?.[0] ?? '';
    expect(await count('inner')).toBe('4');
    expect(await count('innerunique')).toBe('3');
    expect(await count('leftouter')).toBe('5');
    expect(await count('fullouter')).toBe('6');
    expect(await count('leftanti')).toBe('1');
    expect(await count('rightsemi')).toBe('3');
    expect(await columns(`${X}${Y} X | join kind=rightanti Y on k`)).toEqual(['k', 'w']);
    expect(await columns(`${X}${Y} X | lookup Y on k`)).toEqual(['k', 'v', 'w']);
  });

  it('union outer fills missing columns and names sources', async () => {
    expect(await rows('union withsource=T (print a=1 | as One), (print b=2 | as Two) | order by T asc')).toEqual([['One', '1', ''], ['Two', '', '2']]);
  });

  it('union splits a name with several types into name_type, and a real column of that name keeps it', async () => {
    const q = 'union withsource=S (print v=5 | as P), (print v=toint(6) | as Q), (print v_long=7 | as R) | order by S asc';
    expect(await columns(q)).toEqual(['S', 'v_long1', 'v_int', 'v_long']);
    expect(await rows(q)).toEqual([['P', '5', '', ''], ['Q', '', '6', ''], ['R', '', '', '7']]);
  });

  it('mv-expand expands arrays in parallel with an item index, a row limit and bags as key/value pairs', async () => {
    const q = "datatable(k:string, a:dynamic, b:dynamic)['x', dynamic([10, 20, 30]), dynamic(['p', 'q'])] | mv-expand with_itemindex=i a to typeof(long), b limit 3 | project i, a, b";
    expect(await rows(q)).toEqual([
      ['0', '10', '"p"'],
      ['1', '20', '"q"'],
      ['2', '30', ''],
    ]);
    expect(await rows("print d = dynamic({'m': 1, 'n': 2}) | mv-expand kind=array d | project k = tostring(d[0]) | order by k asc")).toEqual([['m'], ['n']]);
    expect(await rows('print r = range(1, 300000) | mv-expand r | summarize count(), max(tolong(r))')).toEqual([['300000', '300000']]);
  });

  it('mv-apply runs the subquery per row', async () => {
    expect(await rows('datatable(i:long, a:dynamic)[1, dynamic([3,1,2]), 2, dynamic([5])] | mv-apply x = a to typeof(long) on (top 1 by x) | project i, x | order by i asc')).toEqual([['1', '3'], ['2', '5']]);
    expect(await rows('datatable(i:long, a:dynamic)[1, dynamic([3,1,2]), 2, dynamic([5])] | mv-apply x = a to typeof(long) on (summarize s = sum(x)) | project i, s | order by i asc')).toEqual([['1', '6'], ['2', '5']]);
  });

  it('mv-apply: a row column the subquery changes and then summarizes away comes back with its own value', async () => {
    const q = "datatable(n:long, b:dynamic)[1, dynamic({'p':1,'q':2}), 2, dynamic({'r':3})] | mv-apply e = b on (mv-expand kind=array b | summarize k = make_set(b[0])) | project n, b, k = array_sort_asc(k) | order by n asc";
    expect(await rows(q)).toEqual([
      ['1', '{"p":1,"q":2}', '["p","q"]'],
      ['2', '{"r":3}', '["r"]'],
    ]);
  });

  it('make-series fills empty bins with the default', async () => {
    const q = `datatable(t:datetime, n:long)[datetime(2020-01-01), 1, datetime(2020-01-03), 5]
      | make-series total=sum(n) default=0 on t from datetime(2020-01-01) to datetime(2020-01-04) step 1d`;
    expect(await rows(`${q} | project tostring(total)`)).toEqual([['[1,0,5]']]);
  });

  it('top-nested keeps the top values per level', async () => {
    const q = `datatable(a:string, b:string, n:long)['x','p',5,'x','q',1,'y','p',2,'y','q',2,'z','p',1]
      | top-nested 2 of a by s=sum(n), top-nested 1 of b by t=sum(n) | order by a asc`;
    const r = await rows(q);
    expect(r[0]).toEqual(['x', '6', 'p', '5']);
    expect(r.map((x) => x[0])).toEqual(['x', 'y']);
  });

  it('scan carries state from row to row', async () => {
    expect(await rows('range x from 1 to 4 step 1 | scan declare (c:long=0) with (step s: true => c = x + s.c;)')).toEqual([['1', '1'], ['2', '3'], ['3', '6'], ['4', '10']]);
  });

  it('row_window_session starts a session on distance from the first row, from the previous row, or a restart', async () => {
    const q = `datatable(k:string, t:long)['a',0, 'a',4, 'a',8, 'a',12, 'a',30, 'b',31, 'b',33]
      | sort by k asc, t asc
      | extend s = row_window_session(t, 10, 5, k != prev(k)), u = row_window_session(t, 100, 100) + 1`;
    expect(await rows(q)).toEqual([
      ['a', '0', '0', '1'],
      ['a', '4', '0', '1'],
      ['a', '8', '0', '1'],
      ['a', '12', '12', '1'],
      ['a', '30', '30', '1'],
      ['b', '31', '31', '1'],
      ['b', '33', '31', '1'],
    ]);
  });

  it('scan with several steps follows sequences: a step advances from the previous one or repeats (the first step keeps its match id while active)', async () => {
    const q = `datatable(t:long, e:string)[1,'x', 2,'open', 3,'a', 4,'b', 5,'close', 6,'a', 7,'open', 20,'a', 21,'open', 22,'close']
      | sort by t asc
      | scan with_match_id=id with (
          step s1: e == 'open';
          step s2: e !in ('open', 'close') and t - s1.t <= 5;
          step s3: e == 'close' and t - s1.t <= 5;
        )`;
    expect(await rows(q)).toEqual([
      ['2', 'open', '0'],
      ['3', 'a', '0'],
      ['4', 'b', '0'],
      ['5', 'close', '0'],
      ['7', 'open', '1'],
      ['21', 'open', '1'],
    ]);
  });

  it('scan: output=none steps move a sequence on without output; declared values travel through the state; an active last step repeats', async () => {
    const q = `datatable(t:long, e:string)[1,'in', 4,'out', 6,'in', 7,'in', 9,'out', 10,'out']
      | sort by t asc
      | scan declare (start:long, dur:long) with (
          step s1 output=none: e == 'in' => start = t;
          step s2: e == 'out' => start = s1.start, dur = t - s1.start;
        )
      | project start, t, dur`;
    expect(await rows(q)).toEqual([
      ['1', '4', '3'],
      ['7', '9', '2'],
      ['7', '10', '3'],
    ]);
  });

  it('window functions restart on a predicate', async () => {
    const q = 'datatable(g:string, v:long)["a",1,"a",2,"b",3,"b",4,"b",5] | sort by g asc, v asc | extend rn = row_number(1, prev(g) != g), cs = row_cumsum(v, g != prev(g)) | project rn, cs';
    expect(await rows(q)).toEqual([['1', '1'], ['2', '3'], ['1', '3'], ['2', '7'], ['3', '12']]);
  });

  it('search matches terms in any column', async () => {
    expect(await rows('datatable(a:string, b:string)["red fox", "x", "blue", "fox"] | search "fox" | count')).toEqual([['2']]);
    expect(await rows('datatable(a:string, b:string)["red fox", "x", "blue", "fox"] | search b:"fox"')).toEqual([['blue', 'fox']]);
  });

  it('parse, parse-where and parse-kv extract typed columns', async () => {
    expect(await rows('print s="id=42 user=bob" | parse s with "id=" id:long " user=" user | project id, user')).toEqual([['42', 'bob']]);
    expect(await rows('datatable(s:string)["n=1", "n=x"] | parse-where s with "n=" n:long | project n')).toEqual([['1']]);
    expect(await rows('print s="a=1, b=two" | parse-kv s as (a:long, b:string) with (pair_delimiter=",", kv_delimiter="=") | project a, b')).toEqual([['1', 'two']]);
  });

  it('bag_unpack needs constant input or a declared schema', async () => {
    expect(await columns('print d = dynamic({"b": 1, "a": "x"}) | evaluate bag_unpack(d)')).toEqual(['a', 'b']);
    expect(await rows('datatable(d:dynamic)[dynamic({"n": 3})] | evaluate bag_unpack(d) : (n:long)')).toEqual([['3']]);
    expect((await runKql('datatable(d:dynamic)[dynamic({"n": 3})] | where isnotnull(d) | summarize make_bag(d) | evaluate bag_unpack(bag_d)')).errors[0]).toContain('unsupported-operator');
    // the keys a later project names, when that project fixes the output columns
    expect(await rows('datatable(d:dynamic)[dynamic({"n": 3, "m": 1})] | where isnotnull(d) | evaluate bag_unpack(d) | project n')).toEqual([['3']]);
    // summarize arg_max(X, *) keeps every column, so the project after it is the one that fixes them
    const argmax = 'datatable(id:long, t:long, d:dynamic)[1, 1, dynamic({"v": "old", "w": 1}), 1, 2, dynamic({"v": "new"})] | where isnotnull(d) | evaluate bag_unpack(d) | summarize arg_max(t, *) by id | project id, v, w';
    expect(await rows(argmax)).toEqual([['1', '"new"', '']]); // unpacked columns are typed dynamic
    // a key read before a later extend redefines the same name is still a key
    const redefined = 'datatable(d:dynamic)[dynamic({"v": "1.2"})] | where isnotnull(d) | evaluate bag_unpack(d) | where isnotempty(v) | extend v = strcat("v", v) | project v';
    expect(await rows(redefined)).toEqual([['v1.2']]);
    // with nothing after it that fixes the columns, the output would depend on the data: still a diagnostic
    expect((await runKql('datatable(d:dynamic)[dynamic({"v": 1})] | where isnotnull(d) | evaluate bag_unpack(d) | where v == 1')).errors[0]).toContain('unsupported-operator');
  });

  it('bag_unpack knows its columns when the bag is built from constants (let datatable, extend bag_pack, make_bag_if)', async () => {
    const q = `let P = datatable(k:string, v:long, keep:bool)['x', 1, true, 'y', 2, false, 'z', 3, true];
      P | extend b = bag_pack(k, v) | where k != 'nope' | summarize m = make_bag_if(b, keep) | evaluate bag_unpack(m)`;
    expect(await columns(q)).toEqual(['x', 'z']);
    expect(await rows(q)).toEqual([['1', '3']]);
    const grouped = `datatable(g:string, k:string, v:string)['a', 'p', 'q', 'b', 'r', 's'] | summarize m = make_bag(bag_pack(k, v)) by g | evaluate bag_unpack(m) | order by g asc`;
    expect(await rows(grouped)).toEqual([['a', 'q', ''], ['b', '', 's']]);
  });

  it('ipv4_lookup joins on address ranges', async () => {
    const q = `let R = datatable(net:string, name:string)['10.0.0.0/8', 'ten', '192.168.0.0/16', 'home'];
      datatable(ip:string)['10.1.2.3', '8.8.8.8'] | evaluate ipv4_lookup(R, ip, net, return_unmatched = true) | order by ip asc`;
    expect(await rows(q)).toEqual([['10.1.2.3', '10.0.0.0/8', 'ten'], ['8.8.8.8', '', '']]);
  });
});
