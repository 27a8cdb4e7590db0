import { useMemo, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
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
import { ChevronLeftRegular, ChevronRightRegular, EditRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../api/index.ts';
import { listIncidents, patchIncident } from './api.ts';
import type { Incident, IncidentPatch } from './api.ts';
import { incidentStatuses, label, PAGE_SIZE, readQueueState, severities, timeWindows, toODataFilter, writeQueueState, classifications } from './queue-model.ts';
import type { QueueState, TimeWindow } from './queue-model.ts';
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
});

type Column = { key: string; label: string; orderBy?: string; width?: number };
const columns: readonly Column[] = [
  { key: 'displayName', label: 'Incident name', orderBy: 'displayName' },
  { key: 'id', label: 'Incident Id', orderBy: 'id' },
  { key: 'severity', label: 'Severity', orderBy: 'severity' },
  { key: 'status', label: 'Status', orderBy: 'status' },
  { key: 'categories', label: 'Categories' },
  { key: 'assets', label: 'Impacted assets' },
  { key: 'alertCount', label: 'Alerts', orderBy: 'alertCount' },
  { key: 'serviceSources', label: 'Service sources' },
  { key: 'detectionSources', label: 'Detection sources' },
  { key: 'assignedTo', label: 'Assigned to', orderBy: 'assignedTo' },
  { key: 'classification', label: 'Classification' },
  { key: 'firstActivityDateTime', label: 'First activity', orderBy: 'firstActivityDateTime' },
  { key: 'lastActivityDateTime', label: 'Last activity', orderBy: 'lastActivityDateTime' },
  { key: 'tags', label: 'Tags' },
];

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
    case 'assets':
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
  const setState = (next: Partial<QueueState>): void => {
    setSelected(new Set());
    setParams(writeQueueState({ ...state, page: 1, ...next }));
  };
  // The window is relative to when the filter was chosen, rounded to the minute so the query key is stable.
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  const filter = toODataFilter(state, new Date(minute));
  const list = useQuery({
    queryKey: ['incidents', filter, state.orderBy, state.desc, state.page],
    queryFn: ({ signal }) => listIncidents({ $filter: filter, $top: PAGE_SIZE, $skip: (state.page - 1) * PAGE_SIZE, $orderby: `${state.orderBy} ${state.desc ? 'desc' : 'asc'}` }, signal),
    placeholderData: keepPreviousData,
  });
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
          <Dropdown value={timeWindows.find((w) => w.id === state.window)?.label ?? ''} selectedOptions={[state.window]} onOptionSelect={(_, d) => setState({ window: d.optionValue as TimeWindow })}>
            {timeWindows.map((w) => (
              <Option key={w.id} value={w.id}>
                {w.label}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Assigned to" className={styles.filter}>
          <Input
            defaultValue={state.assignedTo ?? ''}
            placeholder="Email"
            onKeyDown={(e) => {
              if (e.key === 'Enter') setState({ assignedTo: (e.target as HTMLInputElement).value.trim() || undefined });
            }}
            onBlur={(e) => {
              const v = e.target.value.trim() || undefined;
              if (v !== state.assignedTo) setState({ assignedTo: v });
            }}
          />
        </Field>
      </div>

      <div className={styles.bar}>
        <Button icon={<EditRegular />} disabled={selected.size === 0} onClick={() => setManage(true)}>
          Manage incidents{selected.size > 0 ? ` (${selected.size})` : ''}
        </Button>
        {list.isFetching && <Spinner size="tiny" aria-label="Loading incidents" />}
        <div className={styles.spacer} />
        <Text role="status">{list.data ? `${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}` : ''}</Text>
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
            {rows.map((i) => (
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
        {list.data && rows.length === 0 && <Caption1 className={styles.muted}>No incidents match these filters.</Caption1>}
      </div>

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
