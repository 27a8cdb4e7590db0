/**
 * The small typed fetch client every feature uses to call the Palisade API.
 *
 * - JSON in and out; `credentials: 'same-origin'` so the session cookie goes along.
 * - Errors: any non-2xx response becomes an `ApiError` carrying the server's `{"error":{"code","message"}}`
 *   body (or a generic message when the body is not that shape, e.g. a proxy error page).
 * - CSRF: every state-changing request (POST, PUT, PATCH, DELETE) carries the CSRF header. The token is
 *   read from the CSRF cookie the server sets (double-submit), or from the last value given to
 *   `setCsrfToken` (e.g. from the sign-in or /api/auth/me response).
 * - 401: calls the handler registered with `onUnauthorized` (the app sends the person to sign-in), unless
 *   the call opts out with `{ redirectOnUnauthorized: false }` (the sign-in page itself, the session probe).
 *
 * Usage from a feature's api.ts:
 *   export const fetchIncidents = (signal?: AbortSignal) => api.get<IncidentList>('/api/incidents', { signal });
 */

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_COOKIE = 'palisade_csrf';

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** A failed API call: HTTP status plus the server's error code and human-readable message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }
  get isForbidden(): boolean {
    return this.status === 403;
  }
  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** The message to show a person for any error thrown by a call. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return 'Something went wrong.';
}

export interface RequestOptions {
  /** Query string parameters; undefined values are left out, arrays repeat the key. */
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>;
  signal?: AbortSignal | undefined;
  /** Default true: a 401 calls the unauthorized handler (sign-in redirect). */
  redirectOnUnauthorized?: boolean;
  headers?: Record<string, string>;
}

type UnauthorizedHandler = (error: ApiError) => void;
let unauthorizedHandler: UnauthorizedHandler | undefined;
let setupRequiredHandler: UnauthorizedHandler | undefined;

/** 403 codes meaning "finish setting up your account first" (the app shows the matching screen). */
export const setupRequiredCodes: ReadonlySet<string> = new Set(['passwordChangeRequired', 'mfaEnrollmentRequired']);

/** Registers what happens on a 403 passwordChangeRequired / mfaEnrollmentRequired. Returns an unregister function. */
export function onSetupRequired(handler: UnauthorizedHandler): () => void {
  setupRequiredHandler = handler;
  return () => {
    if (setupRequiredHandler === handler) setupRequiredHandler = undefined;
  };
}
let csrfToken: string | undefined;

/** Registers what happens on a 401 (one handler; the app registers it). Returns an unregister function. */
export function onUnauthorized(handler: UnauthorizedHandler): () => void {
  unauthorizedHandler = handler;
  return () => {
    if (unauthorizedHandler === handler) unauthorizedHandler = undefined;
  };
}

/** Remembers the CSRF token the server handed out (used when no CSRF cookie is readable). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function currentCsrfToken(): string | undefined {
  return readCookie(CSRF_COOKIE) ?? readCookie(`__Host-${CSRF_COOKIE}`) ?? csrfToken;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly (string | number)[]) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  if (!qs) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${qs}`;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const err = (value).error;
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' && typeof (err as { message?: unknown }).message === 'string';
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Sends one request; resolves with the parsed JSON body (undefined for 204 / empty bodies). */
export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (unsafeMethods.has(method)) {
    const token = currentCsrfToken();
    if (token) headers[CSRF_HEADER] = token;
  }
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (options.signal) init.signal = options.signal;

  const res = await fetch(buildUrl(path, options.query), init);
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) {
    const error = isErrorBody(parsed)
      ? new ApiError(res.status, parsed.error.code, parsed.error.message, parsed.error.details)
      : new ApiError(res.status, `http${res.status}`, `The server answered ${res.status} ${res.statusText}`.trim() + '.');
    if (res.status === 401 && options.redirectOnUnauthorized !== false) unauthorizedHandler?.(error);
    if (res.status === 403 && setupRequiredCodes.has(error.code)) setupRequiredHandler?.(error);
    throw error;
  }
  if (text && parsed === undefined) throw new ApiError(res.status, 'badResponse', 'The server sent a response that is not JSON.');
  return parsed as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions): Promise<T> => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> => request<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> => request<T>('PATCH', path, body, options),
  delete: <T = void>(path: string, options?: RequestOptions): Promise<T> => request<T>('DELETE', path, undefined, options),
};
