import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { AlertPipeline } from '../src/correlation/correlation.service.ts';
import type { NewAlert } from '../src/alerts/alert-input.ts';

const alert = (id: string, device: string): NewAlert => ({
  providerAlertId: id,
  origin: 'external',
  detectorId: null,
  title: id,
  description: null,
  recommendedActions: null,
  severity: 'low',
  category: 'Execution',
  mitreTechniques: [],
  serviceSource: 'external',
  detectionSource: 'thirdParty',
  firstActivity: '2025-03-01T10:00:00.000Z',
  lastActivity: '2025-03-01T10:00:00.000Z',
  evidence: [{ type: 'device', deviceName: device }],
});

describe('alert pipeline', () => {
  let p: TestPalisade;
  beforeAll(async () => {
    p = await testPalisade();
  });
  afterAll(async () => p.close());

  it('commits concurrent submissions together and gives each caller its own results, in order', async () => {
    const pipeline = new AlertPipeline(p.opened.ctx);
    const calls = Array.from({ length: 20 }, (_, i) => pipeline.submit([alert(`g-${i}-a`, `D-${i % 3}`), alert(`g-${i}-b`, `D-${i % 3}`)]));
    const results = await Promise.all(calls);
    results.forEach((r, i) => {
      expect(r.map((x) => x.providerAlertId)).toEqual([`g-${i}-a`, `g-${i}-b`]);
      expect(r[0]?.incidentId).toBe(r[1]?.incidentId);
    });
    // three devices, three incidents, whatever the grouping
    expect(new Set(results.flat().map((r) => r.incidentId)).size).toBe(3);
    const stored = await p.opened.ctx.state.selectFrom('alerts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    expect(Number(stored?.n)).toBe(40);
    await pipeline.whenIndexed();
    const conn = await p.opened.ctx.events.connectReader();
    const rows = (await conn.runAndReadAll(`SELECT count(*) FROM AlertInfo WHERE Title LIKE 'g-%'`)).getRowsJS();
    conn.closeSync();
    expect(Number(rows[0]?.[0])).toBe(40);
  });
});
