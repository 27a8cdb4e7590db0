import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { accessibilityViolations, launchBrowser, screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { adminEmail, adminPassword, navigationLabels, newTrackedPage, signInThroughPage } from './auth-helpers.ts';

describe('portal frame: sign-in, navigation, account menu', () => {
  let portal: RunningPortal;
  let browser: Browser;
  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('sends an anonymous visitor to sign-in and refuses a wrong password', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await page.goto(`${portal.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByRole('textbox', { name: 'Email' }).fill(adminEmail);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The email or password is incorrect.');
    await screenshot(page, 'frame-sign-in-error');
    expect(await accessibilityViolations(page)).toEqual([]);
    // the failed sign-in is a 401 the browser logs as a failed resource load; nothing else may be logged
    const expected401 = (e: string): boolean => e === 'Failed to load resource: the server responded with a status of 401 (Unauthorized)' || (e.startsWith('POST /api/auth/sign-in ') && e.endsWith('-> 401'));
    expect(errors.filter((e) => !expected401(e))).toEqual([]);
    expect(errors.filter(expected401)).toHaveLength(2);
    await page.context().close();
  });

  it('signs the admin in, shows the account menu, and signs out', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await signInThroughPage(page, portal.url, adminEmail, adminPassword);
    expect(await navigationLabels(page)).toContain('Home');
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByText('Healthy').waitFor();
    await screenshot(page, 'frame-home-admin');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Your sessions' }).waitFor();
    await screenshot(page, 'frame-settings');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Administrator', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).waitFor();
    await screenshot(page, 'frame-account-menu');
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${portal.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
