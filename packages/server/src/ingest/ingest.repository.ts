import type { DuckDbEventStore } from '../events/event-store.ts';

export interface DeadLetterRow {
  receivedAt: string;
  format: string;
  source: string;
  batchId: string;
  index: number;
  field: string | null;
  code: string;
  message: string;
  raw: string;
}

/** The dead-letter table, newest first. */
export async function listDeadLetters(store: DuckDbEventStore, options: { format?: string; batchId?: string; limit: number; offset: number }): Promise<{ total: number; items: DeadLetterRow[] }> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (options.format !== undefined) {
    params.push(options.format);
    where.push(`format = $${params.length}`);
  }
  if (options.batchId !== undefined) {
    params.push(options.batchId);
    where.push(`batch_id = $${params.length}`);
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const q = { timeoutMs: 10_000, maxRows: options.limit };
  const total = await store.query(`SELECT count(*)::INTEGER AS n FROM _dead_letters ${filter}`, params, { ...q, maxRows: 1 });
  const page = await store.query(
    `SELECT strftime(received_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS "receivedAt", format, source, batch_id AS "batchId", record_index AS "index", field, code, message, raw
     FROM _dead_letters ${filter} ORDER BY received_at DESC, batch_id, record_index LIMIT ${Math.trunc(options.limit)} OFFSET ${Math.trunc(options.offset)}`,
    params,
    q,
  );
  return { total: Number(total.rows[0]?.n ?? 0), items: page.rows as unknown as DeadLetterRow[] };
}
