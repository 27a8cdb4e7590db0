import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from '@node-rs/argon2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateStore } from '../src/state/database.ts';
import type { OpenedState } from '../src/state/database.ts';
import { bootstrapFirstAdmin } from '../src/auth/bootstrap.ts';

describe('first admin bootstrap', () => {
  let dir: string;
  let s: OpenedState;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'palisade-boot-'));
    s = await openStateStore(join(dir, 'state.sqlite'));
  });
  afterEach(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a Global Administrator from the environment, storing only a hash', async () => {
    const r = await bootstrapFirstAdmin(s.db, { PALISADE_ADMIN_EMAIL: 'SOC@Example.test', PALISADE_ADMIN_PASSWORD: 'a long enough secret' }, new Date());
    expect(r).toEqual({ email: 'soc@example.test' });
    const user = await s.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(user.roles)).toEqual(['global-administrator']);
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verify(user.password_hash!, 'a long enough secret')).toBe(true);
    expect(user.must_change_password).toBe(0);
    const audit = await s.db.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((a) => a.action)).toEqual(['user.bootstrap']);
  });

  it('generates a one-time password when none is given, and only once', async () => {
    const first = await bootstrapFirstAdmin(s.db, {}, new Date());
    expect(first?.generatedPassword).toMatch(/^[\w-]{20}$/);
    const user = await s.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(await verify(user.password_hash!, first!.generatedPassword!)).toBe(true);
    expect(user.must_change_password).toBe(1);
    expect(await bootstrapFirstAdmin(s.db, {}, new Date())).toBeUndefined();
  });

  it('refuses a short admin password', async () => {
    await expect(bootstrapFirstAdmin(s.db, { PALISADE_ADMIN_PASSWORD: 'short' }, new Date())).rejects.toThrow(/at least 12/);
  });
});
