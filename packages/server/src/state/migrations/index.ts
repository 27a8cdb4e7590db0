import type { Migration } from '../../storage/versioned.ts';
import type { StateDb } from '../database.ts';
import { m0001Initial } from './0001-initial.ts';
import { m0002Identity } from './0002-identity.ts';
import { m0003AlertsIncidents } from './0003-alerts-incidents.ts';
import { m0004AlertTuning } from './0004-alert-tuning.ts';
import { m0005Notifications } from './0005-notifications.ts';
import { m0006HuntingQueries } from './0006-hunting-queries.ts';
import { m0007IncidentQueueViews } from './0007-incident-queue-views.ts';
import { m0008EvidenceState } from './0008-evidence-state.ts';
import { m0009Indicators } from './0009-indicators.ts';

/**
 * Every state migration, in order. Append only: a released migration is never edited or removed, since data
 * dirs out there were built by it.
 */
export const stateMigrations: readonly Migration<StateDb>[] = [m0001Initial, m0002Identity, m0003AlertsIncidents, m0004AlertTuning, m0005Notifications, m0006HuntingQueries, m0007IncidentQueueViews, m0008EvidenceState, m0009Indicators];
