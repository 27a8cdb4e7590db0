import { describe, expect, it } from 'vitest';
import { runKql, scalar } from './test-run.ts';

describe('array_sort_asc / array_sort_desc', () => {
  it('sorts numbers numerically, then strings, nulls last unless nulls_last is false', async () => {
    expect(await scalar('array_sort_asc(dynamic([10, 2, null, "b", 1.5, "a"]))')).toBe('[1.5,2,10,"a","b",null]');
    expect(await scalar('array_sort_desc(dynamic([10, 2, 1.5]))')).toBe('[10,2,1.5]');
    expect(await scalar('array_sort_asc(dynamic([3, null, 1]), false)')).toBe('[null,1,3]');
    expect(await scalar('array_sort_desc(dynamic([3, null, 1]), false)')).toBe('[null,3,1]');
    expect(await scalar('array_sort_asc(dynamic({"a": 1}))')).toBe('');
  });

  it('with several arrays, sorts the first and reorders the others into one column each', async () => {
    const r = await runKql('let k = dynamic([3, 1, 2]); let v = dynamic(["c", "a", "b"]); let w = dynamic([1]); print array_sort_desc(k, v, w)');
    expect(r.errors).toEqual([]);
    expect(r.columns).toEqual(['k_sorted', 'v_sorted', 'w_sorted']);
    expect(r.rows).toEqual([['[3,2,1]', '["c","b","a"]', '']]);
    const named = await runKql('datatable(k: dynamic, v: dynamic)[dynamic([2, 1]), dynamic(["x", "y"])] | extend (s, t) = array_sort_asc(k, v) | project s, t');
    expect(named.rows).toEqual([['[1,2]', '["y","x"]']]);
    expect((await runKql('print x = array_sort_asc(dynamic([1]), dynamic([2]))')).errors[0]).toContain('2 results');
  });
});
