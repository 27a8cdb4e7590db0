import { describe, expect, it } from 'vitest';
import { compileRules, domainOf, parseTags, rulesProblem } from './device-groups.rules.ts';
import type { DeviceFacts } from './device-groups.rules.ts';

const device = (deviceName: string, osPlatform: string | null = 'Windows11', tags: string[] = []): DeviceFacts => ({ deviceId: deviceName, deviceName, osPlatform, tags, lastSeen: null });

describe('device group rules', () => {
  it('matches name globs case-insensitively, on the FQDN or the host name', () => {
    const m = compileRules({ names: ['FIN-*', 'ws-??'] });
    expect(m(device('fin-ws-01.corp.contoso.com'))).toBe(true);
    expect(m(device('ws-07'))).toBe(true);
    expect(m(device('ws-007'))).toBe(false);
    expect(m(device('hr-fin-01'))).toBe(false);
    // Regex metacharacters in a pattern are literal.
    expect(compileRules({ names: ['a.b+c'] })(device('a.b+c'))).toBe(true);
    expect(compileRules({ names: ['a.b+c'] })(device('axbbc'))).toBe(false);
  });

  it('matches a domain and its subdomains, not look-alikes', () => {
    const m = compileRules({ domains: ['contoso.com'] });
    expect(domainOf('pc1.corp.contoso.com')).toBe('corp.contoso.com');
    expect(m(device('pc1.corp.contoso.com'))).toBe(true);
    expect(m(device('pc1.contoso.com'))).toBe(true);
    expect(m(device('pc1.notcontoso.com'))).toBe(false);
    expect(m(device('pc1'))).toBe(false);
  });

  it('ORs values within a property and ANDs properties', () => {
    const m = compileRules({ osPlatforms: ['Linux', 'macOS'], tags: ['finance'] });
    expect(m(device('a', 'linux', ['Finance']))).toBe(true);
    expect(m(device('b', 'macOS', ['hr']))).toBe(false);
    expect(m(device('c', 'Windows11', ['finance']))).toBe(false);
    expect(m(device('d', null, ['finance']))).toBe(false);
  });

  it('reads tags from JSON arrays, comma lists and single values, de-duplicated', () => {
    expect(parseTags('["Tier0"," VIP "]', 'finance, Tier0', null, '').sort()).toEqual(['Tier0', 'VIP', 'finance']);
    expect(parseTags('[not json')).toEqual(['[not json']);
  });

  it('names what is wrong in a rule set, with its path', () => {
    expect(rulesProblem({})).toMatch(/^rules: give at least one/);
    expect(rulesProblem({ names: [] })).toMatch(/^rules\.names: give at least one value/);
    expect(rulesProblem({ tags: ['ok', ' '] })).toMatch(/^rules\.tags\[1\]:/);
    expect(rulesProblem({ domains: Array.from({ length: 11 }, (_, i) => `d${i}.test`) })).toMatch(/^rules\.domains: at most 10 values \(got 11\)/);
    expect(rulesProblem({ names: ['*'] })).toBeUndefined();
  });
});
