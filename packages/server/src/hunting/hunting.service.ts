/**
 * Advanced hunting: KQL compiled by @palisade/kql against the schema module, run read-only on the event
 * store with a timeout and a row cap, seen through the caller's device scope and the Timespan window.
 */
import { compile } from '@palisade/kql';
import type { Diagnostic, KustoType } from '@palisade/kql';
import { binderSchema } from '../schema/advanced-hunting.ts';
import type { EventStore, QueryOptions } from '../events/event-store-types.ts';
import { EventQueryError } from '../events/event-store-types.ts';
import type { DeviceScope } from '../auth/principal.ts';
import { HttpError } from '../http/errors.ts';

/** Graph's runHuntingQuery type names for Kusto types. */
const graphType: Readonly<Record<KustoType, string>> = {
  string: 'String',
  int: 'Int32',
  long: 'Int64',
  real: 'Double',
  decimal: 'Decimal',
  bool: 'Boolean',
  datetime: 'DateTime',
  timespan: 'TimeSpan',
  guid: 'Guid',
  dynamic: 'Object',
};

export interface HuntingResult {
  schema: { name: string; type: string }[];
  results: Record<string, unknown>[];
  stats: { elapsedMs: number; rows: number; truncated: boolean };
}

/** Turns a device scope into the device ids it allows; undefined means every device. */
export type DeviceScopeResolver = (scope: DeviceScope) => Promise<readonly string[] | undefined>;

/** Without a resolver, a scope limited to device groups sees no device rows (deny by default). */
export const denyGroupScopes: DeviceScopeResolver = async (scope) => ('all' in scope ? undefined : []);

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** An ISO 8601 duration (P30D, PT12H, P1DT6H) in milliseconds. */
export function parseTimespan(value: string): number {
  const m = DURATION.exec(value.trim());
  if (!m || value.trim() === 'P' || value.trim().endsWith('T')) throw new HttpError(400, 'badRequest', `Timespan must be an ISO 8601 duration such as P30D or PT12H, got '${value}'.`);
  const [, d = '0', h = '0', mi = '0', s = '0'] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(mi)) * 60_000 + Number(s) * 1000;
}

const at = (d: Diagnostic): string => `${d.line}:${d.column}`;

export class HuntingService {
  private readonly schema = binderSchema();

  constructor(
    private readonly store: EventStore,
    private readonly options: { timeoutMs: number; maxRows: number; now: () => Date; resolveDevices: DeviceScopeResolver },
  ) {}

  async run(query: string, opts: { scope: DeviceScope; timespan?: string; omitNulls?: boolean }): Promise<HuntingResult> {
    const now = this.options.now();
    const since = opts.timespan !== undefined ? new Date(now.getTime() - parseTimespan(opts.timespan)) : undefined;
    const compiled = compile(query, { schema: this.schema, dialect: 'duckdb', now, maxRows: this.options.maxRows + 1 });
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0 || compiled.sql === '') {
      const first = errors[0];
      throw new HttpError(400, 'badQuery', first ? `${at(first)}: ${first.message}` : 'The query could not be compiled.', { diagnostics: compiled.diagnostics });
    }
    const deviceIds = await this.options.resolveDevices(opts.scope);
    const q: QueryOptions = {
      timeoutMs: this.options.timeoutMs,
      maxRows: this.options.maxRows,
      ...(deviceIds !== undefined ? { deviceIds } : {}),
      ...(since !== undefined ? { since } : {}),
    };
    try {
      const r = await this.store.query(compiled.sql, compiled.params, q);
      return {
        schema: compiled.columns.map((c) => ({ name: c.name, type: graphType[c.type] })),
        results: opts.omitNulls ? r.rows.map(withoutNulls) : [...r.rows],
        stats: { elapsedMs: Math.round(r.elapsedMs * 10) / 10, rows: r.rows.length, truncated: r.truncated },
      };
    } catch (err) {
      if (err instanceof EventQueryError) {
        if (err.code === 'timeout') throw new HttpError(408, 'queryTimeout', err.message);
        throw new HttpError(400, 'queryFailed', `The query failed while running: ${err.message}`);
      }
      throw err;
    }
  }
}

/** A result row without its null cells (a reader treats a missing cell as null). */
function withoutNulls(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in row) {
    const v = row[key];
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out;
}
