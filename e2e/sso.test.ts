import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { adminEmail, adminPassword, apiSignIn, navigationLabels, newTrackedPage } from './auth-helpers.ts';

/** People the test provider knows; any password is accepted by its development login page. */
const people: Record<string, { email: string; name: string; groups: string[] }> = {
  alice: { email: 'alice@corp.test', name: 'Alice Analyst', groups: ['soc-analysts', 'everyone'] },
  bob: { email: 'bob@corp.test', name: 'Bob Nobody', groups: ['everyone'] },
};

/**
 * A real OpenID provider (the oidc-provider package) on a loopback port. The server listens first (its
 * address is the issuer the portal is started with); the provider itself is made once the portal's address
 * (its redirect URI) is known.
 */
async function listenForProvider(): Promise<{ issuer: string; server: Server; serve(redirectUri: string): void }> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    server,
    serve(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [{ client_id: 'palisade', client_secret: 'palisade-e2e-secret', redirect_uris: [redirectUri], response_types: ['code'], grant_types: ['authorization_code'] }],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
        scopes: ['openid', 'email', 'profile', 'groups'],
        findAccount: (_ctx: unknown, id: string) => {
          const p = people[id];
          return p ? { accountId: id, claims: () => ({ sub: id, email: p.email, email_verified: true, name: p.name, groups: p.groups }) } : undefined;
        },
        cookies: { keys: ['oidc-e2e-cookie-key'] },
        features: { devInteractions: { enabled: true } },
      });
      handler = provider.callback();
    },
  };
}

describe('single sign-on in a real browser against a real OpenID provider', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let idp: Awaited<ReturnType<typeof listenForProvider>>;
  let operatorPermissions: Set<string>;
  let portalOrigin: string;

  beforeAll(async () => {
    idp = await listenForProvider();
    portal = await startPortal('serve', {
      PALISADE_OIDC_ISSUER: idp.issuer,
      PALISADE_OIDC_CLIENT_ID: 'palisade',
      PALISADE_OIDC_CLIENT_SECRET: 'palisade-e2e-secret',
      PALISADE_OIDC_SCOPES: 'openid email profile groups',
      PALISADE_OIDC_ROLE_MAP: 'soc-analysts=security-operator',
      PALISADE_OIDC_DISPLAY_NAME: 'Corp SSO',
      PALISADE_OIDC_ALLOW_HTTP: '1',
    });
    portalOrigin = new URL(portal.url).origin;
    idp.serve(`${portal.url}/api/auth/oidc/callback`);
    browser = await launchBrowser();
    const admin = await apiSignIn(portal.url, adminEmail, adminPassword);
    const roles = (await admin.call<{ builtInRoles: { id: string; permissions: string[] }[] }>('GET', '/api/auth/permissions')).builtInRoles;
    operatorPermissions = new Set(roles.find((r) => r.id === 'security-operator')!.permissions);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    if (idp) await new Promise((r) => idp.server.close(r));
  });

  /**
   * Clicks "Sign in with Corp SSO" on the portal's sign-in page; at the provider, signs in on its login page and
   * consents (`atProvider`), or expects to come straight back (the provider still has a session).
   */
  async function signInWithSso(page: Page, login: string | undefined, startPath = '/'): Promise<void> {
    // The provider's development pages @import a Google font; the sandbox has no internet, so answer it empty.
    await page.route((u) => u.hostname !== '127.0.0.1' && u.hostname !== 'localhost', (r) => r.fulfill({ status: 200, contentType: 'text/css', body: '' }));
    await page.goto(`${portal.url}${startPath}`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('link', { name: 'Sign in with Corp SSO' }).click();
    if (login !== undefined) {
      await page.waitForURL((u) => u.origin === idp.issuer);
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill('any password');
      await screenshot(page, 'sso-provider-login');
      await page.locator('button[type="submit"]').click();
      // The consent page ("Authorize"), then back to the portal.
      await page.getByRole('button', { name: 'Continue' }).click();
    }
    await page.waitForURL((u) => u.origin === portalOrigin && u.pathname !== '/sign-in');
  }

  it('offers the SSO button, signs a person in through the provider and shows their mapped role’s navigation', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await signInWithSso(page, 'alice', '/advanced-hunting');
    // back at the portal, signed in, on the page asked for before sign-in
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/advanced-hunting');
    const nav = await navigationLabels(page);
    expect(nav).toContain('Incidents');
    expect(nav).toContain('Advanced hunting');
    expect(nav).not.toContain('Permissions');
    expect(operatorPermissions.has('authorization.read')).toBe(false);
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Alice Analyst' }).waitFor();
    const access = page.getByRole('region', { name: 'Your access' });
    await access.getByText('Security Operator').waitFor();
    expect(await access.textContent()).toContain(`${operatorPermissions.size} permissions`);
    await screenshot(page, 'sso-signed-in-home');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The account was made just in time, as an SSO account with the mapped role.
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json() as Promise<{ email: string; authSource: string; roles: { id: string }[] }>);
    expect(me).toMatchObject({ email: 'alice@corp.test', authSource: 'oidc' });
    expect(me.roles.map((r) => r.id)).toEqual(['security-operator']);

    // Signing out and in again through SSO works without a new account.
    await page.getByRole('button', { name: 'Alice Analyst' }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signInWithSso(page, undefined);
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Alice Analyst' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a sign-in cancelled at the provider comes back to the sign-in page with the reason', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await page.route((u) => u.hostname !== '127.0.0.1' && u.hostname !== 'localhost', (r) => r.fulfill({ status: 200, contentType: 'text/css', body: '' }));
    await page.goto(`${portal.url}/sign-in`);
    const sso = page.getByRole('link', { name: 'Sign in with Corp SSO' });
    await sso.waitFor();
    await screenshot(page, 'sso-sign-in-page');
    await sso.click();
    await page.waitForURL((u) => u.origin === idp.issuer);
    await page.getByRole('link', { name: '[ Cancel ]' }).click();
    await page.waitForURL((u) => u.origin === portalOrigin && u.pathname === '/sign-in');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Single sign-on failed: the identity provider said access_denied/);
    await screenshot(page, 'sso-cancelled');
    // nobody is signed in, and the password form is still there
    await page.getByRole('textbox', { name: 'Email' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a person in no mapped group signs in with no role: only the screens anyone may use', async () => {
    const { page, errors } = await newTrackedPage(browser);
    await signInWithSso(page, 'bob');
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    expect(await navigationLabels(page)).toEqual(['Home', 'Settings']);
    await page.getByRole('region', { name: 'Your access' }).getByText('No role assigned').waitFor();
    await screenshot(page, 'sso-no-role-home');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
