import { describe, expect, it } from 'vitest';
import type { Alert, Evidence } from './api.ts';
import { buildStory, collapseLeaves, collectEntities, entityIdentity, labelWidth, layoutStory, shortLabel } from './story-model.ts';
import type { StoryEntity } from './story-model.ts';

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
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['alert:1', 'alert:2', 'entity:device:ws-01', 'entity:ip:10.0.0.9', 'entity:user:ana']);
    expect(g.nodes.find((n) => n.id === 'entity:device:ws-01')?.weight).toBe(2);
    expect(g.links).toHaveLength(4);
    const entities = collectEntities([alert('1', [ev('device', { deviceName: 'ws-01' })]), alert('2', [ev('device', { deviceName: 'ws-01' })])]);
    expect(entities.get('device:ws-01')?.alerts.map((a) => a.id)).toEqual(['1', '2']);
  });
  it('uses the server\'s merged entities: one person under four names is one node', () => {
    const alerts = [alert('1', [ev('user', { accountName: 'CORP\\jdoe' })]), alert('2', [ev('user', { accountName: 'jdoe', upn: 'jdoe@corp.com' })]), alert('3', [ev('user', { accountName: 'S-1-5-21-1', sid: 'S-1-5-21-1' })])];
    // Without the server's merge, the alerts' own names give three nodes.
    expect(buildStory(alerts).nodes.filter((n) => n.kind === 'user')).toHaveLength(3);
    const merged: StoryEntity[] = [{ id: 'user|sid:s-1-5-21-1', type: 'user', name: 'jdoe@corp.com', alertIds: ['1', '2', '3'], verdict: 'suspicious' }];
    const g = buildStory(alerts, merged);
    expect(g.nodes.filter((n) => n.kind === 'user').map((n) => [n.name, n.weight, n.verdict])).toEqual([['jdoe@corp.com', 3, 'suspicious']]);
    expect(g.links).toHaveLength(3);
    // A mailbox with the user's address is tied to the user.
    const both = buildStory(alerts, [...merged, { id: 'mailbox|addr:jdoe@corp.com', type: 'mailbox', name: 'JDoe@corp.com', alertIds: ['1'] }]);
    expect(both.links).toContainEqual({ source: 'entity:user|sid:s-1-5-21-1', target: 'entity:mailbox|addr:jdoe@corp.com' });
    // An entity naming only alerts outside the list is left out.
    expect(buildStory(alerts, [{ id: 'x', type: 'ip', name: '1.2.3.4', alertIds: ['99'] }]).nodes).toHaveLength(3);
  });

  it('folds many same-type entities of one alert into an expandable group; shared entities stay', () => {
    const files = Array.from({ length: 9 }, (_, i): StoryEntity => ({ id: `f${i}`, type: 'file', name: `dropped-${i}.dll`, alertIds: ['1'] }));
    const shared: StoryEntity = { id: 'f-shared', type: 'file', name: 'shared.dll', alertIds: ['1', '2'] };
    const g = buildStory([alert('1', []), alert('2', [])], [...files, shared]);
    const folded = collapseLeaves(g, new Set());
    const group = folded.nodes.find((n) => n.members);
    expect(group).toMatchObject({ id: 'group:1:file', name: '9 files', weight: 9 });
    expect(group?.members).toHaveLength(9);
    expect(folded.nodes.map((n) => n.id)).toContain('entity:f-shared');
    expect(folded.links.filter((l) => l.target === 'group:1:file')).toEqual([{ source: 'alert:1', target: 'group:1:file' }]);
    expect(collapseLeaves(g, new Set(['group:1:file'])).nodes).toHaveLength(g.nodes.length);
    expect(collapseLeaves(buildStory([alert('1', [])], files.slice(0, 6)), new Set()).nodes.some((n) => n.members)).toBe(false);
  });

  it('lays a 51-node incident out in layers with no two labels overlapping, within the width', () => {
    const alerts = Array.from({ length: 10 }, (_, i) => ({ ...alert(String(i), []), title: `Suspicious activity number ${i} with a long alert title` }));
    const kinds = ['device', 'user', 'process', 'file', 'url', 'ip'];
    const entities: StoryEntity[] = Array.from({ length: 41 }, (_, i) => ({
      id: `e${i}`,
      type: kinds[i % kinds.length] ?? 'file',
      name: `entity-${i}-with-a-rather-long-name.corp.example.com`,
      alertIds: [String(i % 10), String((i * 3) % 10)],
    }));
    const g = buildStory(alerts, entities);
    expect(g.nodes).toHaveLength(51);
    const width = 820;
    const l = layoutStory(g, width);
    expect(l.nodes).toHaveLength(51);
    expect(l.width).toBeLessThanOrEqual(width);
    // Label boxes (11 px font, 14 px tall) never intersect.
    const boxes = l.nodes.map((n) => {
      const w = labelWidth(n.label.length);
      const x0 = n.labelSide === 'left' ? n.x - 8 - w : n.x + 8;
      return { id: n.id, x0, x1: x0 + w, y0: n.y - 7, y1: n.y + 7 };
    });
    for (const a of boxes) for (const b of boxes) if (a.id < b.id) expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1, `${a.id} overlaps ${b.id}`).toBe(false);
    // Alerts are in time order, top to bottom, in the first column; every label is cut with an ellipsis, not lost.
    const alertYs = l.nodes.filter((n) => n.id.startsWith('alert:')).map((n) => n.y);
    expect(alertYs).toEqual([...alertYs].sort((a, b) => a - b));
    expect(l.nodes.every((n) => n.label.length > 0 && (n.label.endsWith('…') || !n.label.includes('…')))).toBe(true);
    expect(shortLabel('ws-01')).toBe('ws-01');
    expect(shortLabel('powershell.exe on ams-lt-0011.corp.halvorsen-maritime.com')).toHaveLength(28);
  });
});
