/**
 * Errors that know how to render themselves. Anything thrown that is not an HttpError becomes a generic 500
 * whose body says nothing about the internals (the details go to the log, with the request id).
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown): HttpError => new HttpError(400, 'badRequest', message, details);
export const unauthorized = (message = 'Sign in to continue.'): HttpError => new HttpError(401, 'unauthenticated', message);
export const forbidden = (message = 'You do not have the permission this needs.'): HttpError => new HttpError(403, 'forbidden', message);
export const notFound = (what = 'The resource'): HttpError => new HttpError(404, 'notFound', `${what} was not found.`);
export const conflict = (message: string): HttpError => new HttpError(409, 'conflict', message);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
