import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { fetchAudit, permissionsKeys } from '../api.ts';
import { LoadState, formatTime, useCommonStyles } from './common.tsx';

/** The append-only audit log, newest first, filtered by action (or a prefix ending in '.'). */
export function AuditTab() {
  const styles = useCommonStyles();
  const [action, setAction] = useState('');
  const filter = action.trim();
  const audit = useInfiniteQuery({
    queryKey: [...permissionsKeys.audit, filter],
    queryFn: ({ pageParam }) => fetchAudit({ ...(filter ? { action: filter } : {}), ...(pageParam !== undefined ? { before: pageParam } : {}) }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore,
  });
  const entries = audit.data?.pages.flatMap((p) => p.value) ?? [];
  return (
    <>
      <div className={styles.toolbar}>
        <Field label="Action" hint="An action such as user.create, or a prefix such as auth.">
          <Input value={action} onChange={(_, d) => setAction(d.value)} />
        </Field>
      </div>
      <LoadState query={audit} what="the audit log" />
      {audit.data && (
        <Table aria-label="Audit log" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Time</TableHeaderCell>
              <TableHeaderCell>Actor</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
              <TableHeaderCell>Target</TableHeaderCell>
              <TableHeaderCell>Details</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.length === 0 && (
              <TableRow>
                <TableCell colSpan={5}>No entries.</TableCell>
              </TableRow>
            )}
            {entries.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{formatTime(e.at)}</TableCell>
                <TableCell>{e.actor}</TableCell>
                <TableCell>
                  <code>{e.action}</code>
                </TableCell>
                <TableCell>{e.target ?? '—'}</TableCell>
                <TableCell>
                  <code style={{ fontSize: '12px' }}>{e.details === null ? '' : JSON.stringify(e.details).slice(0, 160)}</code>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {audit.hasNextPage && (
        <Button disabled={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
          Load older entries
        </Button>
      )}
    </>
  );
}
