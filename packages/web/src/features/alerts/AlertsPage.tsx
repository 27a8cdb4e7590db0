import { useMemo } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, makeStyles, MessageBar, MessageBarBody, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Title2, tokens } from '@fluentui/react-components';
import { ChevronLeftRegular, ChevronRightRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../api/index.ts';
import { listAlerts } from '../incidents/api.ts';
import { label, severities } from '../incidents/queue-model.ts';
import { formatTime, SeverityBadge } from '../incidents/components/SeverityBadge.tsx';
import { alertsFilter } from './alerts-model.ts';
import { MultiSelectFilter } from '../incidents/components/MultiSelectFilter.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  filter: { minWidth: '180px' },
  spacer: { flex: 1 },
});

const statuses = ['new', 'inProgress', 'resolved'] as const;
const PAGE = 50;

/** The alert queue: Graph alerts_v2, server-side filter and paging, filters in the URL. */
export function AlertsPage() {
  const styles = useStyles();
  const [params, setParams] = useSearchParams();
  const status = useMemo(() => (params.get('status') ?? 'new,inProgress').split(',').filter((s) => (statuses as readonly string[]).includes(s)), [params]);
  const severity = useMemo(() => (params.get('severity') ?? '').split(',').filter((s) => (severities as readonly string[]).includes(s)), [params]);
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const set = (next: { status?: string[]; severity?: string[]; page?: number }): void => {
    const p = new URLSearchParams();
    p.set('status', (next.status ?? status).join(','));
    const sev = next.severity ?? severity;
    if (sev.length) p.set('severity', sev.join(','));
    if ((next.page ?? 1) > 1) p.set('page', String(next.page));
    setParams(p);
  };
  const filter = alertsFilter(status, severity);
  const list = useQuery({
    queryKey: ['alerts', filter, page],
    queryFn: ({ signal }) => listAlerts({ $filter: filter, $top: PAGE, $skip: (page - 1) * PAGE, $orderby: 'createdDateTime desc' }, signal),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.['@odata.count'] ?? 0;
  const last = Math.min(total, page * PAGE);
  return (
    <section className={styles.root} aria-labelledby="alerts-title">
      <Title2 as="h1" id="alerts-title">
        Alerts
      </Title2>
      <div className={styles.bar} role="search" aria-label="Alert filters">
        <MultiSelectFilter label="Status" className={styles.filter} options={statuses} selected={status} onChange={(v) => set({ status: v })} />
        <MultiSelectFilter label="Severity" className={styles.filter} options={severities} selected={severity} onChange={(v) => set({ severity: v })} />
        <div className={styles.spacer} />
        <Text role="status">{list.data ? `${total === 0 ? 0 : (page - 1) * PAGE + 1}–${last} of ${total}` : ''}</Text>
        <Button appearance="subtle" icon={<ChevronLeftRegular />} aria-label="Previous page" disabled={page <= 1} onClick={() => set({ page: page - 1 })} />
        <Button appearance="subtle" icon={<ChevronRightRegular />} aria-label="Next page" disabled={last >= total} onClick={() => set({ page: page + 1 })} />
      </div>
      {list.error && (
        <MessageBar intent="error">
          <MessageBarBody>{errorMessage(list.error)}</MessageBarBody>
        </MessageBar>
      )}
      <Table aria-label="Alerts" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Alert name</TableHeaderCell>
            <TableHeaderCell>Severity</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Category</TableHeaderCell>
            <TableHeaderCell>Detection source</TableHeaderCell>
            <TableHeaderCell>Incident</TableHeaderCell>
            <TableHeaderCell>Assigned to</TableHeaderCell>
            <TableHeaderCell>First activity</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {(list.data?.value ?? []).map((a) => (
            <TableRow key={a.id}>
              <TableCell>
                <RouterLink to={`/alerts/${a.id}`}>{a.title}</RouterLink>
              </TableCell>
              <TableCell>
                <SeverityBadge severity={a.severity} />
              </TableCell>
              <TableCell>{label(a.status)}</TableCell>
              <TableCell>{label(a.category)}</TableCell>
              <TableCell>{a.detectionSource}</TableCell>
              <TableCell>
                <RouterLink to={`/incidents/${a.incidentId}`}>{a.incidentId}</RouterLink>
              </TableCell>
              <TableCell>{a.assignedTo ?? 'Unassigned'}</TableCell>
              <TableCell>{formatTime(a.firstActivityDateTime)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
