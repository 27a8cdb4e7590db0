import type { ComponentType } from 'react';
import type { Permission } from '../../api/permissions.ts';
import type { CardControls } from './components/CardFrame.tsx';
import { AlertsTrendCard } from './components/AlertsTrendCard.tsx';
import { HuntingShortcutsCard } from './components/HuntingShortcutsCard.tsx';
import { IncidentsCard } from './components/IncidentsCard.tsx';
import { IngestionCard, PortalStatusCard, SessionsCard, YourAccessCard } from './components/StatusCards.tsx';

/**
 * The home cards. A card is offered to a person only when they hold its permission (null: anyone signed in);
 * each is backed by a real API. A card whose API does not exist yet is not listed.
 */
export interface HomeCard {
  /** Stable id, stored in each person's home preferences; never rename. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly permission: Permission | null;
  readonly component: ComponentType<{ controls: CardControls }>;
}

export const homeCards: readonly HomeCard[] = [
  { id: 'open-incidents', title: 'Active incidents', description: 'Open incidents by severity, within your device groups.', permission: 'security.read', component: IncidentsCard },
  { id: 'alerts-trend', title: 'Alerts trend', description: 'Alerts per day over the last week, within your device groups.', permission: 'security.read', component: AlertsTrendCard },
  { id: 'hunting-shortcuts', title: 'Hunting shortcuts', description: 'Prepared queries that open in Advanced hunting.', permission: 'hunting.run', component: HuntingShortcutsCard },
  { id: 'your-access', title: 'Your access', description: 'Your roles, permissions, device-group scope and second factor.', permission: null, component: YourAccessCard },
  { id: 'data-ingestion', title: 'Data ingestion', description: 'Events stored per table, rejected records and the ingest queue.', permission: 'settings.system', component: IngestionCard },
  { id: 'your-sessions', title: 'Your sessions', description: 'Where you are signed in.', permission: null, component: SessionsCard },
  { id: 'portal-status', title: 'Portal status', description: 'Server health and version.', permission: null, component: PortalStatusCard },
];

/** The cards a person may add, in the default order. */
export function allowedCards(held: ReadonlySet<string>): readonly HomeCard[] {
  return homeCards.filter((c) => c.permission === null || held.has(c.permission));
}

/** The cards shown: the person's saved choice (minus any no longer allowed), or every allowed card. */
export function shownCards(held: ReadonlySet<string>, saved: readonly string[] | null | undefined): readonly HomeCard[] {
  const allowed = allowedCards(held);
  if (saved == null) return allowed;
  const byId = new Map(allowed.map((c) => [c.id, c]));
  return saved.flatMap((id) => {
    const card = byId.get(id);
    return card ? [card] : [];
  });
}
