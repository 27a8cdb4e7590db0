import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Dropdown, Field, Input, Option, Textarea } from '@fluentui/react-components';
import type { Classification, IncidentPatch } from '../api.ts';
import { classifications, determinationsByClassification, incidentStatuses, label } from '../queue-model.ts';

export interface ManageIncidentsDialogProps {
  open: boolean;
  title: string;
  /** Current values (for one incident) to start from. */
  initial?: { status?: string; assignedTo?: string | null; classification?: Classification | null; determination?: string | null };
  busy: boolean;
  error: string | undefined;
  onCancel: () => void;
  /** The patch, plus a tag to add (bulk) when given. */
  onApply: (patch: IncidentPatch, addTag: string | undefined) => void;
}

/** Assign, set status (resolve with a note), classify and tag one or many incidents. */
export function ManageIncidentsDialog({ open, title, initial, busy, error, onCancel, onApply }: ManageIncidentsDialogProps) {
  const [status, setStatus] = useState<string>(initial?.status ?? '');
  const [assignedTo, setAssignedTo] = useState<string>(initial?.assignedTo ?? '');
  const [classification, setClassification] = useState<Classification | ''>(initial?.classification ?? '');
  const [determination, setDetermination] = useState<string>(initial?.determination ?? '');
  const [tag, setTag] = useState('');
  const [note, setNote] = useState('');

  const apply = (): void => {
    const patch: IncidentPatch = {};
    if (status && status !== initial?.status) patch.status = status as IncidentPatch['status'] & string;
    if (assignedTo.trim() !== (initial?.assignedTo ?? '')) patch.assignedTo = assignedTo.trim() === '' ? null : assignedTo.trim();
    if (classification && classification !== initial?.classification) patch.classification = classification;
    if (determination && determination !== initial?.determination) patch.determination = determination;
    if (patch.status === 'resolved' && note.trim()) patch.resolvingComment = note.trim();
    onApply(patch, tag.trim() || undefined);
  };

  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
            <Field label="Status">
              <Dropdown value={status ? label(status) : ''} selectedOptions={status ? [status] : []} placeholder="Keep as is" onOptionSelect={(_, d) => setStatus(d.optionValue ?? '')}>
                {incidentStatuses.map((s) => (
                  <Option key={s} value={s}>
                    {label(s)}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            {status === 'resolved' && (
              <Field label="Resolving comment">
                <Textarea value={note} onChange={(_, d) => setNote(d.value)} />
              </Field>
            )}
            <Field label="Assigned to" hint="Email of the analyst; empty to unassign.">
              <Input value={assignedTo} onChange={(_, d) => setAssignedTo(d.value)} />
            </Field>
            <Field label="Classification">
              <Dropdown
                value={classification ? label(classification) : ''}
                selectedOptions={classification ? [classification] : []}
                placeholder="Keep as is"
                onOptionSelect={(_, d) => {
                  setClassification((d.optionValue ?? '') as Classification | '');
                  setDetermination('');
                }}
              >
                {classifications.map((c) => (
                  <Option key={c} value={c}>
                    {label(c)}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            {classification && classification !== 'unknown' && (
              <Field label="Determination">
                <Dropdown value={determination ? label(determination) : ''} selectedOptions={determination ? [determination] : []} placeholder="Choose" onOptionSelect={(_, d) => setDetermination(d.optionValue ?? '')}>
                  {determinationsByClassification[classification].map((d) => (
                    <Option key={d} value={d}>
                      {label(d)}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            )}
            <Field label="Add tag">
              <Input value={tag} onChange={(_, d) => setTag(d.value)} />
            </Field>
            {error && (
              <Field validationState="error" validationMessage={error}>
                <span />
              </Field>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <Button appearance="primary" onClick={apply} disabled={busy}>
              {busy ? 'Saving…' : 'Save'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
