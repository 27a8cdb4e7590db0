/** The only SQL for alerts and their correlating entities. */
import { sql } from 'kysely';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { AlertEntitiesTable, AlertsTable } from '../state/schema.ts';
import type { Db, ListQuery } from '../incidents/incidents.repository.ts';
import { filterSql } from '../incidents/incidents.repository.ts';
import { alertInScope } from './alert-visibility.ts';
import type { Visibility } from './alert-visibility.ts';

export type AlertRow = Selectable<AlertsTable>;

export const alertColumns: Readonly<Record<string, string>> = {
  status: 'status',
  severity: 'severity',
  assignedTo: 'assigned_to',
  classification: 'classification',
  determination: 'determination',
  serviceSource: 'service_source',
  detectionSource: 'detection_source',
  incidentId: 'incident_id',
  category: 'category',
  createdDateTime: 'created',
  lastUpdateDateTime: 'last_update',
  firstActivityDateTime: 'first_activity',
  lastActivityDateTime: 'last_activity',
  id: 'id',
  providerAlertId: 'provider_alert_id',
  title: 'title',
};

export class AlertsRepository {
  constructor(private readonly db: StateDb) {}

  async maxId(): Promise<number> {
    const r = await this.db.selectFrom('alerts').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  }

  /** One alert; with a `visible` scope, undefined too when the alert is outside it. */
  async get(id: number, db: Db = this.db, visible?: Visibility): Promise<AlertRow | undefined> {
    let q = db.selectFrom('alerts').selectAll().where('id', '=', id);
    if (visible) q = q.where(alertInScope(visible, 'alerts'));
    return q.executeTakeFirst();
  }

  async byProviderIds(ids: readonly string[]): Promise<AlertRow[]> {
    const out: AlertRow[] = [];
    for (let i = 0; i < ids.length; i += 500) out.push(...(await this.db.selectFrom('alerts').selectAll().where('provider_alert_id', 'in', ids.slice(i, i + 500)).execute()));
    return out;
  }

  /** The alerts of incidents; with a `visible` scope, only those inside it. */
  async byIncidents(ids: readonly number[], db: Db = this.db, visible?: Visibility): Promise<AlertRow[]> {
    if (ids.length === 0) return [];
    let q = db.selectFrom('alerts').selectAll().where('incident_id', 'in', ids);
    if (visible) q = q.where(alertInScope(visible, 'alerts'));
    return q.orderBy('id').execute();
  }

  /**
   * For each entity-fingerprint prefix (all of one length), the detector's latest alert carrying it: one query
   * for a whole detection run instead of one per result group.
   */
  async latestOfDetectorByPrefix(detectorId: string, prefixes: readonly string[]): Promise<Map<string, AlertRow>> {
    const out = new Map<string, AlertRow>();
    const length = prefixes[0]?.length ?? 0;
    if (prefixes.some((p) => p.length !== length)) throw new Error('latestOfDetectorByPrefix: prefixes must have one length');
    for (let i = 0; i < prefixes.length; i += 500) {
      const rows = await this.db
        .selectFrom('alerts')
        .selectAll()
        .where('detector_id', '=', detectorId)
        .where(sql<string>`substr(provider_alert_id, 1, ${length})`, 'in', prefixes.slice(i, i + 500))
        .orderBy('last_activity', 'asc')
        .execute();
      for (const r of rows) out.set(r.provider_alert_id.slice(0, length), r); // ascending: the latest wins
    }
    return out;
  }

  async list(q: ListQuery, includeHidden: boolean, visible: Visibility): Promise<{ rows: AlertRow[]; total: number }> {
    let query = this.db.selectFrom('alerts');
    if (visible) query = query.where(alertInScope(visible, 'alerts'));
    if (q.filter) query = query.where(filterSql(q.filter, alertColumns));
    if (!includeHidden) query = query.where('hidden', '=', 0);
    const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await query
      .selectAll()
      .orderBy(sql.ref(alertColumns[q.orderBy.property] ?? 'created'), q.orderBy.desc ? 'desc' : 'asc')
      .orderBy('id', 'desc')
      .limit(q.top)
      .offset(q.skip)
      .execute();
    return { rows, total };
  }

  async insert(db: Db, rows: Insertable<AlertsTable>[], entities: AlertEntitiesTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 300) await db.insertInto('alerts').values(rows.slice(i, i + 300)).execute();
    for (let i = 0; i < entities.length; i += 1000) await db.insertInto('alert_entities').values(entities.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute();
  }

  async update(db: Db, ids: number | readonly number[], patch: Updateable<AlertsTable>): Promise<void> {
    const list = typeof ids === 'number' ? [ids] : ids;
    if (list.length === 0) return;
    await db.updateTable('alerts').set(patch).where('id', 'in', list).execute();
  }

  async moveIncident(db: Db, from: number, to: number): Promise<void> {
    await db.updateTable('alerts').set({ incident_id: to }).where('incident_id', '=', from).execute();
  }

  /** Everything correlation needs to rebuild its state: every alert's span and incident, with its keys. */
  async correlationState(): Promise<{ alerts: { id: number; incident_id: number; first_activity: string; last_activity: string }[]; entities: AlertEntitiesTable[] }> {
    const alerts = await this.db.selectFrom('alerts').select(['id', 'incident_id', 'first_activity', 'last_activity']).orderBy('id').execute();
    const entities = await this.db.selectFrom('alert_entities').selectAll().execute();
    return { alerts, entities };
  }
}
