import { lazy, Suspense } from 'react';
import { Spinner } from '@fluentui/react-components';

// Incident screens are their own chunk (echarts' graph comes with the incident page).
const IncidentsPage = lazy(async () => ({ default: (await import('./IncidentsPage.tsx')).IncidentsPage }));
const IncidentPage = lazy(async () => ({ default: (await import('./IncidentPage.tsx')).IncidentPage }));

export function IncidentsRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading incidents" />}>
      <IncidentsPage />
    </Suspense>
  );
}

export function IncidentRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading incident" />}>
      <IncidentPage />
    </Suspense>
  );
}
