import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const resultsDir = join(repoRoot, 'test-results');
export const chromiumPath = process.env.PALISADE_CHROMIUM ?? '/usr/bin/chromium';

export interface RunningPortal {
  url: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the real server (the `palisade` CLI) on a free port with a temp data dir; `args` are the command's further flags. */
export async function startPortal(command: 'serve' | 'demo' = 'serve', env: NodeJS.ProcessEnv = {}, args: readonly string[] = []): Promise<RunningPortal> {
  const dataDir = mkdtempSync(join(tmpdir(), 'palisade-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'packages/server/bin/palisade.js'), command, '--port', '0', '--host', '127.0.0.1', '--data', dataDir, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', PALISADE_ADMIN_EMAIL: 'admin@example.test', PALISADE_ADMIN_PASSWORD: 'correct horse battery staple', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${out}`)), 120_000);
    const check = (): void => {
      const m = /is serving (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function accessibilityViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; nodes: number }[]> {
  const axePath = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }> } };
    // Fluent's focus manager (tabster) adds aria-hidden focus traps on purpose: a known axe false positive
    // (microsoft/tabster#288). They are left out; everything else is checked.
    return w.axe.run({ include: [document], exclude: [['[data-tabster-dummy]']] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
}
