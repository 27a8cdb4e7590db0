import { describe, expect, it } from 'vitest';
import { allowedNavigation, navigation, navSections } from './navigation.tsx';

describe('navigation', () => {
  it('has unique ids and paths, and starts with Home', () => {
    expect(navigation[0]?.id).toBe('home');
    expect(new Set(navigation.map((n) => n.id)).size).toBe(navigation.length);
    expect(new Set(navigation.map((n) => n.path)).size).toBe(navigation.length);
  });
  it("is in Defender's section order", () => {
    const order = navigation.map((n) => navSections.indexOf(n.section));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
  it('shows only entries whose permission is held', () => {
    const none = allowedNavigation(new Set());
    expect(none.every((n) => n.permission === null)).toBe(true);
    const all = allowedNavigation(new Set(navigation.flatMap((n) => (n.permission ? [n.permission] : []))));
    expect(all).toHaveLength(navigation.length);
  });
});
