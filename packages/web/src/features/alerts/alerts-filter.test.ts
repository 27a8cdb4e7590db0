import { describe, expect, it } from 'vitest';
import { alertsFilter } from './alerts-model.ts';

describe('alertsFilter', () => {
  it('ors values of a property and ands the properties', () => {
    expect(alertsFilter(['new', 'inProgress'], ['high'])).toBe("(status eq 'new' or status eq 'inProgress') and (severity eq 'high')");
    expect(alertsFilter([], [])).toBeUndefined();
  });
});
