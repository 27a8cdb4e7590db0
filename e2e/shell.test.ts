import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { accessibilityViolations, launchBrowser, screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { adminEmail, adminPassword, signInThroughPage } from './auth-helpers.ts';

describe('portal shell in a real browser', () => {
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

  it('serves the shell with title, top bar, navigation and a healthy home page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(portal.url);
    expect(await page.title()).toBe('Palisade');
    await signInThroughPage(page, portal.url, adminEmail, adminPassword);
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Palisade');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link', { name: 'Home' }).count()).toBe(1);
    await page.getByText('Healthy').waitFor();
    await screenshot(page, 'shell-home');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('serves deep links through the SPA fallback and shows a not-found page', async () => {
    const page = await browser.newPage();
    await signInThroughPage(page, portal.url, adminEmail, adminPassword);
    const res = await page.goto(`${portal.url}/no/such/screen`);
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });
});
