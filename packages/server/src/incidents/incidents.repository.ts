/** The only SQL for incidents, their comments and activity log. */
import { sql } from 'kysely';
import type { RawBuilder, Selectable, Insertable, Updateable, Transaction } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { IncidentsTable, StateSchema } from '../state/schema.ts';
import type { FilterExpr } from './odata-filter.ts';
import { alertInScope, incidentInScope } from '../alerts/alert-visibility.ts';
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
  alertCount: 'alert_count',
  firstActivityDateTime: 'first_activity',
  lastActivityDateTime: 'last_activity',
};

/**
 * The incident queue's filters beyond OData (Palisade extensions of the list): any of the categories, service
 * sources or detection sources of the incident's alerts, any of its tags (custom or system), any device group
 * of its alerts' devices (resolved to devices by the caller), and a text search over its name, id and the
 * entities of its alerts. Alert-level conditions look only at the alerts the caller may see.
 */
export interface QueueFilters {
  categories?: readonly string[];
  serviceSources?: readonly string[];
  detectionSources?: readonly string[];
  tags?: readonly string[];
  /** The devices of the chosen device groups. */
  deviceGroups?: { deviceIds: string[]; deviceNames: string[] };
  search?: string;
}

const likeEscape = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * SQL conditions on the incident row `incidents` for the queue filters. Alert-level conditions are one
 * uncorrelated `incidents.id in (select incident_id from alerts ...)`: SQLite scans the alerts once and probes
 * the set, instead of running a subquery for every incident (100,000 incidents: 1.5 s -> about 0.1 s).
 */
function queueFilterSql(f: QueueFilters, visible: Visibility): RawBuilder<boolean>[] {
  const out: RawBuilder<boolean>[] = [];
  const scoped = (alias: string): RawBuilder<unknown> => (visible ? sql` and ${alertInScope(visible, alias)}` : sql``);
  const alertsWhere = (cond: RawBuilder<boolean>): RawBuilder<boolean> => sql<boolean>`incidents.id in (select fa.incident_id from alerts fa where ${cond}${scoped('fa')})`;
  const inList = (values: readonly string[]): RawBuilder<unknown> => sql.join(values.map((v) => sql`${v}`));
  if (f.categories?.length) out.push(alertsWhere(sql<boolean>`fa.category in (${inList(f.categories)})`));
  if (f.serviceSources?.length) out.push(alertsWhere(sql<boolean>`fa.service_source in (${inList(f.serviceSources)})`));
  if (f.detectionSources?.length) out.push(alertsWhere(sql<boolean>`fa.detection_source in (${inList(f.detectionSources)})`));
  if (f.tags?.length) {
    out.push(
      sql<boolean>`((incidents.custom_tags <> '[]' and exists (select 1 from json_each(incidents.custom_tags) t where t.value in (${inList(f.tags)}))) or (incidents.system_tags <> '[]' and exists (select 1 from json_each(incidents.system_tags) t where t.value in (${inList(f.tags)}))))`,
    );
  }
  if (f.deviceGroups) out.push(incidentInScope(f.deviceGroups, 'incidents'));
  const text = f.search?.trim();
  if (text) {
    const like = likeEscape(text.toLowerCase());
    const id = /^\d{1,15}$/.test(text) ? Number(text) : -1;
    out.push(
      sql<boolean>`(incidents.id = ${id} or lower(incidents.display_name) like ${like} escape '\\' or incidents.id in (select fa.incident_id from alerts fa where lower(fa.title) like ${like} escape '\\'${scoped('fa')} union select fa.incident_id from alert_entities fe join alerts fa on fa.id = fe.alert_id where lower(fe.display) like ${like} escape '\\'${scoped('fa')}))`,
    );
  }
  return out;
}

export interface HourlyCount {
  hour: string;
  n: number;
}

export interface ListQuery {
  filter?: FilterExpr;
  orderBy: { property: string; desc: boolean };
  top: number;
  skip: number;
  queue?: QueueFilters;
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
    for (const cond of q.queue ? queueFilterSql(q.queue, visible) : []) query = query.where(cond);
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

  /** Incidents created per hour (UTC, 'YYYY-MM-DDTHH') since `from`, among those the caller may see. */
  async createdPerHour(from: string, visible: Visibility): Promise<HourlyCount[]> {
    let q = this.db.selectFrom('incidents').where('created', '>=', from);
    if (visible) q = q.where(incidentInScope(visible, 'incidents'));
    const rows = await q.select([sql<string>`substr(created, 1, 13)`.as('hour'), (eb) => eb.fn.countAll<number>().as('n')]).groupBy(sql`substr(created, 1, 13)`).execute();
    return rows.map((r) => ({ hour: r.hour, n: Number(r.n) }));
  }

  /** Alerts received (created here) per hour since `from`, among those the caller may see; hidden (tuned) alerts too. */
  async alertsPerHour(from: string, visible: Visibility): Promise<HourlyCount[]> {
    let q = this.db.selectFrom('alerts').where('created', '>=', from);
    if (visible) q = q.where(alertInScope(visible, 'alerts'));
    const rows = await q.select([sql<string>`substr(created, 1, 13)`.as('hour'), (eb) => eb.fn.countAll<number>().as('n')]).groupBy(sql`substr(created, 1, 13)`).execute();
    return rows.map((r) => ({ hour: r.hour, n: Number(r.n) }));
  }

  /** The distinct categories, service and detection sources of the visible alerts, and the tags of the visible incidents. */
  async filterValues(visible: Visibility): Promise<{ categories: string[]; serviceSources: string[]; detectionSources: string[]; tags: string[] }> {
    const distinct = async (column: 'category' | 'service_source' | 'detection_source'): Promise<string[]> => {
      let q = this.db.selectFrom('alerts').select(sql<string>`${sql.ref(column)}`.as('v')).distinct();
      if (visible) q = q.where(alertInScope(visible, 'alerts'));
      return (await q.orderBy('v').execute()).map((r) => r.v);
    };
    // Most incidents have no tags: the '[]' test skips json_each for them.
    const scoped = visible ? sql` and ${incidentInScope(visible, 'incidents')}` : sql``;
    let tq = this.db.selectFrom(sql<{ value: string }>`(select t.value as value from incidents, json_each(incidents.custom_tags) t where incidents.custom_tags <> '[]'${scoped} union select t.value from incidents, json_each(incidents.system_tags) t where incidents.system_tags <> '[]'${scoped})`.as('tags')).select('value');
    tq = tq.orderBy('value');
    return { categories: await distinct('category'), serviceSources: await distinct('service_source'), detectionSources: await distinct('detection_source'), tags: (await tq.execute()).map((r) => String(r.value)) };
  }

  async redirected(): Promise<{ id: number; redirect_incident_id: number | null }[]> {
    return this.db.selectFrom('incidents').select(['id', 'redirect_incident_id']).where('status', '=', 'redirected').execute();
  }
}
