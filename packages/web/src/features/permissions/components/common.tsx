import { useState } from 'react';
import type { ReactElement, ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { errorMessage } from '../../../api/client.ts';
import { ability } from '../../../api/permissions.ts';
import { useSession } from '../../auth/session.tsx';

export const useCommonStyles = makeStyles({
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', marginBlock: tokens.spacingVerticalM, flexWrap: 'wrap' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  secret: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all', backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3 },
  chips: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', whiteSpace: 'nowrap' },
});

/**
 * A control that changes authorization data: enabled with authorization.manage, otherwise disabled with a
 * tooltip saying why (the server refuses anyway).
 */
export function ManageAction({ children }: { children: (disabled: boolean) => ReactElement }) {
  const { permissions } = useSession();
  const a = ability(permissions, 'authorization.manage');
  if (a.granted) return children(false);
  return (
    <Tooltip content={`Needs the ${a.permission} permission`} relationship="description">
      {children(true)}
    </Tooltip>
  );
}

export function LoadState({ query, what }: { query: { isPending: boolean; isError: boolean; error: unknown }; what: string }) {
  if (query.isPending) return <Spinner size="small" label={`Loading ${what}`} />;
  if (query.isError)
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>
          Could not load {what}: {errorMessage(query.error)}
        </MessageBarBody>
      </MessageBar>
    );
  return null;
}

export function ErrorBar({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>{errorMessage(error)}</MessageBarBody>
    </MessageBar>
  );
}

/** Shows a secret (one-time password, API token) once, with a copy button. */
export function SecretDialog({ title, secret, note, onClose }: { title: string; secret: string | null; note: ReactNode; onClose: () => void }) {
  const styles = useCommonStyles();
  const [copied, setCopied] = useState(false);
  return (
    <Dialog open={secret !== null} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent className={styles.form}>
            <Text>{note}</Text>
            <Text className={styles.secret} aria-label="Secret">
              {secret}
            </Text>
          </DialogContent>
          <DialogActions>
            <Button
              onClick={() => {
                if (secret) void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
            <Button appearance="primary" onClick={onClose}>
              Done
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** A form in a dialog: title, fields, error, submit and cancel. */
export function FormDialog({
  open,
  title,
  submitLabel,
  busy,
  error,
  canSubmit,
  onSubmit,
  onClose,
  children,
  wide,
}: {
  open: boolean;
  title: string;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  canSubmit: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const styles = useCommonStyles();
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface style={wide ? { maxWidth: '880px' } : undefined}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (canSubmit && !busy) onSubmit();
          }}
        >
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.form}>
              <ErrorBar error={error} />
              {children}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={!canSubmit || busy}>
                {submitLabel}
              </Button>
              <Button onClick={onClose}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

export const formatTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');
