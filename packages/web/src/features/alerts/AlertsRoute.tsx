import { lazy, Suspense } from 'react';
import { Spinner } from '@fluentui/react-components';

const AlertPage = lazy(async () => ({ default: (await import('./AlertPage.tsx')).AlertPage }));

/** The alert page (/alerts/:id), reached from incidents; the alert queue is not in the navigation yet. */
export function AlertRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading alert" />}>
      <AlertPage />
    </Suspense>
  );
}
