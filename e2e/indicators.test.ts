import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { apiSession, ingestRows, mainRegionViolations, poll, signedInContext, trackErrors } from './investigation-helpers.ts';
import { adminEmail, adminPassword, apiSignIn, newTrackedPage, signInThroughPage } from './auth-helpers.ts';

const CSV = [
  'IndicatorType,IndicatorValue,ExpirationTime,Action,Severity,Title,Description,RecommendedActions,RbacGroups,Category,MitreTechniques,GenerateAlert',
  'IpAddress,192.0.2.200,,Audit,High,Implant command and control,From the partner feed,,,,T1071.001,TRUE',
  'FileSha256,not-a-hash,,Block,Medium,Broken row,,,,,,',
  'IpAddress,192.0.2.10,,Allowed,Informational,Our vulnerability scanner,,,,,,',
].join('\n');

describe('Settings > Indicators in a real browser', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    context = await signedInContext(browser, portal.url);
    page = await context.newPage();
    errors = trackErrors(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.stop();
  });

  const table = (): ReturnType<Page['getByRole']> => page.getByRole('table', { name: 'Indicators' });
  const rowOf = (value: string) => table().getByRole('row').filter({ hasText: value });

  it('adds an indicator through the dialog, after the value hint is resolved', async () => {
    await page.goto(`${portal.url}/`);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Indicators' }).click();
    await page.getByRole('heading', { name: 'Indicators', level: 1 }).waitFor();
    // Settings' path is a prefix of this one: only Indicators is the current page in the navigation.
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).locator('[aria-current="page"]').allTextContents()).toEqual(['Indicators']);
    await page.getByText('No indicators match.').waitFor();
    await page.getByRole('button', { name: 'Add indicator' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add indicator' });
    await dialog.getByRole('textbox', { name: 'Value' }).fill('https://evil-updates.example/x');
    await dialog.getByText(/for a full address choose URL/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Add indicator' }).isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Value' }).fill('evil-updates.example');
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Fake update site');
    await dialog.getByRole('combobox', { name: 'Severity' }).click();
    await page.getByRole('option', { name: 'High' }).click();
    await dialog.getByRole('textbox', { name: /MITRE ATT&CK techniques/ }).fill('T1189');
    await dialog.getByRole('button', { name: 'Add indicator' }).click();
    await dialog.waitFor({ state: 'detached' });
    await rowOf('evil-updates.example').waitFor();
    const cells = await rowOf('evil-updates.example').getByRole('cell').allTextContents();
    expect(cells.slice(0, 6)).toEqual(['evil-updates.exampleFake update site', 'Domain', 'Alert only', 'High', 'Never', 'admin@example.test']);
  });

  it('imports a CSV: the result names the row it could not import, and the list filters by type', async () => {
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import indicators' });
    await dialog.getByRole('textbox', { name: /Or paste the content/ }).fill(CSV);
    await dialog.getByText('Read as CSV').waitFor();
    await dialog.getByRole('textbox', { name: /Source/ }).fill('Partner feed');
    await dialog.getByRole('button', { name: 'Import' }).click();
    await dialog.getByText('2 created, 0 updated, 1 not imported').waitFor();
    await dialog.getByText(/line 3: FileSha256 must be 64 hexadecimal characters/).waitFor();
    await screenshot(page, 'indicators-import');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await poll(() => table().getByRole('row').count()).toBe(4);
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'IP address' }).click();
    await poll(() => table().getByRole('row').count()).toBe(3);
    expect(await rowOf('192.0.2.10').getByRole('cell').nth(2).textContent()).toBe('Allow (silence)');
    await page.getByRole('searchbox', { name: 'Search indicators' }).fill('scanner');
    await poll(() => table().getByRole('row').count()).toBe(2);
    await page.getByRole('searchbox', { name: 'Search indicators' }).fill('');
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'All types' }).click();
    await poll(() => table().getByRole('row').count()).toBe(4);
    await screenshot(page, 'indicators-list');
    expect(await mainRegionViolations(page)).toEqual([]);
  });

  it('edits and deletes an indicator', async () => {
    await page.getByRole('button', { name: 'Edit 192.0.2.200' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit indicator' });
    expect(await dialog.getByRole('textbox', { name: 'Title' }).inputValue()).toBe('Implant command and control');
    await dialog.getByRole('combobox', { name: 'Severity' }).click();
    await page.getByRole('option', { name: 'Low' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await poll(() => rowOf('192.0.2.200').getByRole('cell').nth(3).textContent()).toBe('Low');
    await page.getByRole('button', { name: 'Delete 192.0.2.10' }).click();
    await page.getByRole('dialog', { name: 'Delete indicator' }).getByRole('button', { name: 'Delete' }).click();
    await poll(() => table().getByRole('row').count()).toBe(3);
    await page.reload();
    await rowOf('192.0.2.200').waitFor();
    expect(await rowOf('192.0.2.10').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('telemetry that matches an indicator raises an alert named after it', async () => {
    await ingestRows(portal.url, [
      { Table: 'DeviceNetworkEvents', Timestamp: new Date(Date.now() - 60_000).toISOString(), DeviceId: 'dev-ioc', DeviceName: 'ws-ioc.contoso.test', ActionType: 'ConnectionSuccess', RemoteIP: '192.0.2.50', RemotePort: 443, RemoteUrl: 'cdn.evil-updates.example', InitiatingProcessFileName: 'msedge.exe', InitiatingProcessAccountName: 'dana' },
    ]);
    const call = await apiSession(portal.url);
    const run = await call('POST', '/api/detections/rules/pal-ioc-network/run');
    expect(await run.json()).toMatchObject({ status: 'ok', alertsCreated: 1 });
    const alerts = (await (await call('GET', "/api/security/alerts_v2?$filter=detectionSource eq 'builtInDetection'")).json()) as { value: { title: string; severity: string }[] };
    expect(alerts.value.map((a) => [a.title, a.severity])).toEqual([['msedge.exe on ws-ioc.contoso.test connected to evil-updates.example', 'high']]);
  });

  it('a Security Reader sees the indicators but cannot change them', async () => {
    const admin = await apiSignIn(portal.url, adminEmail, adminPassword);
    const password = 'a long and unusual passphrase 42';
    await admin.call('POST', '/api/users', { email: 'ti-reader@example.test', displayName: 'TI Reader', password, roles: ['security-reader'] });
    const { page: reader, errors: readerErrors } = await newTrackedPage(browser);
    await signInThroughPage(reader, portal.url, 'ti-reader@example.test', password);
    await reader.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Indicators' }).click();
    await reader.getByRole('table', { name: 'Indicators' }).getByRole('row').filter({ hasText: 'evil-updates.example' }).waitFor();
    expect(await reader.getByRole('button', { name: 'Add indicator' }).isDisabled()).toBe(true);
    expect(await reader.getByRole('button', { name: 'Import' }).isDisabled()).toBe(true);
    expect(await reader.getByRole('button', { name: 'Delete evil-updates.example' }).isDisabled()).toBe(true);
    expect(readerErrors).toEqual([]);
  });
});
