/**
 * The incident queue's queries, shared by the page and its route: the route (in the main bundle) starts them
 * while the page's chunk is still loading, so the list's server time overlaps the download and first render
 * instead of following them. The same keys make the page pick up the fetches already in flight.
 */
import { getIncident, getIncidentEvidence, getIncidentTimeline, getQueueColumns, listIncidents } from './api.ts';
import { extraListParams, PAGE_SIZE, toODataFilter } from './queue-model.ts';
import type { QueueState } from './queue-model.ts';

export const columnsQueryKey = ['incidents', 'queue-columns'] as const;

export const columnsQuery = { queryKey: columnsQueryKey, queryFn: ({ signal }: { signal: AbortSignal }) => getQueueColumns(signal), staleTime: Infinity };

/** The list query of a queue state; the time window is relative to the current minute so the key is stable. */
export function listQuery(state: QueueState, now = Date.now()) {
  const minute = Math.floor(now / 60_000) * 60_000;
  const filter = toODataFilter(state, new Date(minute));
  const extra = extraListParams(state);
  return {
    queryKey: ['incidents', filter, extra, state.orderBy, state.desc, state.page] as const,
    staleTime: 5_000, // the page mounting just after the route's prefetch takes it as is
    queryFn: ({ signal }: { signal: AbortSignal }) => listIncidents({ $filter: filter, ...extra, $top: PAGE_SIZE, $skip: (state.page - 1) * PAGE_SIZE, $orderby: `${state.orderBy} ${state.desc ? 'desc' : 'asc'}` }, signal),
  };
}

export const incidentQuery = (id: string) => ({ queryKey: ['incident', id] as const, staleTime: 5_000, queryFn: ({ signal }: { signal: AbortSignal }) => getIncident(id, signal) });

/** The incident's merged evidence (the graph, the Evidence tab); started by the route beside the incident. */
export const incidentEvidenceQuery = (id: string) => ({ queryKey: ['incident', id, 'evidence'] as const, staleTime: 5_000, queryFn: ({ signal }: { signal: AbortSignal }) => getIncidentEvidence(id, signal) });

/** The attack story's raw events: asked for by the timeline once the page has rendered, never by the route. */
export const incidentTimelineQuery = (id: string) => ({ queryKey: ['incident', id, 'timeline'] as const, staleTime: 30_000, queryFn: ({ signal }: { signal: AbortSignal }) => getIncidentTimeline(id, signal) });
