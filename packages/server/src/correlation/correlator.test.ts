import { describe, expect, it } from 'vitest';
import { Correlator } from './correlator.ts';
import type { CorrelatingAlert } from './correlator.ts';
import { entityKeys, isPrivateIp } from './entity-keys.ts';
import type { AlertEntity } from '../alerts/alert-model.ts';

const H = 3600_000;
let nextAlert = 1;
function alert(at: number, ...entities: AlertEntity[]): CorrelatingAlert {
  return { id: nextAlert++, first: at * H, last: at * H, keys: entityKeys(entities) };
}
const device = (deviceName: string): AlertEntity => ({ type: 'device', deviceName });
const user = (accountName: string, upn?: string): AlertEntity => ({ type: 'user', accountName, ...(upn ? { upn } : {}) });

describe('correlator', () => {
  it('opens a new incident for an alert that shares nothing', () => {
    const c = new Correlator();
    const a = c.correlate(alert(0, device('WS-1')));
    const b = c.correlate(alert(1, device('WS-2')));
    expect(a.created && b.created).toBe(true);
    expect(a.incidentId).not.toBe(b.incidentId);
  });

  it('joins an open incident sharing a device, with a reason naming the entity and the alert', () => {
    const c = new Correlator();
    const first = alert(0, device('WS-1042'), user('bob'));
    const a = c.correlate(first);
    const b = c.correlate(alert(2, { type: 'process', deviceName: 'ws-1042.contoso.local', fileName: 'x.exe' }));
    expect(b.created).toBe(false);
    expect(b.incidentId).toBe(a.incidentId);
    expect(b.reason?.text).toBe(`shares device WS-1042 with alert ${first.id}`);
  });

  it.each<[string, AlertEntity, AlertEntity]>([
    ['user account by UPN', user('alice', 'alice@contoso.com'), { type: 'mailbox', address: 'Alice@contoso.com' }],
    ['mailbox', { type: 'mailbox', address: 'bob@contoso.com' }, { type: 'mailMessage', networkMessageId: 'm1', recipient: 'bob@contoso.com' }],
    ['file hash', { type: 'file', sha256: 'AB'.repeat(32) }, { type: 'process', deviceName: 'X', sha256: 'ab'.repeat(32) }],
    ['URL domain', { type: 'url', url: 'https://evil.example/a' }, { type: 'url', url: 'http://EVIL.example/other' }],
    ['external IP', { type: 'ip', address: '203.0.113.9' }, { type: 'ip', address: '203.0.113.9' }],
    ['mail message (causal link)', { type: 'mailMessage', networkMessageId: 'MSG-1' }, { type: 'mailMessage', networkMessageId: 'msg-1' }],
  ])('correlates on a shared %s', (_name, e1, e2) => {
    const c = new Correlator();
    const a = c.correlate(alert(0, device('A'), e1));
    const b = c.correlate(alert(1, device('B'), e2));
    expect(b.incidentId).toBe(a.incidentId);
  });

  it('does not correlate on private IPs, built-in accounts or machine accounts', () => {
    expect(isPrivateIp('10.1.2.3')).toBe(true);
    expect(isPrivateIp('172.20.0.1')).toBe(true);
    expect(isPrivateIp('8.8.8.8')).toBe(false);
    const c = new Correlator();
    const a = c.correlate(alert(0, device('A'), { type: 'ip', address: '192.168.1.10' }, user('SYSTEM'), user('A$')));
    const b = c.correlate(alert(1, device('B'), { type: 'ip', address: '192.168.1.10' }, user('system'), user('A$')));
    expect(b.incidentId).not.toBe(a.incidentId);
  });

  it('respects the window, both ways, and its configuration', () => {
    const c = new Correlator();
    const a = c.correlate(alert(100, device('A')));
    expect(c.correlate(alert(100 + 24, device('A'))).incidentId).toBe(a.incidentId); // 24 h later: inside
    expect(c.correlate(alert(100 + 24 + 25, device('A'))).created).toBe(true); // 25 h after the last: outside
    const short = new Correlator({ windowMs: 1 * H });
    const s = short.correlate(alert(0, device('A')));
    expect(short.correlate(alert(2, device('A'))).incidentId).not.toBe(s.incidentId);
    // an older alert arriving late joins when its activity is within the window
    expect(c.correlate(alert(90, device('A'))).incidentId).toBe(a.incidentId);
  });

  it('a chain of alerts each within the window keeps extending the incident', () => {
    const c = new Correlator();
    const a = c.correlate(alert(0, device('A')));
    for (let h = 20; h <= 200; h += 20) expect(c.correlate(alert(h, device('A'))).incidentId).toBe(a.incidentId);
  });

  it('does not join resolved or redirected incidents', () => {
    const c = new Correlator();
    const a = c.correlate(alert(0, device('A')));
    c.setIncident({ id: a.incidentId, status: 'resolved', assignedTo: null, classification: 'truePositive', determination: 'malware' });
    const b = c.correlate(alert(1, device('A')));
    expect(b.created).toBe(true);
    c.setIncident({ id: a.incidentId, status: 'active', assignedTo: null, classification: 'truePositive', determination: 'malware' }); // reopened
    expect(c.correlate(alert(2, device('A'), device('Z'))).incidentId).toBe(a.incidentId);
  });

  it('merges two incidents linked by one alert into the older id', () => {
    const c = new Correlator();
    const a = c.correlate(alert(0, device('A')));
    const b = c.correlate(alert(1, user('carol')));
    const link = c.correlate(alert(2, device('A'), user('carol')));
    expect(link.incidentId).toBe(a.incidentId);
    expect(link.merged.map((m) => m.incidentId)).toEqual([b.incidentId]);
    expect(link.merged[0]?.reason.text).toMatch(/shares user carol with alert/);
    expect(c.incident(b.incidentId)?.id).toBe(a.incidentId);
    // later alerts on the merged incident's entities go to the target
    expect(c.correlate(alert(3, user('carol'))).incidentId).toBe(a.incidentId);
  });

  it('does not merge incidents assigned to different people or differently classified', () => {
    const c = new Correlator();
    const a = c.correlate(alert(0, device('A')));
    const b = c.correlate(alert(0, device('B')));
    c.setIncident({ id: a.incidentId, status: 'inProgress', assignedTo: 'ann@contoso.com', classification: 'unknown', determination: 'unknown' });
    c.setIncident({ id: b.incidentId, status: 'inProgress', assignedTo: 'ben@contoso.com', classification: 'unknown', determination: 'unknown' });
    const link = c.correlate(alert(1, device('A'), device('B')));
    expect(link.incidentId).toBe(a.incidentId);
    expect(link.merged).toEqual([]);
    expect(link.notMerged).toEqual([{ incidentId: b.incidentId, cause: 'assignedToDifferentPeople' }]);

    const d = new Correlator();
    const x = d.correlate(alert(0, device('A')));
    const y = d.correlate(alert(0, device('B')));
    d.setIncident({ id: x.incidentId, status: 'active', assignedTo: 'ann', classification: 'truePositive', determination: 'unknown' });
    d.setIncident({ id: y.incidentId, status: 'active', assignedTo: 'ANN', classification: 'falsePositive', determination: 'unknown' });
    expect(d.correlate(alert(1, device('A'), device('B'))).notMerged).toEqual([{ incidentId: y.incidentId, cause: 'differentClassification' }]);
    // same owner and no classification: they merge
    const e = new Correlator();
    const p = e.correlate(alert(0, device('A')));
    const q = e.correlate(alert(0, device('B')));
    e.setIncident({ id: p.incidentId, status: 'active', assignedTo: 'ann', classification: 'unknown', determination: 'unknown' });
    e.setIncident({ id: q.incidentId, status: 'active', assignedTo: 'Ann', classification: 'unknown', determination: 'unknown' });
    expect(e.correlate(alert(1, device('A'), device('B'))).merged).toHaveLength(1);
  });

  it('ignores prevalent entities for linking (the prevalence guard)', () => {
    const c = new Correlator({ prevalenceMinDevices: 10, prevalentDeviceShare: 0.2 });
    // 12 unrelated devices alert, each also naming the domain controller DC-1 and the proxy IP
    const incidents = new Set<number>();
    for (let i = 0; i < 12; i++) incidents.add(c.correlate(alert(i, device(`WS-${i}`), device('DC-1'), { type: 'ip', address: '198.51.100.7' })).incidentId);
    expect(c.isPrevalent('device:dc-1')).toBe(true);
    expect(c.isPrevalent('ip:198.51.100.7')).toBe(true);
    expect(c.isPrevalent('device:ws-3')).toBe(false);
    // early ones glued before the guard had a population; once it has, each attack stays apart
    const late = c.correlate(alert(13, device('WS-99'), device('DC-1')));
    expect(late.created).toBe(true);
    expect(late.prevalentIgnored).toEqual(['device DC-1']);
    // without the guard everything would be one incident
    const noGuard = new Correlator({ prevalenceMinDevices: Number.MAX_SAFE_INTEGER, prevalenceMinAlerts: Number.MAX_SAFE_INTEGER });
    const ids = new Set<number>();
    for (let i = 0; i < 12; i++) ids.add(noGuard.correlate(alert(i, device(`WS-${i}`), device('DC-1'))).incidentId);
    expect(ids.size).toBe(1);
  });

  it('applies the alert-share prevalence guard', () => {
    const c = new Correlator({ prevalenceMinAlerts: 10, prevalentAlertShare: 0.5, prevalenceMinDevices: 1000 });
    for (let i = 0; i < 10; i++) c.correlate(alert(i, { type: 'cloudApp', name: 'x' }, { type: 'url', url: 'https://login.example.com' }, { type: 'mailbox', address: `u${i}@c.com` }));
    expect(c.isPrevalent('domain:login.example.com')).toBe(true);
    expect(c.isPrevalent('account:u1@c.com')).toBe(false);
  });

  it('prefers the strongest link as the reason', () => {
    const c = new Correlator();
    const first = alert(0, device('A'), { type: 'file', sha256: 'cd'.repeat(32), fileName: 'invoice.exe' });
    c.correlate(first);
    const b = c.correlate(alert(1, device('A'), { type: 'file', sha256: 'cd'.repeat(32), fileName: 'invoice.exe' }));
    expect(b.reason?.kind).toBe('file');
    expect(b.reason?.text).toBe(`shares file invoice.exe with alert ${first.id}`);
  });
});
