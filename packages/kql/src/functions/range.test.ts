import { describe, expect, it } from 'vitest';
import { scalar } from './test-run.ts';

const json = async (expr: string): Promise<unknown> => JSON.parse(await scalar(expr)) as unknown;

describe('range()', () => {
  it('includes the stop and follows the step sign', async () => {
    expect(await json('range(1, 8, 3)')).toEqual([1, 4, 7]);
    expect(await json('range(5, 1, -2)')).toEqual([5, 3, 1]);
    expect(await json('range(1, 0)')).toEqual([]);
  });
  it('works for datetimes and timespans', async () => {
    expect(await json('range(1h, 3h)')).toEqual(['01:00:00', '02:00:00', '03:00:00']);
    expect(await json('range(datetime(2024-01-01), datetime(2024-01-02))')).toEqual(['2024-01-01T00:00:00.0000000Z', '2024-01-02T00:00:00.0000000Z']);
  });
  it('caps at 1,048,576 elements without building the whole range, and is null for a zero step', async () => {
    expect(await scalar('array_length(range(1, 1000000000))')).toBe('1048576');
    expect(await scalar('range(1, 5, 0)')).toBe('');
  });
});
