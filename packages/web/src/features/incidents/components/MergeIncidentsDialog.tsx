import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Button,
  Caption1,
  Checkbox,
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
  tokens,
} from '@fluentui/react-components';
import { SearchRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../../api/index.ts';
import { listIncidents, mergeIncidents } from '../api.ts';
import type { Incident } from '../api.ts';
import { formatTime, SeverityBadge } from './SeverityBadge.tsx';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { listStyleType: 'none', margin: 0, padding: 0, maxHeight: '45vh', overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** At most 5 incidents merge at once: this one and up to 4 others. */
export const MAX_OTHERS = 4;

export interface MergeIncidentsDialogProps {
  incident: Incident;
  onCancel: () => void;
  /** The incident the others merged into (the oldest of them). */
  onMerged: (target: Incident) => void;
}

/**
 * Merge up to 4 other open incidents with this one. As in Defender, the oldest incident (lowest id) keeps its
 * id and receives every alert; the others become "redirected" to it.
 */
export function MergeIncidentsDialog({ incident, onCancel, onMerged }: MergeIncidentsDialogProps) {
  const styles = useStyles();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<ReadonlyMap<string, Incident>>(new Map());
  const candidates = useQuery({
    queryKey: ['incidents', 'merge-candidates', incident.id, search],
    queryFn: ({ signal }) => listIncidents({ $filter: "(status eq 'active' or status eq 'inProgress')", ...(search ? { search } : {}), $top: 25, $skip: 0, $orderby: 'lastUpdateDateTime desc' }, signal),
  });
  const merge = useMutation({ mutationFn: () => mergeIncidents([incident.id, ...picked.keys()]), onSuccess: onMerged });
  const others = (candidates.data?.value ?? []).filter((i) => i.id !== incident.id);
  const all = [...picked.values(), ...others.filter((i) => !picked.has(i.id))];
  const ids = [incident.id, ...picked.keys()].map(Number);
  const target = Math.min(...ids);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface aria-describedby="merge-help">
        <DialogBody>
          <DialogTitle>Merge incidents</DialogTitle>
          <DialogContent className={styles.content}>
            <Caption1 id="merge-help">
              Pick up to {MAX_OTHERS} open incidents to merge with incident {incident.id}. The oldest incident keeps its id and gets all the alerts; the others are redirected to it.
            </Caption1>
            <Field label="Find incidents">
              <Input type="search" contentBefore={<SearchRegular />} value={search} onChange={(_, d) => setSearch(d.value)} placeholder="Name, id, alert or entity" />
            </Field>
            {candidates.isPending && <Spinner size="tiny" label="Loading incidents" />}
            <ul className={styles.list} aria-label="Incidents to merge">
              {all.map((i) => (
                <li key={i.id} className={styles.item}>
                  <Checkbox
                    checked={picked.has(i.id)}
                    disabled={!picked.has(i.id) && picked.size >= MAX_OTHERS}
                    label={`${i.id} · ${i.displayName}`}
                    onChange={(_, d) =>
                      setPicked((m) => {
                        const n = new Map(m);
                        if (d.checked === true) n.set(i.id, i);
                        else n.delete(i.id);
                        return n;
                      })
                    }
                  />
                  <SeverityBadge severity={i.severity} />
                  <Caption1 className={styles.muted}>{formatTime(i.lastActivityDateTime)}</Caption1>
                </li>
              ))}
            </ul>
            {candidates.data && all.length === 0 && <Caption1>No other open incidents match.</Caption1>}
            {picked.size > 0 && (
              <MessageBar intent="info">
                <MessageBarBody>
                  {picked.size + 1} incidents merge into incident {target}
                  {String(target) === incident.id ? ' (this one)' : ''}.
                </MessageBarBody>
              </MessageBar>
            )}
            {merge.error && (
              <MessageBar intent="error">
                <MessageBarBody>{errorMessage(merge.error)}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onCancel}>Cancel</Button>
            <Button appearance="primary" disabled={picked.size === 0 || merge.isPending} onClick={() => merge.mutate()}>
              Merge {picked.size > 0 ? picked.size + 1 : ''} incidents
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
