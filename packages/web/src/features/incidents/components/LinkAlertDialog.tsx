import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Caption1, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { errorMessage } from '../../../api/index.ts';
import { getAlert, linkAlert } from '../api.ts';
import type { Alert, Incident } from '../api.ts';
import { SeverityBadge } from './SeverityBadge.tsx';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  found: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

export interface LinkAlertDialogProps {
  incident: Incident;
  onCancel: () => void;
  onLinked: (alert: Alert) => void;
}

/** Moves an alert (by id) from its incident into this one; the correlation reason becomes "linked by ...". */
export function LinkAlertDialog({ incident, onCancel, onLinked }: LinkAlertDialogProps) {
  const styles = useStyles();
  const [text, setText] = useState('');
  const id = /^\d{1,15}$/.test(text.trim()) ? text.trim() : '';
  const alert = useQuery({ queryKey: ['alert', id], queryFn: ({ signal }) => getAlert(id, signal), enabled: id !== '', retry: false });
  const link = useMutation({ mutationFn: () => linkAlert(id, incident.id), onSuccess: onLinked });
  const already = alert.data?.incidentId === incident.id;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Link an alert to incident {incident.id}</DialogTitle>
          <DialogContent className={styles.content}>
            <Field label="Alert id" hint="The alert moves here from its current incident." validationMessage={text.trim() !== '' && id === '' ? 'An alert id is a number.' : null}>
              <Input value={text} onChange={(_, d) => setText(d.value)} inputMode="numeric" />
            </Field>
            {alert.data && (
              <div className={styles.found} aria-label="Alert to link" role="group">
                <SeverityBadge severity={alert.data.severity} />
                <span>{alert.data.title}</span>
                <Caption1>{already ? 'already in this incident' : `now in incident ${alert.data.incidentId}`}</Caption1>
              </div>
            )}
            {(alert.error ?? link.error) && (
              <MessageBar intent="error">
                <MessageBarBody>{errorMessage(alert.error ?? link.error)}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onCancel}>Cancel</Button>
            <Button appearance="primary" disabled={!alert.data || already || link.isPending} onClick={() => link.mutate()}>
              Link to this incident
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
