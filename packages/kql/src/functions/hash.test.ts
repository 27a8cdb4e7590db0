import { describe, expect, it } from 'vitest';
import { scalar } from './test-run.ts';

describe('hash functions (xxhash64, seed 0)', () => {
  it('hashes strings by their UTF-8 bytes', async () => {
    expect(await scalar('hash("World")')).toBe('1846988464401551951');
    expect(await scalar('hash_xxhash64("Hello")')).toBe('753694413698530628');
    expect(await scalar('hash("")')).toBe('-1205034819632174695');
  });
  it('covers the 32-byte stripe path', async () => {
    expect(await scalar('hash("The quick brown fox jumps over the lazy dog, again and again")')).toBe('1034230921031126254');
  });
  it('hashes datetimes by their tick count and takes a modulo', async () => {
    expect(await scalar('hash(datetime(2015-01-01))')).toBe('1380966698541616202');
    expect(await scalar('hash("World", 100)')).toBe('51');
  });
});
