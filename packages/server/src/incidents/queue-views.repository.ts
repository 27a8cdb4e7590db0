/** The only SQL for each person's incident queue state: chosen columns and named filter sets. */
import type { Selectable } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { IncidentFilterSetsTable } from '../state/schema.ts';

export type FilterSetRow = Selectable<IncidentFilterSetsTable>;

export class QueueViewsRepository {
  constructor(private readonly db: StateDb) {}

  async columns(userId: string): Promise<string | undefined> {
    return (await this.db.selectFrom('incident_queue_settings').select('columns').where('user_id', '=', userId).executeTakeFirst())?.columns;
  }

  async putColumns(userId: string, columns: string, at: string): Promise<void> {
    await this.db
      .insertInto('incident_queue_settings')
      .values({ user_id: userId, columns, updated_at: at })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ columns, updated_at: at }))
      .execute();
  }

  async filterSets(ownerId: string): Promise<FilterSetRow[]> {
    return this.db.selectFrom('incident_filter_sets').selectAll().where('owner_id', '=', ownerId).orderBy('name').execute();
  }


  /** Saves a filter set under its name: a new one, or the owner's set of that name replaced. */
  async putFilterSet(ownerId: string, name: string, query: string, at: string): Promise<FilterSetRow> {
    await this.db
      .insertInto('incident_filter_sets')
      .values({ owner_id: ownerId, name, query, created: at, last_update: at })
      .onConflict((oc) => oc.columns(['owner_id', 'name']).doUpdateSet({ query, last_update: at }))
      .execute();
    return this.db.selectFrom('incident_filter_sets').selectAll().where('owner_id', '=', ownerId).where('name', '=', name).executeTakeFirstOrThrow();
  }

  async deleteFilterSet(ownerId: string, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('incident_filter_sets').where('owner_id', '=', ownerId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
