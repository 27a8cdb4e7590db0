import { sql } from 'kysely';
import type { StateDb } from '../state/database.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: unknown;
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  target?: string;
  since?: string;
  until?: string;
  /** Entries with an id below this one (the next page of a newest-first listing). */
  before?: number;
  limit: number;
}

/** The audit log: append-only (the table's triggers refuse updates and deletes). */
export class AuditRepository {
  constructor(private readonly db: StateDb) {}

  async append(entry: { at: string; actor: string; action: string; target?: string | null; details?: unknown }): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        target: entry.target ?? null,
        details: entry.details === undefined ? null : JSON.stringify(entry.details),
      })
      .execute();
  }

  async list(q: AuditQuery): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log').selectAll();
    // 'user.' lists every user.* action; 'user.create' exactly that one.
    if (q.action !== undefined) query = q.action.endsWith('.') ? query.where(sql<string>`substr(action, 1, ${q.action.length})`, '=', q.action) : query.where('action', '=', q.action);
    if (q.actor !== undefined) query = query.where('actor', '=', q.actor);
    if (q.target !== undefined) query = query.where('target', '=', q.target);
    if (q.since !== undefined) query = query.where('at', '>=', q.since);
    if (q.until !== undefined) query = query.where('at', '<', q.until);
    if (q.before !== undefined) query = query.where('id', '<', q.before);
    const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
    return rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, target: r.target, details: r.details === null ? null : (JSON.parse(r.details) as unknown) }));
  }
}
