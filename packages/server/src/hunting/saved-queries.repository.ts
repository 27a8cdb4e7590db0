import type { StateDb } from '../state/database.ts';

export interface SavedQuery {
  id: string;
  name: string;
  folder: string;
  shared: boolean;
  query: string;
  ownerName: string;
  mine: boolean;
  lastUpdateDateTime: string;
}

/** The only SQL of saved hunting queries and history. */
export class SavedQueriesRepository {
  constructor(private readonly db: StateDb) {}

  async list(ownerId: string): Promise<SavedQuery[]> {
    const rows = await this.db
      .selectFrom('hunting_queries')
      .selectAll()
      .where((eb) => eb.or([eb('owner_id', '=', ownerId), eb('shared', '=', 1)]))
      .orderBy('folder')
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ id: String(r.id), name: r.name, folder: r.folder, shared: r.shared === 1, query: r.query, ownerName: r.owner_name, mine: r.owner_id === ownerId, lastUpdateDateTime: r.last_update }));
  }

  async create(q: { ownerId: string; ownerName: string; name: string; folder: string; shared: boolean; query: string; now: string }): Promise<SavedQuery> {
    const r = await this.db
      .insertInto('hunting_queries')
      .values({ owner_id: q.ownerId, owner_name: q.ownerName, name: q.name, folder: q.folder, shared: q.shared ? 1 : 0, query: q.query, created: q.now, last_update: q.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: String(r.id), name: q.name, folder: q.folder, shared: q.shared, query: q.query, ownerName: q.ownerName, mine: true, lastUpdateDateTime: q.now };
  }

  async delete(id: number, ownerId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('hunting_queries').where('id', '=', id).where('owner_id', '=', ownerId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async history(ownerId: string, limit: number): Promise<{ query: string; timespan: string | null; ranDateTime: string }[]> {
    const rows = await this.db.selectFrom('hunting_history').select(['query', 'timespan', 'ran_at']).where('owner_id', '=', ownerId).orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ query: r.query, timespan: r.timespan, ranDateTime: r.ran_at }));
  }

  /** Appends one run and keeps only the newest `keep` of this person's history. */
  async addHistory(ownerId: string, query: string, timespan: string | null, now: string, keep: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('hunting_history').values({ owner_id: ownerId, query, timespan, ran_at: now }).execute();
      const cut = await trx.selectFrom('hunting_history').select('id').where('owner_id', '=', ownerId).orderBy('id', 'desc').offset(keep).limit(1).executeTakeFirst();
      if (cut) await trx.deleteFrom('hunting_history').where('owner_id', '=', ownerId).where('id', '<=', cut.id).execute();
    });
  }
}
