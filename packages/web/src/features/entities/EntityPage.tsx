import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Caption1, Card, makeStyles, MessageBar, MessageBarBody, Spinner, Subtitle2, Title2, tokens } from '@fluentui/react-components';
import { runHuntingQuery } from '../hunting/api.ts';
import { viewRows } from '../hunting/grid-model.ts';
import type { ColumnFilters, SortState } from '../hunting/grid-model.ts';
import { ResultsGrid } from '../hunting/components/ResultsGrid.tsx';
import { RowInspector } from '../hunting/components/RowInspector.tsx';
import type { ResultRow } from '../hunting/api.ts';
import { entitySections, entityTypeLabel, isEntityType } from './entity-queries.ts';
import type { EntitySection } from './entity-queries.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  head: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalM, justifyContent: 'space-between' },
  grid: { height: '280px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function Section({ section }: { section: EntitySection }) {
  const styles = useStyles();
  const [sort, setSort] = useState<SortState>();
  const [filters, setFilters] = useState<ColumnFilters>({});
  const [inspect, setInspect] = useState<{ row: ResultRow; index: number }>();
  const result = useQuery({ queryKey: ['entity-section', section.query, section.timespan], queryFn: ({ signal }) => runHuntingQuery(section.query, section.timespan, signal) });
  const rows = result.data ? viewRows(result.data.schema, result.data.results, filters, sort) : [];
  return (
    <Card aria-label={section.title}>
      <div className={styles.head}>
        <Subtitle2 as="h2">{section.title}</Subtitle2>
        <Caption1>
          {result.data ? `${result.data.results.length.toLocaleString('en-US')} ${result.data.results.length === 1 ? 'row' : 'rows'} · ` : ''}
          <RouterLink to={`/advanced-hunting?${new URLSearchParams({ query: section.query, title: section.title }).toString()}`}>Open in advanced hunting</RouterLink>
        </Caption1>
      </div>
      {result.isPending && <Spinner size="tiny" label="Running query" />}
      {result.error && (
        <MessageBar intent="error">
          <MessageBarBody>{result.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {result.data &&
        (result.data.results.length === 0 ? (
          <Caption1 className={styles.muted}>Nothing in the last {section.timespan === 'P7D' ? '7' : '30'} days.</Caption1>
        ) : (
          <div className={styles.grid}>
            <ResultsGrid
              columns={result.data.schema}
              rows={rows}
              totalRows={result.data.results.length}
              sort={sort}
              filters={filters}
              onSortChange={setSort}
              onFilterChange={(c, t) => setFilters((f) => ({ ...f, [c]: t }))}
              onInspect={(row, index) => setInspect({ row, index })}
              label={section.title}
            />
          </div>
        ))}
      {result.data && <RowInspector columns={result.data.schema} row={inspect?.row} index={inspect?.index ?? 0} onClose={() => setInspect(undefined)} />}
    </Card>
  );
}

/** Device, user, IP and file pages, built from hunting queries over the Advanced Hunting tables. */
export function EntityPage() {
  const styles = useStyles();
  const { type, id = '' } = useParams();
  if (!isEntityType(type)) return <MessageBar intent="error"><MessageBarBody>Unknown entity type {type}.</MessageBarBody></MessageBar>;
  return (
    <article className={styles.root} aria-labelledby="entity-title">
      <Caption1 className={styles.muted}>{entityTypeLabel[type]}</Caption1>
      <Title2 as="h1" id="entity-title">
        {id}
      </Title2>
      {entitySections(type, id).map((s) => (
        <Section key={s.id} section={s} />
      ))}
    </article>
  );
}
