import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@palisade/kql';
import { insertEvents, testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';
import type { Permission } from '../src/auth/permissions.ts';
import { binderSchema } from '../src/schema/advanced-hunting.ts';
import { builtinRules } from '../src/detections/builtin/rules.ts';
import { detectionsService, fillTemplate, rowEntities, startDetectionScheduler } from '../src/detections/detections.service.ts';
import { nrtProblem, validateRule } from '../src/detections/rule-model.ts';
import { expandIndicatorQuery, usesIndicators } from '../src/indicators/indicator-detection.ts';
import { ActiveIndicators } from '../src/indicators/indicators.service.ts';
import type { IndicatorRow } from '../src/indicators/indicators.repository.ts';
import type { IndicatorType } from '@palisade/contracts';

const indicatorRow = (id: number, type: IndicatorType, value: string): IndicatorRow => ({ id, indicator_type: type, indicator_value: value, action: 'Alert', severity: 'High', title: value, description: '', recommended_actions: null, category: 'SuspiciousActivity', mitre_techniques: '[]', expiration: null, source: 'test', source_type: 'User', created_by: 't', created: '', last_updated_by: 't', last_update: '' });
const sampleIndicators = new ActiveIndicators([
  indicatorRow(1, 'DomainName', 'bad.example'),
  indicatorRow(2, 'Url', 'https://bad.example/x?a="b"\\c'),
  indicatorRow(3, 'IpAddress', '192.0.2.1'),
  indicatorRow(4, 'FileSha256', 'ab'.repeat(32)),
  indicatorRow(5, 'FileSha1', 'ab'.repeat(20)),
  indicatorRow(6, 'FileMd5', 'ab'.repeat(16)),
]);

const who = (name: string, ...perms: Permission[]): Principal => ({ kind: 'user', id: name, name, permissions: new Set(perms) });
const people: Record<string, Principal> = {
  engineer: who('engineer@contoso.com', 'security.read', 'detections.manage'),
  reader: who('reader@contoso.com', 'security.read'),
};

const NOW = new Date('2025-03-02T12:00:00Z');

const proc = (at: string, device: string, file: string, cmd: string, parent = 'explorer.exe') => ({
  Timestamp: at,
  DeviceId: `id-${device}`,
  DeviceName: device,
  ActionType: 'ProcessCreated',
  FileName: file,
  ProcessCommandLine: cmd,
  InitiatingProcessFileName: parent,
  AccountName: 'dana',
  AccountDomain: 'contoso',
  SHA256: 'ab'.repeat(32),
});

describe('the built-in rule pack', () => {
  it('has at least 30 valid rules across endpoint, email and identity, each compiling with @palisade/kql', () => {
    expect(builtinRules.length).toBeGreaterThanOrEqual(30);
    expect(new Set(builtinRules.map((r) => r.id)).size).toBe(builtinRules.length);
    const tables = new Set<string>();
    for (const r of builtinRules) {
      const v = validateRule(r, true);
      expect('errors' in v ? v.errors : [], r.id).toEqual([]);
      // indicator rules compile with their placeholders filled (here with one value of each type)
      const query = usesIndicators(r.query) ? (expandIndicatorQuery(r.query, sampleIndicators) ?? '') : r.query;
      const c = compile(query, { schema: binderSchema(), dialect: 'duckdb', now: NOW });
      expect(c.diagnostics.filter((d) => d.severity === 'error'), r.id).toEqual([]);
      for (const col of Object.values(r.entityMapping)) expect(c.columns.map((x) => x.name), `${r.id} maps ${col}`).toContain(col);
      if (r.frequency === 'nrt') expect(nrtProblem(query), r.id).toBeUndefined();
      tables.add(r.query.split(/\s|\|/)[0] === 'let' ? 'IdentityLogonEvents' : (r.query.split(/\s|\|/)[0] ?? ''));
    }
    for (const t of ['DeviceProcessEvents', 'DeviceFileEvents', 'EmailAttachmentInfo', 'UrlClickEvents', 'IdentityLogonEvents', 'CloudAppEvents']) expect(tables).toContain(t);
  });

  it('refuses summarize in a near-real-time rule', () => {
    expect(nrtProblem('DeviceProcessEvents | where FileName == "x"')).toBeUndefined();
    expect(nrtProblem('DeviceProcessEvents | summarize count() by DeviceName')).toMatch(/"summarize" needs a scheduled frequency/);
  });

  it('maps result columns to entities and fills title placeholders', () => {
    const row = { DeviceName: 'WS-1', AccountName: 'dana', FileName: 'powershell.exe', ProcessCommandLine: 'powershell -enc AAA', SHA256: 'cd'.repeat(32), RemoteIP: '' };
    const ents = rowEntities(row, { deviceName: 'DeviceName', accountName: 'AccountName', processFileName: 'FileName', processCommandLine: 'ProcessCommandLine', sha256: 'SHA256', ip: 'RemoteIP' });
    expect(ents).toEqual([
      { type: 'device', deviceName: 'WS-1' },
      { type: 'user', accountName: 'dana' },
      { type: 'process', deviceName: 'WS-1', fileName: 'powershell.exe', commandLine: 'powershell -enc AAA', sha256: 'cd'.repeat(32) },
    ]);
    expect(fillTemplate('{{FileName}} on {{DeviceName}}{{Missing}}', row)).toBe('powershell.exe on WS-1');
  });
});

describe('detection runs', () => {
  let p: TestPalisade;
  const call = async (user: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    p.app.inject({ method, url, headers: { 'x-test-user': user }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });

  beforeAll(async () => {
    p = await testPalisade({ resolvePrincipal: async (req) => people[String(req.headers['x-test-user'])] });
  });
  afterAll(async () => p.close());

  it('a scheduled run raises one alert per entity set, visible in the run history, and repeats update it', async () => {
    const svc = detectionsService({ ...p.opened.ctx, now: () => NOW });
    await insertEvents(p, 'DeviceProcessEvents', [
      proc('2025-03-02T09:00:00Z', 'WS-7', 'vssadmin.exe', 'vssadmin.exe delete shadows /all /quiet', 'cmd.exe'),
      proc('2025-03-02T09:00:05Z', 'WS-7', 'vssadmin.exe', 'vssadmin.exe delete shadows /all /quiet', 'cmd.exe'),
      proc('2025-03-02T09:01:00Z', 'WS-8', 'vssadmin.exe', 'vssadmin.exe delete shadows /all /quiet', 'cmd.exe'),
      proc('2025-03-02T09:02:00Z', 'WS-9', 'vssadmin.exe', 'vssadmin.exe list shadows', 'cmd.exe'),
      proc('2025-02-01T09:02:00Z', 'WS-OLD', 'vssadmin.exe', 'vssadmin.exe delete shadows /all', 'cmd.exe'),
    ]);
    const run = await svc.run('pal-shadow-copy-deletion', 'manual', { now: NOW });
    expect(run).toMatchObject({ status: 'ok', rows: 3, alertsCreated: 2, alertsUpdated: 0 });
    const alerts = (await call('reader', 'GET', "/api/security/alerts_v2?$filter=detectionSource eq 'builtInDetection'")).json<{ value: Record<string, unknown>[] }>().value;
    expect(alerts.map((a) => a.title).sort()).toEqual(['Shadow copies deleted on WS-7', 'Shadow copies deleted on WS-8']);
    expect(alerts.find((a) => a.title === 'Shadow copies deleted on WS-7')).toMatchObject({ severity: 'high', category: 'Impact', mitreTechniques: ['T1490'], firstActivityDateTime: '2025-03-02T09:00:00.000Z', lastActivityDateTime: '2025-03-02T09:00:05.000Z' });
    // the same rows again: nothing new
    expect(await svc.run('pal-shadow-copy-deletion', 'manual', { now: NOW })).toMatchObject({ alertsCreated: 0, alertsUpdated: 0 });
    // a repeat on WS-7 an hour later (inside the suppression window) updates the alert
    await insertEvents(p, 'DeviceProcessEvents', [proc('2025-03-02T10:00:00Z', 'WS-7', 'vssadmin.exe', 'vssadmin.exe delete shadows /all /quiet', 'cmd.exe')]);
    expect(await svc.run('pal-shadow-copy-deletion', 'manual', { now: NOW })).toMatchObject({ alertsCreated: 0, alertsUpdated: 1 });
    const ws7 = (await call('reader', 'GET', "/api/security/alerts_v2?$filter=detectionSource eq 'builtInDetection'")).json<{ value: Record<string, unknown>[] }>().value.find((a) => a.title === 'Shadow copies deleted on WS-7');
    expect(ws7).toMatchObject({ occurrences: 2, lastActivityDateTime: '2025-03-02T10:00:00.000Z' });
    const runs = (await call('reader', 'GET', '/api/detections/rules/pal-shadow-copy-deletion/runs')).json<{ value: { status: string; alertsCreated: number; durationMs: number }[] }>().value;
    expect(runs).toHaveLength(3);
    expect(runs[2]).toMatchObject({ status: 'ok', alertsCreated: 2 });
    expect(runs[0]!.durationMs).toBeGreaterThan(0);
  });

  it('a summarize-by-bin rule dates its alert at the first matching event, not at the start of the bin', async () => {
    const svc = detectionsService({ ...p.opened.ctx, now: () => NOW });
    const copies = Array.from({ length: 25 }, (_, i) => ({
      Timestamp: new Date(Date.parse('2025-03-02T08:19:30Z') + i * 2000).toISOString(),
      DeviceId: 'id-WS-USB',
      DeviceName: 'WS-USB',
      ActionType: 'FileCreated',
      FileName: `Customer ${i}.xlsx`,
      FolderPath: `E:\\backup\\Customer ${i}.xlsx`,
      InitiatingProcessAccountName: 'dana',
      InitiatingProcessAccountUpn: 'dana@contoso.com',
    }));
    await insertEvents(p, 'DeviceFileEvents', copies);
    expect(await svc.run('pal-usb-mass-copy', 'manual', { now: NOW })).toMatchObject({ status: 'ok', alertsCreated: 1 });
    const alert = await p.opened.ctx.state.selectFrom('alerts').select(['first_activity', 'title']).where('detector_id', '=', 'pal-usb-mass-copy').executeTakeFirstOrThrow();
    expect(alert).toEqual({ title: 'Mass copy to removable media on WS-USB', first_activity: '2025-03-02T08:19:30.000Z' });
  });

  it('a summarize rule without a Timestamp column: a rerun over unchanged data raises and updates nothing', async () => {
    const svc = detectionsService({ ...p.opened.ctx, now: () => NOW });
    await insertEvents(p, 'DeviceProcessEvents', [
      proc('2025-03-02T07:00:00Z', 'SUM-1', 'nltest.exe', 'nltest.exe /dclist:contoso', 'cmd.exe'),
      proc('2025-03-02T07:10:00Z', 'SUM-1', 'nltest.exe', 'nltest.exe /domain_trusts', 'cmd.exe'),
      proc('2025-03-02T07:20:00Z', 'SUM-2', 'nltest.exe', 'nltest.exe /dclist:contoso', 'cmd.exe'),
    ]);
    const base = { frequency: '24h', alert: { title: 'nltest on {{DeviceName}}', severity: 'low', category: 'Discovery', techniques: ['T1482'] }, entityMapping: { deviceName: 'DeviceName' } };
    // no datetime column at all: the run time stands in, and must not count as new activity
    const counts = { ...base, id: 'custom-nltest-count', name: 'nltest count', query: 'DeviceProcessEvents | where FileName =~ "nltest.exe" | summarize n = count() by DeviceName' };
    // a datetime column other than Timestamp dates the alert
    const seen = { ...base, id: 'custom-nltest-seen', name: 'nltest seen', query: 'DeviceProcessEvents | where FileName =~ "nltest.exe" | summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp) by DeviceName' };
    for (const rule of [counts, seen]) expect((await call('engineer', 'POST', '/api/detections/rules', rule)).statusCode).toBe(201);

    expect(await svc.run(counts.id, 'manual', { now: NOW })).toMatchObject({ status: 'ok', rows: 2, alertsCreated: 2, alertsUpdated: 0 });
    const later = new Date(NOW.getTime() + 3_600_000);
    expect(await svc.run(counts.id, 'manual', { now: later })).toMatchObject({ status: 'ok', rows: 2, alertsCreated: 0, alertsUpdated: 0 });
    const countAlerts = await p.opened.ctx.state.selectFrom('alerts').select(['first_activity', 'last_activity']).where('detector_id', '=', counts.id).execute();
    expect(countAlerts).toEqual([
      { first_activity: NOW.toISOString(), last_activity: NOW.toISOString() },
      { first_activity: NOW.toISOString(), last_activity: NOW.toISOString() },
    ]);

    expect(await svc.run(seen.id, 'manual', { now: NOW })).toMatchObject({ status: 'ok', rows: 2, alertsCreated: 2, alertsUpdated: 0 });
    expect(await svc.run(seen.id, 'manual', { now: later })).toMatchObject({ alertsCreated: 0, alertsUpdated: 0 });
    const sum1 = await p.opened.ctx.state.selectFrom('alerts').select(['first_activity', 'last_activity']).where('detector_id', '=', seen.id).where('title', '=', 'nltest on SUM-1').executeTakeFirstOrThrow();
    expect(sum1).toEqual({ first_activity: '2025-03-02T07:00:00.000Z', last_activity: '2025-03-02T07:10:00.000Z' });
    // new activity on SUM-1 moves LastSeen: the alert is updated
    await insertEvents(p, 'DeviceProcessEvents', [proc('2025-03-02T08:00:00Z', 'SUM-1', 'nltest.exe', 'nltest.exe /dclist:contoso', 'cmd.exe')]);
    expect(await svc.run(seen.id, 'manual', { now: later })).toMatchObject({ alertsCreated: 0, alertsUpdated: 1 });
    for (const rule of [counts, seen]) expect((await call('engineer', 'DELETE', `/api/detections/rules/${rule.id}`)).statusCode).toBe(204);
  });

  it('near-real-time passes see only rows ingested after the watermark', async () => {
    const svc = detectionsService(p.opened.ctx);
    const before = new Date(Date.now() - 1000);
    await insertEvents(p, 'DeviceProcessEvents', [proc(new Date().toISOString(), 'WS-NRT', 'powershell.exe', 'powershell.exe -nop -w hidden -enc SQBFAFgAKABOAGUAdwAtAE8AYgBqAGUAYwB0ACkA', 'winword.exe')]);
    const first = await svc.run('pal-encoded-powershell', 'nrt', { ingestedAfter: before });
    expect(first).toMatchObject({ status: 'ok', rows: 1, alertsCreated: 1 });
    const later = await svc.run('pal-encoded-powershell', 'nrt', { ingestedAfter: new Date(Date.now() + 1000) });
    expect(later.rows).toBe(0);
  });

  it('summarize rules written without DISTINCT aggregates still count distinct tools and accounts', async () => {
    const svc = detectionsService({ ...p.opened.ctx, now: () => NOW });
    // three different tools (one in two cases, one repeated) from one cmd.exe within ten minutes: a burst of 3
    await insertEvents(p, 'DeviceProcessEvents', [
      proc('2025-03-02T10:00:00Z', 'BURST-1', 'whoami.exe', 'whoami /all', 'cmd.exe'),
      proc('2025-03-02T10:00:10Z', 'BURST-1', 'WHOAMI.EXE', 'WHOAMI /priv', 'cmd.exe'),
      proc('2025-03-02T10:00:20Z', 'BURST-1', 'net.exe', 'net group "domain admins" /domain', 'cmd.exe'),
      proc('2025-03-02T10:00:30Z', 'BURST-1', 'net.exe', 'net user /domain', 'cmd.exe'),
      proc('2025-03-02T10:00:40Z', 'BURST-1', 'ipconfig.exe', 'ipconfig /all', 'cmd.exe'),
      // two tools run many times: five rows, but only two distinct tools, so no burst
      ...Array.from({ length: 5 }, (_, i) => proc(`2025-03-02T10:00:${10 + i}Z`, 'QUIET-1', i % 2 ? 'hostname.exe' : 'whoami.exe', 'x', 'cmd.exe')),
    ]);
    // (run at their own times, so the scheduler test below still finds these hourly rules due at NOW)
    expect(await svc.run('pal-discovery-burst', 'manual', { now: new Date('2025-03-02T10:30:00Z') })).toMatchObject({ status: 'ok', rows: 1, alertsCreated: 1 });
    const burst = await p.opened.ctx.state.selectFrom('alerts').select(['title', 'description', 'first_activity']).where('detector_id', '=', 'pal-discovery-burst').executeTakeFirstOrThrow();
    expect(burst.title).toBe('Discovery commands burst on BURST-1');
    expect(burst.description).toMatch(/^cmd\.exe ran 3 discovery tools: /);
    expect(burst.first_activity).toBe('2025-03-02T10:00:00.000Z');

    const fail = (i: number, ip: string, upn: string) => ({ Timestamp: `2025-03-02T08:${String(10 + (i % 40)).padStart(2, '0')}:00Z`, ActionType: 'LogonFailed', IPAddress: ip, AccountUpn: upn, Application: 'Office 365' });
    await insertEvents(p, 'IdentityLogonEvents', [
      ...Array.from({ length: 12 }, (_, i) => fail(i, '203.0.113.50', `user${i}@contoso.com`)),
      ...Array.from({ length: 12 }, (_, i) => fail(i, '203.0.113.50', `user${i}@contoso.com`)), // each account twice
      ...Array.from({ length: 40 }, (_, i) => fail(i, '198.51.100.60', `user${i % 9}@contoso.com`)), // 40 failures, 9 accounts
    ]);
    expect(await svc.run('pal-password-spray', 'manual', { now: new Date('2025-03-02T09:00:00Z') })).toMatchObject({ status: 'ok', rows: 1, alertsCreated: 1 });
    const spray = await p.opened.ctx.state.selectFrom('alerts').select(['title', 'description']).where('detector_id', '=', 'pal-password-spray').executeTakeFirstOrThrow();
    expect(spray).toEqual({ title: 'Password spray from 203.0.113.50', description: '24 failed sign-ins to 12 accounts from 203.0.113.50 within an hour.' });
  });

  it('PsExec and WMI alerts name the target device too, so source and target correlate', async () => {
    const svc = detectionsService({ ...p.opened.ctx, now: () => NOW });
    await insertEvents(p, 'DeviceProcessEvents', [
      proc('2025-03-02T08:00:00Z', 'SRC-1', 'PsExec64.exe', 'PsExec64.exe \\\\TGT-2 -accepteula -s cmd.exe', 'cmd.exe'),
      proc('2025-03-02T08:05:00Z', 'SRC-1', 'wmic.exe', 'wmic /node:TGT-3 /user:corp\\adm process call create "powershell -nop"', 'cmd.exe'),
    ]);
    await svc.run('pal-psexec-remote', 'manual', { now: NOW });
    await svc.run('pal-wmic-remote-process', 'manual', { now: NOW });
    const alerts = (await call('reader', 'GET', "/api/security/alerts_v2?$filter=detectionSource eq 'builtInDetection'&$top=500")).json<{ value: { title: string; evidence: { type: string; deviceName?: string; roles: string[] }[] }[] }>().value;
    const ps = alerts.find((a) => a.title === 'PsExec launched from SRC-1');
    expect(ps?.evidence).toContainEqual(expect.objectContaining({ type: 'device', deviceName: 'TGT-2', roles: ['destination'] }));
    const wmi = alerts.find((a) => a.title === 'Remote process created through WMI from SRC-1');
    expect(wmi?.evidence).toContainEqual(expect.objectContaining({ type: 'device', deviceName: 'TGT-3', roles: ['destination'] }));
  });

  it('caps a run at 100 alerts and says so', async () => {
    const svc = detectionsService({ ...p.opened.ctx, now: () => NOW });
    const rows = Array.from({ length: 130 }, (_, i) => proc('2025-03-02T11:00:00Z', `CAP-${i}`, 'bcdedit.exe', 'bcdedit.exe /set {default} recoveryenabled No', 'cmd.exe'));
    await insertEvents(p, 'DeviceProcessEvents', rows);
    const run = await svc.run('pal-recovery-disabled', 'manual', { now: NOW });
    expect(run).toMatchObject({ alertsCreated: 100, capped: true });
    const last = (await call('reader', 'GET', '/api/detections/rules/pal-recovery-disabled/runs')).json<{ value: { error: string }[] }>().value[0];
    expect(last?.error).toMatch(/more than 100 alerts/);
  });

  it('custom rules: CRUD with clear validation errors, enable/disable, built-ins only toggled', async () => {
    const rule = {
      id: 'custom-certutil',
      name: 'certutil decode',
      query: 'DeviceProcessEvents | where FileName =~ "certutil.exe" and ProcessCommandLine contains "-decode"',
      frequency: 'nrt',
      alert: { title: 'certutil decode on {{DeviceName}}', severity: 'low', category: 'DefenseEvasion', techniques: ['T1140'] },
      entityMapping: { deviceName: 'DeviceName' },
    };
    expect((await call('reader', 'POST', '/api/detections/rules', rule)).statusCode).toBe(403);
    const bad = await call('engineer', 'POST', '/api/detections/rules', { ...rule, query: 'DeviceProcessEvents | where NoSuchColumn == 1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/does not compile: 1:\d+/);
    const badMap = await call('engineer', 'POST', '/api/detections/rules', { ...rule, entityMapping: { deviceName: 'Nope' } });
    expect(badMap.json<{ error: { message: string } }>().error.message).toMatch(/entityMapping.deviceName: the query has no result column "Nope"/);
    const badNrt = await call('engineer', 'POST', '/api/detections/rules', { ...rule, query: 'DeviceProcessEvents | summarize count() by DeviceName' });
    expect(badNrt.json<{ error: { message: string } }>().error.message).toMatch(/frequency nrt/);
    const badTech = await call('engineer', 'POST', '/api/detections/rules', { ...rule, alert: { ...rule.alert, techniques: ['T0000'] } });
    expect(badTech.json<{ error: { message: string } }>().error.message).toMatch(/alert.techniques\[0\]/);
    const created = await call('engineer', 'POST', '/api/detections/rules', rule);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ id: 'custom-certutil', enabled: true, builtin: false, suppressionMinutes: 1440 });
    expect((await call('engineer', 'POST', '/api/detections/rules', rule)).statusCode).toBe(409);
    const patched = await call('engineer', 'PATCH', '/api/detections/rules/custom-certutil', { frequency: '3h', enabled: false });
    expect(patched.json()).toMatchObject({ frequency: '3h', enabled: false });
    expect((await call('engineer', 'PATCH', '/api/detections/rules/pal-ransom-note', { enabled: false })).json()).toMatchObject({ enabled: false });
    expect((await call('engineer', 'PATCH', '/api/detections/rules/pal-ransom-note', { query: 'x' })).statusCode).toBe(409);
    expect((await call('engineer', 'DELETE', '/api/detections/rules/pal-ransom-note')).statusCode).toBe(409);
    expect((await call('engineer', 'DELETE', '/api/detections/rules/custom-certutil')).statusCode).toBe(204);
    const list = (await call('reader', 'GET', '/api/detections/rules')).json<{ value: { id: string }[] }>().value;
    expect(list.length).toBe(builtinRules.length);
  });

  it('a scheduler pass skips disabled rules and runs due ones', async () => {
    const svc = detectionsService({ ...p.opened.ctx, now: () => NOW });
    // ten days old: beyond any lookback, but a rule's first run looks back 30 days
    await insertEvents(p, 'DeviceProcessEvents', [proc('2025-02-20T08:00:00Z', 'OLD-1', 'net.exe', 'net.exe localgroup administrators eve /add', 'cmd.exe')]);
    const outcomes = await svc.tick(NOW);
    const titles = (await call('reader', 'GET', "/api/security/alerts_v2?$top=1000&$filter=detectionSource eq 'builtInDetection'")).json<{ value: { title: string }[] }>().value.map((a) => a.title);
    expect(titles).toContain('Local administrator added on OLD-1');
    const ran = new Set(outcomes.map((o) => o.ruleId));
    expect(ran.has('pal-ransom-note')).toBe(false); // disabled above
    expect(ran.has('pal-password-spray')).toBe(true);
    expect(outcomes.every((o) => o.status === 'ok')).toBe(true);
    const again = await svc.tick(new Date(NOW.getTime() + 60_000));
    expect(again.some((o) => o.ruleId === 'pal-password-spray')).toBe(false); // hourly: not due a minute later
  });

  it('the scheduler makes its first pass at once and stops cleanly', async () => {
    const t = await testPalisade();
    try {
      const scheduler = startDetectionScheduler(t.opened.ctx, 3_600_000);
      await scheduler.stop(); // waits for the pass in progress
      const ran = await t.opened.ctx.state.selectFrom('detection_rules').select('id').where('last_run_at', 'is not', null).execute();
      expect(ran.length).toBe(builtinRules.length);
    } finally {
      await t.close();
    }
  });
});
