import { useState } from 'react';
import { useParams } from 'react-router';
import { AppLink } from './AppLink.tsx';
import { useQuery } from '@tanstack/react-query';
import { Caption1, Card, makeStyles, MessageBar, MessageBarBody, Spinner, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Title2, tokens } from '@fluentui/react-components';
import { errorMessage, isApiError } from '../../api/index.ts';
import { runHuntingQuery } from '../hunting/api.ts';
import { viewRows } from '../hunting/grid-model.ts';
import type { ColumnFilters, SortState } from '../hunting/grid-model.ts';
import { ResultsGrid } from '../hunting/components/ResultsGrid.tsx';
import { RowInspector } from '../hunting/components/RowInspector.tsx';
import type { ResultRow } from '../hunting/api.ts';
import { entitySections, entityTypeLabel, isEntityType } from './entity-queries.ts';
import type { EntitySection, EntityType } from './entity-queries.ts';
import { fetchDeviceOverview } from './api.ts';
import { DeviceOverview } from './DeviceOverview.tsx';
import { DeviceTimeline } from './DeviceTimeline.tsx';
import { RelatedSection } from './RelatedSection.tsx';
import { formatTime } from './format.ts';
import { useSession } from '../auth/session.tsx';
import { huntingLink } from '../hunting/hunting-link.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  head: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalM, justifyContent: 'space-between' },
  grid: { minHeight: '130px' },
  scroll: { maxHeight: '320px', overflowY: 'auto' },
  // hashes and command lines have no break opportunities: without this they run over the next columns
  cell: { overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** A linked section shows this many rows; the rest are a click away in advanced hunting. */
const LINKED_ROWS = 200;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(v) ? formatTime(v) : v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** A section whose values include entities: a plain table whose entity cells link to their pages. */
function LinkedTable({ section, columns, rows }: { section: EntitySection; columns: readonly { name: string }[]; rows: readonly ResultRow[] }) {
  const styles = useStyles();
  const links = section.links ?? {};
  return (
    <div className={styles.scroll}>
      <Table aria-label={section.title} size="small">
        <TableHeader>
          <TableRow>
            {columns.map((c) => (
              <TableHeaderCell key={c.name}>{c.name}</TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.slice(0, LINKED_ROWS).map((r, i) => (
            <TableRow key={i}>
              {columns.map((c) => {
                const v = r[c.name];
                const type = links[c.name];
                const text = cellText(v);
                return <TableCell key={c.name} className={styles.cell}>{type && text !== '' ? <AppLink to={`/entities/${type}/${encodeURIComponent(text)}`}>{text}</AppLink> : text}</TableCell>;
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function Section({ section }: { section: EntitySection }) {
  const styles = useStyles();
  const [sort, setSort] = useState<SortState>();
  const [filters, setFilters] = useState<ColumnFilters>({});
  const [inspect, setInspect] = useState<{ row: ResultRow; index: number }>();
  const result = useQuery({ queryKey: ['entity-section', section.query, section.timespan], queryFn: ({ signal }) => runHuntingQuery(section.query, section.timespan, signal) });
  const rows = result.data ? viewRows(result.data.schema, result.data.results, filters, sort) : [];
  const n = result.data?.results.length ?? 0;
  return (
    <Card aria-label={section.title}>
      <div className={styles.head}>
        <Subtitle2 as="h2">{section.title}</Subtitle2>
        <Caption1>
          {result.data ? `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}${section.links && n > LINKED_ROWS ? ` (${LINKED_ROWS} shown)` : ''} · ` : ''}
          <AppLink to={huntingLink(section.query, section.title)}>Open in advanced hunting</AppLink>
        </Caption1>
      </div>
      {result.isPending && <Spinner size="tiny" label="Running query" />}
      {result.error && (
        <MessageBar intent="error">
          <MessageBarBody>{result.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {result.data &&
        (n === 0 ? (
          <Caption1 className={styles.muted}>Nothing in the last {section.timespan === 'P7D' ? '7' : '30'} days.</Caption1>
        ) : section.links ? (
          <LinkedTable section={section} columns={result.data.schema} rows={result.data.results} />
        ) : (
          // as tall as its rows (header with filters, a horizontal scrollbar), at most 280 px
          <div className={styles.grid} style={{ height: `${Math.min(280, 100 + n * 30)}px` }}>
            <ResultsGrid
              columns={result.data.schema}
              rows={rows}
              totalRows={n}
              sort={sort}
              filters={filters}
              onSortChange={setSort}
              onFilterChange={(c, t) => setFilters((f) => ({ ...f, [c]: t }))}
              onInspect={(row, index) => setInspect({ row, index })}
              label={section.title}
            />
          </div>
        ))}
      {result.data && !section.links && <RowInspector columns={result.data.schema} row={inspect?.row} index={inspect?.index ?? 0} onClose={() => setInspect(undefined)} />}
    </Card>
  );
}

/** The device page: overview, incidents and alerts, and the timeline, all from the entities API. */
function DevicePage({ id }: { id: string }) {
  const overview = useQuery({ queryKey: ['device-overview', id], queryFn: ({ signal }) => fetchDeviceOverview(id, signal), retry: (count, e) => !(isApiError(e) && e.isNotFound) && count < 2 });
  if (overview.isPending) return <Spinner size="tiny" label="Loading the device" />;
  if (overview.error) {
    return (
      <MessageBar intent={isApiError(overview.error) && overview.error.isNotFound ? 'warning' : 'error'}>
        <MessageBarBody>{isApiError(overview.error) && overview.error.isNotFound ? `No device '${id}' that you may see.` : errorMessage(overview.error)}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <>
      <DeviceOverview device={overview.data} />
      <RelatedSection type="device" id={id} />
      <DeviceTimeline device={{ deviceId: overview.data.inventoried ? overview.data.deviceId : null, deviceName: overview.data.inventoried ? overview.data.deviceName : id }} />
    </>
  );
}

/**
 * Entity pages (security.read): a device from the entities API; users, mailboxes, IPs and files from hunting queries
 * (shown to people with hunting.run) plus their incidents and alerts.
 */
export function EntityPage() {
  const styles = useStyles();
  const { type, id = '' } = useParams();
  const canHunt = useSession().can('hunting.run');
  if (!isEntityType(type)) return <MessageBar intent="error"><MessageBarBody>Unknown entity type {type}.</MessageBarBody></MessageBar>;
  const kind: EntityType = type;
  return (
    <article className={styles.root} aria-labelledby="entity-title">
      <Caption1 className={styles.muted}>{entityTypeLabel[kind]}</Caption1>
      <Title2 as="h1" id="entity-title">
        {id}
      </Title2>
      {kind === 'device' ? (
        <DevicePage key={id} id={id} />
      ) : (
        <>
          {canHunt ? (
            entitySections(kind, id).map((s) => <Section key={`${id}|${s.id}`} section={s} />)
          ) : (
            <MessageBar intent="info">
              <MessageBarBody>The activity sections of this page are advanced hunting queries: they need the hunting.run permission.</MessageBarBody>
            </MessageBar>
          )}
          <RelatedSection type={kind} id={id} />
        </>
      )}
    </article>
  );
}
