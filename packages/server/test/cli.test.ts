import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/palisade.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('palisade CLI', () => {
  it('prints usage and exits 2 for an unknown command', () => {
    const r = run('bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'bogus'");
    expect(r.stderr).toContain('Usage: palisade <command>');
  });

  it('exits 2 naming the flag when --port is not a number', () => {
    const r = run('serve', '--port', 'notanumber');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--port must be a whole number, got 'notanumber'");
    expect(r.stderr).toContain('Usage: palisade serve');
  });

  it('exits 2 for an unknown flag', () => {
    const r = run('serve', '--prot', '80');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--prot'/);
  });

  it('prints help and exits 0 with --help', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('serve');
    expect(r.stdout).toContain('demo');
  });
});
