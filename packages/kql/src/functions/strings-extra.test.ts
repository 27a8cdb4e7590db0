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
