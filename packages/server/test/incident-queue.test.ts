/**
 * Issue 8's incident queue on the server: the filters beyond OData (categories, sources, tags, device groups,
 * entity search), the 24 h chart's hourly counts, each person's columns and named filter sets, and the
 * incident PDF summary. Real sign-ins (an admin and an operator scoped to one device group) on real stores.
 */
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPalisade } from './helpers.ts';
import type { TestPalisade } from './helpers.ts';
import { signIn } from './auth-helpers.ts';
import type { TestClient } from './auth-helpers.ts';
import { pdfText } from '../src/incidents/incident-pdf.ts';

interface GraphList<T> {
  '@odata.count': number;
  '@odata.nextLink'?: string;
  value: T[];
}
interface Incident {
  id: string;
  displayName: string;
  alertCount: number;
  customTags: string[];
  alerts?: { id: string; title: string }[];
}

const deviceInfo = [
  ['dev-srv-web', 'srv-web01.corp.example.com'],
  ['dev-lap-ann', 'laptop-ann.corp.example.com'],
] as const;

/** Four incidents: two server alerts correlate (same device), a laptop alert, and a mail alert. */
const alerts = [
  { externalId: 'q-1', title: 'Service installed on srv-web01', severity: 'high', category: 'Persistence', techniques: ['T1543.003'], serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'edr', entities: [{ type: 'device', deviceName: 'srv-web01.corp.example.com', deviceId: 'dev-srv-web' }] },
  { externalId: 'q-2', title: 'Credential dump on srv-web01', severity: 'medium', category: 'CredentialAccess', techniques: ['T1003.001'], serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'edr', entities: [{ type: 'device', deviceName: 'srv-web01.corp.example.com', deviceId: 'dev-srv-web' }] },
  { externalId: 'q-3', title: 'Unwanted software on a laptop', severity: 'low', category: 'Malware', techniques: [], serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', entities: [{ type: 'device', deviceName: 'laptop-ann.corp.example.com', deviceId: 'dev-lap-ann' }] },
  { externalId: 'q-4', title: 'Phishing mail → delivered', severity: 'high', category: 'InitialAccess', techniques: ['T1566'], serviceSource: 'microsoftDefenderForOffice365', detectionSource: 'microsoftDefenderForOffice365', entities: [{ type: 'mailbox', address: 'dana@example.com' }] },
];

/** The text of a PDF: every content stream inflated, the strings of its TJ/Tj operators decoded, one per text op. */
function pdfStrings(pdf: Buffer): string[] {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // not a Flate stream (fonts are not text)
    }
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hex = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '').join('') : (op[2] ?? '');
      out.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return out;
}

describe('incident queue: filters, chart, columns, filter sets, PDF', () => {
  let p: TestPalisade;
  let admin: TestClient;
  let operator: TestClient;
  let token: string;
  let groupId: string;
  const incidentOf: Record<string, Incident> = {};

  const get = async <T>(c: TestClient, url: string): Promise<T> => {
    const r = await c.request({ url });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<T>();
  };
  const titles = async (c: TestClient, query: string): Promise<string[]> =>
    (await get<GraphList<Incident>>(c, `/api/security/incidents?$top=50&$expand=alerts&${query}`)).value.flatMap((i) => (i.alerts ?? []).map((a) => a.title)).sort();

  beforeAll(async () => {
    p = await testPalisade();
    for (const [id, name] of deviceInfo) {
      await p.opened.ctx.events.withWriter((w) => w.run('INSERT INTO DeviceInfo (Timestamp, DeviceId, DeviceName, OSPlatform) VALUES (?::TIMESTAMP, ?, ?, ?)', ['2026-01-02 00:00:00', id, name, 'Windows11']));
    }
    admin = await signIn(p.app, 'admin@example.test', 'correct horse battery staple');
    const t = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'ingest and read', permissions: ['ingest.write', 'security.read'], expiresIn: '12h' } });
    expect(t.statusCode, t.body).toBeLessThan(300);
    token = t.json<{ secret: string }>().secret;
    const now = Date.now();
    const ingest = await p.app.inject({
      method: 'POST',
      url: '/api/ingest/alerts',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(alerts.map((a, i) => ({ ...a, timestamp: new Date(now - (40 - i) * 60_000).toISOString() }))),
    });
    expect(ingest.statusCode, ingest.body).toBe(200);
    const group = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Servers', rules: { names: ['srv-*'] } } });
    expect(group.statusCode, group.body).toBe(201);
    groupId = group.json<{ id: string }>().id;
    const user = await admin.request({ method: 'POST', url: '/api/users', payload: { email: 'sam@example.test', displayName: 'Sam Scoped', password: 'servers only, nothing else 9' } });
    expect(user.statusCode, user.body).toBe(201);
    const assign = await admin.request({ method: 'POST', url: '/api/role-assignments', payload: { roleId: 'security-operator', principalType: 'user', principalId: user.json<{ user: { id: string } }>().user.id, deviceGroupIds: [groupId] } });
    expect(assign.statusCode, assign.body).toBe(201);
    operator = await signIn(p.app, 'sam@example.test', 'servers only, nothing else 9');
    for (const i of (await get<GraphList<Incident>>(admin, '/api/security/incidents?$top=50&$expand=alerts')).value) for (const a of i.alerts ?? []) incidentOf[a.title] = i;
    const tag = await admin.request({ method: 'PATCH', url: `/api/security/incidents/${incidentOf['Unwanted software on a laptop']!.id}`, payload: { customTags: ['pua-sweep'] } });
    expect(tag.statusCode, tag.body).toBe(200);
  });
  afterAll(async () => p.close());

  it('declares access on every new route: 401 without a caller, 403 without security.read, 400 for a token on personal state', async () => {
    for (const url of ['/api/security/incidents/queue/hourly', '/api/security/incidents/queue/filter-options', '/api/security/incidents/queue/columns', '/api/security/incidents/queue/filter-sets', '/api/security/incidents/1/summary.pdf']) {
      expect((await p.app.inject({ url })).statusCode, url).toBe(401);
    }
    const ingestOnly = await admin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'ingest only', permissions: ['ingest.write'], expiresIn: '12h' } });
    const bearer = { authorization: `Bearer ${ingestOnly.json<{ secret: string }>().secret}` };
    expect((await p.app.inject({ url: '/api/security/incidents/queue/hourly', headers: bearer })).statusCode).toBe(403);
    expect((await p.app.inject({ url: '/api/security/incidents/queue/filter-sets', headers: bearer })).statusCode).toBe(403);
    const asToken = await p.app.inject({ url: '/api/security/incidents/queue/columns', headers: { authorization: `Bearer ${token}` } });
    expect(asToken.statusCode).toBe(400);
    expect(asToken.json<{ error: { code: string } }>().error.code).toBe('sessionRequired');
  });

  it('filters by category, service and detection source, tag, device group and entity search (repeat a parameter for several values)', async () => {
    expect(await titles(admin, 'category=Malware')).toEqual(['Unwanted software on a laptop']);
    expect(await titles(admin, 'category=Malware&category=InitialAccess')).toEqual(['Phishing mail → delivered', 'Unwanted software on a laptop']);
    expect(await titles(admin, 'serviceSource=microsoftDefenderForOffice365')).toEqual(['Phishing mail → delivered']);
    expect(await titles(admin, 'detectionSource=edr')).toEqual(['Credential dump on srv-web01', 'Service installed on srv-web01']);
    expect(await titles(admin, 'tag=pua-sweep')).toEqual(['Unwanted software on a laptop']);
    expect(await titles(admin, `deviceGroup=${groupId}`)).toEqual(['Credential dump on srv-web01', 'Service installed on srv-web01']);
    expect(await titles(admin, 'search=LAPTOP-ANN')).toEqual(['Unwanted software on a laptop']); // an entity, any case
    expect(await titles(admin, 'search=dana%40example')).toEqual(['Phishing mail → delivered']);
    expect(await titles(admin, `search=${incidentOf['Phishing mail → delivered']!.id}`)).toEqual(['Phishing mail → delivered']); // an incident id
    expect(await titles(admin, 'search=100%25')).toEqual([]); // LIKE wildcards are literal
    // Combined with OData and each other (AND across filters).
    expect(await titles(admin, `detectionSource=edr&$filter=${encodeURIComponent("severity eq 'high'")}`)).toEqual(['Credential dump on srv-web01', 'Service installed on srv-web01']);
    expect(await titles(admin, 'category=Malware&tag=nothing')).toEqual([]);
    const bad = await admin.request({ url: '/api/security/incidents?deviceGroup=no-such-group' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('deviceGroup[0]');
  });

  it('sorts by alert count and activity, and keeps the queue filters in the next link', async () => {
    const byCount = await get<GraphList<Incident>>(admin, '/api/security/incidents?$orderby=alertCount%20desc');
    expect(byCount.value[0]?.alertCount).toBe(2);
    expect((await admin.request({ url: '/api/security/incidents?$orderby=lastActivityDateTime%20asc' })).statusCode).toBe(200);
    const paged = await get<GraphList<Incident>>(admin, '/api/security/incidents?$top=1&detectionSource=edr&detectionSource=antivirus');
    expect(paged['@odata.count']).toBe(2);
    expect(paged['@odata.nextLink']).toContain('detectionSource=edr&detectionSource=antivirus');
  });

  it('a scoped operator: filters see only their alerts; foreign device groups are refused', async () => {
    expect(await titles(operator, 'category=Malware')).toEqual([]);
    expect(await titles(operator, 'search=laptop')).toEqual([]);
    expect(await titles(operator, 'category=CredentialAccess')).toEqual(['Credential dump on srv-web01', 'Service installed on srv-web01']);
    const other = await admin.request({ method: 'POST', url: '/api/device-groups', payload: { name: 'Laptops', rules: { names: ['laptop-*'] } } });
    expect((await operator.request({ url: `/api/security/incidents?deviceGroup=${other.json<{ id: string }>().id}` })).statusCode).toBe(400);
    const options = await get<{ categories: string[]; tags: string[]; deviceGroups: { id: string; name: string }[] }>(operator, '/api/security/incidents/queue/filter-options');
    expect(options.categories).toEqual(['CredentialAccess', 'Persistence']);
    expect(options.tags).toEqual([]);
    expect(options.deviceGroups).toEqual([{ id: groupId, name: 'Servers' }]);
    const all = await get<{ categories: string[]; detectionSources: string[]; tags: string[]; deviceGroups: { name: string }[] }>(admin, '/api/security/incidents/queue/filter-options');
    expect(all.categories).toEqual(['CredentialAccess', 'InitialAccess', 'Malware', 'Persistence']);
    expect(all.detectionSources).toEqual(['antivirus', 'edr', 'microsoftDefenderForOffice365']);
    expect(all.tags).toEqual(['pua-sweep']);
    expect(all.deviceGroups.map((g) => g.name)).toEqual(['Servers', 'Laptops', 'Ungrouped devices (default)']); // by rank
    // Options are kept a minute, but a tag change shows at once.
    await admin.request({ method: 'PATCH', url: `/api/security/incidents/${incidentOf['Phishing mail → delivered']!.id}`, payload: { customTags: ['fresh'] } });
    expect((await get<{ tags: string[] }>(admin, '/api/security/incidents/queue/filter-options')).tags).toEqual(['fresh', 'pua-sweep']);
    await admin.request({ method: 'PATCH', url: `/api/security/incidents/${incidentOf['Phishing mail → delivered']!.id}`, payload: { customTags: [] } });
  });

  it('counts alerts received and incidents created per hour over 24 h, scoped', async () => {
    type Hourly = { from: string; value: { hour: string; alerts: number; incidents: number }[] };
    const h = await get<Hourly>(admin, '/api/security/incidents/queue/hourly');
    expect(h.value).toHaveLength(24);
    expect(h.value.map((b) => b.hour)).toEqual([...h.value.map((b) => b.hour)].sort());
    expect(Date.parse(h.value[23]!.hour) - Date.parse(h.value[0]!.hour)).toBe(23 * 3600_000);
    expect(h.value.reduce((n, b) => n + b.alerts, 0)).toBe(4);
    expect(h.value.reduce((n, b) => n + b.incidents, 0)).toBe(3);
    const scoped = await get<Hourly>(operator, '/api/security/incidents/queue/hourly');
    expect(scoped.value.reduce((n, b) => n + b.alerts, 0)).toBe(2);
    expect(scoped.value.reduce((n, b) => n + b.incidents, 0)).toBe(1);
    expect((await get<Hourly>(admin, '/api/security/incidents/queue/hourly?hours=3')).value).toHaveLength(3);
    const bad = await admin.request({ url: '/api/security/incidents/queue/hourly?hours=0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('hours must be an integer from 1 to 168');
  });

  it('keeps each person’s columns, in their order, and refuses unknown ones', async () => {
    const d = await get<{ columns: string[]; custom: boolean; available: string[] }>(admin, '/api/security/incidents/queue/columns');
    expect(d.custom).toBe(false);
    expect(d.columns[0]).toBe('displayName');
    expect(d.available).toContain('determination');
    const put = await admin.request({ method: 'PUT', url: '/api/security/incidents/queue/columns', payload: { columns: ['displayName', 'severity', 'id', 'determination'] } });
    expect(put.statusCode, put.body).toBe(200);
    expect((await get<{ columns: string[] }>(admin, '/api/security/incidents/queue/columns')).columns).toEqual(['displayName', 'severity', 'id', 'determination']);
    expect((await get<{ custom: boolean }>(operator, '/api/security/incidents/queue/columns')).custom).toBe(false); // not the admin's
    const bad = await admin.request({ method: 'PUT', url: '/api/security/incidents/queue/columns', payload: { columns: ['displayName', 'colour'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('columns[1]: unknown column \\"colour\\"');
    expect((await admin.request({ method: 'PUT', url: '/api/security/incidents/queue/columns', payload: { columns: ['severity'] } })).body).toContain('displayName');
    expect((await admin.request({ method: 'PUT', url: '/api/security/incidents/queue/columns', payload: { columns: ['displayName', 'id', 'id'] } })).body).toContain('listed twice');
  });

  it('saves, lists, replaces by name and deletes named filter sets, per person', async () => {
    const add = await admin.request({ method: 'POST', url: '/api/security/incidents/queue/filter-sets', payload: { name: 'High EDR', query: '?status=active&severity=high&detectionSource=edr' } });
    expect(add.statusCode, add.body).toBe(201);
    const set = add.json<{ id: string; name: string; query: string }>();
    expect(set.query).toBe('status=active&severity=high&detectionSource=edr');
    await admin.request({ method: 'POST', url: '/api/security/incidents/queue/filter-sets', payload: { name: 'Mail', query: 'serviceSource=microsoftDefenderForOffice365' } });
    const again = await admin.request({ method: 'POST', url: '/api/security/incidents/queue/filter-sets', payload: { name: 'High EDR', query: 'severity=high' } });
    expect(again.json<{ id: string }>().id).toBe(set.id); // same name: replaced, not duplicated
    const list = await get<{ value: { name: string; query: string }[] }>(admin, '/api/security/incidents/queue/filter-sets');
    expect(list.value.map((s) => [s.name, s.query])).toEqual([
      ['High EDR', 'severity=high'],
      ['Mail', 'serviceSource=microsoftDefenderForOffice365'],
    ]);
    expect((await get<{ value: unknown[] }>(operator, '/api/security/incidents/queue/filter-sets')).value).toEqual([]);
    expect((await operator.request({ method: 'DELETE', url: `/api/security/incidents/queue/filter-sets/${set.id}` })).statusCode).toBe(404); // not theirs
    expect((await admin.request({ method: 'POST', url: '/api/security/incidents/queue/filter-sets', payload: { name: '  ', query: 'a=b' } })).statusCode).toBe(400);
    expect((await admin.request({ method: 'POST', url: '/api/security/incidents/queue/filter-sets', payload: { name: 'x', query: 'a b' } })).statusCode).toBe(400);
    expect((await admin.request({ method: 'DELETE', url: `/api/security/incidents/queue/filter-sets/${set.id}` })).statusCode).toBe(204);
    expect((await get<{ value: { name: string }[] }>(admin, '/api/security/incidents/queue/filter-sets')).value.map((s) => s.name)).toEqual(['Mail']);
  });

  it('exports a PDF summary: a valid PDF with the name, alerts, assets and timeline; out of scope is 404', async () => {
    const incident = incidentOf['Service installed on srv-web01']!;
    await admin.request({ method: 'POST', url: `/api/security/incidents/${incident.id}/comments`, payload: { comment: 'Isolating srv-web01 now.' } });
    const r = await admin.request({ url: `/api/security/incidents/${incident.id}/summary.pdf` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="incident-${incident.id}.pdf"`);
    const pdf = r.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toMatch(/%%EOF\s*$/);
    expect(pdf.toString('latin1')).toMatch(/startxref\s+\d+\s+%%EOF/);
    const text = pdfStrings(pdf).join('\n').replaceAll(' \n', ' '); // a wrapped line ends in its space
    expect(text).toContain(incident.displayName);
    expect(text).toContain('Credential dump on srv-web01');
    expect(text).toContain('Service installed on srv-web01');
    expect(text).toContain('srv-web01.corp.example.com');
    expect(text.match(/Isolating srv-web01 now\./g)).toHaveLength(1); // the comment once, not again as its activity entry
    expect(text).toContain('Timeline');
    // Characters outside Helvetica's encoding are spelled out, not lost.
    const phish = await admin.request({ url: `/api/security/incidents/${incidentOf['Phishing mail → delivered']!.id}/summary.pdf` });
    expect(pdfStrings(phish.rawPayload).join('\n')).toContain('Phishing mail -> delivered');
    expect(pdfText('a → b ≠ c é')).toBe('a -> b ? c é');
    // The scoped operator cannot export what they cannot open.
    expect((await operator.request({ url: `/api/security/incidents/${incidentOf['Unwanted software on a laptop']!.id}/summary.pdf` })).statusCode).toBe(404);
    expect((await operator.request({ url: `/api/security/incidents/${incident.id}/summary.pdf` })).statusCode).toBe(200);
  });
});
