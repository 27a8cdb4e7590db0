import type { Browser, Page } from 'playwright-core';

export const adminEmail = 'admin@example.test';
export const adminPassword = 'correct horse battery staple';

/** A signed-in API session from Node (cookie + CSRF header), for setting up users and data in tests. */
export interface ApiSession {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function apiSignIn(baseUrl: string, email: string, password: string): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('palisade_csrf='))?.split('=')[1] ?? '';
  const cookie = cookies.join('; ');
  return {
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const headers: Record<string, string> = { cookie, 'x-csrf-token': csrf };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const r = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${path} -> ${r.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

const errorLists = new WeakMap<Page, string[]>();

/** A page that records console errors and page errors; tests assert the list stays empty. */
export async function newTrackedPage(browser: Browser, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  errorLists.set(page, errors);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // Name the request behind a "Failed to load resource" console error.
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.request().postData() ?? ''} -> ${r.status()}`);
  });
  return { page, errors };
}

/** Signs in through the sign-in page and waits for the portal's navigation. */
export async function signInThroughPage(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  // In a shared working tree another engineer's `vite build` may be emptying packages/web/dist at this very
  // moment (the server then answers 500 for the page); retry the page load a few times before failing.
  // The errors of a retried attempt are dropped (only that page load's, and only when a retry follows).
  for (let attempt = 1; ; attempt++) {
    const before = errorLists.get(page)?.length ?? 0;
    const res = await page.goto(`${baseUrl}/sign-in`);
    if (res?.ok() || attempt === 5) break;
    await page.waitForTimeout(2000);
    errorLists.get(page)?.splice(before);
  }
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}

/** The visible entries of the left navigation, in order. */
export async function navigationLabels(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link');
  return (await links.allTextContents()).map((t) => t.trim());
}
