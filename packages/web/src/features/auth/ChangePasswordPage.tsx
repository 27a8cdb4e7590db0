import { useState } from 'react';
import type { FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Field, Input, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { errorMessage } from '../../api/client.ts';
import { changePassword, signOut } from './api.ts';
import { AuthCard } from './AuthCard.tsx';
import { meQueryKey } from './session.tsx';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Change one's password; `forced` when the server says the password must change before anything else. */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const mismatch = confirm !== '' && next !== confirm;

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      setDone(true);
      setCurrent('');
      setNext('');
      setConfirm('');
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const form = (
    <form className={styles.form} onSubmit={(e) => void onSubmit(e)} aria-label="Change password" noValidate>
      {forced && <Text>Your password must be changed before you continue.</Text>}
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>Your password was changed.</MessageBarBody>
        </MessageBar>
      )}
      <Field label="Current password" required>
        <Input type="password" value={current} onChange={(_, d) => setCurrent(d.value)} autoComplete="current-password" />
      </Field>
      <Field label="New password" required hint="At least 12 characters; common and breached passwords are refused.">
        <Input type="password" value={next} onChange={(_, d) => setNext(d.value)} autoComplete="new-password" />
      </Field>
      <Field label="Confirm new password" required validationMessage={mismatch ? 'The passwords do not match.' : null}>
        <Input type="password" value={confirm} onChange={(_, d) => setConfirm(d.value)} autoComplete="new-password" />
      </Field>
      <Button appearance="primary" type="submit" disabled={busy || current === '' || next === '' || next !== confirm}>
        Change password
      </Button>
      {forced && (
        <Button
          appearance="subtle"
          onClick={() => {
            void signOut().finally(() => queryClient.setQueryData(meQueryKey, null));
          }}
        >
          Sign out
        </Button>
      )}
    </form>
  );
  return forced ? (
    <AuthCard title="Change your password" titleId="change-password-title">
      {form}
    </AuthCard>
  ) : (
    form
  );
}
