/**
 * A small seeded pseudo-random generator (xoshiro128**, 32-bit arithmetic) and the draws the simulator
 * needs. Every part of the simulation takes its own stream, derived from the seed and a label
 * (`Rng.derive(seed, 'org')`, `Rng.derive(seed, 'slice:42')`), so changing how many numbers one part
 * draws never shifts another part: the organisation does not change when the event rates do.
 */

/** FNV-1a over a string, then splitmix32 to spread the bits: one 32-bit word per call. */
function hashString(text: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return splitmix32(h);
}

function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

const HEX = '0123456789abcdef';
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(a: number, b: number, c: number, d: number) {
    // xoshiro must not start from the all-zero state.
    this.a = a | 0 || 0x1b873593;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
  }

  /** A stream for one purpose: the same (seed, label) always gives the same numbers. */
  static derive(seed: number | string, label: string): Rng {
    const text = `${String(seed)}\u0000${label}`;
    return new Rng(hashString(text, 1), hashString(text, 2), hashString(text, 3), hashString(text, 4));
  }

  /** The next 32 random bits as an unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi] (both included). */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight: `weights[i]` is the relative chance of `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** How many events happen in an interval whose expected count is `lambda` (Poisson). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) {
      // Normal approximation (Box-Muller), good enough at this size and much cheaper.
      const u = 1 - this.next();
      const v = this.next();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return Math.max(0, Math.round(lambda + z * Math.sqrt(lambda)));
    }
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) {
      const w = this.nextU32();
      out += `${BYTE_HEX[w & 255]}${BYTE_HEX[(w >>> 8) & 255]}${BYTE_HEX[(w >>> 16) & 255]}${BYTE_HEX[w >>> 24]}`;
    }
    return out.length === n ? out : out.slice(0, n);
  }

  /** A random (version 4 layout) GUID, lowercase. */
  guid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${HEX[8 + (this.nextU32() & 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Fisher-Yates shuffle of a copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A stable hex digest of a text (not cryptographic): used for made-up but consistent ids. */
export function stableHex(text: string, length: number): string {
  return Rng.derive(text, 'hex').hex(length);
}
