import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import type { ErrorBody } from '../http/errors.ts';
import { IngestService } from './ingest.service.ts';
import { listDeadLetters } from './ingest.repository.ts';
import { QueueClosedError, QueueFullError } from './write-queue.ts';
import { ingestFormats } from './formats/index.ts';

/** Options; each also has an environment variable (PALISADE_INGEST_MAX_BODY_MB, PALISADE_INGEST_QUEUE_CAPACITY, PALISADE_RETENTION_DAYS). */
export interface IngestRouteOptions {
  /** Largest body accepted on the wire (413 above). */
  maxBodyBytes?: number;
  /** Largest body after gzip decoding (413 above); 4 x maxBodyBytes unless given. */
  maxInflatedBytes?: number;
  /** Batches that may wait for the writer before 429. */
  queueCapacity?: number;
  /** Retention per table in days (default 30), pruned hourly through the write queue. */
  retentionDays?: number;
}

const MiB = 1024 * 1024;

const services = new WeakMap<AppContext, IngestService>();

/** The ingest service serving a context's routes (for the CLI-less tools and tests that drive its queue). */
export function ingestServiceOf(ctx: AppContext): IngestService | undefined {
  return services.get(ctx);
}

/**
 * POST /api/ingest/{format}: a JSON array or NDJSON body, optionally gzip, for an API token (or person)
 * with ingest.write. GET /api/ingest/deadLetters: what was rejected, verbatim, for admins.
 */
export function ingestRoutes(ctx: AppContext, options: IngestRouteOptions = {}): FastifyPluginAsync {
  const env = (name: string): number | undefined => {
    const v = process.env[name];
    if (v === undefined || v === '') return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`${name} must be a whole number, got '${v}'`);
    return Number(v);
  };
  const maxBody = options.maxBodyBytes ?? (env('PALISADE_INGEST_MAX_BODY_MB') ?? 64) * MiB;
  const maxInflated = options.maxInflatedBytes ?? maxBody * 4;
  const queueCapacity = options.queueCapacity ?? env('PALISADE_INGEST_QUEUE_CAPACITY');
  const retentionDays = options.retentionDays ?? env('PALISADE_RETENTION_DAYS') ?? 30;
  return async (app) => {
    const service = new IngestService(ctx.events, queueCapacity === undefined ? {} : { queueCapacity });
    services.set(ctx, service);
    ctx.events.scheduleRetention(
      { defaultDays: retentionDays },
      { run: (job) => service.queue.run(job), onError: (err) => ctx.logger.warn({ err }, 'retention prune failed') },
    );
    app.addHook('onClose', async () => {
      ctx.events.stopRetention();
      await service.queue.close();
      await service.close();
    });

    // Bodies arrive raw: the service decodes gzip and parses JSON/NDJSON itself (to report byte offsets).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBody }, (_req, body, done) => done(null, body));

    const backPressure = (status: 429 | 503, retryAfter: number, message: string) => ({ status, retryAfter, body: { error: { code: status === 429 ? 'tooManyRequests' : 'unavailable', message } } satisfies ErrorBody });

    app.post<{ Params: { format: string }; Querystring: { table?: string } }>(
      '/api/ingest/:format',
      {
        config: { access: { permission: 'ingest.write' } },
        bodyLimit: maxBody,
        schema: {
          params: { type: 'object', properties: { format: { type: 'string', enum: [...ingestFormats.keys()] } }, required: ['format'] },
          querystring: { type: 'object', properties: { table: { type: 'string', maxLength: 100 } }, additionalProperties: false },
        },
        // Refuse before reading the body when the writer is already saturated.
        onRequest: async (_request, reply) => {
          if (service.queue.full) {
            const b = backPressure(429, service.queue.retryAfterSeconds(), 'The ingest write queue is full; retry later.');
            return reply.code(b.status).header('retry-after', String(b.retryAfter)).send(b.body);
          }
          return undefined;
        },
      },
      async (request, reply) => {
        const raw = request.body;
        if (!Buffer.isBuffer(raw) || raw.length === 0) throw new HttpError(400, 'emptyBody', 'The body is empty: send a JSON array or NDJSON records.');
        const key = request.headers['idempotency-key'];
        if (Array.isArray(key) || (key !== undefined && (key.length === 0 || key.length > 200))) throw new HttpError(400, 'badRequest', 'Idempotency-Key must be one value of 1-200 characters.');
        try {
          const principal = request.principal;
          return await service.ingestBody(request.params.format, { body: raw, encoding: request.headers['content-encoding'], maxInflatedBytes: maxInflated }, {
            source: principal ? `${principal.kind}:${principal.name}` : 'anonymous',
            ...(request.query.table !== undefined ? { defaultTable: request.query.table } : {}),
            ...(key !== undefined ? { idempotencyKey: key } : {}),
          });
        } catch (err) {
          if (err instanceof QueueFullError) {
            const b = backPressure(429, err.retryAfterSeconds, err.message);
            return reply.code(b.status).header('retry-after', String(b.retryAfter)).send(b.body);
          }
          if (err instanceof QueueClosedError) {
            const b = backPressure(503, 5, err.message);
            return reply.code(b.status).header('retry-after', String(b.retryAfter)).send(b.body);
          }
          throw err;
        }
      },
    );

    app.get<{ Querystring: { format?: string; batchId?: string; limit?: number; offset?: number } }>(
      '/api/ingest/deadLetters',
      {
        config: { access: { permission: 'settings.system' } },
        schema: {
          querystring: {
            type: 'object',
            properties: {
              format: { type: 'string', maxLength: 40 },
              batchId: { type: 'string', maxLength: 64 },
              limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
              offset: { type: 'integer', minimum: 0, default: 0 },
            },
            additionalProperties: false,
          },
        },
      },
      async (request) => {
        const q = request.query;
        return listDeadLetters(ctx.events, {
          limit: q.limit ?? 100,
          offset: q.offset ?? 0,
          ...(q.format !== undefined ? { format: q.format } : {}),
          ...(q.batchId !== undefined ? { batchId: q.batchId } : {}),
        });
      },
    );

    app.get('/api/ingest/stats', { config: { access: { permission: 'settings.system' } } }, async () => ({
      formats: [...ingestFormats.values()].map((f) => ({ name: f.name, description: f.description })),
      queue: { pending: service.queue.size, capacity: service.queue.capacity },
      store: await ctx.events.stats(),
    }));
  };
}
