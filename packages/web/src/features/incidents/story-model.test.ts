import { describe, expect, it } from 'vitest';
import type { Alert, Evidence } from './api.ts';
import { buildStory, collectEntities, entityIdentity, layoutFor, shortLabel } from './story-model.ts';

const ev = (type: string, fields: Record<string, unknown>): Evidence => ({ '@odata.type': `#microsoft.graph.security.${type}Evidence`, type, roles: [], ...fields });
const alert = (id: string, evidence: Evidence[]): Alert =>
  ({ id, title: `Alert ${id}`, severity: 'high', evidence, firstActivityDateTime: '2024-01-01T00:00:00Z' }) as unknown as Alert;

describe('attack story', () => {
  it('names entities by their identity, case-insensitively', () => {
    expect(entityIdentity(ev('device', { deviceName: 'WS-01' }))).toEqual({ key: 'device:ws-01', name: 'WS-01', type: 'device' });
    expect(entityIdentity(ev('user', { accountName: 'ana', upn: 'ana@contoso.test' }))?.name).toBe('ana@contoso.test');
    expect(entityIdentity(ev('process', { deviceName: 'ws-01', fileName: 'powershell.exe', processId: 42 }))?.name).toBe('powershell.exe (42) on ws-01');
    expect(entityIdentity(ev('process', { deviceName: 'ws-01', fileName: 'powershell.exe' }))?.name).toBe('powershell.exe on ws-01');
    expect(entityIdentity(ev('process', { fileName: 'powershell.exe' }))?.name).toBe('powershell.exe');
    expect(entityIdentity(ev('file', { fileName: 'a.exe', sha256: 'ABC' }))?.key).toBe('file:ABC');
    expect(entityIdentity(ev('device', {}))).toBeUndefined();
    expect(entityIdentity(ev('device', { deviceName: 'WS-01.corp.example' }))?.key).toBe('device:ws-01');
    expect(entityIdentity(ev('device', { deviceName: '10.0.0.5' }))?.key).toBe('device:10.0.0.5');
  });
  it('links alerts through shared entities', () => {
    const g = buildStory([
      alert('1', [ev('device', { deviceName: 'ws-01' }), ev('user', { accountName: 'ana' }), ev('device', { deviceName: 'WS-01' })]),
      alert('2', [ev('device', { deviceName: 'ws-01' }), ev('ip', { address: '10.0.0.9' })]),
    ]);
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['alert:1', 'alert:2', 'device:ws-01', 'ip:10.0.0.9', 'user:ana']);
    expect(g.nodes.find((n) => n.id === 'device:ws-01')?.weight).toBe(2);
    expect(g.links).toHaveLength(4);
    const entities = collectEntities([alert('1', [ev('device', { deviceName: 'ws-01' })]), alert('2', [ev('device', { deviceName: 'ws-01' })])]);
    expect(entities.get('device:ws-01')?.alerts.map((a) => a.id)).toEqual(['1', '2']);
  });
  it('spaces bigger graphs wider, within bounds, and shortens long labels', () => {
    const small = layoutFor(5);
    const big = layoutFor(50);
    expect(big.repulsion).toBeGreaterThan(small.repulsion);
    expect(big.height).toBeGreaterThan(small.height);
    expect(big.edgeLength[0]).toBeGreaterThan(small.edgeLength[0]);
    expect(layoutFor(5000).height).toBeLessThanOrEqual(600);
    expect(shortLabel('ws-01')).toBe('ws-01');
    expect(shortLabel('powershell.exe on ams-lt-0011.corp.halvorsen-maritime.com')).toHaveLength(28);
    expect(shortLabel('powershell.exe on ams-lt-0011.corp.halvorsen-maritime.com').endsWith('…')).toBe(true);
  });
});
