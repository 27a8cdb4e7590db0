import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from './quality.ts';

describe('adjustedRandIndex', () => {
  it('is 1 for the same partition under other names', () => {
    expect(adjustedRandIndex(['a', 'a', 'b', 'b', 'c'], [7, 7, 3, 3, 9])).toBe(1);
  });
  it('matches a worked example', () => {
    // sklearn's documented example: [0,0,1,1] vs [0,0,1,2] -> 0.5714...
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.5714285714, 8);
    // [0,0,1,1] vs [0,1,0,1]: worse than chance
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 8);
  });
  it('penalises gluing everything into one incident', () => {
    expect(adjustedRandIndex(['a', 'a', 'b', 'b', 'c', 'c'], [1, 1, 1, 1, 1, 1])).toBe(0);
  });
});
