import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';

const hunter: Principal = { kind: 'user', id: 'u1', name: 'Hunter', permissions: new Set(['hunting.run']) };
const reader: Principal = { kind: 'user', id: 'u2', name: 'Reader', permissions: new Set(['security.read']) };

describe('GET /api/hunting/schema', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    p = await testPalisade({
      resolvePrincipal: async (req) => {
        const who = req.headers['x-test-user'];
        return who === 'hunter' ? hunter : who === 'reader' ? reader : undefined;
      },
    });
  });
  afterAll(async () => p.close());

  it('lists the tables with columns, types and descriptions to a hunter', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/api/hunting/schema', headers: { 'x-test-user': 'hunter' } });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ tables: { name: string; description: string; columns: { name: string; type: string; description: string }[] }[] }>();
    const names = body.tables.map((t) => t.name);
    expect(names).toContain('DeviceProcessEvents');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const dpe = body.tables.find((t) => t.name === 'DeviceProcessEvents');
    expect(dpe?.description.length).toBeGreaterThan(0);
    expect(dpe?.columns).toContainEqual(expect.objectContaining({ name: 'Timestamp', type: 'datetime' }));
  });

  it('is refused without sign-in and without hunting.run', async () => {
    expect((await p.app.inject({ method: 'GET', url: '/api/hunting/schema' })).statusCode).toBe(401);
    expect((await p.app.inject({ method: 'GET', url: '/api/hunting/schema', headers: { 'x-test-user': 'reader' } })).statusCode).toBe(403);
  });
});
