import { describe, expect, it } from 'vitest';
import { allowedCards, homeCards, shownCards } from './cards.tsx';
import { dayBoundaries } from './api.ts';
import { huntingLink, huntingShortcuts, shortcutNames } from './components/HuntingShortcutsCard.tsx';

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

describe('alerts trend days', () => {
  it('are the local midnights of the last 7 days, today last, and the midnight after today', () => {
    const b = dayBoundaries(new Date(2026, 2, 30, 15, 45), 7);
    expect(b).toHaveLength(8);
    expect(b.map((d) => [d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()])).toEqual([
      [2, 24, 0, 0],
      [2, 25, 0, 0],
      [2, 26, 0, 0],
      [2, 27, 0, 0],
      [2, 28, 0, 0],
      [2, 29, 0, 0],
      [2, 30, 0, 0],
      [2, 31, 0, 0],
    ]);
  });
  it('cross a month end', () => {
    const b = dayBoundaries(new Date(2026, 0, 2, 0, 0, 1), 7);
    expect([b[0]!.getFullYear(), b[0]!.getMonth(), b[0]!.getDate()]).toEqual([2025, 11, 27]);
    expect([b[7]!.getMonth(), b[7]!.getDate()]).toEqual([0, 3]);
  });
});

describe('hunting shortcuts', () => {
  it('are all found among the sample queries, in order', () => {
    expect(huntingShortcuts().map((q) => q.name)).toEqual([...shortcutNames]);
  });
  it('link to the hunting page with the title and the query', () => {
    const q = huntingShortcuts()[0]!;
    const url = new URL(huntingLink('/advanced-hunting', q), 'http://x');
    expect(url.pathname).toBe('/advanced-hunting');
    expect(url.searchParams.get('title')).toBe(q.name);
    expect(url.searchParams.get('query')).toBe(q.query);
  });
});
