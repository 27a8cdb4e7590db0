import { describe, expect, it } from 'vitest';
import { scalar } from './test-run.ts';

describe('ipv6 functions', () => {
  it('parses to the canonical form, IPv4 as mapped', async () => {
    expect(await scalar('parse_ipv6("fe80::85d:e82c:9446:7994")')).toBe('fe80:0000:0000:0000:085d:e82c:9446:7994');
    expect(await scalar('parse_ipv6("10.1.2.3/16")')).toBe('0000:0000:0000:0000:0000:ffff:0a01:0000');
    expect(await scalar('parse_ipv6("::ffff:1.2.3.4")')).toBe('0000:0000:0000:0000:0000:ffff:0102:0304');
    expect(await scalar('parse_ipv6_mask("fe80::85d:e82c:9446:7994", 120)')).toBe('fe80:0000:0000:0000:085d:e82c:9446:7900');
  });
  it('gives null for text that is not an address', async () => {
    expect(await scalar('parse_ipv6("1::2::3")')).toBe('');
    expect(await scalar('parse_ipv6("zz::1")')).toBe('');
    expect(await scalar('ipv6_compare("nope", "::1")')).toBe('');
  });
  it('compares on the shortest prefix', async () => {
    expect(await scalar('ipv6_compare("::1", "::2")')).toBe('-1');
    expect(await scalar('ipv6_compare("::1/126", "::2")')).toBe('0');
    expect(await scalar('ipv6_is_match("192.168.1.1/24", "::ffff:c0a8:01ff")')).toBe('true');
    expect(await scalar('ipv6_is_in_range("2001:db8::5", "2001:db8::/32")')).toBe('true');
    expect(await scalar('ipv6_is_in_range("2001:db9::5", "2001:db8::/32")')).toBe('false');
    expect(await scalar('ipv6_is_in_any_range("2001:db8::5", dynamic(["fe80::/10", "2001:db8::/32"]))')).toBe('true');
  });
});
