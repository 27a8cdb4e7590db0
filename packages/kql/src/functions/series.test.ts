import { describe, expect, it } from 'vitest';
import { runKql, scalar } from './test-run.ts';

const json = async (expr: string): Promise<unknown> => JSON.parse(await scalar(expr)) as unknown;

describe('element-wise series functions', () => {
  it('pads the shorter array with nulls and broadcasts scalars', async () => {
    expect(await json('series_add(dynamic([1, 2, 4]), dynamic([4, 2, 1, 7]))')).toEqual([5, 4, 5, null]);
    expect(await json('series_multiply(dynamic([1, 2]), 3)')).toEqual([3, 6]);
    expect(await json('series_greater(dynamic([1, 5]), dynamic([2, 2]))')).toEqual([false, true]);
    expect(await json('series_abs(dynamic([-1, "x", 2.5]))')).toEqual([1, null, 2.5]);
  });
  it('is null for a value that is not an array', async () => {
    expect(await scalar('series_add(dynamic({"a": 1}), dynamic([1]))')).toBe('');
  });
});

describe('series reductions and fills', () => {
  it('reduces', async () => {
    expect(await scalar('series_sum(dynamic([1, 2, 4]))')).toBe('7');
    expect(await scalar('series_dot_product(dynamic([1, 2]), dynamic([3, 4]))')).toBe('11');
    expect(await json('series_stats_dynamic(dynamic([4, 2, 1, 7]))')).toMatchObject({ min: 1, min_idx: 2, max: 7, max_idx: 3, avg: 3.5, variance: 7, sum: 14, len: 4 });
    // a scalar stands for an array of that value
    expect(await scalar('series_dot_product(dynamic([1, 2, 4]), 2)')).toBe('14');
    expect(await scalar('series_dot_product(3, dynamic([1, 2]))')).toBe('9');
  });
  it('fills missing values', async () => {
    expect(await json('series_fill_forward(dynamic([null, 1, null, 3]))')).toEqual([null, 1, 1, 3]);
    expect(await json('series_fill_backward(dynamic([null, 1, null, 3, null]))')).toEqual([1, 1, 3, 3, null]);
    expect(await json('series_fill_linear(dynamic([null, 1, null, 3, null]))')).toEqual([1, 1, 2, 3, 3]);
    expect(await json('series_fill_const(dynamic([-1, 5]), 0, -1)')).toEqual([0, 5]);
  });
  it('fits a line over x = 1..n', async () => {
    const fit = (await json('series_fit_line_dynamic(dynamic([3, 5, 7]))')) as Record<string, number>;
    expect(fit['slope']).toBeCloseTo(2);
    expect(fit['interception']).toBeCloseTo(1);
    expect(fit['rsquare']).toBeCloseTo(1);
  });
});

describe('series filters', () => {
  it('applies FIR filters, normalized unless coefficients are negative, optionally centered', async () => {
    expect(await json('series_fir(dynamic([0, 3, 6, 9]), dynamic([1, 1, 1]))')).toEqual([0, 1, 3, 6]);
    expect(await json('series_fir(dynamic([0, 3, 6, 9]), dynamic([1, 1, 1]), true, true)')).toEqual([1, 3, 6, 5]);
    expect(await json('series_fir(dynamic([1, 4, 9]), dynamic([1, -1]))')).toEqual([1, 3, 5]);
  });
  it('applies IIR filters (a running sum here)', async () => {
    expect(await json('series_iir(dynamic([1, 2, 3]), dynamic([1]), dynamic([1, -1]))')).toEqual([1, 3, 6]);
  });
  it('repeats a value', async () => {
    expect(await json('repeat(7, 3)')).toEqual([7, 7, 7]);
    expect(await json('repeat("x", 0)')).toEqual([]);
  });
});

describe('series_stats and series_fit_line', () => {
  it('give one column per statistic, named after the function and argument, or as the caller names them', async () => {
    const r = await runKql('print x = dynamic([2, 4, 6, 8]) | project series_stats(x)');
    expect(r.errors).toEqual([]);
    expect(r.columns).toEqual(['series_stats_x_min', 'series_stats_x_min_idx', 'series_stats_x_max', 'series_stats_x_max_idx', 'series_stats_x_avg', 'series_stats_x_stdev', 'series_stats_x_variance']);
    expect(r.rows[0]?.slice(0, 5)).toEqual(['2', '0', '8', '3', '5']);
    const f = await runKql('print y = dynamic([1, 3, 5, 7]) | extend (rsq, slope, v, rv, icpt, fit) = series_fit_line(y) | project rsq, slope, fit');
    expect(f.errors).toEqual([]);
    expect(f.rows[0]?.slice(0, 2)).toEqual(['1', '2']);
    expect(JSON.parse(f.rows[0]?.[2] ?? 'null')).toEqual([1, 3, 5, 7]);
  });
});
