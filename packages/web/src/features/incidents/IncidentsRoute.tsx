import { lazy, Suspense, useEffect } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Spinner } from '@fluentui/react-components';
import { readQueueState } from './queue-model.ts';
import { columnsQuery, incidentEvidenceQuery, incidentQuery, listQuery } from './queue-queries.ts';

// Incident screens are their own chunks (echarts' graph comes with the incident page, the queue's chart with
// its own). The routes start the screens' first requests while those chunks load (queue-queries.ts).
const IncidentsPage = lazy(async () => ({ default: (await import('./IncidentsPage.tsx')).IncidentsPage }));
const IncidentPage = lazy(async () => ({ default: (await import('./IncidentPage.tsx')).IncidentPage }));

export function IncidentsRoute() {
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  useEffect(() => {
    void queryClient.prefetchQuery(listQuery(readQueueState(params)));
    void queryClient.prefetchQuery(columnsQuery);
  }, [queryClient, params]);
  return (
    <Suspense fallback={<Spinner label="Loading incidents" />}>
      <IncidentsPage />
    </Suspense>
  );
}

export function IncidentRoute() {
  const queryClient = useQueryClient();
  const { id = '' } = useParams();
  useEffect(() => {
    if (id) {
      void queryClient.prefetchQuery(incidentQuery(id));
      void queryClient.prefetchQuery(incidentEvidenceQuery(id));
    }
  }, [queryClient, id]);
  return (
    <Suspense fallback={<Spinner label="Loading incident" />}>
      <IncidentPage />
    </Suspense>
  );
}
