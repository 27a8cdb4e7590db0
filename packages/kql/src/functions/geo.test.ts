import { describe, expect, it } from 'vitest';
import { scalar } from './test-run.ts';

describe('geo functions', () => {
  it('computes great-circle distances', async () => {
    const m = Number(await scalar('geo_distance_2points(0, 0, 0, 1)'));
    expect(Math.abs(m - 111195.08)).toBeLessThan(1);
    expect(await scalar('geo_distance_2points(0, 95, 0, 1)')).toBe('');
    expect(await scalar('geo_point_in_circle(0, 0, 0, 1, 120000)')).toBe('true');
    expect(await scalar('geo_point_in_circle(0, 0, 0, 1, 100000)')).toBe('false');
  });
  it('encodes and decodes geohashes', async () => {
    expect(await scalar('geo_point_to_geohash(-73.98, 40.75)')).toBe('dr5ru');
    expect(await scalar('geo_point_to_geohash(-73.98, 40.75, 1)')).toBe('d');
    expect(await scalar('geo_point_to_geohash(-73.98, 140.75)')).toBe('');
    expect(JSON.parse(await scalar('geo_geohash_to_central_point("s")'))).toEqual({ type: 'Point', coordinates: [22.5, 22.5] });
    expect(await scalar('geo_geohash_to_central_point("a!")')).toBe('');
  });
});
