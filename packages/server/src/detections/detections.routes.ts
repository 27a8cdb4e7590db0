import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.ts';
import { detectionsService, runToApi, startDetectionScheduler } from './detections.service.ts';
import { startNrtDetections } from './nrt.ts';
import type { NrtDetections } from './nrt.ts';

const idParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 80 } }, required: ['id'] } as const;
const objectBody = { type: 'object' } as const;

/**
 * Custom detection rules: /api/detections/rules (read: security.read; change: detections.manage). The
 * scheduler (scheduled rules, and near-real-time rules as a backstop) and the near-real-time evaluation of
 * each committed ingest batch (nrt.ts) run with the server; both are off under tests and when
 * PALISADE_DETECTION_SCHEDULER=off.
 */
export function detectionsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const service = detectionsService(ctx);
    const actor = (p: { name: string } | undefined): string => p?.name ?? 'unknown';

    if (process.env.VITEST === undefined && process.env.PALISADE_DETECTION_SCHEDULER !== 'off') {
      let scheduler: { stop(): Promise<void> } | undefined;
      let nrt: NrtDetections | undefined;
      app.addHook('onReady', async () => {
        scheduler = startDetectionScheduler(ctx, Number(process.env.PALISADE_DETECTION_INTERVAL_MS ?? 30_000));
        nrt = startNrtDetections(ctx);
      });
      app.addHook('onClose', async () => {
        await nrt?.stop();
        await scheduler?.stop();
      });
    }

    // Each rule with its latest run (when, how long, alerts, error), for the rules list.
    app.get('/api/detections/rules', { config: { access: { permission: 'security.read' } } }, async () => ({
      value: await Promise.all((await service.list()).map(async (r) => ({ ...r, lastRun: (await service.repo.runs(String(r.id), 1)).map(runToApi)[0] ?? null }))),
    }));
    app.get<{ Params: { id: string } }>('/api/detections/rules/:id', { config: { access: { permission: 'security.read' } }, schema: { params: idParams } }, async (req) =>
      service.get(req.params.id),
    );
    app.get<{ Params: { id: string } }>('/api/detections/rules/:id/runs', { config: { access: { permission: 'security.read' } }, schema: { params: idParams } }, async (req) => {
      await service.get(req.params.id);
      return { value: (await service.repo.runs(req.params.id, 100)).map(runToApi) };
    });
    app.post<{ Body: unknown }>('/api/detections/rules', { config: { access: { permission: 'detections.manage' } }, schema: { body: objectBody } }, async (req, reply) =>
      reply.status(201).send(await service.create(req.body, actor(req.principal))),
    );
    app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/api/detections/rules/:id',
      { config: { access: { permission: 'detections.manage' } }, schema: { params: idParams, body: objectBody } },
      async (req) => service.update(req.params.id, req.body, actor(req.principal)),
    );
    app.delete<{ Params: { id: string } }>('/api/detections/rules/:id', { config: { access: { permission: 'detections.manage' } }, schema: { params: idParams } }, async (req, reply) => {
      await service.remove(req.params.id);
      return reply.status(204).send();
    });
    app.post<{ Params: { id: string } }>('/api/detections/rules/:id/run', { config: { access: { permission: 'detections.manage' } }, schema: { params: idParams } }, async (req) =>
      service.run(req.params.id, 'manual'),
    );
  };
}
