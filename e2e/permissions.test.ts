import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { accessibilityViolations, launchBrowser, screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { adminEmail, adminPassword, apiSignIn, newTrackedPage, signInThroughPage } from './auth-helpers.ts';
import type { ApiSession } from './auth-helpers.ts';

describe('Settings > Permissions & roles against the real APIs', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let admin: ApiSession;

  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    admin = await apiSignIn(portal.url, adminEmail, adminPassword);
    // Three devices through the real ingest API, so the device-group preview has something to match.
    const now = new Date().toISOString();
    const devices = [
      { DeviceName: 'srv-web01.corp.example.com', OSPlatform: 'WindowsServer2022' },
      { DeviceName: 'srv-db01.corp.example.com', OSPlatform: 'WindowsServer2022' },
      { DeviceName: 'laptop-ann.corp.example.com', OSPlatform: 'Windows11' },
    ];
    await admin.call(
      'POST',
      '/api/ingest/defender',
      devices.map((d, i) => ({ Table: 'DeviceInfo', Timestamp: now, DeviceId: `dev-${i}`, ...d })),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('lists users and roles, creates a custom role, adds a user with a one-time password', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, adminEmail, adminPassword);
    await page.getByRole('link', { name: 'Permissions' }).click();
    await page.getByRole('heading', { name: 'Permissions & roles' }).waitFor();
    const users = page.getByRole('table', { name: 'Users' });
    await users.getByRole('cell', { name: adminEmail }).waitFor();

    await page.getByRole('button', { name: 'Add user' }).click();
    const addUser = page.getByRole('dialog', { name: 'Add user' });
    await addUser.getByRole('textbox', { name: 'Email' }).fill('ann@example.test');
    await addUser.getByRole('textbox', { name: 'Display name' }).fill('Ann Analyst');
    await addUser.getByRole('checkbox', { name: 'Security Reader' }).check();
    await addUser.getByRole('button', { name: 'Add user' }).click();
    const secret = page.getByRole('dialog', { name: 'One-time password' });
    expect((await secret.getByLabel('Secret').textContent())?.length).toBeGreaterThan(10);
    await screenshot(page, 'permissions-one-time-password');
    await secret.getByRole('button', { name: 'Done' }).click();
    await users.getByRole('cell', { name: 'ann@example.test' }).waitFor();
    expect(await users.getByRole('row', { name: /Ann Analyst/ }).textContent()).toContain('password change pending');
    await screenshot(page, 'permissions-users');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Roles' }).click();
    const roles = page.getByRole('table', { name: 'Roles' });
    await roles.getByRole('cell', { name: /Global Administrator/ }).waitFor();
    expect(await roles.getByRole('button', { name: 'Edit Global Administrator' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Create custom role' }).click();
    const roleDialog = page.getByRole('dialog', { name: 'Create custom role' });
    await roleDialog.getByRole('textbox', { name: 'Role name' }).fill('Tier 1 triage');
    await roleDialog.getByRole('checkbox', { name: /^security\.read/ }).check();
    await roleDialog.getByRole('checkbox', { name: /^alerts\.manage/ }).check();
    await roleDialog.getByRole('button', { name: 'Create role' }).click();
    await roles.getByRole('row', { name: /Tier 1 triage/ }).waitFor();
    const saved = (await admin.call<{ value: { name: string; permissions: string[]; builtIn: boolean }[] }>('GET', '/api/roles')).value.find((r) => r.name === 'Tier 1 triage');
    expect(saved).toMatchObject({ builtIn: false });
    expect([...saved!.permissions].sort()).toEqual(['alerts.manage', 'security.read']);
    await screenshot(page, 'permissions-roles');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('previews the devices a device group takes while typing, then saves it and scopes an assignment to it', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, adminEmail, adminPassword);
    await page.goto(`${portal.url}/permissions?tab=device-groups`);
    const table = page.getByRole('table', { name: 'Device groups' });
    await table.getByRole('cell', { name: /Ungrouped devices/ }).waitFor();
    await page.getByRole('button', { name: 'Add device group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add device group' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Servers');
    await dialog.getByRole('textbox', { name: 'Device name patterns' }).fill('srv-*');
    const preview = dialog.getByRole('table', { name: 'Preview of matching devices' });
    await expect.poll(() => dialog.getByRole('region', { name: 'Matching devices' }).textContent()).toContain('2 matching devices');
    expect((await preview.getByRole('row').allTextContents()).slice(1).join(' ')).toMatch(/srv-web01.*|srv-db01.*/);
    expect(await preview.getByRole('row').count()).toBe(3);
    await screenshot(page, 'permissions-device-group-preview');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Add device group' }).click();
    await expect.poll(() => table.getByRole('row', { name: /Servers/ }).textContent()).toContain('2');

    await page.getByRole('tab', { name: 'Assignments' }).click();
    await page.getByRole('button', { name: 'Assign a role' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign a role' });
    await assign.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Security Operator' }).click();
    await assign.getByRole('combobox', { name: 'User' }).click();
    await page.getByRole('option', { name: /Administrator/ }).click();
    await assign.getByRole('radio', { name: 'Only these device groups' }).check();
    await assign.getByRole('checkbox', { name: /Servers/ }).check();
    await assign.getByRole('button', { name: 'Assign' }).click();
    const assignments = page.getByRole('table', { name: 'Role assignments' });
    await expect.poll(() => assignments.getByRole('row', { name: /Security Operator/ }).textContent()).toContain('Servers');
    await screenshot(page, 'permissions-assignments');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('creates an API token whose secret is shown once and works as a bearer token, then revokes it', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, adminEmail, adminPassword);
    await page.goto(`${portal.url}/permissions?tab=tokens`);
    await page.getByRole('button', { name: 'Create API token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API token' });
    await dialog.getByRole('textbox', { name: 'Token name' }).fill('lab reader');
    await dialog.getByRole('checkbox', { name: /^security\.read/ }).check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new API token' });
    const secret = (await shown.getByLabel('Secret').textContent()) ?? '';
    expect(secret).toMatch(/^pal_/);
    await screenshot(page, 'permissions-token-secret');
    const me = await fetch(`${portal.url}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(await me.json()).toMatchObject({ kind: 'token', name: 'lab reader', permissions: ['security.read'] });
    await shown.getByRole('button', { name: 'Done' }).click();
    const table = page.getByRole('table', { name: 'API tokens' });
    expect(await table.textContent()).not.toContain(secret);
    await table.getByRole('button', { name: 'Revoke lab reader' }).click();
    await table.getByText('revoked').waitFor();
    expect((await fetch(`${portal.url}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);

    await page.getByRole('tab', { name: 'Audit log' }).click();
    const audit = page.getByRole('table', { name: 'Audit log' });
    await audit.getByRole('cell', { name: /token\./ }).first().waitFor();
    await screenshot(page, 'permissions-audit');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a Global Reader sees the screen read-only, in the dark theme', async () => {
    await admin.call('POST', '/api/users', { email: 'gr@example.test', displayName: 'Gail Reader', password: 'another long passphrase 77', roles: ['global-reader'] });
    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, 'gr@example.test', 'another long passphrase 77');
    await page.getByRole('button', { name: 'Gail Reader' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Dark theme' }).click();
    await page.keyboard.press('Escape');
    await page.goto(`${portal.url}/permissions`);
    await page.getByRole('table', { name: 'Users' }).waitFor();
    expect(await page.getByRole('tab', { name: 'API tokens' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add user' }).isDisabled()).toBe(true);
    await screenshot(page, 'permissions-reader-dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    // the theme is a server-side preference: a new browser context gets it back after sign-in
    expect(await admin.call('GET', '/api/users')).toBeDefined();
    const again = await newTrackedPage(browser);
    await signInThroughPage(again.page, portal.url, 'gr@example.test', 'another long passphrase 77');
    await expect.poll(() => again.page.evaluate(() => getComputedStyle(document.querySelector('main')!).backgroundColor)).toBe('rgb(41, 41, 41)');
    await screenshot(again.page, 'frame-home-dark');
    expect([...errors, ...again.errors]).toEqual([]);
    await page.context().close();
    await again.page.context().close();
  });
});
