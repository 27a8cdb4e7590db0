import { lazy, Suspense } from 'react';
import { Spinner } from '@fluentui/react-components';

// The hunting page (editor, grid, charts) is its own chunk; Monaco loads later still, on first render of the editor.
const HuntingPage = lazy(async () => ({ default: (await import('./HuntingPage.tsx')).HuntingPage }));

export function HuntingRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading advanced hunting" />}>
      <HuntingPage />
    </Suspense>
  );
}
