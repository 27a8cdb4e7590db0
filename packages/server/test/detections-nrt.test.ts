/**
 * Near-real-time rules run on each committed ingest batch (detections/nrt.ts hooked on ingest's commit), not
 * on the scheduler's next pass: an event that matches an NRT rule has its alert as soon as the pass after its
 * batch finishes, with no scheduler tick in between.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';
import { unrestrictedScope } from '../src/auth/principal.ts';
import { detectionsService } from '../src/detections/detections.service.ts';
import { startNrtDetections } from '../src/detections/nrt.ts';
import type { NrtDetections } from '../src/detections/nrt.ts';
import { onIngestCommitted } from '../src/ingest/ingest-committed.ts';

const shipper: Principal = { kind: 'token', id: 't1', name: 'shipper', permissions: new Set(['ingest.write']), scope: unrestrictedScope };

const encoded = (device: string, reportId: number): string =>
  JSON.stringify({
    Table: 'DeviceProcessEvents',
    Timestamp: new Date().toISOString(),
    DeviceId: `id-${device}`,
    DeviceName: device,
    ActionType: 'ProcessCreated',
    FileName: 'powershell.exe',
    ProcessCommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
    InitiatingProcessFileName: 'winword.exe',
    AccountName: 'dana',
    AccountDomain: 'contoso',
    ReportId: reportId,
  });

describe('near-real-time detections on ingest', () => {
  let p: TestPalisade;
  let nrt: NrtDetections;
  beforeAll(async () => {
    p = await testPalisade({ resolvePrincipal: async (req) => (req.headers['x-test-user'] === 'shipper' ? shipper : undefined) });
    // The scheduler's first pass gives every rule its first (30-day) run; NRT passes take over from there.
    await detectionsService(p.opened.ctx).tick();
    nrt = startNrtDetections(p.opened.ctx, { minGapMs: 0 });
  });
  afterAll(async () => {
    await nrt.stop();
    await p.close();
  });

  const post = (body: string) => p.app.inject({ method: 'POST', url: '/api/ingest/defender', payload: body, headers: { 'content-type': 'application/x-ndjson', 'x-test-user': 'shipper' } });
  const alertsOf = (detector: string) => p.opened.ctx.state.selectFrom('alerts').select(['id', 'title', 'occurrences', 'incident_id']).where('detector_id', '=', detector).execute();
  const runsOf = (rule: string) => p.opened.ctx.state.selectFrom('detection_runs').select(['trigger', 'rows', 'alerts_created']).where('rule_id', '=', rule).execute();

  it('a matching event ingested over HTTP raises its alert from the pass after its batch, without a scheduler tick', async () => {
    const before = (await runsOf('pal-encoded-powershell')).length;
    expect(await alertsOf('pal-encoded-powershell')).toEqual([]);
    const res = await post(encoded('WS-NRT-1', 1));
    expect(res.statusCode).toBe(200);
    await nrt.idle();
    const alerts = await alertsOf('pal-encoded-powershell');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe('Suspicious encoded PowerShell command on WS-NRT-1');
    expect(alerts[0]!.incident_id).toBeGreaterThan(0);
    const runs = await runsOf('pal-encoded-powershell');
    expect(runs.length).toBe(before + 1);
    expect(runs.at(-1)).toMatchObject({ trigger: 'nrt', rows: 1, alerts_created: 1 });
  });

  it('the next batch re-reads only the overlap: the same event again is one alert, a new device a second one', async () => {
    await post(encoded('WS-NRT-1', 2));
    await nrt.idle();
    expect(await alertsOf('pal-encoded-powershell')).toHaveLength(1);
    await post(encoded('WS-NRT-2', 3));
    await nrt.idle();
    const alerts = await alertsOf('pal-encoded-powershell');
    expect(alerts.map((a) => a.title).sort()).toEqual(['Suspicious encoded PowerShell command on WS-NRT-1', 'Suspicious encoded PowerShell command on WS-NRT-2']);
  });

  it('a batch into a table no NRT rule reads runs no rule', async () => {
    const before = (await p.opened.ctx.state.selectFrom('detection_runs').select('id').where('trigger', '=', 'nrt').execute()).length;
    const res = await post(JSON.stringify({ Table: 'DeviceInfo', Timestamp: new Date().toISOString(), DeviceId: 'id-ws-nrt-3', DeviceName: 'WS-NRT-3', OSPlatform: 'Windows11', ReportId: 4 }));
    expect(res.statusCode).toBe(200);
    await nrt.idle();
    expect((await p.opened.ctx.state.selectFrom('detection_runs').select('id').where('trigger', '=', 'nrt').execute()).length).toBe(before);
  });

  it('a failing listener never fails the ingest that notified it', async () => {
    const off = onIngestCommitted(p.opened.ctx.events, () => {
      throw new Error('listener broke');
    });
    try {
      const res = await post(encoded('WS-NRT-4', 5));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ accepted: 1, rejected: 0 });
    } finally {
      off();
    }
    await nrt.idle();
    expect((await alertsOf('pal-encoded-powershell')).length).toBe(3);
  });
});
