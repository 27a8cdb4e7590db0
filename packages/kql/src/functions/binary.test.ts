import { describe, expect, it } from 'vitest';
import { runKql, scalar } from './test-run.ts';

describe('base64 and GUIDs', () => {
  it('encodes GUIDs in .NET byte order and round-trips them', async () => {
    expect(await scalar('base64_encode_fromguid(toguid("00112233-4455-6677-8899-aabbccddeeff"))')).toBe('MyIRAFVEd2aImaq7zN3u/w==');
    expect(await scalar('base64_decode_toguid(base64_encode_fromguid(toguid("00112233-4455-6677-8899-aabbccddeeff")))')).toBe('00112233-4455-6677-8899-aabbccddeeff');
  });
  it('encodes byte arrays, null for anything that is not one', async () => {
    expect(await scalar('base64_encode_fromarray(dynamic([75, 117, 115, 116, 111]))')).toBe('S3VzdG8=');
    expect(await scalar('base64_encode_fromarray(dynamic([1, 300]))')).toBe('');
    expect(await scalar('base64_encode_fromarray(dynamic({"a": 1}))')).toBe('');
  });
});

describe('around and assert', () => {
  it('around is inclusive on both ends', async () => {
    expect(await scalar('around(1.5, 1, 0.5)')).toBe('true');
    expect(await scalar('around(1.6, 1, 0.5)')).toBe('false');
    expect(await scalar('around(datetime(2024-01-01 00:05), datetime(2024-01-01), 5m)')).toBe('true');
  });
  it('assert passes true through and fails the query otherwise', async () => {
    expect(await scalar('assert(2 > 1, "ok")')).toBe('true');
    await expect(runKql('print assert(1 > 2, "must be bigger")')).rejects.toThrow(/must be bigger/);
  });
});
