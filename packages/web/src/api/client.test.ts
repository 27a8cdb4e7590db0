import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, buildUrl, CSRF_HEADER, onUnauthorized, setCsrfToken } from './client.ts';

function respond(status: number, body: string, statusText = ''): ReturnType<typeof vi.fn> {
  const fn = vi.fn(async () => new Response(body === '' ? null : body, { status, statusText, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fn);
  return fn;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(undefined);
});

describe('api client', () => {
  it('parses JSON and sends GET without a body or CSRF header', async () => {
    setCsrfToken('tok');
    const fetchMock = respond(200, '{"a":1}');
    await expect(api.get<{ a: number }>('/api/x', { query: { q: 'a b', n: 2, skip: undefined } })).resolves.toEqual({ a: 1 });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/x?q=a+b&n=2');
    expect(init.method).toBe('GET');
    expect(init.body).toBeUndefined();
    expect((init.headers as Record<string, string>)[CSRF_HEADER]).toBeUndefined();
  });

  it('sends JSON bodies with the CSRF header on state-changing requests', async () => {
    setCsrfToken('tok-1');
    const fetchMock = respond(204, '');
    await expect(api.put('/api/me/preferences', { nav: [] })).resolves.toBeUndefined();
    const [, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    const headers = init.headers as Record<string, string>;
    expect(headers[CSRF_HEADER]).toBe('tok-1');
    expect(headers['content-type']).toBe('application/json');
    expect(init.body).toBe('{"nav":[]}');
    expect(init.credentials).toBe('same-origin');
  });

  it('turns the error body into an ApiError with code and message', async () => {
    respond(409, '{"error":{"code":"conflict","message":"Name taken."}}');
    const err = await api.post('/api/roles', { name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'conflict', message: 'Name taken.' });
  });

  it('gives a generic error for a non-JSON error page', async () => {
    respond(502, '<html>bad gateway</html>', 'Bad Gateway');
    await expect(api.get('/api/x')).rejects.toMatchObject({ status: 502, code: 'http502', message: 'The server answered 502 Bad Gateway.' });
  });

  it('calls the unauthorized handler on 401 unless the call opts out', async () => {
    const seen: ApiError[] = [];
    const off = onUnauthorized((e) => seen.push(e));
    respond(401, '{"error":{"code":"unauthenticated","message":"Sign in to continue."}}');
    await expect(api.get('/api/incidents')).rejects.toMatchObject({ status: 401 });
    expect(seen).toHaveLength(1);
    await expect(api.get('/api/auth/me', { redirectOnUnauthorized: false })).rejects.toMatchObject({ status: 401 });
    expect(seen).toHaveLength(1);
    off();
    await expect(api.get('/api/incidents')).rejects.toMatchObject({ status: 401 });
    expect(seen).toHaveLength(1);
  });

  it('builds query strings with repeated keys for arrays', () => {
    expect(buildUrl('/a', { s: ['high', 'low'] })).toBe('/a?s=high&s=low');
    expect(buildUrl('/a?x=1', { y: true })).toBe('/a?x=1&y=true');
    expect(buildUrl('/a', {})).toBe('/a');
  });
});
