/** The only SQL for analysts' verdicts and remediation statuses on alert evidence (table evidence_state). */
import type { StateDb } from '../state/database.ts';
import type { Db } from '../incidents/incidents.repository.ts';
import type { EvidenceStateRow } from '../incidents/incident-evidence.ts';

export class EvidenceStateRepository {
  constructor(private readonly db: StateDb) {}

  /** The rows of these alerts (any number of ids). */
  async forAlerts(alertIds: readonly number[], db: Db = this.db): Promise<EvidenceStateRow[]> {
    const out: EvidenceStateRow[] = [];
    for (let i = 0; i < alertIds.length; i += 500) out.push(...(await db.selectFrom('evidence_state').selectAll().where('alert_id', 'in', alertIds.slice(i, i + 500)).execute()));
    return out;
  }

  /**
   * Sets the verdict and/or remediation status of entities (alert id + entity key). A field left undefined keeps
   * its stored value; the row records who changed it last and when.
   */
  async upsert(db: Db, keys: readonly { alertId: number; entityKey: string }[], set: { verdict?: string; remediationStatus?: string; remediationDetails?: string | null }, by: string, at: string): Promise<void> {
    for (const k of keys) {
      const row = {
        alert_id: k.alertId,
        entity_key: k.entityKey,
        verdict: set.verdict ?? null,
        remediation_status: set.remediationStatus ?? null,
        remediation_details: set.remediationDetails ?? null,
        updated_by: by,
        updated: at,
      };
      await db
        .insertInto('evidence_state')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['alert_id', 'entity_key']).doUpdateSet({
            ...(set.verdict !== undefined ? { verdict: set.verdict } : {}),
            ...(set.remediationStatus !== undefined ? { remediation_status: set.remediationStatus } : {}),
            ...(set.remediationDetails !== undefined ? { remediation_details: set.remediationDetails } : {}),
            updated_by: by,
            updated: at,
          }),
        )
        .execute();
    }
  }
}
