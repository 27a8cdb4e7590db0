import { lazy, Suspense } from 'react';
import { Spinner } from '@fluentui/react-components';

// The indicators screen is its own chunk.
const IndicatorsPage = lazy(async () => ({ default: (await import('./IndicatorsPage.tsx')).IndicatorsPage }));

/** Settings > Indicators (/settings/indicators). */
export function IndicatorsRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading indicators" />}>
      <IndicatorsPage />
    </Suspense>
  );
}
