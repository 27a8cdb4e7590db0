import { useState } from 'react';
import type { FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Field, Input, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { errorMessage } from '../../api/client.ts';
import { activateTotp, enrollTotp } from './api.ts';
import { meQueryKey } from './session.tsx';

const useStyles = makeStyles({
  col: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  secret: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all', backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalS },
  codes: { fontFamily: tokens.fontFamilyMonospace, columns: 2, margin: 0 },
});

/** Enrol an authenticator app: show the secret, confirm with a code, then show the recovery codes once. */
export function SecondFactorSetup() {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (f: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const onActivate = (e: FormEvent): void => {
    e.preventDefault();
    void run(async () => setRecoveryCodes((await activateTotp(code.trim())).recoveryCodes));
  };

  return (
    <div className={styles.col}>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {recoveryCodes ? (
        <>
          <Text>Your second factor is on. Keep these recovery codes somewhere safe; each works once, and they are shown only now.</Text>
          <ul className={styles.codes} aria-label="Recovery codes">
            {recoveryCodes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <Button appearance="primary" onClick={() => void queryClient.invalidateQueries({ queryKey: meQueryKey })}>
            I saved my recovery codes
          </Button>
        </>
      ) : enrolment ? (
        <form className={styles.col} onSubmit={onActivate} aria-label="Confirm authenticator app">
          <Text>Add this key to your authenticator app (or open the link on a phone), then enter the code it shows.</Text>
          <Text className={styles.secret} aria-label="Secret key">
            {enrolment.secret}
          </Text>
          <a href={enrolment.otpauthUrl}>Open in authenticator app</a>
          <Field label="6-digit code" required>
            <Input value={code} onChange={(_, d) => setCode(d.value)} autoComplete="one-time-code" inputMode="numeric" />
          </Field>
          <Button appearance="primary" type="submit" disabled={busy || code.trim().length < 6}>
            Turn on
          </Button>
        </form>
      ) : (
        <Button appearance="primary" disabled={busy} onClick={() => void run(async () => setEnrolment(await enrollTotp()))}>
          Set up an authenticator app
        </Button>
      )}
    </div>
  );
}
