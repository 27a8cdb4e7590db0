import { describe, expect, it } from 'vitest';
import { scalar } from './test-run.ts';

describe('punycode', () => {
  it('encodes and decodes labels as RFC 3492', async () => {
    expect(await scalar("punycode_from_string('bücher')")).toBe('bcher-kva');
    expect(await scalar("punycode_from_string('münchen')")).toBe('mnchen-3ya');
    expect(await scalar("punycode_to_string('mnchen-3ya')")).toBe('münchen');
    expect(await scalar("punycode_to_string(punycode_from_string('日本語テキスト'))")).toBe('日本語テキスト');
  });
  it('gives null for text that is not punycode', async () => {
    expect(await scalar("punycode_to_string('a!b')")).toBe('');
    expect(await scalar("punycode_to_string('ab-9')")).toBe('');
  });
  it('converts domains label by label', async () => {
    expect(await scalar("punycode_domain_from_string('bücher.example.com')")).toBe('xn--bcher-kva.example.com');
    expect(await scalar("punycode_domain_to_string('xn--bcher-kva.example.com')")).toBe('bücher.example.com');
  });
});
