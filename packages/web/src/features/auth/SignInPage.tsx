import { useState } from 'react';
import type { FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Button, Divider, Field, Input, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { ApiError, errorMessage, setCsrfToken } from '../../api/client.ts';
import { fetchProviders, oidcStartUrl, signIn, signInSecondFactor } from './api.ts';
import type { SignInResult } from './api.ts';
import { AuthCard } from './AuthCard.tsx';
import { meQueryKey, useMe } from './session.tsx';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Only same-site paths are followed after sign-in (never an absolute or protocol-relative URL). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export function SignInPage() {
  const styles = useStyles();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const options = useQuery({ queryKey: ['auth', 'providers'], queryFn: fetchProviders, staleTime: 300_000 });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  // A failed single sign-on comes back as /sign-in?ssoError=<message> (packages/server/src/auth/oidc.ts).
  const [error, setError] = useState<string | null>(params.get('ssoError') ?? params.get('error'));
  const [busy, setBusy] = useState(false);

  if (me.data && !busy) return <Navigate to={next} replace />;

  async function handle(result: SignInResult): Promise<void> {
    switch (result.status) {
      case 'mfaRequired':
        setChallenge(result.mfaToken);
        setCode('');
        return;
      case 'signedIn':
        setCsrfToken(result.user.csrfToken);
        queryClient.setQueryData(meQueryKey, result.user);
        await navigate(next, { replace: true });
        return;
    }
  }

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await handle(challenge ? await signInSecondFactor(challenge, code.trim()) : await signIn(email.trim(), password));
    } catch (err) {
      setError(errorMessage(err));
      if (challenge && err instanceof ApiError && err.status === 401 && err.code !== 'invalidCode') setChallenge(null);
    } finally {
      setBusy(false);
    }
  }

  const oidc = options.data?.oidc;
  return (
    <AuthCard title={challenge ? 'Enter your verification code' : 'Sign in'} titleId="sign-in-title">
      <form className={styles.form} onSubmit={(e) => void onSubmit(e)} aria-labelledby="sign-in-title" noValidate>
        {error && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
        {challenge ? (
          <>
            <Field label="Code from your authenticator app, or a recovery code" required>
              <Input value={code} onChange={(_, d) => setCode(d.value)} autoComplete="one-time-code" inputMode="text" autoFocus />
            </Field>
            <Button appearance="primary" type="submit" disabled={busy || code.trim() === ''}>
              Verify
            </Button>
            <Button
              appearance="subtle"
              onClick={() => {
                setChallenge(null);
                setPassword('');
              }}
            >
              Back to sign-in
            </Button>
          </>
        ) : (
          <>
            <Field label="Email" required>
              <Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} autoComplete="username" autoFocus />
            </Field>
            <Field label="Password" required>
              <Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} autoComplete="current-password" />
            </Field>
            <Button appearance="primary" type="submit" disabled={busy || email.trim() === '' || password === ''}>
              Sign in
            </Button>
            {oidc?.enabled && (
              <>
                <Divider>or</Divider>
                <Button as="a" href={oidcStartUrl(oidc.startUrl, next)}>
                  Sign in with {oidc.displayName}
                </Button>
              </>
            )}
          </>
        )}
      </form>
    </AuthCard>
  );
}
