import { useState } from 'react';
import { Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownRegular, ArrowUpRegular } from '@fluentui/react-icons';
import { errorMessage } from '../api/client.ts';
import type { NavItem } from './navigation.tsx';
import { arrange, useUpdatePreferences } from './preferences.ts';
import type { Preferences } from './preferences.ts';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  grow: { flexGrow: 1 },
});

interface Props {
  open: boolean;
  onClose: () => void;
  /** The entries this person may use, in default order. */
  items: readonly NavItem[];
  preferences: Preferences | undefined;
}

/** Show, hide and reorder one's own navigation entries; saved in one's preferences, seen by nobody else. */
export function CustomizeNavigationDialog({ open, onClose, items, preferences }: Props) {
  const styles = useStyles();
  const update = useUpdatePreferences();
  const [order, setOrder] = useState<string[]>([]);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [wasOpen, setWasOpen] = useState(false);
  if (open && !wasOpen) {
    setWasOpen(true);
    setOrder(arrange(items, preferences?.navigation?.order).map((i) => i.id));
    setHidden(new Set(preferences?.navigation?.hidden ?? []));
    update.reset();
  } else if (!open && wasOpen) {
    setWasOpen(false);
  }
  const byId = new Map(items.map((i) => [i.id, i]));

  const move = (index: number, delta: number): void => {
    const next = [...order];
    const [moved] = next.splice(index, 1);
    if (moved === undefined) return;
    next.splice(index + delta, 0, moved);
    setOrder(next);
  };

  const save = (navigation: NonNullable<Preferences['navigation']>): void => {
    update.mutate({ navigation }, { onSuccess: onClose });
  };

  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby="customize-nav-help">
        <DialogBody>
          <DialogTitle>Customize navigation</DialogTitle>
          <DialogContent>
            <Text as="p" id="customize-nav-help">
              Choose which entries you see and in what order. Only you see these changes.
            </Text>
            {update.isError && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>Could not save: {errorMessage(update.error)}</MessageBarBody>
              </MessageBar>
            )}
            <ul className={styles.list} aria-label="Navigation entries">
              {order.map((id, index) => {
                const item = byId.get(id);
                if (!item) return null;
                return (
                  <li key={id} className={styles.row}>
                    <Checkbox
                      className={styles.grow}
                      label={item.label}
                      checked={!hidden.has(id)}
                      disabled={id === 'home'}
                      onChange={(_, d) => {
                        const next = new Set(hidden);
                        if (d.checked) next.delete(id);
                        else next.add(id);
                        setHidden(next);
                      }}
                    />
                    <Button appearance="subtle" icon={<ArrowUpRegular />} aria-label={`Move ${item.label} up`} disabled={index === 0} onClick={() => move(index, -1)} />
                    <Button appearance="subtle" icon={<ArrowDownRegular />} aria-label={`Move ${item.label} down`} disabled={index === order.length - 1} onClick={() => move(index, 1)} />
                  </li>
                );
              })}
            </ul>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={update.isPending} onClick={() => save({ order, hidden: [...hidden] })}>
              Save
            </Button>
            <Button disabled={update.isPending} onClick={() => save({ order: [], hidden: [] })}>
              Reset to default
            </Button>
            <Button appearance="subtle" onClick={onClose}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
