/** The only SQL for incidents, their comments and activity log. */
import { sql } from 'kysely';
import type { RawBuilder, Selectable, Insertable, Updateable, Transaction } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { IncidentsTable, StateSchema } from '../state/schema.ts';
import type { FilterExpr } from './odata-filter.ts';
import { incidentInScope } from '../alerts/alert-visibility.ts';
import type { Visibility } from '../alerts/alert-visibility.ts';

export type IncidentRow = Selectable<IncidentsTable>;
export type Db = StateDb | Transaction<StateSchema>;

const opSql = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/** Turns a parsed $filter into SQL over the given property -> column map (values already normalised). */
export function filterSql(e: FilterExpr, columns: Readonly<Record<string, string>>): RawBuilder<boolean> {
  if (e.kind === 'cmp') {
    const col = sql.ref(columns[e.property] ?? 'id');
    if (e.value === null) return e.op === 'ne' ? sql<boolean>`${col} is not null` : sql<boolean>`${col} is null`;
    return sql<boolean>`${col} ${sql.raw(opSql[e.op])} ${e.value}`;
  }
  return sql<boolean>`(${filterSql(e.left, columns)} ${sql.raw(e.kind)} ${filterSql(e.right, columns)})`;
}

export const incidentColumns: Readonly<Record<string, string>> = {
  status: 'status',
  severity: 'severity',
  assignedTo: 'assigned_to',
  classification: 'classification',
  determination: 'determination',
  createdDateTime: 'created',
  lastUpdateDateTime: 'last_update',
  id: 'id',
  displayName: 'display_name',
};

export interface ListQuery {
  filter?: FilterExpr;
  orderBy: { property: string; desc: boolean };
  top: number;
  skip: number;
}

export class IncidentsRepository {
  constructor(private readonly db: StateDb) {}

  async maxId(): Promise<number> {
    const r = await this.db.selectFrom('incidents').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  }

  /** One incident; with a `visible` scope (see alerts.repository.ts), undefined too when it is outside it. */
  async get(id: number, db: Db = this.db, visible?: Visibility): Promise<IncidentRow | undefined> {
    let q = db.selectFrom('incidents').selectAll().where('id', '=', id);
    if (visible) q = q.where(incidentInScope(visible, 'incidents'));
    return q.executeTakeFirst();
  }

  async getMany(ids: readonly number[], db: Db = this.db, visible?: Visibility): Promise<IncidentRow[]> {
    if (ids.length === 0) return [];
    let q = db.selectFrom('incidents').selectAll().where('id', 'in', ids);
    if (visible) q = q.where(incidentInScope(visible, 'incidents'));
    return q.execute();
  }

  async list(q: ListQuery, visible: Visibility): Promise<{ rows: IncidentRow[]; total: number }> {
    let query = this.db.selectFrom('incidents');
    if (visible) query = query.where(incidentInScope(visible, 'incidents'));
    if (q.filter) query = query.where(filterSql(q.filter, incidentColumns));
    const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
    const col = incidentColumns[q.orderBy.property] ?? 'last_update';
    const rows = await query
      .selectAll()
      .orderBy(sql.ref(col), q.orderBy.desc ? 'desc' : 'asc')
      .orderBy('id', 'desc')
      .limit(q.top)
      .offset(q.skip)
      .execute();
    return { rows, total };
  }

  async insert(db: Db, rows: Insertable<IncidentsTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('incidents').values(rows.slice(i, i + 500)).execute();
  }

  async update(db: Db, id: number, patch: Updateable<IncidentsTable>): Promise<void> {
    await db.updateTable('incidents').set(patch).where('id', '=', id).execute();
  }

  async addActivity(db: Db, rows: { incident_id: number; at: string; actor: string; action: string; details: string }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('incident_activity').values(rows.slice(i, i + 500)).execute();
  }

  async activity(incidentId: number): Promise<{ at: string; actor: string; action: string; details: string }[]> {
    return this.db.selectFrom('incident_activity').select(['at', 'actor', 'action', 'details']).where('incident_id', '=', incidentId).orderBy('id').execute();
  }

  async addComment(db: Db, row: { incident_id: number | null; alert_id: number | null; comment: string; created_by: string; created: string }): Promise<void> {
    await db.insertInto('comments').values(row).execute();
  }

  async comments(where: { incidentId?: number; alertId?: number }): Promise<{ comment: string; created_by: string; created: string }[]> {
    let q = this.db.selectFrom('comments').select(['comment', 'created_by', 'created']);
    if (where.incidentId !== undefined) q = q.where('incident_id', '=', where.incidentId);
    if (where.alertId !== undefined) q = q.where('alert_id', '=', where.alertId);
    return q.orderBy('id').execute();
  }

  /** Open incidents (what correlation may join). */
  async open(): Promise<IncidentRow[]> {
    return this.db.selectFrom('incidents').selectAll().where('status', 'in', ['active', 'inProgress']).execute();
  }

  async redirected(): Promise<{ id: number; redirect_incident_id: number | null }[]> {
    return this.db.selectFrom('incidents').select(['id', 'redirect_incident_id']).where('status', '=', 'redirected').execute();
  }
}
