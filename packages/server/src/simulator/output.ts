/**
 * Where simulated rows go: NDJSON files in the `defender` ingest format (one file per UTC day, plus the
 * ground truth and the organisation beside them), or straight into an event store: through the ingest
 * pipeline (the same validation and append path as POST /api/ingest/defender), or through the bulk path
 * (events/bulk-load.ts: the same stored rows, loaded by DuckDB from CSV chunks; what the demo uses).
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { DuckDbEventStore } from '../events/event-store.ts';
import { BulkLoader } from '../events/bulk-load.ts';
import { IngestService } from '../ingest/ingest.service.ts';
import type { RawRecord } from '../ingest/body.ts';
import type { GroundTruthRecord, Simulation } from './index.ts';

export interface Progress {
  (rowsDone: number, truthDone: number): void;
}

export const GROUND_TRUTH_FILE = 'ground-truth.ndjson';

/** The organisation as JSON (people, devices, groups), without the circular links. */
export function organisationSummary(sim: Simulation): unknown {
  const org = sim.organisation;
  return {
    name: org.name,
    tenantId: org.tenantId,
    emailDomain: org.emailDomain,
    adDomain: org.adDomain,
    offices: org.offices,
    users: org.users.map((u) => ({ name: u.name, upn: u.upn, objectId: u.objectId, sid: u.sid, displayName: u.displayName, department: u.department, jobTitle: u.jobTitle, office: u.office.code, manager: u.manager?.upn ?? null, admin: u.admin?.upn ?? null, device: u.device?.name ?? null, groups: u.groups })),
    devices: org.devices.map((d) => ({ id: d.id, name: d.fqdn, os: d.osPlatform, osVersion: d.osVersion, role: d.role, service: d.service, office: d.office.code, ip: d.ip, owner: d.owner?.upn ?? null, internetFacing: d.internetFacing })),
    groups: org.groups.map((g) => ({ name: g.name, sid: g.sid, privileged: g.privileged, members: g.members.map((m) => m.upn) })),
    stories: sim.stories,
    options: { ...sim.options, now: sim.options.now.toISOString() },
  };
}

/** Writes events-YYYY-MM-DD.ndjson files, ground-truth.ndjson and organisation.json into `dir`. */
export async function writeSimulation(sim: Simulation, dir: string, progress?: Progress): Promise<{ rows: number; truth: number; files: string[] }> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let current: { day: string; stream: WriteStream } | undefined;
  const truthStream = createWriteStream(join(dir, GROUND_TRUTH_FILE));
  let rows = 0;
  let truth = 0;
  const write = async (stream: WriteStream, text: string): Promise<void> => {
    if (!stream.write(text)) await new Promise<void>((r) => stream.once('drain', () => r()));
  };
  const close = (stream: WriteStream): Promise<void> => new Promise((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  for (const batch of sim.batches()) {
    const day = new Date(batch.start).toISOString().slice(0, 10);
    if (!current || current.day !== day) {
      if (current) await close(current.stream);
      const name = `events-${day}.ndjson`;
      files.push(name);
      current = { day, stream: createWriteStream(join(dir, name), { flags: 'a' }) };
    }
    let text = '';
    for (const row of batch.rows) text += `${JSON.stringify(row)}\n`;
    await write(current.stream, text);
    if (batch.truth.length > 0) await write(truthStream, batch.truth.map((t) => `${JSON.stringify(t)}\n`).join(''));
    rows += batch.rows.length;
    truth += batch.truth.length;
    progress?.(rows, truth);
  }
  if (current) await close(current.stream);
  await close(truthStream);
  writeFileSync(join(dir, 'organisation.json'), `${JSON.stringify(organisationSummary(sim), null, 2)}\n`);
  return { rows, truth, files };
}

export interface IngestSummary {
  readonly rows: number;
  readonly rejected: number;
  readonly truth: number;
  readonly firstErrors: readonly string[];
}

/**
 * Ingests a simulation into an event store through the `defender` ingest pipeline, in commits of about
 * `commitRows` rows. The ground truth goes to `truthFile` (NDJSON) when given, never to a hunting table.
 */
export async function ingestSimulation(store: DuckDbEventStore, sim: Simulation, options: { truthFile?: string; commitRows?: number; progress?: Progress; signal?: AbortSignal } = {}): Promise<IngestSummary> {
  const service = new IngestService(store);
  const commitRows = options.commitRows ?? 50_000;
  const truthStream = options.truthFile !== undefined ? createWriteStream(options.truthFile) : undefined;
  let pending: RawRecord[] = [];
  let rows = 0;
  let rejected = 0;
  let truth = 0;
  const firstErrors: string[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const prepared = service.prepare('defender', pending);
    const res = await service.commit('defender', prepared, { source: 'simulator' });
    rows += res.rows;
    rejected += res.rejected;
    for (const e of res.errors) if (firstErrors.length < 10) firstErrors.push(`${e.code} ${e.field ?? ''}: ${e.message}`);
    pending = [];
  };
  for (const batch of sim.batches()) {
    for (const row of batch.rows) {
      // The raw text is only needed for a dead letter: serialise it then, not for every row.
      pending.push({
        index: pending.length,
        value: row,
        get raw() {
          return JSON.stringify(row);
        },
      });
    }
    if (truthStream && batch.truth.length > 0) truthStream.write(batch.truth.map((t: GroundTruthRecord) => `${JSON.stringify(t)}\n`).join(''));
    truth += batch.truth.length;
    if (pending.length >= commitRows) {
      // Stop between commits when asked (the server is shutting down): what was committed stays.
      options.signal?.throwIfAborted();
      await flush();
      options.progress?.(rows + rejected, truth);
    }
  }
  await flush();
  options.progress?.(rows + rejected, truth);
  if (truthStream) await new Promise<void>((resolve, reject) => truthStream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { rows, rejected, truth, firstErrors };
}

/**
 * Stores a simulation through the bulk path (events/bulk-load.ts): the rows the ingest pipeline would
 * store, loaded a row group per table at a time while generation goes on. `tmpDir` is a directory of its own for
 * the temporary CSV files (removed at the end). Stops between chunks when `signal` aborts.
 */
export async function bulkStoreSimulation(
  store: DuckDbEventStore,
  sim: Simulation,
  options: { tmpDir: string; truthFile?: string; tableRows?: number; progress?: Progress; signal?: AbortSignal },
): Promise<IngestSummary> {
  const loader = new BulkLoader(store, { tmpDir: options.tmpDir, ...(options.tableRows !== undefined ? { tableRows: options.tableRows } : {}) });
  const truthStream = options.truthFile !== undefined ? createWriteStream(options.truthFile) : undefined;
  let rows = 0;
  let truth = 0;
  try {
    for (const batch of sim.batches()) {
      // Stop when asked (Ctrl-C while seeding): the chunks already loaded stay, the rest is dropped.
      options.signal?.throwIfAborted();
      for (const row of batch.rows) {
        const handed = loader.add(row);
        if (handed) await handed;
      }
      rows += batch.rows.length;
      if (truthStream && batch.truth.length > 0) truthStream.write(batch.truth.map((t: GroundTruthRecord) => `${JSON.stringify(t)}\n`).join(''));
      truth += batch.truth.length;
      options.progress?.(rows, truth);
    }
    await loader.finish();
  } catch (err) {
    await loader.abandon();
    throw err;
  } finally {
    if (truthStream) await new Promise<void>((resolve, reject) => truthStream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  return { rows, rejected: 0, truth, firstErrors: [] };
}
