import { describe, expect, it } from 'vitest';
import { scalar } from './test-run.ts';

const parts = async (path: string): Promise<unknown> => JSON.parse(await scalar(`parse_path(@'${path}')`)) as unknown;

describe('parse_path', () => {
  it('splits scheme, drive root, directories, file name, extension and alternate data stream', async () => {
    expect(await parts('https://D:/logs/app/run.log:meta')).toEqual({
      Scheme: 'https',
      RootPath: 'D:',
      DirectoryPath: 'D:/logs/app',
      DirectoryName: 'app',
      Filename: 'run.log',
      Extension: 'log',
      AlternateDataStreamName: 'meta',
    });
    expect(await parts('D:\\data\\x.tar.gz')).toMatchObject({ Scheme: '', RootPath: 'D:', DirectoryPath: 'D:\\data', Filename: 'x.tar.gz', Extension: 'gz', AlternateDataStreamName: '' });
  });

  it('has no root for a share or an absolute POSIX path', async () => {
    expect(await parts('\\\\srv\\share\\a\\b.txt')).toMatchObject({ RootPath: '', DirectoryPath: '\\\\srv\\share\\a', DirectoryName: 'a', Filename: 'b.txt' });
    expect(await parts('/var/log/syslog')).toMatchObject({ RootPath: '', DirectoryPath: '/var/log', DirectoryName: 'log', Filename: 'syslog', Extension: '' });
  });
});
