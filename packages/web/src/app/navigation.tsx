import type { ReactElement } from 'react';
import { AlertRegular, DocumentSearchRegular, ShieldKeyholeRegular, ShieldTaskRegular, HomeRegular, PeopleTeamRegular, SettingsRegular, ShieldErrorRegular } from '@fluentui/react-icons';
import type { FluentIcon } from '@fluentui/react-icons';
import type { Permission } from '../api/permissions.ts';
import { HomePage } from '../features/home/HomePage.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { PermissionsPage } from '../features/permissions/PermissionsPage.tsx';
import { HuntingRoute } from '../features/hunting/HuntingRoute.tsx';
import { IncidentRoute, IncidentsRoute } from '../features/incidents/IncidentsRoute.tsx';
import { AlertRoute, AlertsRoute } from '../features/alerts/AlertsRoute.tsx';
import { EntityRoute } from '../features/entities/EntityRoute.tsx';
import { RuleRoute, RulesRoute } from '../features/rules/RulesRoute.tsx';
import { IndicatorsRoute } from '../features/indicators/IndicatorsRoute.tsx';

/** The sections of the left navigation, in Defender's order. An entry's place in the nav follows its section. */
export const navSections = [
  'home',
  'incidents-alerts',
  'hunting',
  'actions-submissions',
  'threat-intelligence',
  'secure-score',
  'learning-hub',
  'assets',
  'email-collaboration',
  'reports',
  'settings',
  'permissions',
] as const;
export type NavSection = (typeof navSections)[number];

/**
 * One screen in the left navigation. Only screens that work end to end are registered here; an entry is
 * shown to a person only when they hold `permission` (null: anyone signed in). To add a screen, add one
 * entry below; detail pages of the same screen go in `routes` (same permission, not shown in the nav).
 */
export interface NavItem {
  /** Stable id, stored in each person's navigation preferences; never rename. */
  readonly id: string;
  readonly section: NavSection;
  readonly label: string;
  /** Where the nav link goes, e.g. '/incidents'. */
  readonly path: string;
  readonly icon: FluentIcon;
  readonly permission: Permission | null;
  readonly element: ReactElement;
  /** More routes of this screen, e.g. { path: '/incidents/:id', element: <IncidentPage /> }. */
  readonly routes?: readonly { readonly path: string; readonly element: ReactElement }[];
}

const entries: readonly NavItem[] = [
  { id: 'home', section: 'home', label: 'Home', path: '/', icon: HomeRegular, permission: null, element: <HomePage /> },
  { id: 'settings', section: 'settings', label: 'Settings', path: '/settings', icon: SettingsRegular, permission: null, element: <SettingsPage /> },
  { id: 'indicators', section: 'settings', label: 'Indicators', path: '/settings/indicators', icon: ShieldKeyholeRegular, permission: 'security.read', element: <IndicatorsRoute /> },
  { id: 'permissions', section: 'permissions', label: 'Permissions', path: '/permissions', icon: PeopleTeamRegular, permission: 'authorization.read', element: <PermissionsPage /> },
  { id: 'incidents', section: 'incidents-alerts', label: 'Incidents', path: '/incidents', icon: ShieldErrorRegular, permission: 'security.read', element: <IncidentsRoute />, routes: [{ path: '/incidents/:id', element: <IncidentRoute /> }, { path: '/alerts/:id', element: <AlertRoute /> }, { path: '/entities/:type/:id', element: <EntityRoute /> }] },
  { id: 'alerts', section: 'incidents-alerts', label: 'Alerts', path: '/alerts', icon: AlertRegular, permission: 'security.read', element: <AlertsRoute /> },
  { id: 'advanced-hunting', section: 'hunting', label: 'Advanced hunting', path: '/advanced-hunting', icon: DocumentSearchRegular, permission: 'hunting.run', element: <HuntingRoute /> },
  { id: 'custom-detection-rules', section: 'hunting', label: 'Custom detection rules', path: '/custom-detection-rules', icon: ShieldTaskRegular, permission: 'security.read', element: <RulesRoute />, routes: [{ path: '/custom-detection-rules/new', element: <RuleRoute /> }, { path: '/custom-detection-rules/:id', element: <RuleRoute /> }] },
];

/** All registered screens in Defender's order (stable within a section). */
export const navigation: readonly NavItem[] = [...entries].sort((a, b) => navSections.indexOf(a.section) - navSections.indexOf(b.section));

/** The entries a person may use, given the permissions they hold. */
export function allowedNavigation(held: ReadonlySet<string>): readonly NavItem[] {
  return navigation.filter((item) => item.permission === null || held.has(item.permission));
}
