import { describe, expect, it } from 'vitest';
import { canSubmit, emptyForm, formFromIndicator, formToInput, importFormatOf, valueProblem } from './indicator-form.ts';
import type { Indicator } from './api.ts';

describe('indicator form', () => {
  it('hints at a value that does not fit its type', () => {
    expect(valueProblem('FileSha256', 'ab'.repeat(32))).toBeUndefined();
    expect(valueProblem('FileSha256', 'abc')).toMatch(/64-character/);
    expect(valueProblem('DomainName', 'https://x.example/a')).toMatch(/choose URL/);
    expect(valueProblem('DomainName', 'evil.example.com')).toBeUndefined();
    expect(valueProblem('IpAddress', 'not an ip')).toMatch(/IPv4 or IPv6/);
    expect(valueProblem('Url', 'http://a b')).toMatch(/no spaces/);
  });

  it('needs a value and a title, and sends an expiry as the end of its day', () => {
    const f = { ...emptyForm(), indicatorValue: ' evil.example.com ', title: 'Bad', techniques: 't1566.002, T1189', expires: '2030-01-31' };
    expect(canSubmit(emptyForm())).toBe(false);
    expect(canSubmit(f)).toBe(true);
    expect(formToInput(f)).toEqual({ indicatorType: 'DomainName', indicatorValue: 'evil.example.com', action: 'Alert', severity: 'Medium', title: 'Bad', description: '', mitreTechniques: ['t1566.002', 'T1189'], expirationTime: '2030-01-31T23:59:59Z' });
    expect(formToInput({ ...f, expires: '' }).expirationTime).toBeNull();
  });

  it('round-trips an indicator into the form', () => {
    const i = { id: '1', indicatorType: 'IpAddress', indicatorValue: '192.0.2.1', action: 'Allowed', severity: 'Low', title: 'Scanner', description: 'ours', recommendedActions: null, category: 'SuspiciousActivity', mitreTechniques: ['T1046'], expirationTime: '2031-05-02T10:00:00.000Z', status: 'active', source: 's', sourceType: 'User', createdBy: 'a', creationTimeDateTimeUtc: '', lastUpdatedBy: 'a', lastUpdateTime: '' } satisfies Indicator;
    expect(formFromIndicator(i)).toEqual({ indicatorType: 'IpAddress', indicatorValue: '192.0.2.1', action: 'Allowed', severity: 'Low', title: 'Scanner', description: 'ours', techniques: 'T1046', expires: '2031-05-02' });
  });

  it('tells a CSV from a STIX bundle', () => {
    expect(importFormatOf('feed.csv', '{')).toBe('csv');
    expect(importFormatOf('bundle.json', 'x')).toBe('stix');
    expect(importFormatOf('paste', '  {"type":"bundle"}')).toBe('stix');
    expect(importFormatOf('paste', 'IndicatorType,IndicatorValue')).toBe('csv');
  });
});
