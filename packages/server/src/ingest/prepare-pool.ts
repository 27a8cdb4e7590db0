/**
 * Worker threads that prepare HTTP ingest batches (prepare-worker.ts): decode, parse, map, validate and
 * lay out as columns, off the main thread, which then only appends and commits. Workers start on first use
 * and are replaced if one dies (its batches fail with a 500). PALISADE_INGEST_WORKERS sets how many
 * (default: one per core beyond the first, at least one, at most four); 0 prepares in the main thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HttpError } from '../http/errors.ts';
import { decodeBody, parseRecords } from './body.ts';
import type { DeviceRegistry } from './identity.ts';
import { prepareColumnar } from './prepare.ts';
import type { ColumnarPrepared } from './prepare.ts';

export interface PrepareRequest {
  readonly id: number;
  readonly format: string;
  readonly body: Uint8Array;
  readonly encoding: string | undefined;
  readonly maxInflatedBytes: number;
  readonly defaultTable: string | undefined;
}

export type PrepareReply =
  | { readonly id: number; readonly ok: ColumnarPrepared }
  | { readonly id: number; readonly error: { readonly status?: number; readonly code?: string; readonly message: string; readonly details?: unknown } };

export type PrepareInput = Omit<PrepareRequest, 'id'>;

interface Pending {
  readonly resolve: (p: ColumnarPrepared) => void;
  readonly reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  readonly pending: Map<number, Pending>;
}

export function defaultWorkerCount(): number {
  const v = process.env.PALISADE_INGEST_WORKERS;
  if (v !== undefined && v !== '') {
    if (!/^\d+$/.test(v)) throw new Error(`PALISADE_INGEST_WORKERS must be a whole number, got '${v}'`);
    return Number(v);
  }
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

export class PreparePool {
  private readonly slots: (Slot | undefined)[];
  private nextId = 1;
  private closed = false;

  constructor(
    readonly size: number,
    /** The registry used when size is 0 (preparing in the main thread). */
    private readonly devices: DeviceRegistry,
  ) {
    this.slots = Array.from({ length: size }, () => undefined);
  }

  /** Decodes, parses, maps and validates one batch; HttpErrors (400 with offset, 413, 415) come back as such. */
  prepare(input: PrepareInput): Promise<ColumnarPrepared> {
    if (this.size === 0) {
      try {
        const body = decodeBody(Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength), input.encoding, input.maxInflatedBytes);
        return Promise.resolve(prepareColumnar(input.format, parseRecords(body), this.devices, input.defaultTable));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    if (this.closed) return Promise.reject(new Error('ingest workers are closed'));
    const slot = this.pick();
    const id = this.nextId++;
    return new Promise<ColumnarPrepared>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      // A body that owns its whole ArrayBuffer (Buffer.concat of a large request) moves to the worker
      // instead of being copied; the caller does not read it afterwards.
      const b = input.body;
      const own = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.byteLength > 65_536 && b.buffer instanceof ArrayBuffer;
      slot.worker.postMessage({ id, ...input } satisfies PrepareRequest, own ? [b.buffer] : []);
    });
  }

  /** The least busy worker, started if it is not running. */
  private pick(): Slot {
    let best = -1;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (!s) {
        best = i;
        break;
      }
      if (best < 0 || s.pending.size < (this.slots[best] as Slot).pending.size) best = i;
    }
    return this.slots[best] ?? this.start(best);
  }

  private start(i: number): Slot {
    const worker = new Worker(new URL('./prepare-worker-boot.mjs', import.meta.url), { workerData: { entry: new URL('./prepare-worker.ts', import.meta.url).href } });
    const slot: Slot = { worker, pending: new Map() };
    this.slots[i] = slot;
    worker.on('message', (reply: PrepareReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if ('ok' in reply) p.resolve(reply.ok);
      else if (reply.error.status !== undefined) p.reject(new HttpError(reply.error.status, reply.error.code ?? 'badRequest', reply.error.message, reply.error.details));
      else p.reject(new Error(`ingest worker: ${reply.error.message}`));
    });
    const fail = (err: unknown): void => {
      if (this.slots[i] === slot) this.slots[i] = undefined;
      for (const p of slot.pending.values()) p.reject(err instanceof Error ? err : new Error(`ingest worker stopped: ${String(err)}`));
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`ingest worker exited with code ${code}`)));
    // An idle worker must not keep the process alive.
    worker.unref();
    return slot;
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.slots.filter((s): s is Slot => s !== undefined);
    this.slots.fill(undefined);
    await Promise.all(running.map((s) => s.worker.terminate()));
  }
}
