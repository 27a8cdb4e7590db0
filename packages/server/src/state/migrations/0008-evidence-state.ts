import type { Migration } from '../../storage/versioned.ts';
import type { StateDb } from '../database.ts';

/**
 * Analysts' verdicts and remediation statuses on alert evidence (Graph alertEvidence verdict, remediationStatus,
 * remediationStatusDetails), one row per alert and entity key (incidents/incident-evidence.ts: evidenceKey). A
 * null verdict or status leaves the default from the alert (or a threat indicator) in place.
 */
export const m0008EvidenceState: Migration<StateDb> = {
  version: 8,
  name: 'evidence verdicts and remediation status',
  async up(db) {
    await db.schema
      .createTable('evidence_state')
      .addColumn('alert_id', 'integer', (c) => c.notNull())
      .addColumn('entity_key', 'text', (c) => c.notNull())
      .addColumn('verdict', 'text')
      .addColumn('remediation_status', 'text')
      .addColumn('remediation_details', 'text')
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('evidence_state_pk', ['alert_id', 'entity_key'])
      .execute();
  },
};
