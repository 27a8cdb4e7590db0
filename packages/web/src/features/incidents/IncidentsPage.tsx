import { lazy, Suspense, useMemo, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
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
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TableSelectionCell,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { ChevronLeftRegular, ChevronRightRegular, ColumnTripleEditRegular, EditRegular, FilterRegular, SearchRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../api/index.ts';
import { filterOptions, hourlyCounts, patchIncident, putQueueColumns } from './api.ts';
import { columnsQuery, columnsQueryKey, listQuery } from './queue-queries.ts';
import type { Incident, IncidentPatch } from './api.ts';
import {
  activeFilterCount,
  defaultColumns,
  extraFilters,
  incidentStatuses,
  label,
  normaliseColumns,
  PAGE_SIZE,
  queueColumns,
  readQueueState,
  severities,
  timeWindows,
  writeQueueState,
  classifications,
} from './queue-model.ts';
import type { QueueColumnKey, QueueState, TimeWindow } from './queue-model.ts';
import { ColumnChooserDialog } from './components/ColumnChooserDialog.tsx';
import { FilterSetsDialog } from './components/FilterSetsDialog.tsx';
import { AssignedToFilter } from './components/AssignedToFilter.tsx';
import { useMe } from '../auth/session.tsx';
import { formatTime, SeverityBadge } from './components/SeverityBadge.tsx';
import { ManageIncidentsDialog } from './components/ManageIncidentsDialog.tsx';
import { MultiSelectFilter } from './components/MultiSelectFilter.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  filter: { minWidth: '160px' },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  spacer: { flex: 1 },
  tableWrap: { overflowX: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  table: { minWidth: '1500px', tableLayout: 'auto' },
  nameCell: { minWidth: '280px' },
  small: { fontSize: tokens.fontSizeBase200 },
  muted: { color: tokens.colorNeutralForeground3 },
  empty: { display: 'block', padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`, color: tokens.colorNeutralForeground3 },
  chartCard: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}` },
  chartSlot: { height: '150px' },
});

// echarts is a lazy chunk of its own: the table never waits for it.
const QueueChart = lazy(() => import('./components/QueueChart.tsx'));


/** datetime-local input value (local time, minutes) <-> ISO. */
const toLocalInput = (iso: string | undefined): string => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (v: string): string | undefined => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);

function assetsText(i: Incident): string {
  const parts: string[] = [];
  const a = i.impactedAssets;
  const n = (o: Record<string, number> | undefined): number => (o ? Object.keys(o).length : 0);
  if (n(a.devices)) parts.push(`${n(a.devices)} device${n(a.devices) > 1 ? 's' : ''}`);
  if (n(a.users)) parts.push(`${n(a.users)} user${n(a.users) > 1 ? 's' : ''}`);
  if (n(a.mailboxes)) parts.push(`${n(a.mailboxes)} mailbox${n(a.mailboxes) > 1 ? 'es' : ''}`);
  if (n(a.apps)) parts.push(`${n(a.apps)} app${n(a.apps) > 1 ? 's' : ''}`);
  return parts.join(', ');
}

function cell(i: Incident, key: string) {
  switch (key) {
    case 'id':
      return i.id;
    case 'severity':
      return <SeverityBadge severity={i.severity} />;
    case 'status':
      return label(i.status);
    case 'categories':
      return i.categories.map(label).join(', ');
    case 'impactedAssets':
      return assetsText(i);
    case 'alertCount':
      return String(i.alertCount);
    case 'serviceSources':
      return i.serviceSources.join(', ');
    case 'detectionSources':
      return i.detectionSources.join(', ');
    case 'assignedTo':
      return i.assignedTo ?? 'Unassigned';
    case 'classification':
      return i.classification && i.classification !== 'unknown' ? label(i.classification) : 'Not set';
    case 'determination':
      return i.determination && i.determination !== 'unknown' ? label(i.determination) : 'Not set';
    case 'createdDateTime':
      return formatTime(i.createdDateTime);
    case 'lastUpdateDateTime':
      return formatTime(i.lastUpdateDateTime);
    case 'firstActivityDateTime':
      return formatTime(i.firstActivityDateTime);
    case 'lastActivityDateTime':
      return formatTime(i.lastActivityDateTime);
    case 'tags':
      return [...i.customTags, ...i.systemTags].join(', ');
    default:
      return '';
  }
}

/** The incident queue: Graph-shaped incidents, server-side filter/sort/paging, filters in the URL, bulk actions. */
export function IncidentsPage() {
  const styles = useStyles();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readQueueState(params), [params]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [manage, setManage] = useState(false);
  const queryClient = useQueryClient();
  const me = useMe();
  const setState = (next: Partial<QueueState>): void => {
    setSelected(new Set());
    setParams(writeQueueState({ ...state, page: 1, ...next }));
  };
  // The window is relative to when the filter was chosen, rounded to the minute so the query key is stable.
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  const list = useQuery({ ...listQuery(state, minute), placeholderData: keepPreviousData });
  // Loaded beside the list, never before it: the person's columns, the filters' values, the 24 h chart.
  const savedColumns = useQuery(columnsQuery);
  const options = useQuery({ queryKey: ['incidents', 'filter-options'], queryFn: ({ signal }) => filterOptions(signal), staleTime: 60_000 });
  const hourly = useQuery({ queryKey: ['incidents', 'hourly'], queryFn: ({ signal }) => hourlyCounts(signal), refetchInterval: 60_000 });
  const shownColumns: QueueColumnKey[] = savedColumns.data ? normaliseColumns(savedColumns.data.columns) : [...defaultColumns];
  // Rows wait for the person's columns (fetched beside the list, a 1 ms read) so the table does not redraw with
  // other columns a moment later; if that call fails, the default columns serve.
  const rowsReady = !savedColumns.isPending;
  const columns = shownColumns.map((k) => queueColumns.find((c) => c.key === k)).filter((c) => c !== undefined);
  const [choosing, setChoosing] = useState(false);
  const [filterSets, setFilterSets] = useState(false);
  const saveColumns = useMutation({
    mutationFn: (keys: QueueColumnKey[]) => putQueueColumns(keys),
    onSuccess: (saved) => {
      queryClient.setQueryData(columnsQueryKey, saved);
      setChoosing(false);
    },
  });
  const groupName = (id: string): string => options.data?.deviceGroups.find((g) => g.id === id)?.name ?? id;
  const optionValues = {
    categories: options.data?.categories ?? [],
    serviceSources: options.data?.serviceSources ?? [],
    detectionSources: options.data?.detectionSources ?? [],
    tags: options.data?.tags ?? [],
    deviceGroups: options.data?.deviceGroups.map((g) => g.id) ?? [],
  };
  const currentQuery = (() => {
    const p = writeQueueState({ ...state, page: 1 });
    return p.toString();
  })();
  const filtersSet = activeFilterCount(state);
  const bulk = useMutation({
    mutationFn: async ({ patch, tag }: { patch: IncidentPatch; tag: string | undefined }) => {
      const rows = (list.data?.value ?? []).filter((i) => selected.has(i.id));
      for (const i of rows) {
        const p: IncidentPatch = { ...patch };
        if (tag && !i.customTags.includes(tag)) p.customTags = [...i.customTags, tag];
        if (Object.keys(p).length > 0) await patchIncident(i.id, p);
      }
    },
    onSuccess: async () => {
      setManage(false);
      setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });

  const rows = list.data?.value ?? [];
  const total = list.data?.['@odata.count'] ?? 0;
  const first = total === 0 ? 0 : (state.page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, state.page * PAGE_SIZE);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: string): void =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <section className={styles.root} aria-labelledby="incidents-title">
      <Title2 as="h1" id="incidents-title">
        Incidents
      </Title2>
      <div className={styles.filters} role="search" aria-label="Incident filters">
        <MultiSelectFilter label="Status" className={styles.filter} options={incidentStatuses} selected={state.status} onChange={(v) => setState({ status: v })} />
        <MultiSelectFilter label="Severity" className={styles.filter} options={severities} selected={state.severity} onChange={(v) => setState({ severity: v })} />
        <MultiSelectFilter label="Classification" className={styles.filter} options={classifications} selected={state.classification} onChange={(v) => setState({ classification: v })} />
        <Field label="Updated" className={styles.filter}>
          <Dropdown
            value={timeWindows.find((w) => w.id === state.window)?.label ?? ''}
            selectedOptions={[state.window]}
            onOptionSelect={(_, d) => {
              const window = d.optionValue as TimeWindow;
              // A custom range starts as the last 7 days, to be edited.
              setState(window === 'custom' ? { window, from: state.from ?? new Date(minute - 7 * 86_400_000).toISOString(), to: state.to } : { window, from: undefined, to: undefined });
            }}
          >
            {timeWindows.map((w) => (
              <Option key={w.id} value={w.id}>
                {w.label}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {state.window === 'custom' && (
          <>
            <Field label="From" className={styles.filter}>
              <Input type="datetime-local" value={toLocalInput(state.from)} onChange={(_, d) => setState({ from: fromLocalInput(d.value) })} />
            </Field>
            <Field label="To" className={styles.filter}>
              <Input type="datetime-local" value={toLocalInput(state.to)} onChange={(_, d) => setState({ to: fromLocalInput(d.value) })} />
            </Field>
          </>
        )}
        <AssignedToFilter className={styles.filter} value={state.assignedTo} me={me.data?.email} onChange={(v) => setState({ assignedTo: v })} />
        {extraFilters.map((f) => (
          <MultiSelectFilter
            key={f.key}
            label={f.label}
            className={styles.filter}
            options={optionValues[f.key]}
            selected={state[f.key] ?? []}
            onChange={(v) => setState({ [f.key]: v })}
            {...(f.key === 'deviceGroups' ? { labelOf: groupName } : f.key === 'tags' ? { labelOf: (t: string) => t } : {})}
          />
        ))}
        <Field label="Search" className={styles.filter}>
          <Input
            key={state.search ?? ''}
            type="search"
            contentBefore={<SearchRegular />}
            defaultValue={state.search ?? ''}
            placeholder="Name, id, alert or entity"
            onKeyDown={(e) => {
              if (e.key === 'Enter') setState({ search: (e.target as HTMLInputElement).value.trim() || undefined });
            }}
            onBlur={(e) => {
              const v = e.target.value.trim() || undefined;
              if (v !== state.search) setState({ search: v });
            }}
          />
        </Field>
      </div>

      <Card className={styles.chartCard} aria-labelledby="incidents-chart-title">
        <Subtitle2 as="h2" id="incidents-chart-title">
          Alerts and incidents, last 24 hours
        </Subtitle2>
        <div className={styles.chartSlot}>
          {hourly.data ? (
            <Suspense fallback={<Spinner size="tiny" label="Loading chart" />}>
              <QueueChart data={hourly.data} />
            </Suspense>
          ) : hourly.error ? (
            <Caption1>{errorMessage(hourly.error)}</Caption1>
          ) : null}
        </div>
      </Card>

      <div className={styles.bar}>
        <Button icon={<EditRegular />} disabled={selected.size === 0} onClick={() => setManage(true)}>
          Manage incidents{selected.size > 0 ? ` (${selected.size})` : ''}
        </Button>
        <Button icon={<FilterRegular />} onClick={() => setFilterSets(true)}>
          Filter sets{filtersSet > 0 ? ` (${filtersSet} filter${filtersSet > 1 ? 's' : ''} set)` : ''}
        </Button>
        <Button icon={<ColumnTripleEditRegular />} onClick={() => setChoosing(true)}>
          Choose columns
        </Button>
        {list.isFetching && <Spinner size="tiny" aria-label="Loading incidents" />}
        <div className={styles.spacer} />
        <Text role="status">{list.data ? (total === 0 ? 'No incidents' : `${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`) : ''}</Text>
        <Button appearance="subtle" icon={<ChevronLeftRegular />} aria-label="Previous page" disabled={state.page <= 1} onClick={() => setState({ page: state.page - 1 })} />
        <Button appearance="subtle" icon={<ChevronRightRegular />} aria-label="Next page" disabled={last >= total} onClick={() => setState({ page: state.page + 1 })} />
      </div>

      {list.error && (
        <MessageBar intent="error">
          <MessageBarBody>{errorMessage(list.error)}</MessageBarBody>
        </MessageBar>
      )}

      <div className={styles.tableWrap}>
        <Table aria-label="Incidents" size="small" className={styles.table} sortable>
          <TableHeader>
            <TableRow>
              <TableSelectionCell
                checked={allSelected ? true : selected.size > 0 ? 'mixed' : false}
                onClick={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
                checkboxIndicator={{ 'aria-label': 'Select all incidents on this page' }}
              />
              {columns.map((c) => (
                <TableHeaderCell
                  key={c.key}
                  {...(c.orderBy && state.orderBy === c.orderBy ? { sortDirection: state.desc ? ('descending' as const) : ('ascending' as const) } : {})}
                  {...(c.orderBy ? { onClick: () => setState({ orderBy: c.orderBy ?? 'lastUpdateDateTime', desc: state.orderBy === c.orderBy ? !state.desc : true }) } : { sortable: false })}
                >
                  {c.label}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {(rowsReady ? rows : []).map((i) => (
              <TableRow key={i.id} aria-selected={selected.has(i.id)}>
                <TableSelectionCell checked={selected.has(i.id)} onClick={() => toggle(i.id)} checkboxIndicator={{ 'aria-label': `Select incident ${i.id}` }} />
                {columns.map((c) => (
                  <TableCell key={c.key} className={c.key === 'displayName' ? styles.nameCell : styles.small}>
                    {c.key === 'displayName' ? <RouterLink to={`/incidents/${i.id}`}>{i.displayName}</RouterLink> : cell(i, c.key)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {list.data && rows.length === 0 && <Caption1 className={styles.empty}>No incidents match these filters.</Caption1>}
      </div>

      {choosing && (
        <ColumnChooserDialog current={shownColumns} busy={saveColumns.isPending} error={saveColumns.error ? errorMessage(saveColumns.error) : undefined} onCancel={() => setChoosing(false)} onSave={(keys) => saveColumns.mutate(keys)} />
      )}
      {filterSets && (
        <FilterSetsDialog
          currentQuery={currentQuery}
          onClose={() => setFilterSets(false)}
          onApply={(set) => {
            setFilterSets(false);
            setSelected(new Set());
            setParams(new URLSearchParams(set.query));
          }}
        />
      )}
      {manage && (
        <ManageIncidentsDialog
          open
          title={`Manage ${selected.size} incident${selected.size > 1 ? 's' : ''}`}
          busy={bulk.isPending}
          error={bulk.error ? errorMessage(bulk.error) : undefined}
          onCancel={() => setManage(false)}
          onApply={(patch, tag) => bulk.mutate({ patch, tag })}
        />
      )}
    </section>
  );
}
