import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { PalisadeApp } from '../src/app.ts';
import { openPalisade } from '../src/server.ts';
import type { OpenedPalisade } from '../src/server.ts';
import { resolveDataDir } from '../src/storage/data-dir.ts';

describe('the web build served by the API server', () => {
  let dataDir: string;
  let opened: OpenedPalisade;
  let built: PalisadeApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'palisade-web-'));
    const webRoot = join(dataDir, 'web');
    mkdirSync(join(webRoot, 'assets'), { recursive: true });
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Palisade</title>');
    writeFileSync(join(webRoot, 'assets', 'app-1234.js'), 'console.log(1)');
    opened = await openPalisade(resolveDataDir(join(dataDir, 'data')), {
      logger: pino({ level: 'silent' }),
      env: { PALISADE_ADMIN_EMAIL: 'admin@example.test', PALISADE_ADMIN_PASSWORD: 'correct horse battery staple' },
      webRoot,
    });
    built = await buildApp(opened.ctx);
  });

  afterAll(async () => {
    await built.app.close();
    await opened.close();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });

  it('answers a deep link with the app page', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/incidents/42' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<title>Palisade</title>');
  });

  it('serves a build asset as immutable', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers a missing asset with 404, not the app page', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/assets/app-old.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'notFound' } });
  });

  it('keeps unknown API paths a JSON 404', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
  });
});
