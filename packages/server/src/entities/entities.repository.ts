/**
 * The only SQL of entity pages: the device's inventory rows and timeline in the event store (DuckDB), and the
 * alerts and incidents naming an entity in the state store (SQLite), seen through the caller's scope.
 */
import { sql } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { DuckDbEventStore } from '../events/event-store.ts';
import { quoteIdent } from '../schema/advanced-hunting.ts';
import type { AlertRow } from '../alerts/alerts.repository.ts';
import { alertInScope } from '../alerts/alert-visibility.ts';
import type { Visibility } from '../alerts/alert-visibility.ts';
import type { IncidentRow } from '../incidents/incidents.repository.ts';
import { incidentInScope } from '../alerts/alert-visibility.ts';
import { afterCursor, hasColumn, searchColumns, summaryColumns } from './device-timeline.ts';
import type { TimelineCursor, TimelineTable } from './device-timeline.ts';

/** How the event rows of one device are found: by DeviceId (inventoried devices) or by name. */
export type DeviceMatch = { deviceId: string } | { deviceName: string };

export interface TimelineWindowQuery {
  device: DeviceMatch;
  tables: readonly TimelineTable[];
  /** Rows at or after this instant (undefined: no lower bound). */
  lower: Date | undefined;
  /** Rows before this instant (exclusive): the caller's `to`. */
  upper: Date | undefined;
  /** Rows before this instant too (exclusive): where the previous, newer window began. */
  below?: Date | undefined;
  cursor: TimelineCursor | undefined;
  actionType: string | undefined;
  /** Lower-cased text to find in the row's text columns. */
  search: string | undefined;
  limit: number;
}

const ts = (d: Date): string => d.toISOString();
const QUERY_TIMEOUT_MS = 30_000;

export class EntitiesRepository {
  constructor(
    private readonly db: StateDb,
    private readonly events: DuckDbEventStore,
  ) {}

  private async rows(text: string, params: unknown[], maxRows: number): Promise<Record<string, unknown>[]> {
    const r = await this.events.query(text, params, { timeoutMs: QUERY_TIMEOUT_MS, maxRows });
    return [...r.rows];
  }

  private deviceWhere(m: DeviceMatch, params: unknown[]): string {
    if ('deviceId' in m) {
      params.push(m.deviceId);
      return '"DeviceId" = ?';
    }
    const name = m.deviceName.toLowerCase();
    params.push(name, `${name}.%`);
    return '(lower("DeviceName") = ? OR lower("DeviceName") LIKE ?)';
  }

  /** The device's latest DeviceInfo row (every column) and when it was first and last reported. */
  async deviceInfo(m: DeviceMatch): Promise<{ latest: Record<string, unknown> | undefined; firstSeen: string | null; lastSeen: string | null }> {
    const p1: unknown[] = [];
    const latest = (await this.rows(`SELECT * EXCLUDE (__ingestion_time) FROM "DeviceInfo" WHERE ${this.deviceWhere(m, p1)} ORDER BY "Timestamp" DESC LIMIT 1`, p1, 1))[0];
    const p2: unknown[] = [];
    const span = (await this.rows(`SELECT min("Timestamp") AS "First", max("Timestamp") AS "Last" FROM "DeviceInfo" WHERE ${this.deviceWhere(m, p2)}`, p2, 1))[0];
    return { latest, firstSeen: typeof span?.First === 'string' ? span.First : null, lastSeen: typeof span?.Last === 'string' ? span.Last : null };
  }

  /** The latest report of each network adapter of the device. */
  async networkAdapters(m: DeviceMatch): Promise<Record<string, unknown>[]> {
    const p: unknown[] = [];
    return this.rows(
      `SELECT "NetworkAdapterName", arg_max("MacAddress", "Timestamp") AS "MacAddress", arg_max("IPAddresses", "Timestamp") AS "IPAddresses", arg_max("NetworkAdapterStatus", "Timestamp") AS "NetworkAdapterStatus", max("Timestamp") AS "Timestamp"
       FROM "DeviceNetworkInfo" WHERE ${this.deviceWhere(m, p)} GROUP BY "NetworkAdapterName" ORDER BY "NetworkAdapterName"`,
      p,
      50,
    );
  }

  /** Accounts that signed in on the device since `since`: count and last time, newest first. */
  async logons(m: DeviceMatch, since: Date): Promise<Record<string, unknown>[]> {
    const p: unknown[] = [];
    const where = this.deviceWhere(m, p);
    p.push(ts(since));
    return this.rows(
      `SELECT "AccountDomain", "AccountName", count(*) AS "Logons", max("Timestamp") AS "Last"
       FROM "DeviceLogonEvents" WHERE ${where} AND "Timestamp" >= CAST(? AS TIMESTAMP) AND "ActionType" = 'LogonSuccess' AND "AccountName" IS NOT NULL AND "AccountName" <> ''
       GROUP BY ALL ORDER BY "Last" DESC LIMIT 50`,
      p,
      50,
    );
  }

  /** One table's part of a timeline window: its newest `limit` rows after the cursor, filtered. */
  private timelinePart(table: TimelineTable, q: TimelineWindowQuery, params: unknown[]): string {
    const cols = summaryColumns.map((c) => (hasColumn(table, c) ? quoteIdent(c) : `NULL AS ${quoteIdent(c)}`));
    const where = [this.deviceWhere(q.device, params)];
    if (q.lower) {
      where.push('"Timestamp" >= CAST(? AS TIMESTAMP)');
      params.push(ts(q.lower));
    }
    for (const bound of [q.upper, q.below]) {
      if (!bound) continue;
      where.push('"Timestamp" < CAST(? AS TIMESTAMP)');
      params.push(ts(bound));
    }
    if (q.cursor) {
      const op = afterCursor(table, q.cursor).op;
      if (op === 'le') where.push('"Timestamp" <= CAST(? AS TIMESTAMP)');
      else if (op === 'lt') where.push('"Timestamp" < CAST(? AS TIMESTAMP)');
      else where.push('("Timestamp" < CAST(? AS TIMESTAMP) OR ("Timestamp" = CAST(? AS TIMESTAMP) AND coalesce("ReportId", 0) < ?))');
      params.push(q.cursor.timestamp);
      if (op === 'ltOrTie') params.push(q.cursor.timestamp, q.cursor.reportId);
    }
    if (q.actionType !== undefined) {
      where.push('"ActionType" = ?');
      params.push(q.actionType);
    }
    if (q.search !== undefined) {
      const text = searchColumns.filter((c) => hasColumn(table, c)).map((c) => `coalesce(CAST(${quoteIdent(c)} AS VARCHAR), '')`);
      where.push(`contains(lower(concat_ws(' ', ${text.join(', ')})), ?)`);
      params.push(q.search);
    }
    return `(SELECT '${table}' AS "Table", "Timestamp", coalesce("ReportId", 0) AS "ReportId", "ActionType", ${cols.join(', ')}
      FROM ${quoteIdent(table)} WHERE ${where.join(' AND ')}
      ORDER BY "Timestamp" DESC, "ReportId" DESC LIMIT ${q.limit})`;
  }

  /** The newest `limit` rows of a window across the tables, in timeline order. */
  async timelineWindow(q: TimelineWindowQuery): Promise<Record<string, unknown>[]> {
    if (q.tables.length === 0) return [];
    const params: unknown[] = [];
    const parts = q.tables.map((t) => this.timelinePart(t, q, params));
    return this.rows(`SELECT * FROM (${parts.join('\nUNION ALL\n')}) ORDER BY "Timestamp" DESC, "Table" DESC, "ReportId" DESC LIMIT ${q.limit}`, params, q.limit);
  }

  /** Rows per table and action type of the device in the range: what the timeline's filters offer. */
  async timelineFacets(m: DeviceMatch, tables: readonly TimelineTable[], lower: Date | undefined, upper: Date | undefined): Promise<{ table: string; actionType: string | null; n: number }[]> {
    const params: unknown[] = [];
    const parts = tables.map((t) => {
      const where = [this.deviceWhere(m, params)];
      if (lower) {
        where.push('"Timestamp" >= CAST(? AS TIMESTAMP)');
        params.push(ts(lower));
      }
      if (upper) {
        where.push('"Timestamp" < CAST(? AS TIMESTAMP)');
        params.push(ts(upper));
      }
      return `SELECT '${t}' AS "Table", "ActionType", count(*) AS n FROM ${quoteIdent(t)} WHERE ${where.join(' AND ')} GROUP BY "ActionType"`;
    });
    const rows = await this.rows(parts.join('\nUNION ALL\n'), params, 10_000);
    return rows.map((r) => ({ table: String(r.Table), actionType: typeof r.ActionType === 'string' ? r.ActionType : null, n: Number(r.n) }));
  }

  /** The whole record of one event (every column of its table). */
  async event(m: DeviceMatch, table: TimelineTable, timestamp: string, reportId: number): Promise<Record<string, unknown> | undefined> {
    const p: unknown[] = [];
    const where = this.deviceWhere(m, p);
    p.push(timestamp, reportId);
    const rows = await this.rows(`SELECT * EXCLUDE (__ingestion_time) FROM ${quoteIdent(table)} WHERE ${where} AND "Timestamp" = CAST(? AS TIMESTAMP) AND coalesce("ReportId", 0) = ? LIMIT 1`, p, 1);
    return rows[0];
  }

  /**
   * Alerts (not hidden by tuning) whose correlating entities include one of `keys`, or whose evidence text
   * contains `needle` (lower-case; for entities that give no key, e.g. a private IP): the caller re-checks
   * needle hits exactly. Newest activity first, at most `limit`.
   */
  async alertsNaming(keys: readonly string[], needle: string | undefined, visible: Visibility, limit: number): Promise<AlertRow[]> {
    if (keys.length === 0 && needle === undefined) return [];
    let q = this.db.selectFrom('alerts').selectAll().where('hidden', '=', 0);
    q = q.where((eb) => {
      const ors = [];
      if (keys.length > 0) ors.push(eb('id', 'in', eb.selectFrom('alert_entities').select('alert_id').where('entity_key', 'in', [...keys])));
      if (needle !== undefined) ors.push(sql<boolean>`instr(lower(alerts.evidence), ${needle}) > 0`);
      return eb.or(ors);
    });
    if (visible) q = q.where(alertInScope(visible, 'alerts'));
    return q.orderBy('last_activity', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** Incidents by id that the caller may see, merged ones left out. */
  async incidents(ids: readonly number[], visible: Visibility): Promise<IncidentRow[]> {
    if (ids.length === 0) return [];
    const out: IncidentRow[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      let q = this.db.selectFrom('incidents').selectAll().where('id', 'in', ids.slice(i, i + 500)).where('status', '<>', 'redirected');
      if (visible) q = q.where(incidentInScope(visible, 'incidents'));
      out.push(...(await q.execute()));
    }
    return out.sort((a, b) => (a.last_update < b.last_update ? 1 : a.last_update > b.last_update ? -1 : b.id - a.id));
  }
}
