import { Fragment, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { AppLink } from './AppLink.tsx';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Caption1,
  Card,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  SearchBox,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { ChevronDownRegular, ChevronRightRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../api/index.ts';
import { fetchTimeline, fetchTimelineEvent, fetchTimelineFacets } from './api.ts';
import type { TimelineEvent, TimelineFilters } from './api.ts';
import { cellLink, eventAccount, eventSummary, fromLocalInput, rangeFrom, recordFields, timelineHuntQuery, timelineRangeOf, timelineRanges, timelineTableIds, timelineTableLabels, toLocalInput } from './timeline-model.ts';
import { useSession } from '../auth/session.tsx';
import { formatTime } from './format.ts';
import { huntingLink } from '../hunting/hunting-link.ts';

const PAGE = 100;

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  filter: { minWidth: '180px', maxWidth: '260px' },
  search: { minWidth: '240px' },
  head: { display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  time: { whiteSpace: 'nowrap', width: '170px' },
  type: { width: '110px' },
  expand: { width: '44px' },
  account: { width: '160px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  title: { overflowWrap: 'anywhere' },
  detail: { display: 'block', color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  record: {
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
  },
  key: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  footer: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** One event's whole record, fetched when its row is opened; entity values link to their pages. */
function EventRecord({ deviceId, event }: { deviceId: string; event: TimelineEvent }) {
  const styles = useStyles();
  const record = useQuery({
    queryKey: ['device-event', deviceId, event.table, event.reportId, event.timestamp],
    queryFn: ({ signal }) => fetchTimelineEvent(deviceId, event, signal),
  });
  if (record.isPending) return <Spinner size="tiny" label="Loading the event" />;
  if (record.error) return <MessageBar intent="error"><MessageBarBody>{errorMessage(record.error)}</MessageBarBody></MessageBar>;
  return (
    <dl className={styles.record} aria-label={`Event ${event.reportId} record`}>
      {recordFields(record.data).map(([k, v]) => {
        const link = cellLink(k, record.data[k]);
        return (
          <Fragment key={k}>
            <dt className={styles.key}>{k}</dt>
            <dd className={styles.value}>{link ? <AppLink to={link}>{v}</AppLink> : v}</dd>
          </Fragment>
        );
      })}
    </dl>
  );
}

/** Debounces a text input: the value settles 350 ms after the last keystroke. */
function useSettled(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), 350);
    return () => clearTimeout(t);
  }, [value]);
  return settled;
}

/**
 * The device timeline: its events from every Device* table, newest first, 100 at a time ("Load older" reads
 * the next keyset page), filtered by time range, event type, action type and text; a row opens to the whole
 * record.
 */
export function DeviceTimeline({ device }: { device: { deviceId: string | null; deviceName: string } }) {
  // the API takes a DeviceId or, for a device known only from events, its name
  const deviceId = device.deviceId ?? device.deviceName;
  const styles = useStyles();
  const canHunt = useSession().can('hunting.run');
  // The filters live in the URL (bookmarkable, and Back from a linked page finds them again), replaced in place.
  const [params, setParams] = useSearchParams();
  const update = (change: (p: URLSearchParams) => void): void =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        change(next);
        return next;
      },
      { replace: true },
    );
  const range = timelineRangeOf(params.get('range'));
  // A preset's bounds are fixed when chosen (or the page opened), so the pages of one listing share them.
  const [anchor, setAnchor] = useState(() => new Date());
  const from = range === 'custom' ? (fromLocalInput(params.get('from') ?? '') ?? undefined) : rangeFrom(range, anchor);
  const to = range === 'custom' ? (fromLocalInput(params.get('to') ?? '') ?? undefined) : undefined;
  const tables = params.getAll('table').filter((t) => timelineTableIds.includes(t));
  const actionType = params.get('action') ?? '';
  const [searchText, setSearchText] = useState(() => params.get('q') ?? '');
  const search = useSettled(searchText);
  useEffect(() => {
    if ((params.get('q') ?? '') !== search) update((p) => (search === '' ? p.delete('q') : p.set('q', search)));
    // only a settled change of the text writes the URL (the params it reads are the latest anyway)
  }, [search]);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  const filters: TimelineFilters = { tables, actionType, search, from, to };
  const badRange = from !== undefined && to !== undefined && from >= to;
  const facets = useQuery({ queryKey: ['device-timeline-facets', deviceId, from, to], queryFn: ({ signal }) => fetchTimelineFacets(deviceId, from, to, signal), enabled: !badRange });
  const timeline = useInfiniteQuery({
    queryKey: ['device-timeline', deviceId, filters],
    queryFn: ({ pageParam, signal }) => fetchTimeline(deviceId, filters, pageParam, PAGE, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !badRange,
  });
  const events = timeline.data?.pages.flatMap((p) => p.events) ?? [];
  const counts = new Map(facets.data?.tables.map((t) => [t.table, t.n]));
  const actionTypes = (facets.data?.actionTypes ?? []).filter((a) => tables.length === 0 || tables.includes(a.table));
  const keyOf = (e: TimelineEvent): string => `${e.table}|${e.reportId}|${e.timestamp}`;
  const rangeLabel = range === 'custom' ? 'chosen range' : (timelineRanges.find((r) => r.id === range)?.label.toLowerCase() ?? '');

  return (
    <Card aria-label="Timeline">
      <div className={styles.head}>
        <Subtitle2 as="h2">Timeline</Subtitle2>
        <Caption1 className={styles.muted}>
          {facets.data ? `${facets.data.tables.reduce((n, t) => n + t.n, 0).toLocaleString('en-US')} events in the ${rangeLabel}` : ''}
          {canHunt && (
            <>
              {facets.data ? ' · ' : ''}
              <AppLink to={huntingLink(timelineHuntQuery(device, filters), 'Device timeline')}>Open in advanced hunting</AppLink>
            </>
          )}
        </Caption1>
      </div>
      <div className={styles.toolbar} role="search" aria-label="Timeline filters">
        <Field label="Time range" className={styles.filter}>
          <Dropdown
            value={timelineRanges.find((r) => r.id === range)?.label ?? ''}
            selectedOptions={[range]}
            onOptionSelect={(_, d) => {
              const r = timelineRangeOf(d.optionValue ?? null);
              const now = new Date();
              setAnchor(now);
              update((p) => {
                if (r === '30d') p.delete('range');
                else p.set('range', r);
                p.delete('from');
                p.delete('to');
                // a custom range starts from the current start (or 7 days back) to now, for the person to adjust
                if (r === 'custom') {
                  p.set('from', toLocalInput(from ?? rangeFrom('7d', now)));
                  p.set('to', toLocalInput(now.toISOString()));
                }
              });
            }}
          >
            {timelineRanges.map((r) => (
              <Option key={r.id} value={r.id}>
                {r.label}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {range === 'custom' && (
          <>
            <Field label="From" className={styles.filter}>
              <Input type="datetime-local" value={toLocalInput(from)} onChange={(_, d) => update((p) => p.set('from', d.value))} />
            </Field>
            <Field label="To" className={styles.filter} validationMessage={badRange ? 'To must be after From.' : null}>
              <Input type="datetime-local" value={toLocalInput(to)} onChange={(_, d) => update((p) => p.set('to', d.value))} />
            </Field>
          </>
        )}
        <Field label="Event type" className={styles.filter}>
          <Dropdown
            multiselect
            value={tables.map((t) => timelineTableLabels[t] ?? t).join(', ') || 'All events'}
            selectedOptions={tables}
            onOptionSelect={(_, d) =>
              update((p) => {
                p.delete('table');
                for (const t of d.selectedOptions) p.append('table', t);
                p.delete('action');
              })
            }
          >
            {timelineTableIds.map((t) => (
              <Option key={t} value={t} text={timelineTableLabels[t] ?? t}>
                {`${timelineTableLabels[t] ?? t}${counts.has(t) ? ` (${(counts.get(t) ?? 0).toLocaleString('en-US')})` : ''}`}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Action type" className={styles.filter}>
          <Dropdown value={actionType || 'Any'} selectedOptions={[actionType]} onOptionSelect={(_, d) => update((p) => (d.optionValue ? p.set('action', d.optionValue) : p.delete('action')))}>
            <Option value="">Any</Option>
            {actionTypes.map((a) => (
              <Option key={`${a.table}|${a.actionType}`} value={a.actionType} text={a.actionType}>
                {`${a.actionType} (${a.n.toLocaleString('en-US')})`}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Search" className={styles.search}>
          <SearchBox value={searchText} placeholder="File, command line, URL, IP, key…" onChange={(_, d) => setSearchText(d.value)} />
        </Field>
      </div>
      {timeline.isPending && <Spinner size="tiny" label="Loading events" />}
      {timeline.error && (
        <MessageBar intent="error">
          <MessageBarBody>{errorMessage(timeline.error)}</MessageBarBody>
        </MessageBar>
      )}
      {timeline.data &&
        (events.length === 0 ? (
          <Caption1 className={styles.muted}>No events on this device match these filters in the {rangeLabel}.</Caption1>
        ) : (
          <Table aria-label="Device timeline" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.expand} aria-label="Details" />
                <TableHeaderCell className={styles.time}>Time</TableHeaderCell>
                <TableHeaderCell className={styles.type}>Type</TableHeaderCell>
                <TableHeaderCell>Event</TableHeaderCell>
                <TableHeaderCell className={styles.account}>Account</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.map((e) => {
                const key = keyOf(e);
                const expanded = open.has(key);
                const s = eventSummary(e);
                const account = eventAccount(e);
                const accountLink = account ? cellLink('AccountName', account) : undefined;
                return (
                  <Fragment key={key}>
                    <TableRow>
                      <TableCell className={styles.expand}>
                        <Button
                          appearance="subtle"
                          size="small"
                          icon={expanded ? <ChevronDownRegular /> : <ChevronRightRegular />}
                          aria-expanded={expanded}
                          aria-label={`${expanded ? 'Hide' : 'Show'} the whole event: ${s.title}`}
                          onClick={() =>
                            setOpen((o) => {
                              const n = new Set(o);
                              if (!n.delete(key)) n.add(key);
                              return n;
                            })
                          }
                        />
                      </TableCell>
                      <TableCell className={styles.time}>{formatTime(e.timestamp)}</TableCell>
                      <TableCell className={styles.type}>
                        <Badge appearance="outline" shape="rounded" color="informative">
                          {timelineTableLabels[e.table] ?? e.table}
                        </Badge>
                      </TableCell>
                      <TableCell>
                        <span className={styles.title}>{s.title}</span>
                        {s.detail && <span className={styles.detail}>{s.detail}</span>}
                      </TableCell>
                      <TableCell className={styles.account} title={account}>
                        {accountLink ? <AppLink to={accountLink}>{account}</AppLink> : (account ?? '')}
                      </TableCell>
                    </TableRow>
                    {expanded && (
                      <TableRow>
                        <TableCell colSpan={5}>
                          <EventRecord deviceId={deviceId} event={e} />
                        </TableCell>
                      </TableRow>
                    )}
                  </Fragment>
                );
              })}
            </TableBody>
          </Table>
        ))}
      {timeline.data && events.length > 0 && (
        <div className={styles.footer}>
          <Caption1 role="status">
            {`${events.length.toLocaleString('en-US')} events shown, newest first`}
            {timeline.hasNextPage ? '' : ' · no older events'}
          </Caption1>
          {timeline.hasNextPage && (
            <Button onClick={() => void timeline.fetchNextPage()} disabled={timeline.isFetchingNextPage}>
              {timeline.isFetchingNextPage ? 'Loading…' : 'Load older events'}
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}
