import type { Page } from 'playwright-core';
import { screenshot, startPortal } from './harness.ts';
import type { RunningPortal } from './harness.ts';
import { apiSession, poll } from './investigation-helpers.ts';

/** What GET /api/demo/status answers (packages/server/src/demo/demo.service.ts). */
export interface DemoStatus {
  seeding: 'none' | 'seeding' | 'done';
  rows: number | null;
  readySeconds: number | null;
  stories: { id: string; title: string; benign: boolean; start: string; events: number }[];
  detections: { rules: number; pending: number; since: string | null };
  ready: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The demo's `--now`: the latest Thursday 00:00 UTC, so the simulated day is always a Wednesday ending at
 * midnight (the same working day, stories at the same hours, the same incidents each run) and it is at most
 * eight days old: inside the rules' 30-day first look-back and the queue's time filter. A fixed date would
 * fall out of the look-back a month later; the current hour moves the stories against the working day.
 */
export function demoNow(at = new Date()): Date {
  const midnight = Math.floor(at.getTime() / DAY_MS) * DAY_MS;
  return new Date(midnight - ((at.getUTCDay() - 4 + 7) % 7) * DAY_MS);
}

/**
 * `palisade demo` with a small organisation (24 devices, 60 users, one day, seed 1: every story, about
 * 15,000 events), checked ready on the demo status: seeding done and every rule run over the seeded history.
 * (The demo makes that pass before it serves; the status is what a script waits on, so the test uses it.)
 * The server's own detection scheduler stays off, as in every browser test (VITEST is inherited): no
 * background pass races the steps.
 */
export async function startSmallDemo(timeoutMs = 90_000): Promise<{ portal: RunningPortal; status: DemoStatus }> {
  const now = demoNow().toISOString();
  const portal = await startPortal('demo', {}, ['--devices', '24', '--users', '60', '--days', '1', '--seed', '1', '--now', now]);
  try {
    const call = await apiSession(portal.url);
    const deadline = Date.now() + timeoutMs;
    let status: DemoStatus | undefined;
    while (Date.now() < deadline) {
      const res = await call('GET', '/api/demo/status');
      if (res.status !== 200) throw new Error(`GET /api/demo/status answered ${res.status}: ${await res.text()}`);
      status = (await res.json()) as DemoStatus;
      if (status.ready) return { portal, status };
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the demo was not ready in ${timeoutMs / 1000} s: ${JSON.stringify(status)}\n${portal.output()}`);
  } catch (err) {
    await portal.stop();
    throw err;
  }
}

/** Replaces the editor's text as a person does: select all, delete, type. */
export async function typeQuery(page: Page, text: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: /Query editor/ });
  await editor.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** The text Monaco shows (it renders spaces as no-break spaces). */
export async function editorText(page: Page): Promise<string> {
  return ((await page.locator('.view-lines').textContent()) ?? '').replaceAll('\u00a0', ' ');
}

/** A screenshot once the screen has settled: no Fluent spinner left (lazy panels such as charts load after the page). */
export async function settledScreenshot(page: Page, name: string): Promise<string> {
  await poll(() => page.locator('.fui-Spinner').count()).toBe(0);
  return screenshot(page, name);
}
