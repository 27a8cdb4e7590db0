import { describe, expect, it } from 'vitest';
import type { AlertEntity } from '../alerts/alert-model.ts';
import { summarise, type SummarisedAlert } from './incident-summary.ts';

const alert = (evidence: AlertEntity[]): SummarisedAlert => ({
  title: 'A',
  severity: 'high',
  category: 'Execution',
  mitreTechniques: [],
  serviceSource: 'microsoftDefenderForEndpoint',
  detectionSource: 'edr',
  firstActivity: '2026-01-01T00:00:00Z',
  lastActivity: '2026-01-01T00:00:00Z',
  evidence,
});

describe('impacted assets', () => {
  it('counts a device once under its short name, whatever the alerts call it', () => {
    const s = summarise([
      alert([{ type: 'device', deviceName: 'ams-lt-0001', deviceId: 'D1' }, { type: 'process', deviceName: 'AMS-LT-0001.corp.example', fileName: 'p.exe' }]),
      alert([{ type: 'device', deviceName: 'ams-lt-0001.corp.example' }]),
      alert([{ type: 'device', deviceName: 'renamed-box', deviceId: 'd1' }]),
      alert([{ type: 'device', deviceName: 'ams-lt-0002' }]),
    ]);
    expect(s.impactedAssets.devices).toEqual({ 'ams-lt-0001': 3, 'ams-lt-0002': 1 });
  });

  it('merges a user by SID, or account name and UPN when an entity links them, and leaves out service accounts', () => {
    const s = summarise([
      alert([{ type: 'user', accountName: 'mferrari' }, { type: 'user', accountName: 'SYSTEM', sid: 'S-1-5-18' }, { type: 'user', accountName: 'AMS-LT-0001$' }]),
      alert([{ type: 'user', accountName: 'CORP\\mferrari', upn: 'Matthew.Ferrari@corp.example' }, { type: 'user', accountName: 'NETWORK SERVICE' }]),
      alert([{ type: 'user', accountName: 'mf2', sid: 'S-1-5-21-1-2-3-1001' }]),
      alert([{ type: 'user', accountName: 'other', upn: 'matthew.ferrari@corp.example' }, { type: 'user', accountName: 'local service' }]),
      alert([{ type: 'user', accountName: 'bob', sid: 'S-1-5-21-1-2-3-1001' }]),
      alert([{ type: 'user', accountName: 'ana' }]),
    ]);
    expect(s.impactedAssets.users).toEqual({ 'matthew.ferrari@corp.example': 3, mf2: 2, ana: 1 });
  });

  it('does not link a UPN to an account name the evidence never ties to it', () => {
    const s = summarise([alert([{ type: 'user', accountName: 'jdoe' }]), alert([{ type: 'user', accountName: 'john', upn: 'jdoe@corp.example' }])]);
    expect(s.impactedAssets.users).toEqual({ jdoe: 1, 'jdoe@corp.example': 1 });
  });
});
