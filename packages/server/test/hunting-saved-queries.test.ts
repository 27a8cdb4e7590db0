import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';

const ana = { kind: 'user', id: 'u-ana', name: 'Ana', permissions: new Set(['hunting.run']) } as unknown as Principal;
const bo = { kind: 'user', id: 'u-bo', name: 'Bo', permissions: new Set(['hunting.run']) } as unknown as Principal;

describe('saved hunting queries and history', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    p = await testPalisade({
      resolvePrincipal: async (req) => ({ ana, bo })[String(req.headers['x-test-user']) as 'ana' | 'bo'],
    });
  });
  afterAll(async () => p.close());
  const as = (user: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    p.app.inject({ method, url, headers: { 'x-test-user': user }, ...(payload ? { payload } : {}) });

  it('keeps personal queries private and shared ones visible to all; only the owner deletes', async () => {
    expect((await as('ana', 'POST', '/api/hunting/queries', { name: 'Mine', folder: 'Triage', query: 'DeviceInfo | take 1' })).statusCode).toBe(201);
    const shared = (await as('ana', 'POST', '/api/hunting/queries', { name: 'Team', shared: true, query: 'AlertInfo | take 1' })).json<{ id: string }>();
    const bos = (await as('bo', 'GET', '/api/hunting/queries')).json<{ value: { name: string; mine: boolean; ownerName: string }[] }>().value;
    expect(bos).toEqual([expect.objectContaining({ name: 'Team', mine: false, ownerName: 'Ana' })]);
    expect((await as('ana', 'GET', '/api/hunting/queries')).json<{ value: { name: string }[] }>().value.map((q) => q.name)).toEqual(['Team', 'Mine']);
    expect((await as('bo', 'DELETE', `/api/hunting/queries/${shared.id}`)).statusCode).toBe(404);
    expect((await as('ana', 'DELETE', `/api/hunting/queries/${shared.id}`)).statusCode).toBe(204);
    expect((await as('bo', 'GET', '/api/hunting/queries')).json<{ value: unknown[] }>().value).toEqual([]);
  });

  it('keeps each person their own history, newest first, capped at 100', async () => {
    for (let i = 0; i < 103; i++) expect((await as('ana', 'POST', '/api/hunting/history', { query: `q${i}`, timespan: 'P1D' })).statusCode).toBe(204);
    const h = (await as('ana', 'GET', '/api/hunting/history')).json<{ value: { query: string }[] }>().value;
    expect(h).toHaveLength(100);
    expect(h[0]?.query).toBe('q102');
    expect(h[99]?.query).toBe('q3');
    expect((await as('bo', 'GET', '/api/hunting/history')).json<{ value: unknown[] }>().value).toEqual([]);
    expect((await p.app.inject({ method: 'GET', url: '/api/hunting/history' })).statusCode).toBe(401);
  });
});
