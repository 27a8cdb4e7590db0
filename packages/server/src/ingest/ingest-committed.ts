/**
 * The hook near-real-time detections hang on ingest: after a batch's rows are committed, listeners hear which
 * hunting tables got rows. Every IngestService on the same event store (HTTP, CLI, the demo's seeding) calls
 * `notifyIngestCommitted` after its commit; a listener runs synchronously there, so it must only queue work
 * (never wait, never throw): the batch is committed and answered whatever the listener does.
 */
import type { DuckDbEventStore } from '../events/event-store.ts';

export type IngestCommittedListener = (event: { readonly tables: readonly string[]; readonly rows: number }) => void;

const listeners = new WeakMap<DuckDbEventStore, Set<IngestCommittedListener>>();

/** Subscribes to committed ingest batches on a store; returns the unsubscribe function. */
export function onIngestCommitted(store: DuckDbEventStore, listener: IngestCommittedListener): () => void {
  let set = listeners.get(store);
  if (!set) listeners.set(store, (set = new Set()));
  set.add(listener);
  return () => void set.delete(listener);
}

/** Called by ingest after a commit that inserted `rows` rows into `tables`. */
export function notifyIngestCommitted(store: DuckDbEventStore, tables: readonly string[], rows: number): void {
  const set = listeners.get(store);
  if (!set || set.size === 0 || rows === 0) return;
  const event = { tables, rows };
  for (const l of set) {
    try {
      l(event);
    } catch {
      // the listener's failure is its own (it logs); ingest has committed and answers regardless
    }
  }
}
