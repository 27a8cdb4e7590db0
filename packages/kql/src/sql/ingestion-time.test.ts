/** ingestion_time() reads the caller's hidden column; row-preserving operators and let-bound tables carry it. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../compile.ts';
import type { CompileOptions } from '../types.ts';

const options: CompileOptions = {
  schema: { tables: { Ev: { columns: [{ name: 'Id', type: 'long' }, { name: 'Name', type: 'string' }] } } },
  dialect: 'duckdb',
  now: new Date('2024-01-10T00:00:00Z'),
  providers: { ingestionTime: { columnName: '__it' } },
};

let inst: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  inst = await DuckDBInstance.create(':memory:');
  conn = await inst.connect();
  await conn.run(`CREATE TABLE Ev (Id BIGINT, Name VARCHAR, __it TIMESTAMP)`);
  await conn.run(`INSERT INTO Ev VALUES (1, 'a', '2024-01-09 12:00:00'), (2, 'b', '2024-01-01 00:00:00'), (3, 'a', '2024-01-09 18:00:00')`);
});
afterAll(() => {
  conn.closeSync();
  inst.closeSync();
});

async function run(query: string): Promise<{ columns: string[]; rows: string[][] }> {
  const r = compile(query, options);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const reader = await conn.runAndReadAll(r.sql);
  return { columns: reader.columnNames(), rows: reader.getRows().map((row) => row.map((v) => String(v))) };
}

describe('ingestion_time()', () => {
  it('works over a table, after where/extend/project/sort/take/mv-expand, and over a let-bound table', async () => {
    const recent = [['1'], ['3']];
    expect((await run('Ev | where ingestion_time() > ago(2d) | project Id | order by Id asc')).rows).toEqual(recent);
    expect((await run('Ev | where Name == "a" or Id == 2 | extend x = 1 | project Id, Name | sort by Id asc | take 10 | where ingestion_time() > ago(2d) | project Id')).rows).toEqual(recent);
    expect((await run('let R = Ev | where Id > 0; let S = R | extend k = Id * 2; S | where ingestion_time() > ago(2d) | project Id | order by Id asc')).rows).toEqual(recent);
    expect((await run('Ev | extend t = ingestion_time() | where Id == 2 | project t')).rows).toEqual([['2024-01-01 00:00:00']]);
    // mv-expand repeats its row's ingestion time on every element
    expect((await run('Ev | extend L = pack_array(1, 2) | mv-expand L | where ingestion_time() > ago(2d) | count')).rows).toEqual([['4']]);
  });
  it('keeps the column hidden: not in the result, and distinct does not see it', async () => {
    const r = await run('Ev | where ingestion_time() > ago(30d) | project Name | distinct Name | order by Name asc');
    expect(r.columns).toEqual(['Name']);
    expect(r.rows).toEqual([['a'], ['b']]);
    expect((await run('Ev | where ingestion_time() > ago(30d)')).columns).toEqual(['Id', 'Name']);
  });
  it('is usable in aggregates over table rows, and null where no table row is underneath', async () => {
    expect((await run('Ev | summarize t = max(ingestion_time()) by Name | order by Name asc | project Name, t')).rows).toEqual([['a', '2024-01-09 18:00:00'], ['b', '2024-01-01 00:00:00']]);
    expect((await run('Ev | summarize n = count() by Name | extend t = ingestion_time() | where isnull(t) | count')).rows).toEqual([['2']]);
    expect((await run('Ev | join kind=inner (Ev) on Id | extend t = ingestion_time() | where isnull(t) | count')).rows).toEqual([['3']]);
  });
  it('changes nothing in queries that do not use it', () => {
    const r = compile('Ev | where Id > 1 | project Name', options);
    expect(r.sql).not.toContain('__it');
  });
});
