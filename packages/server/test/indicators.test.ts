import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEvents, testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import type { Principal } from '../src/auth/principal.ts';
import type { Permission } from '../src/auth/permissions.ts';
import type { AppContext } from '../src/context.ts';
import { detectionsService } from '../src/detections/detections.service.ts';
import { parseCsv, stixPatternValues } from '../src/indicators/indicator-import.ts';
import { normaliseValue } from '../src/indicators/indicator-model.ts';
import { demoFeed, seedDemoIndicators } from '../src/indicators/demo-feed.ts';
import { indicatorsService } from '../src/indicators/indicators.service.ts';
import { drainAlertPipeline } from '../src/correlation/correlation.service.ts';

const who = (name: string, ...perms: Permission[]): Principal => ({ kind: 'user', id: name, name, permissions: new Set(perms) });
const people: Record<string, Principal> = {
  admin: who('admin@contoso.com', 'security.read', 'settings.detection'),
  reader: who('reader@contoso.com', 'security.read'),
};
const NOW = new Date('2025-03-02T12:00:00Z');

describe('indicator values and imports (pure)', () => {
  it('normalises values and says what is wrong with a bad one', () => {
    expect(normaliseValue('FileSha256', ` ${'AB'.repeat(32)} `)).toEqual({ value: 'ab'.repeat(32) });
    expect(normaliseValue('FileSha1', 'abc')).toEqual({ error: expect.stringMatching(/40 hexadecimal/) as unknown });
    expect(normaliseValue('DomainName', 'Evil.Example.COM.')).toEqual({ value: 'evil.example.com' });
    expect(normaliseValue('DomainName', 'https://evil.example.com/x')).toEqual({ error: expect.stringMatching(/looks like a URL/) as unknown });
    expect(normaliseValue('IpAddress', '300.1.1.1')).toEqual({ error: expect.stringMatching(/not an IPv4 or IPv6/) as unknown });
    expect(normaliseValue('IpAddress', '2001:DB8::1')).toEqual({ value: '2001:db8::1' });
    expect(normaliseValue('Url', 'HTTPS://Files.Example.NET/Drop/A.bin')).toEqual({ value: 'https://files.example.net/Drop/A.bin' });
    expect(normaliseValue('Url', 'javascript:alert(1)')).toHaveProperty('error');
  });

  it('parses RFC 4180 CSV with quotes, doubled quotes, CRLF and line numbers', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['multi\nline', 'z'] },
    ]);
  });

  it('reads simple STIX patterns and refuses the rest with a reason', () => {
    expect(stixPatternValues("[domain-name:value = 'a.example'] OR [url:value = 'http://b.example/x']")).toEqual({
      values: [
        { type: 'DomainName', value: 'a.example' },
        { type: 'Url', value: 'http://b.example/x' },
      ],
    });
    expect(stixPatternValues("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']")).toEqual({ values: [{ type: 'FileMd5', value: 'd41d8cd98f00b204e9800998ecf8427e' }] });
    expect(stixPatternValues("[ipv4-addr:value = '198.51.100.0/24']")).toEqual({ unsupported: expect.stringMatching(/CIDR/) as unknown });
    expect(stixPatternValues("[email-addr:value = 'x@example.com']")).toEqual({ unsupported: expect.stringMatching(/email-addr:value is not an indicator type/) as unknown });
    expect(stixPatternValues("[process:command_line MATCHES 'x']")).toHaveProperty('unsupported');
  });
});

describe('indicators API', () => {
  let p: TestPalisade;
  const call = async (user: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    p.app.inject({ method, url, headers: { 'x-test-user': user }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });

  beforeAll(async () => {
    p = await testPalisade({ resolvePrincipal: async (req) => people[String(req.headers['x-test-user'])] });
  });
  afterAll(async () => p.close());

  it('a change to the indicators makes the indicator rules look back 30 days at the next pass', async () => {
    const svc = detectionsService(p.opened.ctx);
    await svc.run('pal-ioc-network', 'manual', { now: NOW });
    expect((await svc.get('pal-ioc-network')).lastRunDateTime).not.toBeNull();
    const r = await call('admin', 'POST', '/api/indicators', { indicatorType: 'IpAddress', indicatorValue: '198.51.100.77', title: 'Rescan probe' });
    expect(r.statusCode).toBe(201);
    expect((await svc.get('pal-ioc-network')).lastRunDateTime).toBeNull();
    expect((await svc.get('pal-encoded-powershell')).lastRunDateTime).toBeNull(); // never ran: untouched either way
    expect((await call('admin', 'DELETE', `/api/indicators/${r.json<{ id: string }>().id}`)).statusCode).toBe(204);
  });

  it('creates, reads, filters, edits and deletes indicators; readers read, only settings.detection changes', async () => {
    const body = { indicatorType: 'DomainName', indicatorValue: 'Bad.Example.COM', title: 'Phishing site', severity: 'High', action: 'Alert', mitreTechniques: ['t1566.002'], expirationTime: '2099-01-01T00:00:00Z' };
    expect((await call('reader', 'POST', '/api/indicators', body)).statusCode).toBe(403);
    const created = await call('admin', 'POST', '/api/indicators', body);
    expect(created.statusCode).toBe(201);
    const ind = created.json<Record<string, unknown>>();
    expect(ind).toMatchObject({ indicatorType: 'DomainName', indicatorValue: 'bad.example.com', severity: 'High', action: 'Alert', status: 'active', mitreTechniques: ['T1566.002'], sourceType: 'User', createdBy: 'admin@contoso.com', expirationTime: '2099-01-01T00:00:00.000Z' });
    const dup = await call('admin', 'POST', '/api/indicators', { ...body, indicatorValue: 'bad.example.com' });
    expect(dup.statusCode).toBe(409);
    const bad = await call('admin', 'POST', '/api/indicators', { indicatorType: 'FileSha256', indicatorValue: '123', title: '', expirationTime: '2001-01-01T00:00:00Z', colour: 'red' });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json<{ error: { details: { errors: { field: string }[] } } }>().error.details.errors.map((e) => e.field);
    expect(fields.sort()).toEqual(['colour', 'expirationTime', 'indicatorValue', 'title']);
    await call('admin', 'POST', '/api/indicators', { indicatorType: 'IpAddress', indicatorValue: '192.0.2.10', title: 'Scanner', action: 'Allowed', severity: 'Low' });

    const list = await call('reader', 'GET', '/api/indicators?type=DomainName');
    expect(list.json<{ value: { indicatorValue: string }[] }>().value.map((i) => i.indicatorValue)).toEqual(['bad.example.com']);
    expect((await call('reader', 'GET', '/api/indicators?search=scann')).json<{ count: number }>().count).toBe(1);
    expect((await call('reader', 'GET', '/api/indicators?action=Allowed,Alert')).json<{ count: number }>().count).toBe(2);
    expect((await call('reader', 'GET', '/api/indicators?type=Hash')).statusCode).toBe(400);

    const patched = await call('admin', 'PATCH', `/api/indicators/${String(ind.id)}`, { severity: 'Low', description: 'downgraded' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ severity: 'Low', description: 'downgraded', indicatorValue: 'bad.example.com', lastUpdatedBy: 'admin@contoso.com' });
    expect((await call('admin', 'PATCH', `/api/indicators/${String(ind.id)}`, { indicatorValue: 'not a domain' })).statusCode).toBe(400);
    expect((await call('reader', 'DELETE', `/api/indicators/${String(ind.id)}`)).statusCode).toBe(403);
    expect((await call('admin', 'DELETE', `/api/indicators/${String(ind.id)}`)).statusCode).toBe(204);
    expect((await call('reader', 'GET', `/api/indicators/${String(ind.id)}`)).statusCode).toBe(404);
    expect((await call('admin', 'DELETE', '/api/indicators/999999')).statusCode).toBe(404);
  });

  it('imports Defender CSV: valid rows upserted, bad rows reported by line, a second import updates instead of duplicating', async () => {
    const csv = [
      'IndicatorType,IndicatorValue,ExpirationTime,Action,Severity,Title,Description,RecommendedActions,RbacGroups,Category,MitreTechniques,GenerateAlert',
      'DomainName,csv-bad.example,,Audit,High,CSV domain,"from a ""partner"" feed",,,,T1071.001,TRUE',
      'FileSha256,zzzz,,Block,Medium,Broken hash,,,,,,',
      `FileSha1,${'a'.repeat(40)},2099-01-01T00:00:00Z,BlockAndRemediate,Low,CSV hash,,,,Malware,,`,
      'IpAddress,198.51.100.9,,Allowed,Informational,Known scanner,,,,,,',
    ].join('\r\n');
    const first = await call('admin', 'POST', '/api/indicators/import', { format: 'csv', content: csv, source: 'Partner feed' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ created: 3, updated: 0, errors: [{ at: 'line 3', field: 'indicatorValue' }] });
    const again = await call('admin', 'POST', '/api/indicators/import', { format: 'csv', content: csv, source: 'Partner feed' });
    expect(again.json()).toMatchObject({ created: 0, updated: 3 });
    const fromFeed = (await call('reader', 'GET', '/api/indicators?source=Partner%20feed')).json<{ value: Record<string, unknown>[] }>().value;
    expect(fromFeed).toHaveLength(3);
    expect(fromFeed.find((i) => i.indicatorType === 'FileSha1')).toMatchObject({ action: 'AlertAndBlock', category: 'Malware', sourceType: 'Import' });
    expect(fromFeed.find((i) => i.indicatorType === 'DomainName')).toMatchObject({ action: 'Alert', description: 'from a "partner" feed', mitreTechniques: ['T1071.001'] });
    const badHeader = await call('admin', 'POST', '/api/indicators/import', { format: 'csv', content: 'Type,Value\nDomainName,x.example' });
    expect(badHeader.statusCode).toBe(400);
    expect(badHeader.json<{ error: { message: string } }>().error.message).toMatch(/unknown column "Type"/);
  });

  it('imports a STIX 2.1 bundle: simple patterns become indicators, the rest is skipped with the reason', async () => {
    const bundle = JSON.parse(readFileSync(new URL('./fixtures/indicators/stix21-bundle.json', import.meta.url), 'utf8')) as unknown;
    const r = await call('admin', 'POST', '/api/indicators/import', { format: 'stix', content: bundle, severity: 'High' });
    expect(r.statusCode).toBe(200);
    const result = r.json<{ created: number; skipped: { at: string; reason: string }[]; otherObjects: number; errors: unknown[] }>();
    expect(result.created).toBe(5); // a domain, two addresses (one OR pattern), a hash, a URL
    expect(result.errors).toEqual([]);
    expect(result.otherObjects).toBe(2);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/AND/) as unknown,
      expect.stringMatching(/^expired/) as unknown,
      'revoked',
      expect.stringMatching(/pattern_type "yara"/) as unknown,
    ]);
    const domain = (await call('reader', 'GET', '/api/indicators?search=parcel-redelivery')).json<{ value: Record<string, unknown>[] }>().value[0];
    expect(domain).toMatchObject({ title: 'Phishing kit landing domain', severity: 'High', source: 'Example Sharing Group (STIX bundle bundle--5d0092c5-5f74-4287-9642-33f4c354e56d)' });
    const hash = (await call('reader', 'GET', '/api/indicators?type=FileSha256&search=aa11bb')).json<{ value: Record<string, unknown>[] }>().value[0];
    expect(hash).toMatchObject({ indicatorValue: 'aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233' });
    const notBundle = await call('admin', 'POST', '/api/indicators/import', { format: 'stix', content: { type: 'indicator' } });
    expect(notBundle.statusCode).toBe(400);
  });

  // Real published CTI (Unit 42's Pikabot IOC set, a STIX 2.0 bundle, MIT), from the shared reference data.
  const pikabot = new URL('../../../../shared/data/stix/unit42-playbooks/2024-02-08-Pikabot.json', import.meta.url);
  it.skipIf(!existsSync(pikabot))('imports a real vendor bundle (Unit 42 Pikabot, STIX 2.0): every indicator, IP:port URLs included', async () => {
    const r = await call('admin', 'POST', '/api/indicators/import', { format: 'stix', content: readFileSync(pikabot, 'utf8'), source: 'Unit 42 Pikabot' });
    expect(r.json()).toMatchObject({ created: 10, updated: 0, errors: [], skipped: [], otherObjects: 0 });
    const urls = (await call('reader', 'GET', '/api/indicators?source=Unit%2042%20Pikabot&type=Url')).json<{ value: { indicatorValue: string }[] }>().value.map((i) => i.indicatorValue);
    expect(urls).toContain('https://104.129.55.103:2224/');
    const active = await indicatorsService(p.opened.ctx).active();
    expect(active.url('https://104.129.55.103:2224/')?.title).toBe('https://104.129.55.103:2224/');
    expect(active.hash('FileSha256', '3CB8174BECB3C89318ED01CCD76E71CBEB8BC9E0FCBCE8E110D40CD71AF20FA2')?.title).toBe('Qft.zip');
  });
});

describe('indicator detections', () => {
  let p: TestPalisade;
  /** One context at a fixed time for every run: its alert pipeline is the one drained before closing. */
  let ctx: AppContext;
  beforeAll(async () => {
    p = await testPalisade({ resolvePrincipal: async (req) => people[String(req.headers['x-test-user'])] });
    ctx = { ...p.opened.ctx, now: () => NOW };
  });
  afterAll(async () => {
    await drainAlertPipeline(ctx); // the AlertInfo/AlertEvidence rows are written behind correlation
    await p.close();
  });

  it('with no active indicator a rule reads nothing; the demo feed is valid and loads idempotently', async () => {
    const svc = detectionsService(ctx);
    expect(await svc.run('pal-ioc-network', 'manual', { now: NOW })).toMatchObject({ status: 'ok', rows: 0, alertsCreated: 0 });
    expect(await seedDemoIndicators(p.opened.ctx)).toEqual({ created: demoFeed.length, updated: 0 });
    expect(await seedDemoIndicators(p.opened.ctx)).toEqual({ created: 0, updated: demoFeed.length });
  });

  it('raises alerts on mail, clicks, connections, files and processes that match active indicators, with entities and the indicator severity', async () => {
    const ind = indicatorsService(p.opened.ctx);
    const apply = await ind.apply(
      [
        { at: 'a', body: { indicatorType: 'DomainName', indicatorValue: 'evil-updates.example', title: 'Fake update site', severity: 'High' } },
        { at: 'b', body: { indicatorType: 'DomainName', indicatorValue: 'safe.evil-updates.example', title: 'Sinkholed by us', action: 'Allowed' } },
        { at: 'c', body: { indicatorType: 'IpAddress', indicatorValue: '192.0.2.200', title: 'C2 server', severity: 'Low', category: 'CommandAndControl' } },
        { at: 'd', body: { indicatorType: 'FileSha256', indicatorValue: 'cd'.repeat(32), title: 'Loader', severity: 'High', mitreTechniques: ['T1105'] } },
        { at: 'e', body: { indicatorType: 'FileMd5', indicatorValue: 'ef'.repeat(16), title: 'Old loader' } },
      ],
      'test',
    );
    expect(apply.errors).toEqual([]);
    // an expired indicator matches nothing
    await p.opened.ctx.state.insertInto('indicators').values({ indicator_type: 'DomainName', indicator_value: 'expired.example', action: 'Alert', severity: 'High', title: 'Expired', description: '', recommended_actions: null, category: 'SuspiciousActivity', mitre_techniques: '[]', expiration: '2025-03-01T00:00:00.000Z', source: 't', source_type: 'User', created_by: 't', created: '2025-01-01T00:00:00Z', last_updated_by: 't', last_update: '2025-01-01T00:00:00Z' }).execute();
    const mail = (id: string, to: string, action: string) => ({ Timestamp: '2025-03-02T09:00:00Z', NetworkMessageId: id, RecipientEmailAddress: to, SenderFromAddress: 'it@evil-updates.example', SenderFromDomain: 'evil-updates.example', Subject: 'Update now', DeliveryAction: action, EmailDirection: 'Inbound' });
    await insertEvents(p, 'EmailEvents', [mail('m-1', 'dana@contoso.com', 'Delivered'), mail('m-2', 'eve@contoso.com', 'Blocked'), mail('m-3', 'fay@contoso.com', 'Delivered'), mail('m-4', 'gus@contoso.com', 'Delivered')]);
    await insertEvents(p, 'EmailUrlInfo', [
      { Timestamp: '2025-03-02T09:00:00Z', NetworkMessageId: 'm-1', Url: 'https://dl.cdn.Evil-Updates.example/chrome?id=1', UrlDomain: 'dl.cdn.evil-updates.example' },
      { Timestamp: '2025-03-02T09:00:00Z', NetworkMessageId: 'm-2', Url: 'https://evil-updates.example/x', UrlDomain: 'evil-updates.example' },
      { Timestamp: '2025-03-02T09:00:00Z', NetworkMessageId: 'm-3', Url: 'https://safe.evil-updates.example/x', UrlDomain: 'safe.evil-updates.example' },
      { Timestamp: '2025-03-02T09:00:00Z', NetworkMessageId: 'm-4', Url: 'https://expired.example/x', UrlDomain: 'expired.example' },
    ]);
    await insertEvents(p, 'UrlClickEvents', [{ Timestamp: '2025-03-02T09:20:00Z', Url: 'https://dl.cdn.evil-updates.example/chrome?id=1', ActionType: 'ClickAllowed', AccountUpn: 'dana@contoso.com', NetworkMessageId: 'm-1', IPAddress: '198.51.100.10', IsClickedThrough: false }]);
    await insertEvents(p, 'DeviceNetworkEvents', [
      { Timestamp: '2025-03-02T09:21:00Z', DeviceId: 'd1', DeviceName: 'ws-1', ActionType: 'ConnectionSuccess', RemoteIP: '192.0.2.200', RemotePort: 8443, RemoteUrl: '', InitiatingProcessFileName: 'implant.exe', InitiatingProcessAccountName: 'dana' },
      { Timestamp: '2025-03-02T09:22:00Z', DeviceId: 'd1', DeviceName: 'ws-1', ActionType: 'ConnectionSuccess', RemoteIP: '192.0.2.9', RemotePort: 443, RemoteUrl: 'notevil-updates.example', InitiatingProcessFileName: 'msedge.exe' },
    ]);
    await insertEvents(p, 'DeviceFileEvents', [{ Timestamp: '2025-03-02T09:23:00Z', DeviceId: 'd1', DeviceName: 'ws-1', ActionType: 'FileCreated', FileName: 'ChromeUpdate.exe', FolderPath: 'C:\\Users\\dana\\Downloads\\ChromeUpdate.exe', SHA256: 'CD'.repeat(32), InitiatingProcessFileName: 'msedge.exe', InitiatingProcessAccountName: 'dana' }]);
    await insertEvents(p, 'DeviceProcessEvents', [{ Timestamp: '2025-03-02T09:24:00Z', DeviceId: 'd1', DeviceName: 'ws-1', ActionType: 'ProcessCreated', FileName: 'old.exe', ProcessCommandLine: 'old.exe /s', MD5: 'ef'.repeat(16), AccountName: 'dana', InitiatingProcessFileName: 'explorer.exe' }]);

    const svc = detectionsService(ctx);
    expect(await svc.run('pal-ioc-email-url', 'manual', { now: NOW })).toMatchObject({ status: 'ok', rows: 1, alertsCreated: 1 });
    expect(await svc.run('pal-ioc-url-click', 'manual', { now: NOW })).toMatchObject({ status: 'ok', rows: 1, alertsCreated: 1 });
    expect(await svc.run('pal-ioc-network', 'manual', { now: NOW })).toMatchObject({ status: 'ok', rows: 1, alertsCreated: 1 });
    expect(await svc.run('pal-ioc-file', 'manual', { now: NOW })).toMatchObject({ status: 'ok', rows: 1, alertsCreated: 1 });
    expect(await svc.run('pal-ioc-process', 'manual', { now: NOW })).toMatchObject({ status: 'ok', rows: 1, alertsCreated: 1 });
    // a repeat run over the same rows updates nothing (suppression)
    expect(await svc.run('pal-ioc-network', 'manual', { now: NOW })).toMatchObject({ alertsCreated: 0, alertsUpdated: 0 });

    const alerts = await p.opened.ctx.state.selectFrom('alerts').select(['detector_id', 'title', 'severity', 'category', 'mitre_techniques', 'evidence', 'incident_id', 'description']).where('detector_id', 'like', 'pal-ioc-%').orderBy('id').execute();
    const byRule = new Map(alerts.map((a) => [a.detector_id, a]));
    const email = byRule.get('pal-ioc-email-url')!;
    expect(email).toMatchObject({ title: 'Mail with a link to evil-updates.example delivered to dana@contoso.com', severity: 'high', category: 'InitialAccess' });
    expect(email.description).toContain('Threat indicator "Fake update site"');
    expect(JSON.parse(email.evidence)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'mailbox', address: 'dana@contoso.com' }),
        expect.objectContaining({ type: 'mailMessage', networkMessageId: 'm-1' }),
        expect.objectContaining({ type: 'url', url: 'https://dl.cdn.Evil-Updates.example/chrome?id=1' }),
      ]),
    );
    expect(byRule.get('pal-ioc-network')).toMatchObject({ title: 'implant.exe on ws-1 connected to 192.0.2.200', severity: 'low', category: 'CommandAndControl' });
    expect(byRule.get('pal-ioc-file')).toMatchObject({ severity: 'high', category: 'Malware' });
    expect(JSON.parse(byRule.get('pal-ioc-file')!.mitre_techniques)).toEqual(['T1105']);
    expect(byRule.get('pal-ioc-process')).toMatchObject({ title: 'old.exe matching a threat indicator ran on ws-1', severity: 'medium' });
    // the mail, the click and the device's alerts correlate into one incident (message id, then the device)
    expect(new Set([email.incident_id, byRule.get('pal-ioc-url-click')!.incident_id]).size).toBe(1);
    expect(new Set(['pal-ioc-network', 'pal-ioc-file', 'pal-ioc-process'].map((r) => byRule.get(r)!.incident_id)).size).toBe(1);

    // the evidence seam: the entity values an incident page looks up
    const seen = await ind.match([
      { kind: 'domain', value: 'dl.cdn.evil-updates.example' },
      { kind: 'domain', value: 'safe.evil-updates.example' },
      { kind: 'ip', value: '192.0.2.200' },
      { kind: 'sha256', value: 'cd'.repeat(32) },
      { kind: 'url', value: 'https://x.evil-updates.example:8443/payload?id=1' },
      { kind: 'url', value: 'https://benign.example/evil-updates.example' },
    ]);
    expect([...seen.keys()].sort()).toEqual(['domain:dl.cdn.evil-updates.example', 'ip:192.0.2.200', `sha256:${'cd'.repeat(32)}`, 'url:https://x.evil-updates.example:8443/payload?id=1']);
  });

  it('indicator rules on one table run near-real-time on new rows', async () => {
    const svc = detectionsService(ctx);
    const rule = await svc.get('pal-ioc-network');
    expect(rule).toMatchObject({ frequency: 'nrt', builtin: true });
    await new Promise((r) => setTimeout(r, 20));
    const before = new Date();
    await insertEvents(p, 'DeviceNetworkEvents', [{ Timestamp: '2025-03-02T11:00:00Z', DeviceId: 'd2', DeviceName: 'ws-2', ActionType: 'ConnectionSuccess', RemoteIP: '10.0.0.5', RemotePort: 443, RemoteUrl: 'https://a.b.c.evil-updates.example/beacon', InitiatingProcessFileName: 'rundll32.exe' }]);
    const out = await svc.run('pal-ioc-network', 'nrt', { ingestedAfter: before });
    expect(out).toMatchObject({ status: 'ok', rows: 1, alertsCreated: 1 });
  });
});
