import { useState } from 'react';
import { Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input } from '@fluentui/react-components';

export interface SaveQueryDialogProps {
  initialName: string;
  busy: boolean;
  error: string | undefined;
  onCancel: () => void;
  onSave: (q: { name: string; folder: string; shared: boolean }) => void;
}

/** Save as: a name, a folder, and whether the whole organisation sees it (Shared queries) or only you (My queries). */
export function SaveQueryDialog({ initialName, busy, error, onCancel, onSave }: SaveQueryDialogProps) {
  const [name, setName] = useState(initialName);
  const [folder, setFolder] = useState('');
  const [shared, setShared] = useState(false);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Save query</DialogTitle>
          <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
            <Field label="Name" required>
              <Input value={name} onChange={(_, d) => setName(d.value)} />
            </Field>
            <Field label="Folder" hint="Optional, e.g. Triage">
              <Input value={folder} onChange={(_, d) => setFolder(d.value)} />
            </Field>
            <Checkbox label="Share with everyone in the organisation" checked={shared} onChange={(_, d) => setShared(d.checked === true)} />
            {error && (
              <Field validationState="error" validationMessage={error}>
                <span />
              </Field>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onCancel}>Cancel</Button>
            <Button appearance="primary" disabled={busy || name.trim() === ''} onClick={() => onSave({ name: name.trim(), folder: folder.trim(), shared })}>
              {busy ? 'Saving…' : 'Save'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
