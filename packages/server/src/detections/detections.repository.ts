/** The only SQL for detection rules and their runs. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { DetectionRulesTable, DetectionRunsTable } from '../state/schema.ts';

export type RuleRow = Selectable<DetectionRulesTable>;
export type RunRow = Selectable<DetectionRunsTable>;

export class DetectionsRepository {
  constructor(private readonly db: StateDb) {}

  list(): Promise<RuleRow[]> {
    return this.db.selectFrom('detection_rules').selectAll().orderBy('builtin', 'desc').orderBy('name').execute();
  }

  get(id: string): Promise<RuleRow | undefined> {
    return this.db.selectFrom('detection_rules').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async ids(): Promise<Set<string>> {
    return new Set((await this.db.selectFrom('detection_rules').select('id').execute()).map((r) => r.id));
  }

  async insert(row: Insertable<DetectionRulesTable>): Promise<void> {
    await this.db.insertInto('detection_rules').values(row).execute();
  }

  async update(id: string, patch: Updateable<DetectionRulesTable>): Promise<void> {
    await this.db.updateTable('detection_rules').set(patch).where('id', '=', id).execute();
  }

  /** Forgets when these rules last ran, so the next scheduler pass gives each its first, 30-day run again. */
  async clearLastRun(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('detection_rules').set({ last_run_at: null }).where('id', 'in', [...ids]).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('detection_rules').where('id', '=', id).execute();
  }

  async addRun(row: Insertable<DetectionRunsTable>): Promise<void> {
    await this.db.insertInto('detection_runs').values(row).execute();
  }

  runs(ruleId: string, limit: number): Promise<RunRow[]> {
    return this.db.selectFrom('detection_runs').selectAll().where('rule_id', '=', ruleId).orderBy('id', 'desc').limit(limit).execute();
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }

  async putSetting(key: string, value: string, now: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }
}
