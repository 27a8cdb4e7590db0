import { lazy, Suspense } from 'react';
import { Spinner } from '@fluentui/react-components';

const AlertsPage = lazy(async () => ({ default: (await import('./AlertsPage.tsx')).AlertsPage }));
const AlertPage = lazy(async () => ({ default: (await import('./AlertPage.tsx')).AlertPage }));

/** The alert page (/alerts/:id). */
export function AlertRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading alert" />}>
      <AlertPage />
    </Suspense>
  );
}

export function AlertsRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading alerts" />}>
      <AlertsPage />
    </Suspense>
  );
}
