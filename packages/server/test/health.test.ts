import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';

describe('GET /api/health', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    p = await testPalisade();
  });
  afterAll(async () => p.close());

  it('reports ok, the version and both stores', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ status: string; version: string; stores: Record<string, { engine: string; schemaVersion: number }> }>();
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.stores.state?.engine).toBe('sqlite');
    expect(body.stores.events?.engine).toBe('duckdb');
    expect(res.headers['content-type']).toContain('application/json');
  });

  it('answers an unknown API path with a JSON 404 error', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/api/does-not-exist' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'notFound', message: 'No route GET /api/does-not-exist.' } });
  });
});
