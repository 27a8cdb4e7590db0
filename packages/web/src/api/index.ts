export { api, request, ApiError, isApiError, errorMessage, onUnauthorized, onSetupRequired, setupRequiredCodes, setCsrfToken, currentCsrfToken, buildUrl, CSRF_HEADER, CSRF_COOKIE } from './client.ts';
export type { ApiErrorBody, RequestOptions } from './client.ts';
