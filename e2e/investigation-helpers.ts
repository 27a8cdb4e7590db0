import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const adminEmail = 'admin@example.test';
export const adminPassword = 'correct horse battery staple';

/** A browser context signed in as the bootstrap admin (session cookies from the real sign-in API). */
export async function signedInContext(browser: Browser, url: string): Promise<BrowserContext> {
  const res = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: adminPassword }) });
  expect(res.status).toBe(200);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies(
    res.headers.getSetCookie().map((c) => {
      const [pair] = c.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      return { name: name!.trim(), value: value.join('='), url };
    }),
  );
  return context;
}

/** Console errors and page errors of a page; a test asserts the list stays empty. */
export function trackErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // The frame asks for /api/me/preferences, whose route is not merged yet; that 404 is not this screen's.
    if (m.location().url.endsWith('/api/me/preferences')) return;
    errors.push(`${m.text()} (${m.location().url})`);
  });
  return errors;
}

/**
 * axe-core over the page's main region (the screen under test), serious and critical only. Fluent UI's
 * focus sentinels (tabster's `data-tabster-dummy`, aria-hidden and focusable by design: they hand focus
 * on to the arrow-key group) are excluded; they are Fluent's, not ours. So is Monaco's suggestion list
 * (`.suggest-widget .monaco-list`): Monaco sets its aria-activedescendant to a row id before it draws that row
 * (and keeps it while the list is hidden), which axe reports as aria-valid-attr-value; no editor option
 * changes it. Only that list is left out: the editor's own textbox is still checked.
 */
export async function mainRegionViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  await page.addScriptTag({ path: fileURLToPath(import.meta.resolve('axe-core/axe.min.js')) });
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
    const w = window as unknown as { axe: { run(ctx: unknown): Promise<Result> } };
    const result = await w.axe.run({ include: [['main']], exclude: [['[data-tabster-dummy]'], ['.suggest-widget .monaco-list']] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** Signs in through the API from Node; returns a caller that sends the session cookie and CSRF header. */
export async function apiSession(url: string): Promise<(method: string, path: string, body?: string | object, contentType?: string) => Promise<Response>> {
  const res = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: adminPassword }) });
  expect(res.status).toBe(200);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('palisade_csrf='))?.split('=')[1] ?? '';
  return (method, path, body, contentType = 'application/json') =>
    fetch(`${url}${path}`, {
      method,
      headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
}

/** Sends Advanced Hunting rows (each with its `Table`) through the real ingest API, in batches. */
export async function ingestRows(url: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const call = await apiSession(url);
  for (let i = 0; i < rows.length; i += 5000) {
    const body = rows.slice(i, i + 5000).map((r) => JSON.stringify(r)).join('\n');
    const res = await call('POST', '/api/ingest/defender', body, 'application/x-ndjson');
    expect(res.status, await res.clone().text()).toBeLessThan(300);
  }
}

/** Deterministic process events over the last hours: devices ws-000.., a few file names, command lines. */
export function processEvents(count: number, now = Date.now()): Record<string, unknown>[] {
  const files = ['powershell.exe', 'cmd.exe', 'svchost.exe', 'chrome.exe', 'winword.exe', 'rundll32.exe'];
  return Array.from({ length: count }, (_, i) => ({
    Table: 'DeviceProcessEvents',
    Timestamp: new Date(now - (i % 720) * 60_000 - 1000).toISOString(),
    DeviceId: `dev-${String(i % 40).padStart(3, '0')}`,
    DeviceName: `ws-${String(i % 40).padStart(3, '0')}.contoso.test`,
    ActionType: 'ProcessCreated',
    FileName: files[i % files.length],
    ProcessId: 1000 + i,
    ProcessCommandLine: `${files[i % files.length]} -arg ${i}`,
    AccountName: `user${i % 7}`,
    InitiatingProcessFileName: i % 3 === 0 ? 'explorer.exe' : 'services.exe',
    ReportId: i,
  }));
}

/** expect.poll with a timeout fit for a real browser loading lazy chunks and calling the real API. */
export function poll<T>(fn: () => Promise<T> | T, timeout = 15_000) {
  return expect.poll(fn, { timeout });
}
