/**
 * Each person's incident queue: the columns they chose, in their order, and their named filter sets (the
 * queue's URL filters saved under a name). Both belong to a person (a session), never to an API token, and
 * nobody else sees them.
 */
import type { AppContext } from '../context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { QueueViewsRepository } from './queue-views.repository.ts';
import type { FilterSetRow } from './queue-views.repository.ts';

/** Every column the queue can show, in the default order (the web app's queue offers exactly these). */
export const queueColumns = [
  'displayName',
  'id',
  'severity',
  'status',
  'categories',
  'impactedAssets',
  'alertCount',
  'serviceSources',
  'detectionSources',
  'assignedTo',
  'classification',
  'determination',
  'firstActivityDateTime',
  'lastActivityDateTime',
  'createdDateTime',
  'lastUpdateDateTime',
  'tags',
] as const;

/** Shown until a person chooses: the columns Defender's queue shows by default. */
export const defaultQueueColumns: readonly string[] = queueColumns.filter((c) => !['determination', 'createdDateTime', 'lastUpdateDateTime'].includes(c));

export const MAX_FILTER_SETS = 50;

export interface FilterSet {
  id: string;
  name: string;
  query: string;
  createdDateTime: string;
  lastUpdateDateTime: string;
}

const toFilterSet = (r: FilterSetRow): FilterSet => ({ id: String(r.id), name: r.name, query: r.query, createdDateTime: r.created, lastUpdateDateTime: r.last_update });

export class QueueViewsService {
  private readonly repo: QueueViewsRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new QueueViewsRepository(ctx.state);
  }

  async columns(userId: string): Promise<{ columns: string[]; custom: boolean; available: readonly string[] }> {
    const saved = await this.repo.columns(userId);
    // A column dropped from a later version is left out rather than failing the queue.
    const columns = saved ? (JSON.parse(saved) as string[]).filter((c) => (queueColumns as readonly string[]).includes(c)) : [...defaultQueueColumns];
    return { columns, custom: saved !== undefined, available: queueColumns };
  }

  async putColumns(userId: string, columns: readonly string[]): Promise<{ columns: string[]; custom: boolean; available: readonly string[] }> {
    columns.forEach((c, i) => {
      if (!(queueColumns as readonly string[]).includes(c)) throw badRequest(`columns[${i}]: unknown column "${c}"; use ${queueColumns.join(', ')}.`);
    });
    const dup = columns.find((c, i) => columns.indexOf(c) !== i);
    if (dup) throw badRequest(`columns: "${dup}" is listed twice.`);
    if (!columns.includes('displayName')) throw badRequest('columns: the incident name (displayName) is always shown; include it.');
    await this.repo.putColumns(userId, JSON.stringify(columns), this.ctx.now().toISOString());
    return this.columns(userId);
  }

  async filterSets(userId: string): Promise<{ value: FilterSet[] }> {
    return { value: (await this.repo.filterSets(userId)).map(toFilterSet) };
  }

  async putFilterSet(userId: string, input: { name: string; query: string }): Promise<FilterSet> {
    const name = input.name.trim();
    if (name === '') throw badRequest('name: a filter set needs a name.');
    const query = input.query.startsWith('?') ? input.query.slice(1) : input.query;
    if (/[\s#]/.test(query)) throw badRequest('query: the queue\'s URL search string (like "status=active&severity=high"), without spaces or "#".');
    const existing = await this.repo.filterSets(userId);
    if (!existing.some((s) => s.name === name) && existing.length >= MAX_FILTER_SETS) throw badRequest(`A person keeps at most ${MAX_FILTER_SETS} filter sets; delete one first.`);
    return toFilterSet(await this.repo.putFilterSet(userId, name, query, this.ctx.now().toISOString()));
  }

  async deleteFilterSet(userId: string, id: number): Promise<void> {
    if (!(await this.repo.deleteFilterSet(userId, id))) throw notFound(`Filter set ${id}`);
  }
}
