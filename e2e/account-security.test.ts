import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { apiSignIn, newTrackedPage } from './auth-helpers.ts';

const adminEmail = 'first-admin@example.test';
const newPassword = 'a freshly chosen passphrase 2024';

/** A TOTP code for a time step after the current one: the server accepts one step of drift, and never a used code. */
const nextStepCode = (secret: string): string => authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);

async function fillSignIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

describe('first administrator, forced password change and the second factor in a real browser', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let oneTimePassword: string;
  let totpSecret: string;
  let recoveryCodes: string[];

  beforeAll(async () => {
    // No PALISADE_ADMIN_PASSWORD: the portal makes one, prints it once, and asks for a new one at first sign-in.
    portal = await startPortal('serve', { PALISADE_ADMIN_EMAIL: adminEmail, PALISADE_ADMIN_PASSWORD: undefined });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('prints a one-time password once; signing in with it asks for a new password before anything else', async () => {
    const printed = /First administrator created: (\S+)\nOne-time password: (\S+)\n/.exec(portal.output());
    expect(printed?.[1]).toBe(adminEmail);
    oneTimePassword = printed![2]!;
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);

    const { page, errors } = await newTrackedPage(browser);
    await fillSignIn(page, portal.url, adminEmail, oneTimePassword);
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    // the portal is not reachable until the password is changed
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);
    await page.goto(`${portal.url}/permissions`);
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);
    await screenshot(page, 'account-forced-password-change');
    expect(await accessibilityViolations(page)).toEqual([]);

    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill(oneTimePassword);
    // a common password is refused with the reason
    await form.getByLabel(/^New password/).fill('password1234');
    await form.getByLabel('Confirm new password').fill('password1234');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(async () => (await form.getByRole('alert').textContent()) ?? '').toMatch(/common|breached/i);
    // the refusal is the only error so far (the 400 and its console line), and it is the one expected
    const refusal = errors.splice(0);
    expect(refusal.some((e) => e.startsWith('POST /api/auth/change-password') && e.endsWith('-> 400'))).toBe(true);
    expect(refusal.every((e) => e.startsWith('POST /api/auth/change-password') || e.includes('400 (Bad Request)'))).toBe(true);

    await form.getByLabel(/^New password/).fill(newPassword);
    await form.getByLabel('Confirm new password').fill(newPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    // straight into the portal, on the page asked for
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('heading', { name: 'Permissions & roles' }).waitFor();
    await screenshot(page, 'account-after-password-change');

    // the one-time password no longer works; the new one does
    const old = await fetch(`${portal.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: oneTimePassword }) });
    expect(old.status).toBe(401);
    const me = await (await apiSignIn(portal.url, adminEmail, newPassword)).call<{ mustChangePassword: boolean }>('GET', '/api/auth/me');
    expect(me.mustChangePassword).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('turns on an authenticator app in Settings, shows the recovery codes once', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await fillSignIn(page, portal.url, adminEmail, newPassword);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Second factor' });
    await section.getByRole('button', { name: 'Set up an authenticator app' }).click();
    totpSecret = ((await section.getByLabel('Secret key').textContent()) ?? '').trim();
    expect(totpSecret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await section.getByRole('link', { name: 'Open in authenticator app' }).getAttribute('href')).toContain(`secret=${totpSecret}`);
    await section.getByRole('textbox', { name: '6-digit code' }).fill(authenticator.generate(totpSecret));
    await section.getByRole('button', { name: 'Turn on' }).click();
    const codes = section.getByRole('list', { name: 'Recovery codes' });
    await codes.waitFor();
    recoveryCodes = (await codes.getByRole('listitem').allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes.every((c) => /^[a-z0-9]{5}-[a-z0-9]{5}$/.test(c))).toBe(true);
    await screenshot(page, 'account-recovery-codes');
    await section.getByRole('button', { name: 'I saved my recovery codes' }).click();
    await section.getByText('An authenticator app is set up. 10 recovery codes left.').waitFor();
    // shown once: nowhere on the page any more
    expect(await page.getByText(recoveryCodes[0]!).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('asks for the code at sign-in: a wrong code is refused, a code from the app signs in', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await fillSignIn(page, portal.url, adminEmail, newPassword);
    await page.getByRole('heading', { name: 'Enter your verification code' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);
    await screenshot(page, 'account-second-factor');
    expect(await accessibilityViolations(page)).toEqual([]);
    const code = page.getByRole('textbox', { name: /Code from your authenticator app/ });
    const good = nextStepCode(totpSecret);
    await code.fill(good === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').waitFor();
    // still on the code step (a wrong code does not restart the sign-in)
    await page.getByRole('heading', { name: 'Enter your verification code' }).waitFor();
    const refused = errors.splice(0);
    expect(refused.some((e) => e.startsWith('POST /api/auth/sign-in/mfa') && e.endsWith('-> 401'))).toBe(true);
    expect(refused.every((e) => e.startsWith('POST /api/auth/sign-in/mfa') || e.includes('401 (Unauthorized)'))).toBe(true);
    await code.fill(good);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('region', { name: 'Your access' }).getByText('Second factor: on (10 recovery codes left)').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a recovery code signs in once', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await fillSignIn(page, portal.url, adminEmail, newPassword);
    await page.getByRole('textbox', { name: /Code from your authenticator app/ }).fill(recoveryCodes[3]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('region', { name: 'Your access' }).getByText('Second factor: on (9 recovery codes left)').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
    // used once: a second use is refused
    const first = await fetch(`${portal.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: newPassword }) });
    const { mfaToken } = (await first.json()) as { mfaToken: string };
    const again = await fetch(`${portal.url}/api/auth/sign-in/mfa`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mfaToken, code: recoveryCodes[3] }) });
    expect(again.status).toBe(401);
  });

  it('when the administrator requires a second factor, a person without one must set it up before using the portal', async () => {
    // the admin has a second factor now: sign in through the API with a recovery code
    const start = await fetch(`${portal.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: newPassword }) });
    const { mfaToken } = (await start.json()) as { mfaToken: string };
    const done = await fetch(`${portal.url}/api/auth/sign-in/mfa`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mfaToken, code: recoveryCodes[0] }) });
    expect(done.status).toBe(200);
    const cookies = done.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = cookies.find((c) => c.startsWith('palisade_csrf='))?.split('=')[1] ?? '';
    const call = async (method: string, path: string, body: unknown): Promise<Response> =>
      fetch(`${portal.url}${path}`, { method, headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await call('PUT', '/api/auth/settings', { mfaRequirement: 'everyone' })).status).toBe(200);
    expect((await call('POST', '/api/users', { email: 'reader@example.test', displayName: 'Rita Reader', password: 'a reader passphrase 31', roles: ['security-reader'] })).status).toBe(201);

    const { page, errors } = await newTrackedPage(browser);
    await fillSignIn(page, portal.url, 'reader@example.test', 'a reader passphrase 31');
    await page.getByRole('heading', { name: 'Set up a second factor' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByLabel('Secret key').waitFor();
    await screenshot(page, 'account-mfa-enrolment-required');
    expect(await accessibilityViolations(page)).toEqual([]);
    // the way out without finishing: sign out, and back in, still asked to set it up
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await fillSignIn(page, portal.url, 'reader@example.test', 'a reader passphrase 31');
    await page.getByRole('heading', { name: 'Set up a second factor' }).waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = ((await page.getByLabel('Secret key').textContent()) ?? '').trim();
    await page.getByRole('textbox', { name: '6-digit code' }).fill(authenticator.generate(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'I saved my recovery codes' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('region', { name: 'Your access' }).getByText('Second factor: on (10 recovery codes left)').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
