import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEvents, testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { AlertPipeline } from '../src/correlation/correlation.service.ts';
import type { NewAlert } from '../src/alerts/alert-input.ts';
import type { AlertEntity } from '../src/alerts/alert-model.ts';

const POPULAR = 'aa'.repeat(32);
const RARE = 'bb'.repeat(32);

let n = 0;
const alert = (evidence: AlertEntity[]): NewAlert => ({
  providerAlertId: `prev-${++n}`,
  origin: 'external',
  detectorId: null,
  title: `alert ${n}`,
  description: null,
  recommendedActions: null,
  severity: 'medium',
  category: 'Execution',
  mitreTechniques: [],
  serviceSource: 'external',
  detectionSource: 'thirdParty',
  firstActivity: '2025-03-01T10:00:00.000Z',
  lastActivity: '2025-03-01T10:00:00.000Z',
  evidence,
});

describe('prevalence guard from telemetry', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    p = await testPalisade();
    // powershell.exe's hash ran on 30 devices; the implant's on one. The office IP served 30 accounts.
    await insertEvents(p, 'DeviceProcessEvents', [
      ...Array.from({ length: 30 }, (_, i) => ({ Timestamp: '2025-03-01 09:00:00', DeviceName: `ws-${i}`, FileName: 'powershell.exe', SHA256: POPULAR })),
      { Timestamp: '2025-03-01 09:00:00', DeviceName: 'ws-1', FileName: 'implant.exe', SHA256: RARE },
    ]);
    await insertEvents(p, 'IdentityLogonEvents', Array.from({ length: 30 }, (_, i) => ({ Timestamp: '2025-03-01 09:00:00', ActionType: 'LogonSuccess', AccountUpn: `u${i}@contoso.com`, IPAddress: '198.51.100.10' })));
    // the spraying address failed against 30 accounts: that is the attack, not infrastructure
    await insertEvents(p, 'IdentityLogonEvents', Array.from({ length: 30 }, (_, i) => ({ Timestamp: '2025-03-01 09:00:00', ActionType: 'LogonFailed', AccountUpn: `u${i}@contoso.com`, IPAddress: '203.0.113.66' })));
  });
  afterAll(async () => p.close());

  it('a hash that ran on many devices and an address many accounts use do not link; rare ones do', async () => {
    const pipeline = new AlertPipeline(p.opened.ctx);
    const [a, b] = await pipeline.submit([
      alert([{ type: 'device', deviceName: 'A' }, { type: 'process', deviceName: 'A', fileName: 'powershell.exe', sha256: POPULAR }, { type: 'ip', address: '198.51.100.10' }]),
      alert([{ type: 'device', deviceName: 'B' }, { type: 'process', deviceName: 'B', fileName: 'powershell.exe', sha256: POPULAR }, { type: 'ip', address: '198.51.100.10' }]),
    ]);
    expect(b!.incidentId).not.toBe(a!.incidentId);
    const [c, d] = await pipeline.submit([
      alert([{ type: 'device', deviceName: 'C' }, { type: 'file', sha256: RARE }]),
      alert([{ type: 'device', deviceName: 'D' }, { type: 'process', deviceName: 'D', sha256: RARE }]),
    ]);
    expect(d!.incidentId).toBe(c!.incidentId);
    const [e, f] = await pipeline.submit([alert([{ type: 'ip', address: '203.0.113.66' }, { type: 'user', accountName: 'x' }]), alert([{ type: 'ip', address: '203.0.113.66' }, { type: 'user', accountName: 'y' }])]);
    expect(f!.incidentId).toBe(e!.incidentId);
  });
});
