/**
 * The alert pipeline's batch writes. A batch of a thousand alerts writes a thousand alert rows, their entity
 * keys, hundreds of new incidents, updated incident summaries and activity entries; through the query builder
 * each multi-row INSERT is a statement of tens of thousands of placeholders, built and prepared anew every
 * batch, and each touched incident one more UPDATE. Here every kind of write is one short statement whose
 * rows arrive as a single JSON parameter (SQLite's json_each unpacks it), so building, preparing and binding
 * cost the same for one row or a thousand. Reads stay in the alerts and incidents repositories.
 */
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { AlertEntitiesTable, AlertsTable, IncidentsTable } from '../state/schema.ts';
import type { Db } from '../incidents/incidents.repository.ts';

/** Rows as arrays in `columns` order, as one JSON text; undefined becomes null. */
function packed<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  return JSON.stringify(rows.map((r) => columns.map((c) => r[c] ?? null)));
}

const identifier = (c: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw new Error(`correlation repository: bad column name ${c}`);
  return `"${c}"`;
};

/** INSERT INTO table (columns) SELECT value->>0, value->>1, ... FROM json_each(?). */
async function insertPacked<T extends object>(db: Db, table: string, rows: readonly T[], onConflictIgnore = false): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first) as (keyof T & string)[];
  const list = columns.map(identifier).join(', ');
  const values = columns.map((_, i) => `value ->> ${i}`).join(', ');
  // WHERE true: SQLite needs it between a SELECT and ON CONFLICT to parse the upsert
  const tail = onConflictIgnore ? ' WHERE true ON CONFLICT DO NOTHING' : '';
  await sql`INSERT INTO ${sql.raw(identifier(table))} (${sql.raw(list)}) SELECT ${sql.raw(values)} FROM json_each(${packed(rows, columns)})${sql.raw(tail)}`.execute(db);
}

export type IncidentSummaryColumns = Pick<IncidentsTable, 'summary' | 'severity' | 'display_name' | 'alert_count' | 'first_activity' | 'last_activity' | 'last_update'>;
const summaryColumns = ['summary', 'severity', 'display_name', 'alert_count', 'first_activity', 'last_activity', 'last_update'] as const;

export class CorrelationRepository {
  /** New alerts (every row with the same columns) and their correlating entity keys. */
  async insertAlerts(db: Db, rows: readonly Insertable<AlertsTable>[], entities: readonly AlertEntitiesTable[]): Promise<void> {
    await insertPacked(db, 'alerts', rows);
    await insertPacked(db, 'alert_entities', entities, true);
  }

  async insertIncidents(db: Db, rows: readonly Insertable<IncidentsTable>[]): Promise<void> {
    await insertPacked(db, 'incidents', rows);
  }

  async addActivity(db: Db, rows: readonly { incident_id: number; at: string; actor: string; action: string; details: string }[]): Promise<void> {
    await insertPacked(db, 'incident_activity', rows);
  }

  /** Sets the summary columns of many incidents in one statement. */
  async updateSummaries(db: Db, updates: readonly { id: number; columns: Omit<IncidentSummaryColumns, 'alert_count'> & { alert_count: number } }[]): Promise<void> {
    if (updates.length === 0) return;
    const json = JSON.stringify(updates.map((u) => [u.id, ...summaryColumns.map((c) => u.columns[c] ?? null)]));
    const sets = summaryColumns.map((c, i) => `${identifier(c)} = j.value ->> ${i + 1}`).join(', ');
    await sql`UPDATE incidents SET ${sql.raw(sets)} FROM json_each(${json}) AS j WHERE incidents.id = j.value ->> 0`.execute(db);
  }
}
