import { describe, expect, it } from 'vitest';
import { runKql, scalar } from './test-run.ts';

const close = async (expr: string, want: number, rel = 1e-6): Promise<void> => {
  const got = Number(await scalar(expr));
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(Math.abs(want), 1e-300));
};

describe('erf / erfc', () => {
  it('matches reference values', async () => {
    await close('erf(0.1)', 0.1124629160182849);
    await close('erf(1.5)', 0.9661051464753108);
    await close('erfc(2.5)', 0.0004069520174449590);
    await close('erfc(-0.7)', 1.677801193837418);
  });
});

describe('beta distribution', () => {
  it('pdf and cdf', async () => {
    await close('beta_pdf(0.3, 2.0, 5.0)', 2.1609);
    await close('beta_cdf(0.3, 2.0, 5.0)', 0.579825);
    await close('beta_cdf(0.8, 2.0, 5.0)', 0.99840);
    expect(await scalar('beta_cdf(1.5, 2.0, 5.0)')).toBe('NaN');
  });
});

describe('percentiles_array / percentilesw_array', () => {
  it('uses the nearest rank, weighted by the weight column', async () => {
    const t = 'datatable(v:long, w:long)[10, 1, 20, 1, 30, 1, 40, 5]';
    const r = await runKql(`${t} | summarize percentiles_array(v, 25, 50, 100), percentilesw_array(v, w, dynamic([25, 50]))`);
    expect(r.errors).toEqual([]);
    expect(r.columns).toEqual(['percentiles_v', 'percentile_v']);
    expect(r.rows[0]?.map((x) => JSON.stringify(JSON.parse(x)))).toEqual(['[10,20,40]', '[20,40]']);
  });
});

describe('conditional variance and covariance', () => {
  it('filters rows by the predicate', async () => {
    const r = await runKql('range x from 1 to 4 step 1 | summarize variancepif(x, x > 2), covarianceif(x, x * 2, x <= 3)');
    expect(r.rows[0]?.map(Number)).toEqual([0.25, 2]);
  });
});

describe('tdigest', () => {
  it('keeps weighted values and answers percentiles and ranks from them', async () => {
    const r = await runKql('range x from 1 to 10 step 1 | summarize a = tdigest(x), b = tdigest(x + 10) | project p = percentile_tdigest(merge_tdigest(a, b), 50, typeof(long)), q = percentiles_array_tdigest(a, 10, 100), r = rank_tdigest(b, 15)');
    expect(r.errors).toEqual([]);
    expect(r.rows[0]?.[0]).toBe('10');
    expect(JSON.parse(r.rows[0]?.[1] ?? '')).toEqual([1, 10]);
    expect(r.rows[0]?.[2]).toBe('5');
  });
  it('merges digests across rows', async () => {
    const r = await runKql('datatable(g:long, v:real, w:long)[1, 1.0, 1, 1, 2.0, 2, 2, 5.0, 1] | summarize d = tdigest(v, w) by g | summarize m = tdigest_merge(d) | project p = percentile_tdigest(m, 75)');
    expect(r.rows[0]?.[0]).toBe('2');
  });
});

describe('hll merge and count', () => {
  it('merges the distinct values of several hll() results', async () => {
    const r = await runKql('range x from 1 to 10 step 1 | summarize h = hll(x % 3), h2 = hll_if(x, x > 8) by g = x % 2 | summarize m = hll_merge(h), m2 = hll_merge(h2) | project a = dcount_hll(m), b = dcount_hll(m2)');
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toEqual(['3', '2']);
  });
});

describe('percentilew / percentilesw', () => {
  it('weights each value by its count', async () => {
    const r = await runKql('datatable(v:long, w:long)[10, 8, 20, 6, 30, 3, 40, 1] | summarize percentilew(v, w, 75), percentilesw(v, w, 50, 99.9)');
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toEqual(['20', '20', '40']);
  });
});
