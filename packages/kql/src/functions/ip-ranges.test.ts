import { describe, expect, it } from 'vitest';
import { scalar } from './test-run.ts';

describe('IPv4 masks and ranges', () => {
  it('formats the network of an address and prefix', async () => {
    expect(await scalar("format_ipv4_mask('10.1.2.3', 8)")).toBe('10.0.0.0/8');
    expect(await scalar("format_ipv4_mask('10.1.2.3/16')")).toBe('10.1.0.0/16');
    expect(await scalar("format_ipv4_mask('10.1.2.300', 8)")).toBe('');
  });
  it('covers a range with the fewest CIDR blocks', async () => {
    expect(JSON.parse(await scalar("ipv4_range_to_cidr_list('10.0.0.0', '10.0.1.255')"))).toEqual(['10.0.0.0/23']);
    expect(JSON.parse(await scalar("ipv4_range_to_cidr_list('10.0.0.3', '10.0.0.8')"))).toEqual(['10.0.0.3/32', '10.0.0.4/30', '10.0.0.8/32']);
  });
});
