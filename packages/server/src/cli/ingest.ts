import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { basename } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from './main.ts';
import { UsageError, parseFlags, stringFlag } from './args.ts';
import { resolveDataDir } from '../storage/data-dir.ts';
import { DuckDbEventStore } from '../events/event-store.ts';
import { IngestService } from '../ingest/ingest.service.ts';
import { ingestFormats } from '../ingest/formats/index.ts';
import { parseRecords } from '../ingest/body.ts';

const flags = { format: { type: 'string' }, table: { type: 'string' }, data: { type: 'string' }, batch: { type: 'string' }, quiet: { type: 'boolean' } } as const;
const MAX_PRINTED_ERRORS = 50;

/** Yields NDJSON chunks of up to `size` lines (or one whole JSON document), with the bytes read so far. */
async function* chunks(file: string, size: number, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  const raw = createReadStream(file);
  raw.on('data', (b: Buffer | string) => onBytes(typeof b === 'string' ? Buffer.byteLength(b) : b.length));
  const stream = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  let lines: string[] = [];
  let whole: string[] | undefined; // a JSON array or pretty-printed document: parsed at the end in one go
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (whole) {
      whole.push(line);
      continue;
    }
    const t = line.trimStart();
    if (lines.length === 0 && t !== '' && !(t.startsWith('{') && t.trimEnd().endsWith('}'))) {
      whole = [line];
      continue;
    }
    if (t === '') continue;
    lines.push(line);
    if (lines.length >= size) {
      yield Buffer.from(lines.join('\n'));
      lines = [];
    }
  }
  if (whole) yield Buffer.from(whole.join('\n'));
  else if (lines.length > 0) yield Buffer.from(lines.join('\n'));
}

async function ingest(args: string[]): Promise<number> {
  const parsed = parseFlags(flags, args, true);
  const format = stringFlag(parsed, 'format');
  if (!format) throw new UsageError('--format is required');
  if (!ingestFormats.has(format)) throw new UsageError(`--format must be one of ${[...ingestFormats.keys()].join(', ')}, got '${format}'`);
  const files = parsed.positionals;
  if (files.length === 0) throw new UsageError('name at least one FILE (NDJSON or JSON, optionally .gz)');
  for (const f of files) {
    try {
      if (!statSync(f).isFile()) throw new UsageError(`${f} is not a file`);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`cannot read ${f}`);
    }
  }
  const table = stringFlag(parsed, 'table');
  const batchSize = Number(stringFlag(parsed, 'batch') ?? '5000');
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new UsageError('--batch must be 1..100000');
  const dir = resolveDataDir(stringFlag(parsed, 'data'));
  let store: DuckDbEventStore;
  try {
    store = await DuckDbEventStore.open(dir.eventsFile);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/lock/i.test(msg)) throw new Error(`the event store ${dir.eventsFile} is in use (is the server running on this data dir?). Send the files to POST /api/ingest/${format} instead.`);
    throw err;
  }
  const service = new IngestService(store, { queueCapacity: 2 });
  const totalBytes = files.reduce((s, f) => s + statSync(f).size, 0);
  const quiet = parsed.values.quiet === true || !process.stderr.isTTY;
  const bar = new SingleBar({ format: 'ingest |{bar}| {percentage}% | {records} records | {rate} rec/s | ETA {eta_formatted}', hideCursor: true, stream: process.stderr }, Presets.shades_classic);
  let bytes = 0;
  let records = 0;
  let accepted = 0;
  let rejected = 0;
  let duplicates = 0;
  let printed = 0;
  const started = performance.now();
  if (!quiet) bar.start(totalBytes, 0, { records: 0, rate: 0 });
  try {
    for (const file of files) {
      let offset = 0;
      for await (const chunk of chunks(file, batchSize, (n) => (bytes += n))) {
        const recs = parseRecords(chunk);
        const prepared = service.prepare(format, recs, table);
        const res = await service.commit(format, prepared, { source: `cli:${basename(file)}` });
        for (const e of res.errors) {
          if (printed++ < MAX_PRINTED_ERRORS) {
            if (!quiet) bar.stop();
            process.stderr.write(`${file}: record ${offset + e.index}: ${e.field ?? '-'} ${e.code}: ${e.message}\n`);
            if (!quiet) bar.start(totalBytes, bytes, { records, rate: 0 });
          }
        }
        offset += recs.length;
        records += recs.length;
        accepted += res.accepted;
        rejected += res.rejected;
        duplicates += res.duplicates;
        const secs = (performance.now() - started) / 1000;
        if (!quiet) bar.update(Math.min(bytes, totalBytes), { records, rate: Math.round(records / Math.max(secs, 0.001)) });
      }
    }
  } finally {
    if (!quiet) {
      bar.update(totalBytes, { records });
      bar.stop();
    }
    await store.close();
  }
  const secs = (performance.now() - started) / 1000;
  if (printed > MAX_PRINTED_ERRORS) process.stderr.write(`... and ${printed - MAX_PRINTED_ERRORS} more rejected records (all are in the dead-letter table)\n`);
  process.stdout.write(`${records} records in ${secs.toFixed(1)} s: ${accepted} accepted (${duplicates} already stored), ${rejected} rejected\n`);
  return rejected > 0 ? 1 : 0;
}

export const ingestCommand: Command = {
  name: 'ingest',
  usage: 'ingest --format F [--table T] [--batch N] [--data DIR] FILE...',
  summary: `Ingest NDJSON/JSON files (.gz too) into the data dir (formats: ${[...ingestFormats.keys()].join(', ')}); exit 1 if any record was rejected.`,
  run: ingest,
};
