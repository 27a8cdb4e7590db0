import { lazy, Suspense } from 'react';
import { Spinner } from '@fluentui/react-components';

const EntityPage = lazy(async () => ({ default: (await import('./EntityPage.tsx')).EntityPage }));

export function EntityRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading entity" />}>
      <EntityPage />
    </Suspense>
  );
}
