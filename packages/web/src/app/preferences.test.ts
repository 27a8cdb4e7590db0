import { describe, expect, it } from 'vitest';
import { arrange } from './preferences.ts';

const items = [{ id: 'home' }, { id: 'incidents' }, { id: 'hunting' }, { id: 'settings' }];

describe('arrange', () => {
  it('keeps the default order without preferences', () => {
    expect(arrange(items, undefined).map((i) => i.id)).toEqual(['home', 'incidents', 'hunting', 'settings']);
  });
  it('applies the saved order, puts unknown entries after in default order, and drops hidden ones', () => {
    expect(arrange(items, ['settings', 'home', 'gone'], ['hunting']).map((i) => i.id)).toEqual(['settings', 'home', 'incidents']);
  });
});
