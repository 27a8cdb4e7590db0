/**
 * Entity pages in a real browser on the small demo organisation: a device with incidents, its overview, its
 * timeline paged ("Load older"), filtered by event type, action type and text, a row opened to its whole
 * record, the dark theme, then onward links: to a user and back to a device, and to an incident. Screenshots:
 * test-results/entity-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { apiSession, mainRegionViolations, poll, signedInContext, trackErrors } from './investigation-helpers.ts';
import { settledScreenshot, startSmallDemo } from './analyst-day-helpers.ts';

interface Related {
  alerts: { id: string; title: string }[];
  incidents: { id: string; displayName: string }[];
}

/** Cells of a table whose content runs out of the cell (over the next column): none, or the screen overlaps. */
function overflowingCells(page: Page, table: string): Promise<string[]> {
  return page
    .getByRole('table', { name: table })
    .evaluate((t) => Array.from(t.querySelectorAll('td')).filter((td) => td.scrollWidth > td.clientWidth + 1).map((td) => td.textContent ?? ''));
}

describe('entity pages on the demo organisation', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  /** The demo device with the most incidents, and its first incident. */
  let device = '';
  let incident: Related['incidents'][number] | undefined;

  beforeAll(async () => {
    [{ portal }, browser] = await Promise.all([startSmallDemo(), launchBrowser()]);
    const call = await apiSession(portal.url);
    const hunt = await call('POST', '/api/security/runHuntingQuery', { Query: 'DeviceInfo | distinct DeviceName | order by DeviceName asc' });
    expect(hunt.status).toBe(200);
    const names = ((await hunt.json()) as { results: { DeviceName: string }[] }).results.map((r) => r.DeviceName);
    let best = -1;
    for (const name of names) {
      const r = await call('GET', `/api/entities/device/${encodeURIComponent(name)}/related`);
      expect(r.status).toBe(200);
      const related = (await r.json()) as Related;
      if (related.incidents.length > best) [best, device, incident] = [related.incidents.length, name, related.incidents[0]];
    }
    expect(best).toBeGreaterThan(0);
    context = await signedInContext(browser, portal.url);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    errors = trackErrors(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.stop();
  });

  const timeline = () => page.getByRole('table', { name: 'Device timeline' });
  const rows = () => timeline().getByRole('row');
  const status = () => page.getByLabel('Timeline').getByRole('status');

  it('opens a device: overview with its device group, risk and users; its incidents and alerts', async () => {
    await page.goto(`${portal.url}/entities/device/${encodeURIComponent(device)}`);
    await page.getByRole('heading', { level: 1, name: device }).waitFor();
    const overview = page.getByRole('group', { name: 'Overview' }).or(page.getByLabel('Overview'));
    await overview.getByText('Ungrouped devices (default)').waitFor();
    await overview.getByText('Operating system').waitFor();
    expect(await overview.getByText(/^(High|Medium|Low|Informational|No risk)$/).count()).toBeGreaterThan(0);
    const incidents = page.getByRole('table', { name: 'Incidents of this entity' });
    await incidents.getByRole('link', { name: incident!.displayName }).first().waitFor();
    expect(await page.getByRole('table', { name: 'Alerts of this entity' }).getByRole('row').count()).toBeGreaterThan(1);
    await poll(() => rows().count()).toBe(101); // header + the first page
    for (const table of ['Incidents of this entity', 'Alerts of this entity', 'Device timeline']) expect(await overflowingCells(page, table), table).toEqual([]);
    await settledScreenshot(page, 'entity-device-overview');
    expect(await mainRegionViolations(page)).toEqual([]);
  });

  it('pages the timeline: "Load older events" appends the next page, older than the last row shown', async () => {
    const lastTime = async () => Date.parse((await rows().last().getByRole('cell').nth(1).textContent()) ?? '');
    const before = await lastTime();
    await poll(() => status().textContent()).toMatch(/^100 events shown/);
    await page.getByRole('button', { name: 'Load older events' }).click();
    await poll(() => status().textContent()).toMatch(/^200 events shown/);
    expect(await rows().count()).toBe(201);
    expect(await lastTime()).toBeLessThanOrEqual(before);
  });

  it('filters the timeline by event type, action type and text', async () => {
    await page.getByRole('combobox', { name: 'Event type' }).click();
    // a multiselect dropdown's options are menuitemcheckboxes
    await page.getByRole('menuitemcheckbox', { name: /^Network/ }).click();
    await page.keyboard.press('Escape');
    await poll(async () => new Set(await timeline().getByRole('row').locator('td:nth-child(3)').allTextContents())).toEqual(new Set(['Network']));
    await page.getByRole('combobox', { name: 'Action type' }).click();
    const option = page.getByRole('option').nth(1);
    const action = ((await option.textContent()) ?? '').replace(/ \([\d,]+\)$/, '');
    await option.click();
    await poll(async () => {
      const titles = await timeline().getByRole('row').locator('td:nth-child(4)').allTextContents();
      return titles.length > 0 && titles.every((t) => t.includes(action));
    }).toBe(true);
    // free text: a word from the first row's line, matched case-insensitively on the server
    const first = (await rows().nth(1).locator('td:nth-child(4)').textContent()) ?? '';
    const word = first.split(/\s+/).find((w) => w.length > 4 && !w.includes(':')) ?? action;
    await page.getByRole('searchbox').fill(word.toUpperCase());
    await poll(async () => {
      const texts = await timeline().getByRole('row').locator('td:nth-child(4)').allTextContents();
      return texts.length > 0 && texts.every((t) => t.toLowerCase().includes(word.toLowerCase()));
    }).toBe(true);
    // the same listing as a hunting query, run through the hunting API: it finds at least the rows shown
    const href = (await page.getByLabel('Timeline').getByRole('link', { name: 'Open in advanced hunting' }).getAttribute('href')) ?? '';
    const query = new URLSearchParams(href.split('?')[1]).get('query') ?? '';
    expect(query).toContain(`contains "${word.toUpperCase()}"`);
    const hunted = await (await apiSession(portal.url))('POST', '/api/security/runHuntingQuery', { Query: query });
    expect(hunted.status, await hunted.clone().text()).toBe(200);
    expect(((await hunted.json()) as { results: unknown[] }).results.length).toBeGreaterThanOrEqual(await rows().count() - 1);
    // the filters are in the URL: a reload (or a bookmark, or Back from a linked page) finds them again
    expect(new URL(page.url()).searchParams.getAll('table')).toEqual(['DeviceNetworkEvents']);
    await page.reload();
    await poll(async () => {
      const texts = await timeline().getByRole('row').locator('td:nth-child(4)').allTextContents();
      return texts.length > 0 && texts.every((t) => t.toLowerCase().includes(word.toLowerCase()) && t.includes(action));
    }).toBe(true);
    expect(await page.getByRole('searchbox').inputValue()).toBe(word.toUpperCase());
    await page.getByRole('searchbox').fill('no-such-thing-anywhere-xyz');
    await page.getByText('No events on this device match these filters in the last 30 days.').waitFor();
    await page.getByRole('heading', { name: 'Timeline' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'entity-device-timeline-empty');
    await page.getByRole('searchbox').fill('');
    await poll(() => rows().count()).toBeGreaterThan(1);
  });

  it('filters the timeline to a custom time range', async () => {
    // back to every event type and action
    await page.getByRole('combobox', { name: 'Event type' }).click();
    await page.getByRole('menuitemcheckbox', { name: /^Network/ }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Action type' }).click();
    await page.getByRole('option', { name: 'Any' }).click();
    const times = async () => (await timeline().getByRole('row').locator('td:nth-child(2)').allTextContents()).map((t) => Date.parse(t));
    // (a listing seen before comes back from the cache with the pages it had)
    await poll(async () => (await times()).length).toBeGreaterThanOrEqual(100);
    const all = await times();
    const cut = new Date(all[30]!);
    await page.getByRole('combobox', { name: 'Time range' }).click();
    await page.getByRole('option', { name: 'Custom range' }).click();
    const local = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    await page.getByLabel('To', { exact: true }).fill(local(cut));
    await poll(async () => {
      const t = await times();
      return t.length > 0 && t.every((x) => x < cut.getTime()) && t[0]! < all[0]!;
    }).toBe(true);
    await page.getByRole('heading', { name: 'Timeline' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'entity-device-timeline-custom-range');
    await page.getByRole('combobox', { name: 'Time range' }).click();
    await page.getByRole('option', { name: 'Last 30 days' }).click();
    await poll(async () => (await times()).length).toBeGreaterThanOrEqual(100);
  });

  it('opens a row to its whole record', async () => {
    await rows().nth(1).getByRole('button', { name: /Show the whole event/ }).click();
    const record = page.getByLabel(/^Event \d+ record$/);
    await record.waitFor();
    await record.getByText('DeviceId', { exact: true }).waitFor();
    await record.getByText('InitiatingProcessFileName', { exact: true }).waitFor();
    expect(await record.getByRole('link').count()).toBeGreaterThan(0);
    await page.getByRole('heading', { name: 'Timeline' }).scrollIntoViewIfNeeded();
    await settledScreenshot(page, 'entity-device-timeline-expanded');
  });

  it('reads right in the dark theme', async () => {
    const dark = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    await dark.addCookies(await context.cookies());
    const darkPage = await dark.newPage();
    const darkErrors = trackErrors(darkPage);
    await darkPage.goto(page.url());
    await poll(() => darkPage.getByRole('table', { name: 'Device timeline' }).getByRole('row').count()).toBe(101);
    await settledScreenshot(darkPage, 'entity-device-dark');
    await darkPage.getByRole('table', { name: 'Device timeline' }).getByRole('button', { name: /Show the whole event/ }).first().click();
    await darkPage.getByLabel(/^Event \d+ record$/).getByText('DeviceId', { exact: true }).waitFor();
    await darkPage.getByRole('heading', { name: 'Timeline' }).scrollIntoViewIfNeeded();
    await settledScreenshot(darkPage, 'entity-device-dark-timeline');
    expect(await mainRegionViolations(darkPage)).toEqual([]);
    expect(darkErrors).toEqual([]);
    await dark.close();
  });

  it('links onward: a signed-in user, whose page links back to devices', async () => {
    const users = page.getByRole('list', { name: 'Users who signed in' });
    const user = users.getByRole('link').first();
    const name = (await user.getAttribute('href'))!.split('/').at(-1)!;
    await user.click();
    await page.waitForURL(`**/entities/user/${name}`);
    const used = page.getByRole('table', { name: 'Devices used' });
    await used.getByRole('link').first().waitFor();
    await page.getByRole('group', { name: 'Incidents' }).or(page.getByLabel('Incidents')).first().waitFor();
    await settledScreenshot(page, 'entity-user');
    await used.getByRole('link').first().click();
    await page.waitForURL('**/entities/device/**');
    await page.getByRole('table', { name: 'Device timeline' }).waitFor();
  });

  it('shows a file page (prevalence from process and file events, devices linked) and an IP page', async () => {
    await page.goto(`${portal.url}/entities/file/WINWORD.EXE`);
    await page.getByRole('heading', { level: 1, name: 'WINWORD.EXE' }).waitFor();
    const prevalence = page.getByRole('table', { name: 'Prevalence across devices' });
    await poll(() => prevalence.getByRole('row').count()).toBeGreaterThan(1);
    const devices = page.getByRole('table', { name: 'Devices' });
    await devices.getByRole('link').first().waitFor();
    expect(await overflowingCells(page, 'Prevalence across devices')).toEqual([]);
    await page.getByLabel('Incidents').getByText(/^\d+ incidents?$|No incident has an alert naming this file\./).first().waitFor();
    await settledScreenshot(page, 'entity-file');
    expect(await mainRegionViolations(page)).toEqual([]);
    const ip = await page.evaluate(async (d) => {
      const r = await fetch(`/api/entities/devices/${encodeURIComponent(d)}`);
      return ((await r.json()) as { ipAddresses: { address: string }[] }).ipAddresses[0]?.address ?? '';
    }, device);
    expect(ip).not.toBe('');
    await page.goto(`${portal.url}/entities/ip/${ip}`);
    await page.getByRole('heading', { level: 1, name: ip }).waitFor();
    await page.getByRole('table', { name: 'Devices that talked to it' }).or(page.getByText('Nothing in the last 7 days.')).first().waitFor();
    await settledScreenshot(page, 'entity-ip');
  });

  it('opens a user page by UPN: devices used are found through the account name IdentityInfo gives', async () => {
    const call = await apiSession(portal.url);
    const rowsOf = async <T,>(Query: string): Promise<T[]> => {
      const r = await call('POST', '/api/security/runHuntingQuery', { Query });
      expect(r.status).toBe(200);
      return ((await r.json()) as { results: T[] }).results;
    };
    const logons = new Set((await rowsOf<{ AccountName: string }>('DeviceLogonEvents | where ActionType == "LogonSuccess" | distinct AccountName')).map((r) => r.AccountName.toLowerCase()));
    const upn = (await rowsOf<{ AccountName: string; AccountUpn: string }>('IdentityInfo | distinct AccountName, AccountUpn')).find((r) => logons.has(r.AccountName.toLowerCase()) && r.AccountUpn)?.AccountUpn;
    expect(upn).toBeDefined();
    await page.goto(`${portal.url}/entities/user/${encodeURIComponent(upn!)}`);
    await page.getByRole('heading', { level: 1, name: upn! }).waitFor();
    await page.getByRole('table', { name: 'Devices used' }).getByRole('link').first().waitFor();
  });

  it('opens a device page for a person with security.read only (no hunting): hunting sections say what they need', async () => {
    const call = await apiSession(portal.url);
    const role = await call('POST', '/api/roles', { name: 'Entity reader', permissions: ['security.read'] });
    expect(role.status, await role.clone().text()).toBe(201);
    const password = 'entity pages only, thanks 7';
    const user = await call('POST', '/api/users', { email: 'reader@entities.test', displayName: 'Entity Reader', password, roles: [((await role.json()) as { id: string }).id] });
    expect(user.status, await user.clone().text()).toBe(201);
    const signIn = await fetch(`${portal.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'reader@entities.test', password }) });
    expect(signIn.status).toBe(200);
    const reader = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await reader.addCookies(signIn.headers.getSetCookie().map((c) => {
      const [name, ...value] = (c.split(';')[0] ?? '').split('=');
      return { name: name!.trim(), value: value.join('='), url: portal.url };
    }));
    const p2 = await reader.newPage();
    const readerErrors = trackErrors(p2);
    await p2.goto(`${portal.url}/entities/device/${encodeURIComponent(device)}`);
    await poll(() => p2.getByRole('table', { name: 'Device timeline' }).getByRole('row').count()).toBe(101);
    await p2.goto(`${portal.url}/entities/user/lgoh`);
    await p2.getByText('they need the hunting.run permission').waitFor();
    await p2.getByLabel('Incidents').first().waitFor();
    expect(readerErrors).toEqual([]);
    await reader.close();
  });

  it('links onward to an incident', async () => {
    await page.goto(`${portal.url}/entities/device/${encodeURIComponent(device)}`);
    await page.getByRole('table', { name: 'Incidents of this entity' }).getByRole('link', { name: incident!.displayName }).first().click();
    await page.waitForURL(`**/incidents/${incident!.id}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(errors).toEqual([]);
  });
});
