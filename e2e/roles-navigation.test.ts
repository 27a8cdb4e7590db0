import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { accessibilityViolations, launchBrowser, screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { adminEmail, adminPassword, apiSignIn, navigationLabels, newTrackedPage, signInThroughPage } from './auth-helpers.ts';
import type { ApiSession } from './auth-helpers.ts';

/**
 * The screens in the navigation and the cards on Home, each with the permission it needs (null: anyone
 * signed in), in Defender's order. Adding a screen or card to the portal means adding it here.
 */
const screens: { label: string; permission: string | null }[] = [
  { label: 'Home', permission: null },
  { label: 'Incidents', permission: 'security.read' },
  { label: 'Alerts', permission: 'security.read' },
  { label: 'Advanced hunting', permission: 'hunting.run' },
  { label: 'Custom detection rules', permission: 'security.read' },
  { label: 'Settings', permission: null },
  { label: 'Indicators', permission: 'security.read' },
  { label: 'Permissions', permission: 'authorization.read' },
];
const cards: { title: string; permission: string | null }[] = [
  { title: 'Active incidents', permission: 'security.read' },
  { title: 'Alerts trend', permission: 'security.read' },
  { title: 'Hunting shortcuts', permission: 'hunting.run' },
  { title: 'Your access', permission: null },
  { title: 'Data ingestion', permission: 'settings.system' },
  { title: 'Your sessions', permission: null },
  { title: 'Portal status', permission: null },
];

const password = 'a long and unusual passphrase 42';

describe('each built-in role sees exactly its navigation and home cards', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let admin: ApiSession;
  let builtInRoles: { id: string; name: string; permissions: string[] }[];
  const emailOf = (roleId: string): string => `${roleId}@example.test`;

  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    admin = await apiSignIn(portal.url, adminEmail, adminPassword);
    builtInRoles = (await admin.call<{ builtInRoles: { id: string; name: string; permissions: string[] }[] }>('GET', '/api/auth/permissions')).builtInRoles;
    for (const role of builtInRoles) {
      await admin.call('POST', '/api/users', { email: emailOf(role.id), displayName: `${role.name} Person`, password, roles: [role.id] });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('knows the five built-in roles', () => {
    expect(builtInRoles.map((r) => r.name)).toEqual(['Global Administrator', 'Security Administrator', 'Security Operator', 'Security Reader', 'Global Reader']);
  });

  for (const roleId of ['global-administrator', 'security-administrator', 'security-operator', 'security-reader', 'global-reader']) {
    it(`${roleId}: navigation and home cards`, async () => {
      const role = builtInRoles.find((r) => r.id === roleId)!;
      const held = new Set(role.permissions);
      const { page, errors } = await newTrackedPage(browser);
      await signInThroughPage(page, portal.url, emailOf(roleId), password);
      await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
      const expectedNav = screens.filter((s) => s.permission === null || held.has(s.permission)).map((s) => s.label);
      expect(await navigationLabels(page)).toEqual(expectedNav);
      const expectedCards = cards.filter((c) => c.permission === null || held.has(c.permission)).map((c) => c.title);
      await page.getByText('Healthy').waitFor();
      const cardTitles = await page.getByRole('region').getByRole('heading', { level: 2 }).allTextContents();
      expect(cardTitles).toEqual(expectedCards);
      await screenshot(page, `roles-home-${roleId}`);
      // a screen outside the role's permissions is refused, not shown
      if (!held.has('authorization.read')) {
        await page.goto(`${portal.url}/permissions`);
        await page.getByRole('heading', { name: 'You do not have access to this page' }).waitFor();
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('readers lack Permissions and Data ingestion; the Global Administrator has them (the table above is not vacuous)', () => {
    const perms = (id: string) => new Set(builtInRoles.find((r) => r.id === id)!.permissions);
    expect(perms('security-reader').has('authorization.read')).toBe(false);
    expect(perms('global-reader').has('authorization.read')).toBe(true);
    expect(perms('global-administrator').has('settings.system')).toBe(true);
    expect(perms('security-administrator').has('settings.system')).toBe(false);
  });

  it('navigation customisation survives sign-out and is invisible to another person', async () => {
    const reader = emailOf('global-reader');
    const readerPermissions = new Set(builtInRoles.find((r) => r.id === 'global-reader')!.permissions);
    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, reader, password);
    const defaults = screens.filter((x) => x.permission === null || readerPermissions.has(x.permission)).map((x) => x.label);
    expect(await navigationLabels(page)).toEqual(defaults);
    // Settings hidden, Permissions moved up two places
    const customised = defaults.filter((l) => l !== 'Permissions');
    customised.splice(defaults.indexOf('Permissions') - 2, 0, 'Permissions');
    const shown = customised.filter((l) => l !== 'Settings');
    await page.getByRole('button', { name: 'Customize navigation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Customize navigation' });
    await dialog.getByRole('checkbox', { name: 'Settings' }).uncheck();
    await dialog.getByRole('button', { name: 'Move Permissions up' }).click();
    await dialog.getByRole('button', { name: 'Move Permissions up' }).click();
    await screenshot(page, 'roles-customize-navigation');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => navigationLabels(page)).toEqual(shown);

    await page.getByRole('button', { name: 'Global Reader Person' }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signInThroughPage(page, portal.url, reader, password);
    await expect.poll(() => navigationLabels(page)).toEqual(shown);
    await page.context().close();

    // another person with the same role sees the default navigation
    await admin.call('POST', '/api/users', { email: 'second-reader@example.test', displayName: 'Second Reader', password, roles: ['global-reader'] });
    const other = await newTrackedPage(browser);
    await signInThroughPage(other.page, portal.url, 'second-reader@example.test', password);
    await other.page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    expect(await navigationLabels(other.page)).toEqual(defaults);
    expect([...errors, ...other.errors]).toEqual([]);
    await other.page.context().close();
  });

  it('home cards can be removed, reordered and added back, and stay so', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, emailOf('security-operator'), password);
    const titles = () => page.getByRole('region').getByRole('heading', { level: 2 }).allTextContents();
    const held = new Set(builtInRoles.find((r) => r.id === 'security-operator')!.permissions);
    const defaults = cards.filter((c) => c.permission === null || held.has(c.permission)).map((c) => c.title);
    expect(defaults.slice(-3)).toEqual(['Your access', 'Your sessions', 'Portal status']);
    const before = defaults.slice(0, -3);
    await expect.poll(titles).toEqual(defaults);
    await page.getByRole('button', { name: 'Options for Your sessions' }).click();
    await page.getByRole('menuitem', { name: 'Remove card' }).click();
    await expect.poll(titles).toEqual([...before, 'Your access', 'Portal status']);
    await page.getByRole('button', { name: 'Options for Portal status' }).click();
    await page.getByRole('menuitem', { name: 'Move earlier' }).click();
    await expect.poll(titles).toEqual([...before, 'Portal status', 'Your access']);
    await page.reload();
    await expect.poll(titles).toEqual([...before, 'Portal status', 'Your access']);
    await page.getByRole('button', { name: 'Add cards' }).click();
    await page.getByRole('menuitem', { name: 'Your sessions' }).click();
    await expect.poll(titles).toEqual([...before, 'Portal status', 'Your access', 'Your sessions']);
    await screenshot(page, 'roles-home-customised');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
