export { api, request, ApiError, isApiError, errorMessage, onUnauthorized, setCsrfToken, currentCsrfToken, buildUrl, CSRF_HEADER, CSRF_COOKIE } from './client.ts';
export type { ApiErrorBody, RequestOptions } from './client.ts';
