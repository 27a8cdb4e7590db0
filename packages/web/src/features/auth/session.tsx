import { createContext, useContext, useEffect, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { Button, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { errorMessage } from '../../api/client.ts';
import { onSetupRequired, onUnauthorized, setCsrfToken } from '../../api/client.ts';
import type { Permission } from '../../api/permissions.ts';
import { fetchMe, signOut } from './api.ts';
import type { Me } from './api.ts';
import { ChangePasswordPage } from './ChangePasswordPage.tsx';
import { AuthCard } from './AuthCard.tsx';
import { SecondFactorSetup } from './SecondFactorSetup.tsx';

export const meQueryKey = ['auth', 'me'] as const;

export interface Session {
  me: Me;
  permissions: ReadonlySet<string>;
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in person. Only usable below <RequireSession>. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() used outside <RequireSession>');
  return session;
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000 });
}

/** On any 401 from the API, forget the session: <RequireSession> then sends the person to sign-in. */
export function UnauthorizedListener() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const offUnauthorized = onUnauthorized(() => {
      setCsrfToken(undefined);
      queryClient.setQueryData(meQueryKey, null);
    });
    const offSetup = onSetupRequired(() => void queryClient.invalidateQueries({ queryKey: meQueryKey }));
    return () => {
      offUnauthorized();
      offSetup();
    };
  }, [queryClient]);
  return null;
}

/** Leaves a setup screen (required second factor) without finishing it: the only way out besides finishing. */
function SignOutButton() {
  const queryClient = useQueryClient();
  return (
    <Button appearance="subtle" style={{ marginTop: '8px', width: '100%' }} onClick={() => void signOut().finally(() => queryClient.setQueryData(meQueryKey, null))}>
      Sign out
    </Button>
  );
}

/** Renders its children for a signed-in person; otherwise sends them to sign-in (and back afterwards). */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const session = useMemo<Session | null>(() => {
    if (!me.data) return null;
    const permissions = new Set(me.data.permissions);
    return { me: me.data, permissions, can: (p) => permissions.has(p) };
  }, [me.data]);

  if (me.isPending) return <Spinner label="Loading your session" style={{ marginTop: '20vh' }} />;
  if (me.isError)
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>Could not load your session: {errorMessage(me.error)}</MessageBarBody>
      </MessageBar>
    );
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (session.me.mustChangePassword) return <ChangePasswordPage forced />;
  if (session.me.mfa.required && !session.me.mfa.enabled)
    return (
      <AuthCard title="Set up a second factor" titleId="mfa-setup-title">
        <p>Your administrator requires a second sign-in factor for your account.</p>
        <SecondFactorSetup />
        <SignOutButton />
      </AuthCard>
    );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
