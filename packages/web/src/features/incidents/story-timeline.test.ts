import { describe, expect, it } from 'vitest';
import type { IncidentTimelineEvent } from '@palisade/contracts';
import type { Alert, IncidentEvidence } from './api.ts';
import { assetRows, storyItems } from './story-timeline.ts';

const alert = (id: string, at: string, severity: Alert['severity'], status: Alert['status'] = 'new'): Alert => ({ id, firstActivityDateTime: at, severity, status }) as Alert;
const event = (at: string): IncidentTimelineEvent => ({ dateTime: at, table: 'DeviceProcessEvents', deviceName: 'ws-1', account: null, summary: at, alertIds: ['1'], entities: [], record: {} });
const ev = (type: string, name: string, alertIds: string[], page?: { type: string; id: string }): IncidentEvidence => ({ id: name, type, name, aliases: [], alertIds, ...(page ? { entityPage: page } : {}) }) as unknown as IncidentEvidence;

describe('story timeline', () => {
  it('interleaves alerts and events by time, the alert first at the same instant', () => {
    const items = storyItems([alert('1', '2026-01-02T10:00:00Z', 'high'), alert('2', '2026-01-02T12:00:00Z', 'low')], [event('2026-01-02T10:00:00.000Z'), event('2026-01-02T09:00:00Z'), event('2026-01-02T11:00:00Z')]);
    expect(items.map((i) => (i.kind === 'alert' ? `A${i.alert.id}` : `E${i.at}`))).toEqual(['E2026-01-02T09:00:00Z', 'A1', 'E2026-01-02T10:00:00.000Z', 'E2026-01-02T11:00:00Z', 'A2']);
    expect(storyItems([alert('1', '2026-01-02T10:00:00Z', 'high')], undefined)).toHaveLength(1);
  });

  it('gives each asset the highest severity of its open alerts and its entity page', () => {
    const alerts = [alert('1', 'x', 'high', 'resolved'), alert('2', 'x', 'medium'), alert('3', 'x', 'low')];
    const evidence = [ev('device', 'WS-1', ['1', '2', '3'], { type: 'device', id: 'ws-1.corp.example' }), ev('user', 'ann@corp.example', ['1']), ev('cloudApp', 'Dropbox', ['3'])];
    expect(assetRows('devices', { 'WS-1': 3, 'ws-9': 1 }, evidence, alerts)).toEqual([
      { name: 'WS-1', alertCount: 3, risk: 'medium', href: '/entities/device/ws-1.corp.example' },
      { name: 'ws-9', alertCount: 1, risk: null, href: '/entities/device/ws-9' },
    ]);
    expect(assetRows('users', { 'ann@corp.example': 1 }, evidence, alerts)[0]).toMatchObject({ risk: null, href: '/entities/user/ann%40corp.example' });
    expect(assetRows('apps', { Dropbox: 1 }, evidence, alerts)[0]).toMatchObject({ risk: 'low', href: null });
  });
});
