import { useState } from 'react';
import { Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { ArrowDownRegular, ArrowUpRegular } from '@fluentui/react-icons';
import { defaultColumns, move, queueColumns } from '../queue-model.ts';
import type { QueueColumnKey } from '../queue-model.ts';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, minWidth: '320px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, maxHeight: '60vh', overflowY: 'auto' },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  name: { flexGrow: 1 },
});

export interface ColumnChooserDialogProps {
  /** The columns shown now, in order. */
  current: readonly QueueColumnKey[];
  busy: boolean;
  error: string | undefined;
  onCancel: () => void;
  onSave: (columns: QueueColumnKey[]) => void;
}

/**
 * Choose the queue's columns and their order: every column in one list (shown ones first, in their order),
 * a checkbox to show or hide it and buttons to move it. The incident name is always shown.
 */
export function ColumnChooserDialog({ current, busy, error, onCancel, onSave }: ColumnChooserDialogProps) {
  const styles = useStyles();
  const all = queueColumns.map((c) => c.key);
  const [order, setOrder] = useState<QueueColumnKey[]>([...current, ...all.filter((k) => !current.includes(k))]);
  const [shown, setShown] = useState<ReadonlySet<QueueColumnKey>>(new Set(current));
  const labelOf = (k: QueueColumnKey): string => queueColumns.find((c) => c.key === k)?.label ?? k;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Choose columns</DialogTitle>
          <DialogContent>
            <ol className={styles.list} aria-label="Columns">
              {order.map((k, i) => (
                <li key={k} className={styles.item}>
                  <div className={styles.name}>
                  <Checkbox
                    label={labelOf(k)}
                    checked={shown.has(k)}
                    disabled={k === 'displayName'}
                    onChange={(_, d) =>
                      setShown((s) => {
                        const n = new Set(s);
                        if (d.checked === true) n.add(k);
                        else n.delete(k);
                        return n;
                      })
                    }
                  />
                  </div>
                  <Button size="small" appearance="subtle" icon={<ArrowUpRegular />} aria-label={`Move ${labelOf(k)} up`} disabled={i === 0} onClick={() => setOrder((o) => move(o, i, -1))} />
                  <Button size="small" appearance="subtle" icon={<ArrowDownRegular />} aria-label={`Move ${labelOf(k)} down`} disabled={i === order.length - 1} onClick={() => setOrder((o) => move(o, i, 1))} />
                </li>
              ))}
            </ol>
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button
              onClick={() => {
                setOrder([...defaultColumns, ...all.filter((k) => !defaultColumns.includes(k))]);
                setShown(new Set(defaultColumns));
              }}
            >
              Reset
            </Button>
            <Button onClick={onCancel}>Cancel</Button>
            <Button appearance="primary" disabled={busy} onClick={() => onSave(order.filter((k) => shown.has(k) || k === 'displayName'))}>
              Save
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
