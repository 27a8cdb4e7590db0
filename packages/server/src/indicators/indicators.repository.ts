/** The only SQL for threat indicators. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { IndicatorsTable } from '../state/schema.ts';
import type { IndicatorAction, IndicatorSeverity, IndicatorType } from '@palisade/contracts';

export type IndicatorRow = Selectable<IndicatorsTable>;
export type NewIndicatorRow = Insertable<IndicatorsTable>;

export interface IndicatorFilter {
  types?: readonly IndicatorType[];
  actions?: readonly IndicatorAction[];
  severities?: readonly IndicatorSeverity[];
  /** Substring of the value, title, description or source (case-insensitive). */
  search?: string;
  source?: string;
  /** Only indicators that have not expired at this time (ISO). */
  activeAt?: string;
  /** Only these exact (normalised) values. */
  values?: readonly string[];
}

export class IndicatorsRepository {
  constructor(private readonly db: StateDb) {}

  list(filter: IndicatorFilter = {}, limit = 10_000, offset = 0): Promise<IndicatorRow[]> {
    let q = this.db.selectFrom('indicators').selectAll();
    if (filter.types?.length) q = q.where('indicator_type', 'in', [...filter.types]);
    if (filter.actions?.length) q = q.where('action', 'in', [...filter.actions]);
    if (filter.severities?.length) q = q.where('severity', 'in', [...filter.severities]);
    if (filter.source) q = q.where('source', '=', filter.source);
    if (filter.values) q = q.where('indicator_value', 'in', filter.values.length > 0 ? [...filter.values] : ['']);
    if (filter.activeAt) {
      const at = filter.activeAt;
      q = q.where((eb) => eb.or([eb('expiration', 'is', null), eb('expiration', '>', at)]));
    }
    if (filter.search) {
      const like = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or(
          (['indicator_value', 'title', 'description', 'source'] as const).map((c) => eb(eb.fn('lower', [eb.ref(c)]), 'like', eb.val(like)).$castTo<boolean>()),
        ),
      );
    }
    return q.orderBy('last_update', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('indicators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  get(id: number): Promise<IndicatorRow | undefined> {
    return this.db.selectFrom('indicators').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byValue(type: IndicatorType, value: string): Promise<IndicatorRow | undefined> {
    return this.db.selectFrom('indicators').selectAll().where('indicator_type', '=', type).where('indicator_value', '=', value).executeTakeFirst();
  }

  async insert(row: NewIndicatorRow): Promise<number> {
    const r = await this.db.insertInto('indicators').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  async update(id: number, patch: Updateable<IndicatorsTable>): Promise<void> {
    await this.db.updateTable('indicators').set(patch).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('indicators').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Inserts or updates (by type and value) in one transaction: an import is applied whole. The creator and
   * creation time of an existing indicator are kept.
   */
  async upsertMany(rows: readonly NewIndicatorRow[]): Promise<{ created: number; updated: number }> {
    return this.db.transaction().execute(async (trx) => {
      let created = 0;
      let updated = 0;
      for (const row of rows) {
        const existing = await trx.selectFrom('indicators').select('id').where('indicator_type', '=', row.indicator_type).where('indicator_value', '=', row.indicator_value).executeTakeFirst();
        if (existing) {
          const { created: _c, created_by: _b, ...rest } = row;
          await trx.updateTable('indicators').set(rest).where('id', '=', existing.id).execute();
          updated++;
        } else {
          await trx.insertInto('indicators').values(row).execute();
          created++;
        }
      }
      return { created, updated };
    });
  }
}
