import { describe, expect, it } from 'vitest';
import type { AlertEntity } from '../alerts/alert-model.ts';
import { defaultVerdict, evidenceIdentities, mergeEvidence } from './incident-evidence.ts';
import type { EvidenceAlert } from './incident-evidence.ts';
import { summarise } from './incident-summary.ts';

const alert = (id: number, evidence: AlertEntity[], classification = 'unknown'): EvidenceAlert => ({ id, title: `A${id}`, classification, status: 'new', evidence });
const summaryOf = (alerts: readonly EvidenceAlert[]) =>
  summarise(alerts.map((a) => ({ title: a.title, severity: 'high', category: 'Execution', mitreTechniques: [], serviceSource: 's', detectionSource: 'd', firstActivity: '2026-01-01T00:00:00Z', lastActivity: '2026-01-01T00:00:00Z', evidence: a.evidence })));

describe('incident evidence: merge by identity', () => {
  it('merges one person met as DOMAIN\\name, name, SID and UPN (and an account name that is a UPN), as the impacted assets do', () => {
    const alerts = [
      alert(1, [{ type: 'user', accountName: 'CORP\\jdoe' }]),
      alert(2, [{ type: 'user', accountName: 'jdoe', upn: 'JDoe@corp.example', sid: 'S-1-5-21-9-1001' }]),
      alert(3, [{ type: 'user', accountName: 'S-1-5-21-9-1001', sid: 'S-1-5-21-9-1001' }]),
      alert(4, [{ type: 'user', accountName: 'JDOE@corp.example' }]),
      alert(5, [{ type: 'user', accountName: 'ana' }]),
    ];
    const users = mergeEvidence(alerts).filter((e) => e.type === 'user');
    expect(users.map((u) => [u.name, u.alertIds])).toEqual([
      ['ana', ['5']],
      ['jdoe@corp.example', ['1', '2', '3', '4']],
    ]);
    expect(users[1]?.aliases).toEqual(expect.arrayContaining(['CORP\\jdoe', 'S-1-5-21-9-1001']));
    expect(users[1]?.entityPage).toEqual({ type: 'user', id: 'JDoe@corp.example' });
    // The Assets tab (impacted assets) counts the same two people under the same names.
    expect(Object.keys(summaryOf(alerts).impactedAssets.users).sort()).toEqual(users.map((u) => u.name).sort());
  });

  it('keeps apart names the evidence never ties together, and well-known SIDs are no identity', () => {
    const merged = mergeEvidence([
      alert(1, [{ type: 'user', accountName: 'jdoe' }]),
      alert(2, [{ type: 'user', accountName: 'john', upn: 'jdoe@corp.example' }]),
      alert(3, [{ type: 'user', accountName: 'SYSTEM', sid: 'S-1-5-18' }]),
      alert(4, [{ type: 'user', accountName: 'LocalSvc', sid: 'S-1-5-18' }]),
    ]);
    expect(merged.map((e) => e.name).sort()).toEqual(['jdoe', 'jdoe@corp.example', 'LocalSvc', 'SYSTEM'].sort());
    expect(evidenceIdentities({ type: 'user', accountName: 'SYSTEM', sid: 'S-1-5-18' })).toEqual(['user|acct:system']);
  });

  it('merges a device by host name and DeviceId, a mailbox by address (and a message recipient), case-insensitively', () => {
    const merged = mergeEvidence([
      alert(1, [{ type: 'device', deviceName: 'WS-1', deviceId: 'abc' }, { type: 'mailbox', address: 'Ana@Corp.example' }]),
      alert(2, [{ type: 'device', deviceName: 'renamed.corp.example', deviceId: 'ABC' }, { type: 'mailMessage', networkMessageId: 'n1', recipient: 'ana@corp.example' }]),
      alert(3, [{ type: 'device', deviceName: 'ws-1.corp.example' }]),
    ]);
    expect(merged.filter((e) => e.type === 'device').map((d) => [d.name, d.alertIds, d.entityPage?.id])).toEqual([['WS-1', ['1', '2', '3'], 'renamed.corp.example']]);
    expect(merged.filter((e) => e.type === 'mailbox').map((m) => [m.name, m.alertIds])).toEqual([['ana@corp.example', ['1', '2']]]);
  });

  it('gives defaults from the alert: subjects suspicious, assets unknown, dismissed alerts noThreatsFound, the strongest across alerts', () => {
    const proc: AlertEntity = { type: 'process', deviceName: 'ws-1', fileName: 'p.exe', processId: 1 };
    expect(defaultVerdict(proc, { classification: 'unknown' }).verdict).toBe('suspicious');
    expect(defaultVerdict({ type: 'ip', address: '10.1.2.3' }, { classification: 'unknown' }).verdict).toBe('unknown');
    expect(defaultVerdict({ type: 'device', deviceName: 'ws-1', roles: ['attacker'] }, { classification: 'unknown' }).verdict).toBe('suspicious');
    expect(defaultVerdict({ type: 'url', url: 'http://x.example', roles: ['contextual'] }, { classification: 'unknown' }).verdict).toBe('unknown');
    expect(defaultVerdict(proc, { classification: 'falsePositive' }).verdict).toBe('noThreatsFound');
    expect(mergeEvidence([alert(1, [proc], 'falsePositive'), alert(2, [proc])])[0]?.verdict).toBe('suspicious');
    expect(mergeEvidence([alert(1, [proc], 'falsePositive'), alert(2, [proc], 'informationalExpectedActivity')])[0]?.verdict).toBe('noThreatsFound');
  });

  it('takes the analyst’s latest word over any key of a merged entity, and an indicator over the default', () => {
    const alerts = [alert(1, [{ type: 'user', accountName: 'jdoe', sid: 'S-1-5-21-1' }]), alert(2, [{ type: 'user', accountName: 'x', sid: 'S-1-5-21-1' }, { type: 'ip', address: '198.51.100.9' }])];
    const states = [
      { alert_id: 1, entity_key: 'user|sid:s-1-5-21-1', verdict: 'suspicious', remediation_status: null, remediation_details: null, updated_by: 'a', updated: '2026-01-01T00:00:00Z' },
      { alert_id: 2, entity_key: 'user|sid:s-1-5-21-1', verdict: 'malicious', remediation_status: 'remediated', remediation_details: 'reset', updated_by: 'b', updated: '2026-01-02T00:00:00Z' },
    ];
    const merged = mergeEvidence(alerts, states, new Map([['ip:198.51.100.9', { id: '7', title: 'C2' }]]));
    expect(merged.find((e) => e.type === 'user')).toMatchObject({ verdict: 'malicious', verdictSource: 'analyst', remediationStatus: 'remediated', remediationStatusDetails: 'reset', lastUpdatedBy: 'b' });
    expect(merged.find((e) => e.type === 'ip')).toMatchObject({ verdict: 'malicious', verdictSource: 'indicator', indicator: { id: '7', title: 'C2' } });
  });
});
