import { describe, expect, it } from 'vitest';
import { compile } from '../compile.ts';
import { runKql, scalar } from './test-run.ts';

const json = async (expr: string): Promise<unknown> => JSON.parse(await scalar(expr)) as unknown;
const repeat = (pattern: number[], times: number): number[] => Array.from({ length: times }, () => pattern).flat();

describe('series_seasonal', () => {
  it('is the median per phase of a detected period', async () => {
    const y = repeat([3, 9, 4, 1, 6], 5);
    y[7] = 12; // one odd value does not move the median of its phase
    expect(await json(`series_seasonal(dynamic(${JSON.stringify(y)}))`)).toEqual(repeat([3, 9, 4, 1, 6], 5));
  });
  it('is zeros when no period of at least 4 bins and under half the length stands out', async () => {
    expect(await json('series_seasonal(dynamic([2, 7, 1, 8, 2, 7, 1, 8]))')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await json('series_seasonal(dynamic([5, 1, 9, 2, 7, 3, 8, 4, 6, 0, 5, 2]))')).toEqual(Array<number>(12).fill(0));
  });
  it('takes a given period as is', async () => {
    expect(await json('series_seasonal(dynamic([1, 10, 3, 12, 5, 14]), 2)')).toEqual([3, 12, 3, 12, 3, 12]);
    expect(await json('series_seasonal(dynamic([1, 10, 3]), 0)')).toEqual([0, 0, 0]);
  });
});

describe('series_outliers', () => {
  it("scores by Tukey's fences: distance past the quantile in units of the inter-quantile range", async () => {
    // 25th/75th percentiles of 1..9,100 (linear interpolation): 3.25 and 7.75, range 4.5
    const t = (await json('series_outliers(dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]), "tukey")')) as number[];
    expect(t[9]).toBeCloseTo((100 - 7.75) / 4.5);
    expect(t[0]).toBeCloseTo((1 - 3.25) / 4.5);
    expect(t.slice(3, 7)).toEqual([0, 0, 0, 0]);
    // ctukey (default): 10th/90th percentiles 1.9 and 18.1
    const c = (await json('series_outliers(dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]))')) as number[];
    expect(c[9]).toBeCloseTo((100 - 18.1) / 16.2);
    expect(c[0]).toBeCloseTo((1 - 1.9) / 16.2);
  });
  it('scores nulls and ignored values 0 and leaves them out of the quantiles', async () => {
    const r = (await json('series_outliers(dynamic([1, null, 2, 3, -1, 50]), "tukey", -1)')) as number[];
    expect(r[1]).toBe(0);
    expect(r[4]).toBe(0);
    expect(r[5]).toBeGreaterThan(1.5);
  });
  it('rejects an unknown kind', async () => {
    const r = await runKql('print series_outliers(dynamic([1, 2]), "zscore")');
    expect(r.errors.join()).toMatch(/invalid-argument.*'ctukey', 'tukey'/);
  });
});

describe('series_decompose', () => {
  it('splits a line plus a period into trend, seasonal, baseline and residual columns', async () => {
    const y = Array.from({ length: 24 }, (_v, i) => 2 * i + [0, 5, 1, 7][i % 4]!);
    const r = await runKql(`print y = dynamic(${JSON.stringify(y)}) | extend series_decompose(y, 4, 'linefit')`);
    expect(r.errors).toEqual([]);
    expect(r.columns).toEqual(['y', 'series_decompose_y_baseline', 'series_decompose_y_seasonal', 'series_decompose_y_trend', 'series_decompose_y_residual']);
    const [baseline, , , residual] = r.rows[0]!.slice(1).map((v) => JSON.parse(v) as number[]);
    // the median per phase absorbs part of the line; the line fit takes the rest, so the baseline follows y closely
    for (let i = 0; i < 24; i++) expect(baseline![i]! + residual![i]!).toBeCloseTo(y[i]!);
    expect(Math.max(...residual!.map(Math.abs))).toBeLessThan(6);
  });
  it('extrapolates the trend over test points left out of the fit', async () => {
    const r = await runKql("print y = dynamic([10, 20, 30, 40, 1000, -1000]) | extend (b, s, t, res) = series_decompose(y, 0, 'linefit', 2)");
    expect(r.errors).toEqual([]);
    expect(JSON.parse(r.rows[0]![3]!)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(JSON.parse(r.rows[0]![4]!)).toEqual([0, 0, 0, 0, 950, -1060]);
  });
  it("uses the average as trend by default, and none when asked", async () => {
    const r = await runKql("print y = dynamic([1, 3, 5]) | extend (b1, s1, t1, r1) = series_decompose(y, 0), (b2, s2, t2, r2) = series_decompose(y, 0, 'none') | project t1, t2, r2");
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.map((v) => JSON.parse(v) as unknown)).toEqual([[3, 3, 3], [0, 0, 0], [1, 3, 5]]);
  });
});

describe('series_decompose_forecast', () => {
  it('continues the period and the line over the points it leaves out', async () => {
    // period 4 on a slope of 1 per bin, then 4 empty bins to forecast
    const y = [...Array.from({ length: 16 }, (_v, i) => i + [0, 6, 2, 4][i % 4]!), 0, 0, 0, 0];
    const f = (await json(`series_decompose_forecast(dynamic(${JSON.stringify(y)}), 4, 4, 'linefit')`)) as number[];
    expect(f).toHaveLength(20);
    // the forecast keeps the pattern's shape: differences between phases as in the data
    expect(f[17]! - f[16]!).toBeCloseTo(f[13]! - f[12]!);
    expect(f[19]! - f[18]!).toBeCloseTo(f[15]! - f[14]!);
    // and keeps rising with the line
    expect(f[16]!).toBeGreaterThan(f[12]!);
    expect(await json("series_decompose_forecast(dynamic([1, 2, 3, 0]), 1, 0, 'none')")).toEqual([0, 0, 0, 0]);
  });
});

describe('series_decompose_anomalies', () => {
  const y = repeat([2, 8, 3, 1, 6, 4], 10);
  y[15] = 30; // spike
  y[46] = -20; // dip
  it('flags a spike +1 and a dip -1 against a detected weekly-like period', async () => {
    const r = await runKql(`print y = dynamic(${JSON.stringify(y)}) | extend series_decompose_anomalies(y)`);
    expect(r.errors).toEqual([]);
    expect(r.columns).toEqual(['y', 'series_decompose_anomalies_y_ad_flag', 'series_decompose_anomalies_y_ad_score', 'series_decompose_anomalies_y_baseline']);
    const [flag, score, baseline] = r.rows[0]!.slice(1).map((v) => JSON.parse(v) as number[]);
    expect(flag!.map((f, i) => (f !== 0 ? `${i}:${f}` : '')).filter(Boolean)).toEqual(['15:1', '46:-1']);
    expect(score![15]).toBeGreaterThan(1.5);
    // baseline = the pattern (medians per phase) + the average of what is left
    const offset = baseline![0]! - 2;
    [2, 8, 3, 1, 6, 4].forEach((v, i) => expect(baseline![i]).toBeCloseTo(v + offset));
  });
  it('takes the threshold: a higher k flags less', async () => {
    const r = await runKql(`print y = dynamic(${JSON.stringify(y)}) | extend (f, s, b) = series_decompose_anomalies(y, 30) | project f`);
    expect(JSON.parse(r.rows[0]![0]!)).toEqual(Array<number>(60).fill(0));
  });
  it('names only the flags when assigned to one name, as hunting queries use it', async () => {
    const r = await runKql(`print y = dynamic(${JSON.stringify(y)}) | extend a = series_decompose_anomalies(y, 1.5, 6, 'linefit') | mv-expand a to typeof(int) | where a != 0 | count`);
    expect(r.errors).toEqual([]);
    expect(r.columns).toEqual(['Count']);
    expect(r.rows).toEqual([['2']]);
  });
  it('is null for a value that is not an array and empty for an empty one', async () => {
    const r = await runKql("print y = dynamic({'a': 1}), z = dynamic([]) | extend (f1, s1, b1) = series_decompose_anomalies(y), (f2, s2, b2) = series_decompose_anomalies(z) | project f1, f2");
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([['', '[]']]);
  });
  it('reports a series that is not dynamic, a non-numeric parameter, and use inside an expression', async () => {
    expect((await runKql('print y = "1,2" | extend (f, s, b) = series_decompose_anomalies(y)')).errors.join()).toMatch(/must be a dynamic array/);
    expect((await runKql('print y = dynamic([1, 2]) | extend (f, s, b) = series_decompose_anomalies(y, 1.5, "z")')).errors.join()).toMatch(/Argument 3 of series_decompose_anomalies must be a number/);
    expect((await runKql('print y = dynamic([1, 2]) | where array_length(series_decompose_anomalies(y)) > 0')).errors.join()).toMatch(/returns several columns: use it on its own in extend or project/);
  });
  it('reports a trend or method that is not one of the documented constants', async () => {
    const r = await runKql("print y = dynamic([1, 2]) | extend (f, s, b) = series_decompose_anomalies(y, 1.5, -1, 'spline')");
    expect(r.errors.join()).toMatch(/invalid-argument: The trend of series_decompose_anomalies must be one of 'avg', 'linefit', 'none'/);
  });
});

describe('extend computes a decomposition once for all its columns', () => {
  const opts = { schema: { tables: {} }, dialect: 'duckdb' as const };
  it('reads the fields of one hidden column', () => {
    const r = compile('print y = dynamic([1, 2, 3, 4, 5, 6, 7, 8]) | extend (f, s, b) = series_decompose_anomalies(y), n = array_length(f)', opts);
    expect(r.diagnostics).toEqual([]);
    expect(r.sql.split("'quantile_cont', 0.05").length - 1).toBe(1);
    expect(r.columns.map((c) => c.name)).toEqual(['y', 'f', 's', 'b', 'n']);
    const p = compile('print y = dynamic([1, 2, 3, 4, 5, 6, 7, 8]) | project (f, s, b) = series_decompose_anomalies(y), y', opts);
    expect(p.diagnostics).toEqual([]);
    expect(p.sql.split("'quantile_cont', 0.05").length - 1).toBe(1);
    expect(p.columns.map((c) => c.name)).toEqual(['f', 's', 'b', 'y']);
  });
  it('gives the same values, also next to window functions', async () => {
    const q = 'range i from 1 to 2 step 1 | extend y = pack_array(1, 2, 1, 2, 1, 2, 1, 2, 9, 2, 1, 2) | serialize | extend (f, s, b) = series_decompose_anomalies(y, 1.5, 2), r = row_number() | project i, f, r';
    const r = await runKql(q);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x[0], JSON.parse(x[1] ?? 'null') as number[], x[2]])).toEqual([
      ['1', [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0], '1'],
      ['2', [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0], '2'],
    ]);
  });
});
