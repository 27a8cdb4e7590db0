import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/index.ts';
import { toHuntingError } from './api.ts';

describe('toHuntingError', () => {
  it('keeps the KQL diagnostics of a 400, in either place the server may put them', () => {
    const d = { code: 'unknown-column', message: "Unknown column 'Foo'.", severity: 'error', line: 2, column: 9, endLine: 2, endColumn: 12 };
    expect(toHuntingError(new ApiError(400, 'invalidQuery', 'bad', [d])).diagnostics).toEqual([d]);
    const e = toHuntingError(new ApiError(400, 'invalidQuery', 'bad', { diagnostics: [{ code: 'syntax-error', message: 'x', line: 1, column: 3 }, { nonsense: true }] }));
    expect(e.diagnostics).toEqual([{ code: 'syntax-error', message: 'x', line: 1, column: 3 }]);
    expect(e.status).toBe(400);
  });
  it('carries status and message of other failures', () => {
    const e = toHuntingError(new ApiError(403, 'forbidden', 'You may not.'));
    expect([e.status, e.code, e.message, e.diagnostics]).toEqual([403, 'forbidden', 'You may not.', []]);
    expect(toHuntingError(new TypeError('Failed to fetch')).code).toBe('network');
  });
});
