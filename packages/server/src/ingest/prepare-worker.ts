/**
 * An ingest worker thread: decodes (gzip), parses (JSON / NDJSON), maps and validates one HTTP batch and
 * lays its rows out as columns (events/columns.ts), so the main thread only copies them into DuckDB.
 * Started by prepare-pool.ts. Device reports go back with the batch (BatchDeviceObservations): the
 * service's one DeviceRegistry on the main thread decides the DeviceInfo rows, whichever worker saw what.
 */
import { parentPort } from 'node:worker_threads';
import { HttpError } from '../http/errors.ts';
import { decodeBody, parseRecords } from './body.ts';
import { BatchDeviceObservations } from './identity.ts';
import { prepareColumnar } from './prepare.ts';
import type { PrepareReply, PrepareRequest } from './prepare-pool.ts';

const port = parentPort;
if (!port) throw new Error('prepare-worker.ts runs as a worker thread');

port.on('message', (req: PrepareRequest) => {
  let reply: PrepareReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const body = decodeBody(Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength), req.encoding, req.maxInflatedBytes);
    const prepared = prepareColumnar(req.format, parseRecords(body), new BatchDeviceObservations(), req.defaultTable);
    for (const t of prepared.tables) {
      for (const c of t.columns ?? []) {
        for (const a of [c.data, c.validity, c.sel]) if (a && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) transfer.push(a.buffer as ArrayBuffer);
      }
    }
    reply = { id: req.id, ok: prepared };
  } catch (err) {
    reply =
      err instanceof HttpError
        ? { id: req.id, error: { status: err.status, code: err.code, message: err.message, details: err.details } }
        : { id: req.id, error: { message: err instanceof Error ? (err.stack ?? err.message) : String(err) } };
  }
  port.postMessage(reply, transfer);
});
