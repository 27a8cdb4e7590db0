/**
 * Map (per format) and validate (per table) parsed records into hunting rows, dead letters and per-record
 * errors: the part of the pipeline that needs no store, so it runs on the ingest worker thread for HTTP
 * batches (prepare-worker.ts) and in-thread for the CLI and the simulator (IngestService.prepare).
 */
import type { DeadLetter, EventRow } from '../events/event-store-types.ts';
import { TableColumnsBuilder, rowsToColumns } from '../events/columns.ts';
import type { TableColumns } from '../events/columns.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { RawRecord } from './body.ts';
import { BatchDeviceObservations } from './identity.ts';
import type { DeviceObservation, DeviceObserver } from './identity.ts';
import { ingestFormats } from './formats/index.ts';
import type { IngestFormat } from './formats/types.ts';
import { validatorFor } from './validate.ts';

export interface RecordError {
  readonly index: number;
  readonly field: string | null;
  readonly code: string;
  readonly message: string;
}

export interface PreparedBatch {
  readonly rows: EventRow[];
  readonly deadLetters: DeadLetter[];
  readonly errors: RecordError[];
  readonly accepted: number;
}

/** A prepared batch with its rows laid out as columns per table (what the worker hands the writer). */
export interface ColumnarPrepared {
  readonly tables: TableColumns[];
  readonly deadLetters: DeadLetter[];
  readonly errors: RecordError[];
  readonly accepted: number;
  /**
   * Prepared with BatchDeviceObservations (on a worker): what the accepted records reported about devices.
   * No DeviceInfo rows for them are in `tables` yet; the service's registry decides them (resolveDevices).
   */
  readonly devices?: readonly DeviceObservation[];
}

export function formatNamed(name: string): IngestFormat {
  const f = ingestFormats.get(name);
  if (!f) throw notFound(`Ingest format '${name}' (known: ${[...ingestFormats.keys()].join(', ')})`);
  return f;
}

/** Maps and validates parsed records; pure apart from the device registry. */
export function prepareRecords(formatName: string, records: readonly RawRecord[], devices: DeviceObserver, defaultTable?: string): PreparedBatch {
  const format = formatNamed(formatName);
  if (defaultTable !== undefined && !validatorFor(defaultTable)) throw badRequest(`Unknown table '${defaultTable}' in table=.`);
  const ctx = defaultTable === undefined ? { devices } : { devices, defaultTable };
  const rows: EventRow[] = [];
  const deadLetters: DeadLetter[] = [];
  const errors: RecordError[] = [];
  let accepted = 0;
  const reject = (r: RawRecord, field: string | null, code: string, message: string): void => {
    errors.push({ index: r.index, field, code, message });
    deadLetters.push({ index: r.index, field, code, message, raw: r.raw });
  };
  for (const r of records) {
    if (r.parseError !== undefined) {
      reject(r, null, 'invalidJson', r.parseError);
      continue;
    }
    const out = format.map(r.value, ctx);
    if (!('rows' in out)) {
      reject(r, out.field, out.code, out.message);
      continue;
    }
    const mine: EventRow[] = [];
    let bad = false;
    for (let i = 0; i < out.rows.length; i++) {
      const m = out.rows[i] as (typeof out.rows)[number];
      const v = validatorFor(m.table);
      if (!v) {
        reject(r, null, 'unknownTable', `no table ${m.table}`);
        bad = true;
        break;
      }
      const cells = v.row(m.values, m.skip);
      if (!Array.isArray(cells)) {
        reject(r, cells.field, cells.code, `${m.table}: ${cells.message}`);
        bad = true;
        break;
      }
      // The record id travels on the record's first row only (derived rows such as DeviceInfo have none).
      mine.push(i === 0 && out.recordId !== undefined ? { table: m.table, cells, recordId: out.recordId } : { table: m.table, cells });
    }
    if (bad) continue;
    accepted++;
    for (const row of mine) rows.push(row);
  }
  return { rows, deadLetters, errors, accepted };
}

/**
 * `prepareRecords` with the rows written straight into per-table column builders (no row arrays): what the
 * ingest worker runs. Same outcomes, errors and dead letters. With BatchDeviceObservations as `devices`,
 * candidate DeviceInfo rows are validated with their record but left out, and the batch carries the
 * device reports instead (`devices`), for the one registry on the main thread.
 */
export function prepareColumnar(formatName: string, records: readonly RawRecord[], devices: DeviceObserver, defaultTable?: string): ColumnarPrepared {
  const format = formatNamed(formatName);
  if (defaultTable !== undefined && !validatorFor(defaultTable)) throw badRequest(`Unknown table '${defaultTable}' in table=.`);
  const ctx = defaultTable === undefined ? { devices } : { devices, defaultTable };
  const observed = devices instanceof BatchDeviceObservations ? devices : undefined;
  let scratch: TableColumnsBuilder | undefined;
  const builders = new Map<string, TableColumnsBuilder>();
  const deadLetters: DeadLetter[] = [];
  const errors: RecordError[] = [];
  let accepted = 0;
  const reject = (r: RawRecord, field: string | null, code: string, message: string): void => {
    errors.push({ index: r.index, field, code, message });
    deadLetters.push({ index: r.index, field, code, message, raw: r.raw });
  };
  const touched: TableColumnsBuilder[] = [];
  for (const r of records) {
    if (r.parseError !== undefined) {
      reject(r, null, 'invalidJson', r.parseError);
      continue;
    }
    const mark = observed?.begin() ?? 0;
    const out = format.map(r.value, ctx);
    if (!('rows' in out)) {
      observed?.rollback(mark);
      reject(r, out.field, out.code, out.message);
      continue;
    }
    touched.length = 0;
    let bad = false;
    for (let i = 0; i < out.rows.length; i++) {
      const m = out.rows[i] as (typeof out.rows)[number];
      const v = validatorFor(m.table);
      if (!v) {
        reject(r, null, 'unknownTable', `no table ${m.table}`);
        bad = true;
        break;
      }
      let b: TableColumnsBuilder | undefined;
      if (observed?.isCandidate(m.values)) {
        // A candidate DeviceInfo row: validated here (it fails its record as it would if stored), then dropped.
        b = scratch ??= new TableColumnsBuilder(v.table);
        const at = b.begin();
        const failed = v.rowInto(m.values, b, at);
        b.rollback();
        if (failed) {
          reject(r, failed.field, failed.code, `${m.table}: ${failed.message}`);
          bad = true;
          break;
        }
        continue;
      }
      b = builders.get(m.table);
      if (!b) builders.set(m.table, (b = new TableColumnsBuilder(v.table)));
      touched.push(b);
      const at = b.begin();
      const failed = v.rowInto(m.values, b, at, m.skip);
      if (failed) {
        reject(r, failed.field, failed.code, `${m.table}: ${failed.message}`);
        bad = true;
        break;
      }
      // The record id travels on the record's first row only (derived rows such as DeviceInfo have none).
      if (i === 0 && out.recordId !== undefined) b.setRecordId(at, out.recordId);
    }
    if (bad) {
      for (const b of touched) b.rollback();
      observed?.rollback(mark);
      continue;
    }
    for (const b of touched) b.commit();
    accepted++;
  }
  const tables: TableColumns[] = [];
  for (const b of builders.values()) {
    const t = b.finish();
    if (t.rows > 0) tables.push(t);
  }
  return observed ? { tables, deadLetters, errors, accepted, devices: [...observed.observations] } : { tables, deadLetters, errors, accepted };
}

/**
 * The DeviceInfo rows a worker-prepared batch adds, decided by the service's one registry from the
 * batch's device reports: a columnar DeviceInfo table, or null when nothing is new. `added` lists the
 * devices it emitted for, so a batch that then fails to commit can be forgotten (`registry.restore`).
 */
export function resolveDevices(observations: readonly DeviceObservation[], registry: DeviceObserver & { entry(id: string): string | undefined }): { table: TableColumns | null; added: [string, string | undefined][] } {
  const v = validatorFor('DeviceInfo');
  if (!v || observations.length === 0) return { table: null, added: [] };
  const b = new TableColumnsBuilder(v.table);
  const added: [string, string | undefined][] = [];
  for (const o of observations) {
    const prior = registry.entry(o.device.DeviceId);
    const values = registry.observe(o.device, o.timestamp, o.facts, o.source);
    if (!values) continue;
    added.push([o.device.DeviceId, prior]);
    const at = b.begin();
    // Each part was validated with its record on the worker; a merge of valid facts stays valid.
    const failed = v.rowInto(values, b, at);
    if (failed) throw new Error(`DeviceInfo for ${o.device.DeviceName}: ${failed.message}`);
    b.commit();
  }
  const table = b.finish();
  return { table: table.rows > 0 ? table : null, added };
}

export function toColumnarPrepared(p: PreparedBatch): ColumnarPrepared {
  return { tables: rowsToColumns(p.rows), deadLetters: p.deadLetters, errors: p.errors, accepted: p.accepted };
}
