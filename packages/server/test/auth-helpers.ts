import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

/** A signed-in browser-like client for fastify.inject: keeps the session cookie and sends the CSRF header. */
export interface TestClient {
  cookie: string;
  csrf: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export function cookiesOf(res: LightMyRequestResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.cookies) out[c.name] = c.value;
  return out;
}

export async function signIn(app: FastifyInstance, email: string, password: string, headers: Record<string, string> = {}): Promise<TestClient> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password }, headers });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ status: string; user?: { csrfToken: string } }>();
  if (body.status !== 'signedIn') throw new Error(`sign-in as ${email} needs another step: ${res.body}`);
  const cookies = cookiesOf(res);
  const session = cookies.palisade_session;
  if (session === undefined) throw new Error('no session cookie');
  return clientFor(app, session, body.user?.csrfToken ?? '');
}

export function clientFor(app: FastifyInstance, session: string, csrf: string): TestClient {
  const cookie = `palisade_session=${session}`;
  return {
    cookie,
    csrf,
    request: (opts) => {
      const headers = { ...(opts.headers ?? {}), cookie, 'x-csrf-token': csrf };
      return app.inject({ ...opts, headers });
    },
  };
}
