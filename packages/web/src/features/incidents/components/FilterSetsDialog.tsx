import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { DeleteRegular, FilterRegular, SaveRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../../api/index.ts';
import { deleteFilterSet, listFilterSets, saveFilterSet } from '../api.ts';
import type { FilterSet } from '../api.ts';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  save: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  query: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

/** A filter set's URL filters, readable: "status: active,inProgress; tag: pua-sweep". */
export function describeQuery(query: string): string {
  const parts = [...new URLSearchParams(query)].map(([k, v]) => `${k}: ${v}`);
  return parts.length ? parts.join('; ') : 'none';
}

export const filterSetsQueryKey = ['incidents', 'filter-sets'] as const;

export interface FilterSetsDialogProps {
  /** The queue's current URL filters (search string without "?" and without the page). */
  currentQuery: string;
  onApply: (set: FilterSet) => void;
  onClose: () => void;
}

/** The person's named filter sets: save the current filters under a name (the same name replaces), apply, delete. */
export function FilterSetsDialog({ currentQuery, onApply, onClose }: FilterSetsDialogProps) {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const sets = useQuery({ queryKey: filterSetsQueryKey, queryFn: ({ signal }) => listFilterSets(signal) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: filterSetsQueryKey });
  const save = useMutation({
    mutationFn: () => saveFilterSet(name.trim(), currentQuery),
    onSuccess: async () => {
      setName('');
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => deleteFilterSet(id), onSuccess: refresh });
  const error = save.error ?? remove.error ?? sets.error;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Filter sets</DialogTitle>
          <DialogContent className={styles.content}>
            <form
              className={styles.save}
              onSubmit={(e) => {
                e.preventDefault();
                if (name.trim()) save.mutate();
              }}
            >
              <Field label="Save the current filters as" style={{ flex: 1 }}>
                <Input value={name} maxLength={100} onChange={(_, d) => setName(d.value)} placeholder="Name, e.g. High severity, unassigned" />
              </Field>
              <Button type="submit" icon={<SaveRegular />} disabled={name.trim() === '' || save.isPending}>
                Save filters
              </Button>
            </form>
            <Caption1 className={styles.query}>Current filters: {describeQuery(currentQuery)}</Caption1>
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{errorMessage(error)}</MessageBarBody>
              </MessageBar>
            )}
            {sets.isPending ? (
              <Spinner size="tiny" label="Loading filter sets" />
            ) : (
              <Table aria-label="Saved filter sets" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Name</TableHeaderCell>
                    <TableHeaderCell>Filters</TableHeaderCell>
                    <TableHeaderCell>Actions</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {(sets.data?.value ?? []).map((s) => (
                    <TableRow key={s.id}>
                      <TableCell>{s.name}</TableCell>
                      <TableCell className={styles.query}>{describeQuery(s.query)}</TableCell>
                      <TableCell>
                        <Button size="small" icon={<FilterRegular />} aria-label={`Apply ${s.name}`} onClick={() => onApply(s)}>
                          Apply
                        </Button>{' '}
                        <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label={`Delete ${s.name}`} disabled={remove.isPending} onClick={() => remove.mutate(s.id)} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {sets.data?.value.length === 0 && <Caption1>No saved filter sets yet.</Caption1>}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
