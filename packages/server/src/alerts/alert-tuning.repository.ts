/** The only SQL for alert tuning rules. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { AlertTuningRulesTable } from '../state/schema.ts';
import type { Db } from '../incidents/incidents.repository.ts';

export type TuningRow = Selectable<AlertTuningRulesTable>;

export class AlertTuningRepository {
  constructor(private readonly db: StateDb) {}

  list(): Promise<TuningRow[]> {
    return this.db.selectFrom('alert_tuning_rules').selectAll().orderBy('created').execute();
  }

  get(id: string): Promise<TuningRow | undefined> {
    return this.db.selectFrom('alert_tuning_rules').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(row: Insertable<AlertTuningRulesTable>): Promise<void> {
    await this.db.insertInto('alert_tuning_rules').values(row).execute();
  }

  async update(id: string, patch: Updateable<AlertTuningRulesTable>): Promise<void> {
    await this.db.updateTable('alert_tuning_rules').set(patch).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('alert_tuning_rules').where('id', '=', id).execute();
  }

  async countMatches(db: Db, id: string, n: number, at: string): Promise<void> {
    await db
      .updateTable('alert_tuning_rules')
      .set((eb) => ({ match_count: eb('match_count', '+', n), last_match: at }))
      .where('id', '=', id)
      .execute();
  }
}
