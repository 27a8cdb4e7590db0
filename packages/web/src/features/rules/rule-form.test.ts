import { describe, expect, it } from 'vitest';
import type { DetectionRule } from './api.ts';
import { formFromRule, formProblems, formToInput, newForm, readSeed } from './rule-form.ts';

const builtin: DetectionRule = {
  id: 'pal-x',
  name: 'Encoded PowerShell',
  description: 'd',
  query: 'DeviceProcessEvents | where FileName == "powershell.exe"',
  frequency: 'nrt',
  enabled: true,
  builtin: true,
  alert: { title: 'Encoded PowerShell on {{DeviceName}}', description: '', severity: 'high', category: 'Execution', techniques: ['T1059.001', 'T1027'] },
  entityMapping: { deviceName: 'DeviceName' },
  suppressionMinutes: 60,
  createdBy: 'Palisade',
  createdDateTime: '2025-01-01T00:00:00Z',
  lastModifiedDateTime: '2025-01-01T00:00:00Z',
  lastRunDateTime: null,
  lastRunStatus: null,
};

describe('the rule form', () => {
  it('starts from a hunting query with the mapping suggested from its columns', () => {
    const f = newForm(readSeed({ query: 'DeviceNetworkEvents | take 1', columns: ['DeviceName', 'RemoteIP', 'RemoteUrl'] }));
    expect(f).toMatchObject({ query: 'DeviceNetworkEvents | take 1', mapping: { deviceName: 'DeviceName', ip: 'RemoteIP', url: 'RemoteUrl' }, frequency: '24h', suppressionMinutes: 1440, id: '' });
    expect(newForm(undefined).mapping).toEqual({});
    expect(readSeed({ columns: ['x'] })).toBeUndefined();
    expect(readSeed(null)).toBeUndefined();
  });

  it('copies a rule into a new custom one with its own id', () => {
    const f = newForm({ query: builtin.query, from: builtin });
    expect(f).toMatchObject({ name: 'Encoded PowerShell (custom)', id: 'encoded-powershell-custom', idEdited: false, techniques: 'T1059.001, T1027', severity: 'high' });
  });

  it('says what is missing before the server is asked', () => {
    expect(formProblems(newForm({ query: '' }))).toEqual({
      name: 'Give the rule a name.',
      id: expect.stringContaining('lowercase') as string,
      query: 'Write the hunting query the rule runs.',
      'alert.title': expect.stringContaining('title') as string,
      entityMapping: expect.stringContaining('Map at least one') as string,
    });
    expect(formProblems({ ...formFromRule(builtin), techniques: 'T1059, X9' })).toEqual({ 'alert.techniques': 'X9: not an ATT&CK technique id (T1234 or T1234.001).' });
  });

  it('sends the server fields: techniques as a list, empty mapping choices and actions left out', () => {
    const input = formToInput({ ...formFromRule(builtin), techniques: 't1059.001 T1027', mapping: { deviceName: 'DeviceName', ip: '' } });
    expect(input).toEqual({
      id: 'pal-x',
      name: 'Encoded PowerShell',
      description: 'd',
      query: builtin.query,
      frequency: 'nrt',
      alert: { title: 'Encoded PowerShell on {{DeviceName}}', description: '', severity: 'high', category: 'Execution', techniques: ['T1059.001', 'T1027'] },
      entityMapping: { deviceName: 'DeviceName' },
      suppressionMinutes: 60,
    });
  });
});
