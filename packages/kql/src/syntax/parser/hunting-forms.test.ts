/** Forms found in published hunting queries that the parser and binder must take, run on DuckDB. */
import { describe, expect, it } from 'vitest';
import { parse } from '../../compile.ts';
import { runKql } from '../../functions/test-run.ts';

describe('hunting query forms', () => {
  // stop is exclusive, as with from ... to
  it('make-series ... on Axis in range(start, stop, step) by Key', async () => {
    const q = "datatable(T:datetime, K:string)[datetime(2024-01-01), 'a', datetime(2024-01-01 12:00), 'a', datetime(2024-01-03), 'b'] | make-series n = count() on T in range(datetime(2024-01-01), datetime(2024-01-04), 1d) by K | order by K asc | project K, n";
    const r = await runKql(q);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x[0], JSON.parse(x[1] ?? 'null') as unknown])).toEqual([['a', [2, 0, 0]], ['b', [0, 0, 1]]]);
  });

  it('project-away with a wildcard followed by digits (*1 after a join)', async () => {
    const r = await runKql("let L = datatable(k:long, v:string)[1, 'x']; L | join kind=inner (L) on k | project-away *1");
    expect(r.errors).toEqual([]);
    expect(r.columns).toEqual(['k', 'v']);
    expect(parse('T | project-away Col*2x, *1d').diagnostics).toEqual([]);
  });

  it('toscalar() of a scalar function call is that value', async () => {
    const r = await runKql("let L = pack_array('a', 'b', 'c'); let n = toscalar(array_length(L)); print n");
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([['3']]);
  });

  it('says a scalar function is not a table instead of suggesting its own name', async () => {
    const r = await runKql('strlen("x") | count');
    expect(r.errors.join()).toMatch(/'strlen' is a scalar function; a table or tabular expression is expected here/);
  });

  it('takes Unicode space separators (narrow no-break space) as whitespace', async () => {
    const r = await runKql('print\u202fx\u2003=\u30001');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([['1']]);
  });
});

describe('tokens as the KQL grammar defines them', () => {
  it('reads True/TRUE/False/FALSE as booleans, but a bracket-quoted name stays a name', async () => {
    const r = await runKql("datatable(b:bool, ['True']:long)[true, 1, false, 2] | where b == True and TRUE and not(FALSE) | project ['True']");
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([['1']]);
  });
  it('reads digits followed by letters as an identifier, and units as timespans', async () => {
    const r = await runKql('let 2022Exploited = 7; let x1 = 2min + 3sec + 500millisec; print 2022Exploited, x1, 1tick');
    expect(r.errors).toEqual([]);
    expect(r.rows[0]?.[0]).toBe('7');
    expect(parse('print 1d, 2hrs, 10ms, 5microseconds, 3nanos, 1e5, 0x1F').diagnostics).toEqual([]);
    // not a unit, not an identifier either (a real number followed by letters)
    expect(parse('print 1.5x').diagnostics.length).toBeGreaterThan(0);
    expect(parse('print 1constructor').diagnostics).toEqual([]);
  });
});
