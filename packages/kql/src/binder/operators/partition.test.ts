/** partition: per-key subqueries, checked by running the compiled SQL on DuckDB. */
import { describe, expect, it } from 'vitest';
import { runKql } from '../../functions/test-run.ts';

const T = "let T = datatable(k:string, v:long)['a',1,'a',5,'a',3,'b',2,'b',9,'c',4];";

async function sorted(q: string): Promise<string[][]> {
  const r = await runKql(q);
  if (r.errors.length > 0) throw new Error(r.errors.join('; '));
  return [...r.rows].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
}

describe('partition', () => {
  it('top N per key (native strategy)', async () => {
    expect(await sorted(`${T} T | partition hint.strategy=native by k ( top 2 by v desc )`)).toEqual([['a', '3'], ['a', '5'], ['b', '2'], ['b', '9'], ['c', '4']]);
  });

  it('summarize and count run per key; the key is not added to the output', async () => {
    expect(await sorted(`${T} T | partition by k ( summarize s = sum(v) )`)).toEqual([['11'], ['4'], ['9']]);
    expect(await sorted(`${T} T | partition by k ( where v > 1 | count )`)).toEqual([['1'], ['2'], ['2']]);
  });

  it('take after sort and project keep rows of each key', async () => {
    expect(await sorted(`${T} T | partition by k ( sort by v asc | take 1 | project k, w = v * 10 )`)).toEqual([['a', '10'], ['b', '20'], ['c', '40']]);
  });

  it('a legacy subquery with its own source sees the key as a scalar', async () => {
    const q = `${T} range x from 1 to 3 step 1 | partition hint.strategy=legacy by x { T | where v == x | project k, x2 = toscalar(x) }`;
    expect(await sorted(q)).toEqual([['a', '1'], ['a', '3'], ['b', '2']]);
  });

  it('unsupported operators inside partition and unknown keys are diagnostics', async () => {
    expect((await runKql(`${T} T | partition by k ( join (T) on k )`)).errors.join()).toContain("'join' is not supported inside partition");
    expect((await runKql(`${T} T | partition by kk ( take 1 )`)).errors.join()).toContain("Did you mean 'k'");
  });
});
