import { describe, expect, it } from 'vitest';
import { scalar } from './test-run.ts';

const parts = async (url: string): Promise<unknown> => JSON.parse(await scalar(`parse_url('${url}')`)) as unknown;

describe('parse_url', () => {
  it('returns the documented parts, with Path printed without its leading slash', async () => {
    expect(await parts('https://user:pw@example.com:8443/a/b/c.php?x=1&y=%20z#top')).toEqual({
      Scheme: 'https',
      Host: 'example.com',
      Port: '8443',
      Path: 'a/b/c.php',
      Username: 'user',
      Password: 'pw',
      'Query Parameters': { x: '1', y: ' z' },
      Fragment: 'top',
    });
  });

  it('has an empty Path when the URL has none', async () => {
    expect(await parts('http://example.com')).toMatchObject({ Host: 'example.com', Path: '' });
  });
});
