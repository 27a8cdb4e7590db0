import { describe, expect, it } from 'vitest';
import { allowedCards, homeCards, shownCards } from './cards.tsx';

describe('home cards', () => {
  it('have unique ids', () => {
    expect(new Set(homeCards.map((c) => c.id)).size).toBe(homeCards.length);
  });
  it('offer only cards whose permission is held', () => {
    const none = allowedCards(new Set());
    expect(none.every((c) => c.permission === null)).toBe(true);
    expect(allowedCards(new Set(['settings.system'])).map((c) => c.id)).toContain('data-ingestion');
    expect(none.map((c) => c.id)).not.toContain('data-ingestion');
  });
  it('show the saved choice in its order, minus cards no longer allowed', () => {
    expect(shownCards(new Set(), ['portal-status', 'data-ingestion', 'your-access']).map((c) => c.id)).toEqual(['portal-status', 'your-access']);
    expect(shownCards(new Set(), null)).toEqual(allowedCards(new Set()));
    expect(shownCards(new Set(), [])).toEqual([]);
  });
});
