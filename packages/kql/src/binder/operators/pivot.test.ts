/** evaluate pivot: value columns from constant input or a declared schema, checked on DuckDB. */
import { describe, expect, it } from 'vitest';
import { runKql } from '../../functions/test-run.ts';

const T = "let T = datatable(State:string, EventType:string, Deaths:long)['TX','Wind',1,'OK','Wind',2,'TX','Hail',4,'TX','Wind',3];";

async function run(q: string): Promise<{ columns: string[]; rows: string[][] }> {
  const r = await runKql(q);
  if (r.errors.length > 0) throw new Error(r.errors.join('; '));
  return { columns: r.columns, rows: [...r.rows].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))) };
}

describe('evaluate pivot', () => {
  it('counts per value of the pivot column, grouped by the other columns', async () => {
    const r = await run(`${T} T | project State, EventType | evaluate pivot(State)`);
    expect(r.columns).toEqual(['EventType', 'TX', 'OK']);
    expect(r.rows).toEqual([['Hail', '1', '0'], ['Wind', '2', '1']]);
  });

  it('takes an aggregation and explicit grouping columns', async () => {
    const r = await run(`${T} T | evaluate pivot(EventType, sum(Deaths), State)`);
    expect(r.columns).toEqual(['State', 'Wind', 'Hail']);
    expect(r.rows.find((x) => x[0] === 'TX')).toEqual(['TX', '4', '4']);
  });

  it('uses a declared output schema when the values are only known at run time', async () => {
    const q = `${T} T | where Deaths > 0 | evaluate pivot(State, max(Deaths)) : (EventType:string, TX:long, OK:long)`;
    expect((await run(q)).columns).toEqual(['EventType', 'TX', 'OK']);
    const undeclared = await runKql(`${T} T | where Deaths > toint(now() - now()) | evaluate pivot(State)`);
    expect(undeclared.errors.join()).toContain('only known when the query runs');
  });
});

describe('evaluate narrow', () => {
  it('turns each row and column into Row, Column, Value', async () => {
    const r = await run("datatable(a:long, b:string)[1,'x',2,'y'] | evaluate narrow()");
    expect(r.columns).toEqual(['Row', 'Column', 'Value']);
    expect(r.rows).toEqual([['0', 'a', '1'], ['0', 'b', 'x'], ['1', 'a', '2'], ['1', 'b', 'y']]);
  });
});
