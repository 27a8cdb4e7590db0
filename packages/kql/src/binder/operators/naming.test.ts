/** Column names of unnamed summarize results, as later operators in hunting queries read them. */
import { describe, expect, it } from 'vitest';
import { runKql } from '../../functions/test-run.ts';

const T = "let T = datatable(Dev:string, Cmd:string, N:long)['d1','a',1,'d1','b',2,'d2','a',3];";

describe('summarize auto-names', () => {
  it('names count_distinct(X) count_distinct_X and dcount(X) dcount_X', async () => {
    const r = await runKql(`${T} T | summarize count_distinct(Cmd), dcount(Cmd), count_distinctif(Cmd, N > 1) by Dev | order by Dev asc`);
    expect(r.errors).toEqual([]);
    expect(r.columns).toEqual(['Dev', 'count_distinct_Cmd', 'dcount_Cmd', 'count_distinctif_Cmd']);
    expect(r.rows).toEqual([['d1', '2', '2', '1'], ['d2', '1', '1', '1']]);
  });
  it('names a cast around one aggregate after the aggregate, as a cast of a column is named after the column', async () => {
    const r = await runKql(`${T} T | summarize tostring(make_set(Cmd)), todouble(avg(N)), round(avg(N), 1) by Dev | where set_Cmd has 'b' | project Dev, avg_N, Column1`);
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([['d1', '1.5', '1.5']]);
  });
  it('does not when the wrapper also reads a column or a second aggregate', async () => {
    const r = await runKql(`${T} T | summarize strcat(Dev, count()), strcat(max(Cmd), count()) by Dev`);
    expect(r.errors).toEqual([]);
    expect(r.columns).toEqual(['Dev', 'Column1', 'Column2']);
  });
});
