import { lazy, Suspense } from 'react';
import { Spinner } from '@fluentui/react-components';

// The rules screens are their own chunk; the rule page's query editor (Monaco) loads later still, on first use.
const RulesPage = lazy(async () => ({ default: (await import('./RulesPage.tsx')).RulesPage }));
const RulePage = lazy(async () => ({ default: (await import('./RulePage.tsx')).RulePage }));

/** Hunting > Custom detection rules (/custom-detection-rules). */
export function RulesRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading detection rules" />}>
      <RulesPage />
    </Suspense>
  );
}

/** One rule (/custom-detection-rules/:id) or a new one (/custom-detection-rules/new). */
export function RuleRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading detection rule" />}>
      <RulePage />
    </Suspense>
  );
}
