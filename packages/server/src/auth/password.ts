import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with OWASP's recommended memory and time cost. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash. Without a hash (unknown email, SSO-only account) it verifies
 * against a dummy hash of the same cost, so the answer takes as long either way and timing tells nothing.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export const passwordPolicy = { minLength: 12, maxLength: 256 } as const;

let common: ReadonlySet<string> | undefined;
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
  return common;
}

const leet: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

/**
 * The password policy: 12 to 256 characters, not a common or breached password (nor one with digits or
 * symbols stuck on the end, nor a leetspeak spelling of one), not the account's email, not one repeated
 * character. Returns the reason it is refused, or undefined when it is fine.
 */
export function passwordProblem(password: string, context: { email?: string } = {}): string | undefined {
  if (password.length < passwordPolicy.minLength) return `The password must be at least ${passwordPolicy.minLength} characters long.`;
  if (password.length > passwordPolicy.maxLength) return `The password must be at most ${passwordPolicy.maxLength} characters long.`;
  const lower = password.toLowerCase();
  if (new Set(lower).size <= 2) return 'The password repeats too few characters; choose a longer phrase.';
  const list = commonPasswords();
  const trimmed = lower.replace(/[\d\W_]+$/u, '');
  const unleet = [...lower].map((c) => leet[c] ?? c).join('');
  const squashed = lower.replace(/[\s\W_]+/gu, '');
  for (const candidate of [lower, trimmed, unleet, unleet.replace(/[\d\W_]+$/u, ''), squashed]) {
    if (candidate !== '' && list.has(candidate)) return 'This password is too common (it appears in lists of breached passwords). Choose another.';
  }
  const email = context.email?.toLowerCase();
  if (email) {
    const local = email.split('@')[0] ?? '';
    if (lower === email || (local.length >= 4 && lower.replace(/[\d\W_]+$/u, '') === local)) return 'The password must not be your email address.';
  }
  return undefined;
}
