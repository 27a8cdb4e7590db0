import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/palisade.js', import.meta.url));
const env = { ...process.env, LOG_LEVEL: 'warn', PALISADE_ADMIN_EMAIL: 'admin@example.test', PALISADE_ADMIN_PASSWORD: 'correct horse battery staple' };

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // A background checkpoint after nearly every commit, so the kill also lands during checkpoints.
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], { env: { ...env, PALISADE_CHECKPOINT_WAL_BYTES: '65536' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /is serving (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1].replace('localhost', '127.0.0.1') });
      }
    });
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

const BATCH = 500;
const batchBody = (n: number): string =>
  Array.from({ length: BATCH }, (_, i) =>
    JSON.stringify({ Table: 'DeviceFileEvents', Timestamp: new Date().toISOString(), DeviceName: `host-${i % 7}`, ActionType: 'FileCreated', FolderPath: `batch-${n}`, FileName: `f-${i}` }),
  ).join('\n');

describe('durability', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'palisade-kill-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after SIGKILL mid-stream, every acknowledged record is there exactly once', async () => {
    const made = spawnSync(process.execPath, [bin, 'token', 'create', '--name', 'kill-test', '--permissions', 'ingest.write,hunting.run', '--data', dataDir], { env, encoding: 'utf8', timeout: 60_000 });
    expect(made.status, made.stderr).toBe(0);
    const token = made.stdout.trim().split('\n').at(-1) ?? '';
    expect(token).toMatch(/^pal_/);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' };

    const first = await startServer(dataDir);
    children.push(first.child);
    const acked = new Set<number>();
    const sent = new Set<number>();
    let n = 0;
    let killed = false;
    // Four concurrent senders stream batches; the server is killed once enough are acknowledged.
    const sender = async (): Promise<void> => {
      while (!killed) {
        const mine = n++;
        sent.add(mine);
        try {
          const res = await fetch(`${first.url}/api/ingest/defender`, { method: 'POST', headers, body: batchBody(mine) });
          if (res.status === 200) {
            const body = (await res.json()) as { accepted: number };
            if (body.accepted === BATCH) acked.add(mine);
          }
        } catch {
          return; // connection dropped by the kill
        }
        if (acked.size >= 12 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    await new Promise<void>((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r() : first.child.once('exit', () => r())));
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(12);

    const second = await startServer(dataDir);
    children.push(second.child);
    const res = await fetch(`${second.url}/api/security/runHuntingQuery`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Query: 'DeviceFileEvents | summarize n = count(), files = dcount(FileName) by FolderPath' }),
    });
    expect(res.status).toBe(200);
    const counts = new Map(((await res.json()) as { results: { FolderPath: string; n: number; files: number }[] }).results.map((r) => [r.FolderPath, r]));
    for (const b of acked) expect(counts.get(`batch-${b}`), `batch ${b}`).toEqual({ FolderPath: `batch-${b}`, n: BATCH, files: BATCH });
    // A batch in flight at the kill is all there or not at all (one transaction), never partial or doubled.
    for (const [path, r] of counts) {
      expect(sent.has(Number(path.slice('batch-'.length))), path).toBe(true);
      expect(r.n).toBe(BATCH);
    }
    second.child.kill('SIGTERM');
    await new Promise<void>((r) => second.child.once('exit', () => r()));
  }, 120_000);
});
