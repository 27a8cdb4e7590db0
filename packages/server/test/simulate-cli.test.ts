import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/palisade.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
const dir = mkdtempSync(join(tmpdir(), 'palisade-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('palisade simulate', () => {
  it('writes day files in the defender format, the ground truth and the organisation', () => {
    const out = join(dir, 'out');
    const r = run('simulate', '--devices', '16', '--users', '50', '--days', '2', '--seed', '3', '--now', '2024-11-15T12:00:00Z', '--stories', 'ransomware,password-spray-bec', '--out', out);
    expect(r.stderr).toContain('16 devices, 50 users, 2 days');
    expect(r.status).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['events-2024-11-13.ndjson', 'events-2024-11-14.ndjson', 'events-2024-11-15.ndjson', 'ground-truth.ndjson', 'organisation.json']);
    const first = JSON.parse(readFileSync(join(out, 'events-2024-11-14.ndjson'), 'utf8').split('\n')[0]!) as { Table: string; Timestamp: string };
    expect(typeof first.Table).toBe('string');
    expect(first.Timestamp.startsWith('2024-11-14')).toBe(true);
    const truth = readFileSync(join(out, 'ground-truth.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { story: string });
    expect(new Set(truth.map((t) => t.story))).toEqual(new Set(['ransomware', 'password-spray-bec']));
    const org = JSON.parse(readFileSync(join(out, 'organisation.json'), 'utf8')) as { devices: unknown[]; users: unknown[] };
    expect(org.devices).toHaveLength(16);
    expect(org.users).toHaveLength(50);
  });

  it('exits 2 on a missing destination, an unknown story or a bad --now', () => {
    expect(run('simulate', '--days', '1').status).toBe(2);
    const story = run('simulate', '--stories', 'nope', '--out', join(dir, 'x'));
    expect(story.status).toBe(2);
    expect(story.stderr).toContain("unknown story 'nope'");
    const now = run('simulate', '--now', 'yesterday', '--out', join(dir, 'x'));
    expect(now.status).toBe(2);
    expect(now.stderr).toContain('--now must be an ISO date-time');
  });
});
