import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { accessibilityViolations, launchBrowser, screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { adminEmail, adminPassword, apiSignIn, newTrackedPage, signInThroughPage } from './auth-helpers.ts';
import type { ApiSession } from './auth-helpers.ts';

const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();

describe('Home: alerts trend and hunting shortcuts against the real APIs', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let admin: ApiSession;

  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    admin = await apiSignIn(portal.url, adminEmail, adminPassword);
    await admin.call(
      'POST',
      '/api/ingest/defender',
      [
        { Table: 'DeviceInfo', Timestamp: minutesAgo(5), DeviceId: 'dev-1', DeviceName: 'ws-001.contoso.test', OSPlatform: 'Windows11' },
        { Table: 'DeviceInfo', Timestamp: minutesAgo(5), DeviceId: 'dev-2', DeviceName: 'ws-002.contoso.test', OSPlatform: 'Windows11' },
        { Table: 'DeviceInfo', Timestamp: minutesAgo(5), DeviceId: 'dev-3', DeviceName: 'srv-001.contoso.test', OSPlatform: 'WindowsServer2022' },
      ],
    );
    // Three alerts on unrelated devices (created now: today's bar), two of them high severity.
    const alerts = [
      { id: 'a', device: 'ws-001.contoso.test', severity: 'high' },
      { id: 'b', device: 'ws-002.contoso.test', severity: 'high' },
      { id: 'c', device: 'srv-001.contoso.test', severity: 'low' },
    ].map((a, i) => ({
      externalId: `trend-${a.id}`,
      title: `Trend test alert ${a.id}`,
      severity: a.severity,
      category: 'Malware',
      techniques: [],
      serviceSource: 'microsoftDefenderForEndpoint',
      detectionSource: 'antivirus',
      timestamp: minutesAgo(30 - i),
      entities: [{ type: 'device', deviceName: a.device }],
    }));
    await admin.call('POST', '/api/ingest/alerts', alerts);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('shows alerts per day for the last week, today holding the new alerts', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, adminEmail, adminPassword);
    const card = page.getByRole('region', { name: 'Alerts trend' });
    const chart = card.getByRole('list', { name: 'Alerts per day, last 7 days' });
    await chart.waitFor();
    const days = await chart.getByRole('listitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(days).toHaveLength(7);
    // today's label in the browser's own locale and time zone
    const today = await page.evaluate(() => new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'short', day: 'numeric' }).format(new Date()));
    expect(days[6]).toBe(`${today}: 3 alerts`);
    expect(days.slice(0, 6).every((d) => d.endsWith(': 0 alerts'))).toBe(true);
    expect(await card.textContent()).toContain('3alerts in the last 7 days, 2 high severity');
    await screenshot(page, 'home-alerts-trend');
    expect(await accessibilityViolations(page)).toEqual([]);
    // the card agrees with the API it reads
    const all = await admin.call<{ '@odata.count': number }>('GET', '/api/security/alerts_v2?$top=1');
    expect(all['@odata.count']).toBe(3);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens a prepared hunting query from Home in its own tab, and every shortcut runs', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, adminEmail, adminPassword);
    const card = page.getByRole('region', { name: 'Hunting shortcuts' });
    const links = card.getByRole('list', { name: 'Prepared hunting queries' }).getByRole('link');
    await links.first().waitFor();
    const hrefs = await links.evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThanOrEqual(3);
    // Every prepared query compiles and runs against the real hunting API.
    for (const href of hrefs) {
      const url = new URL(href, portal.url);
      expect(url.pathname).toBe('/advanced-hunting');
      const res = await admin.call<{ results: unknown[] }>('POST', '/api/security/runHuntingQuery', { Query: url.searchParams.get('query') });
      expect(Array.isArray(res.results), href).toBe(true);
    }
    await card.getByRole('link', { name: 'Devices by OS platform' }).click();
    await page.getByRole('heading', { name: 'Advanced hunting', level: 1 }).waitFor();
    await page.getByRole('tablist', { name: 'Query tabs' }).getByRole('tab', { name: 'Devices by OS platform', selected: true }).waitFor();
    await page.getByRole('button', { name: 'Run query' }).click();
    // a pie chart of two platforms; the table view shows its rows
    await page.getByRole('button', { name: 'Table' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /rows$/ }).textContent()).toBe('2 rows');
    await screenshot(page, 'home-hunting-shortcut-opened');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
