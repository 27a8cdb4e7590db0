import { describe, expect, it } from 'vitest';
import { scalar } from './test-run.ts';

describe('has_any_index', () => {
  it('returns the array index of the first lookup that is a whole term, case-insensitively', async () => {
    expect(await scalar('has_any_index("Alert: Mimikatz run", dynamic(["psexec", "MIMIKATZ"]))')).toBe('1');
    expect(await scalar('has_any_index("mimikatzed", dynamic(["mimikatz"]))')).toBe('-1');
    expect(await scalar('has_any_index("port 445 open", range(444, 446))')).toBe('1');
    expect(await scalar('has_any_index("anything", dynamic([]))')).toBe('-1');
  });
});

describe('indexof occurrences', () => {
  it('starts each further search after the previous match, within the length', async () => {
    expect(await scalar('indexof("abcabcabc", "bc", 0, -1, 2)')).toBe('4');
    expect(await scalar('indexof("abcabcabc", "bc", 0, -1, 4)')).toBe('-1');
    expect(await scalar('indexof("abcdefgabcdefg", "cde", 1, 10, 2)')).toBe('9');
    expect(await scalar('indexof("abcdefg", "cde", 1, 2)')).toBe('-1');
    expect(await scalar('indexof("abc", "b", 0, -1, -1)')).toBe('');
  });
});
