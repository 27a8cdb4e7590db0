import { describe, expect, it } from 'vitest';
import { navigation } from './navigation.tsx';

describe('navigation', () => {
  it('has unique ids and paths, and starts with Home', () => {
    expect(navigation[0]?.id).toBe('home');
    expect(new Set(navigation.map((n) => n.id)).size).toBe(navigation.length);
    expect(new Set(navigation.map((n) => n.path)).size).toBe(navigation.length);
  });
});
