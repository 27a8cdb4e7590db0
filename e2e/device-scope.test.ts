import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { adminEmail, adminPassword, apiSignIn, navigationLabels, newTrackedPage, signInThroughPage } from './auth-helpers.ts';
import type { ApiSession } from './auth-helpers.ts';

const operatorEmail = 'scoped-operator@example.test';
const operatorPassword = 'servers only, nothing else 9';

/** Two servers (the operator's device group: names srv-*) and two laptops outside it. */
const devices = [
  { id: 'dev-srv-web', name: 'srv-web01.corp.example.com', os: 'WindowsServer2022', inScope: true },
  { id: 'dev-srv-db', name: 'srv-db01.corp.example.com', os: 'WindowsServer2022', inScope: true },
  { id: 'dev-lap-ann', name: 'laptop-ann.corp.example.com', os: 'Windows11', inScope: false },
  { id: 'dev-lap-bob', name: 'laptop-bob.corp.example.com', os: 'Windows11', inScope: false },
];
/** One alert per device, nothing shared between them, so each becomes its own incident. */
const alertSeverity: Record<string, string> = { 'dev-srv-web': 'high', 'dev-srv-db': 'low', 'dev-lap-ann': 'high', 'dev-lap-bob': 'medium' };
const titleOf = (d: (typeof devices)[number]): string => `Suspicious service installed on ${d.name.split('.')[0]!}`;

interface GraphList<T> {
  '@odata.count': number;
  value: T[];
}
interface Incident {
  id: string;
  displayName: string;
  severity: string;
  alerts?: { title: string }[];
}

describe('a Security Operator limited to one device group sees only that group', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let admin: ApiSession;
  let operator: ApiSession;

  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    admin = await apiSignIn(portal.url, adminEmail, adminPassword);
    // Devices and alerts come in through the real ingest APIs with an ingest token, like a log shipper.
    const { secret } = await admin.call<{ secret: string }>('POST', '/api/tokens', { name: 'e2e ingest', permissions: ['ingest.write'], expiresIn: '12h' });
    const ingest = async (path: string, body: unknown): Promise<void> => {
      const r = await fetch(`${portal.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(r.status, await r.clone().text()).toBeLessThan(300);
    };
    const now = Date.now();
    await ingest(
      '/api/ingest/defender',
      devices.map((d) => ({ Table: 'DeviceInfo', Timestamp: new Date(now - 120_000).toISOString(), DeviceId: d.id, DeviceName: d.name, OSPlatform: d.os })),
    );
    await ingest(
      '/api/ingest/alerts',
      devices.map((d, i) => ({
        externalId: `scope-${d.id}`,
        title: titleOf(d),
        severity: alertSeverity[d.id],
        category: 'Persistence',
        techniques: ['T1543.003'],
        serviceSource: 'microsoftDefenderForEndpoint',
        detectionSource: 'edr',
        timestamp: new Date(now - (50 - i) * 60_000).toISOString(),
        entities: [{ type: 'device', deviceName: d.name, deviceId: d.id }],
      })),
    );
    // The operator: no role of their own, Security Operator through an assignment limited to "Servers".
    const group = await admin.call<{ id: string }>('POST', '/api/device-groups', { name: 'Servers', rules: { names: ['srv-*'] } });
    const { user } = await admin.call<{ user: { id: string } }>('POST', '/api/users', { email: operatorEmail, displayName: 'Sam Scoped', password: operatorPassword });
    await admin.call('POST', '/api/role-assignments', { roleId: 'security-operator', principalType: 'user', principalId: user.id, deviceGroupIds: [group.id] });
    operator = await apiSignIn(portal.url, operatorEmail, operatorPassword);
    // The admin sees all four incidents once correlation has run.
    for (let waited = 0; ; waited += 250) {
      const count = (await admin.call<GraphList<Incident>>('GET', '/api/security/incidents?$top=50'))['@odata.count'];
      if (count === 4) break;
      if (waited > 20_000) throw new Error(`expected 4 incidents from the 4 alerts, the admin sees ${count}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('has the scope it was given: the operator role, limited to one device group', async () => {
    const me = await operator.call<{ roles: { id: string; deviceGroupIds?: string[] }[]; scope: { devices: { deviceGroupIds?: string[] } } }>('GET', '/api/auth/me');
    expect(me.roles.map((r) => r.id)).toEqual(['security-operator']);
    expect(me.scope.devices.deviceGroupIds).toHaveLength(1);
  });

  it('sees only the group’s devices in hunting results, in the browser', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, operatorEmail, operatorPassword);
    expect(await navigationLabels(page)).toContain('Advanced hunting');
    await page.getByRole('region', { name: 'Your access' }).getByText('limited to some device groups').waitFor();
    const query = 'DeviceInfo\n| summarize by DeviceName, OSPlatform\n| order by DeviceName asc';
    await page.goto(`${portal.url}/advanced-hunting?title=${encodeURIComponent('Devices in scope')}&query=${encodeURIComponent(query)}`);
    await page.getByRole('tablist', { name: 'Query tabs' }).getByRole('tab', { name: 'Devices in scope' }).waitFor();
    await page.getByRole('button', { name: 'Run query' }).click();
    const grid = page.getByRole('grid', { name: 'Query results' });
    await grid.waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /rows$/ }).textContent()).toBe('2 rows');
    const cells = (await grid.getByRole('gridcell').allTextContents()).join(' ');
    for (const d of devices) expect(cells.includes(d.name), d.name).toBe(d.inScope);
    await screenshot(page, 'scope-operator-hunting');
    expect(errors).toEqual([]);
    await page.context().close();

    // The same query through the API: the admin sees every device, the operator the group's.
    const hunt = async (s: ApiSession): Promise<string[]> =>
      (await s.call<{ results: { DeviceName: string }[] }>('POST', '/api/security/runHuntingQuery', { Query: 'DeviceInfo | distinct DeviceName | order by DeviceName asc' })).results.map((r) => r.DeviceName);
    expect(await hunt(admin)).toEqual(devices.map((d) => d.name).sort());
    expect(await hunt(operator)).toEqual(devices.filter((d) => d.inScope).map((d) => d.name).sort());
  });

  // Issue 7 "Done when": incidents and alerts_v2 read through the caller's device scope (server
  // alerts/alert-visibility.ts), checked through the API with the operator’s session, and in
  // the browser through the Home page's Active incidents card.
  it('sees only incidents and alerts on the group’s devices (API with the operator’s session, and the Home card)', async () => {
    const incidents = await operator.call<GraphList<Incident>>('GET', '/api/security/incidents?$top=50&$expand=alerts');
    const inScopeTitles = devices.filter((d) => d.inScope).map(titleOf).sort();
    const shownTitles = incidents.value.flatMap((i) => (i.alerts ?? []).map((a) => a.title)).sort();
    expect({ count: incidents['@odata.count'], titles: shownTitles }).toEqual({ count: 2, titles: inScopeTitles });
    const alerts = await operator.call<GraphList<{ title: string }>>('GET', '/api/security/alerts_v2?$top=50');
    expect(alerts.value.map((a) => a.title).sort()).toEqual(inScopeTitles);
    // An incident outside the scope is not found (not forbidden: its existence is not disclosed).
    const all = await admin.call<GraphList<Incident>>('GET', '/api/security/incidents?$top=50&$expand=alerts');
    const outside = all.value.find((i) => (i.alerts ?? []).some((a) => a.title === titleOf(devices[2]!)))!;
    await expect(operator.call('GET', `/api/security/incidents/${outside.id}`)).rejects.toThrow(/-> 404/);

    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, operatorEmail, operatorPassword);
    const card = page.getByRole('region', { name: 'Active incidents' });
    await card.getByText(/open incidents? you can see|No open incidents/).waitFor();
    await screenshot(page, 'scope-operator-home');
    // srv-web01 high, srv-db01 low; the laptops' high and medium must not be counted
    expect(await card.getByRole('definition').allTextContents()).toEqual(['1', '0', '1', '0']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the admin, unscoped, sees all four incidents on the Home card (the scoped check above is not vacuous)', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, adminEmail, adminPassword);
    const card = page.getByRole('region', { name: 'Active incidents' });
    await card.getByText('4 open incidents you can see.').waitFor();
    expect(await card.getByRole('definition').allTextContents()).toEqual(['2', '1', '1', '0']);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
