import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { errorMessage } from '../../api/client.ts';
import { useTheme } from '../../app/theme.tsx';
import { useUpdatePreferences } from '../../app/preferences.ts';
import { disableTotp } from '../auth/api.ts';
import { ChangePasswordPage } from '../auth/ChangePasswordPage.tsx';
import { SecondFactorSetup } from '../auth/SecondFactorSetup.tsx';
import { meQueryKey, useSession } from '../auth/session.tsx';
import { fetchSessions } from '../home/api.ts';
import { fetchAuthSettings, saveAuthSettings } from './api.ts';
import type { MfaRequirement } from './api.ts';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '960px' },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  narrow: { maxWidth: '420px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} role="region" aria-labelledby={id}>
      <Title3 as="h2" id={id}>
        {title}
      </Title3>
      {children}
    </Card>
  );
}

function SecondFactorSection() {
  const styles = useStyles();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const disable = useMutation({
    mutationFn: () => disableTotp(password),
    onSuccess: async () => {
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
  if (me.authSource !== 'local') return <Text>You sign in with single sign-on; your identity provider handles the second factor.</Text>;
  if (!me.mfa.enabled) return <SecondFactorSetup />;
  return (
    <div className={styles.narrow}>
      <Text as="p">
        An authenticator app is set up. {me.mfa.recoveryCodesLeft} recovery codes left.
      </Text>
      {disable.isError && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{errorMessage(disable.error)}</MessageBarBody>
        </MessageBar>
      )}
      <Field label="Your password, to turn the second factor off">
        <Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} autoComplete="current-password" />
      </Field>
      <Button style={{ marginTop: tokens.spacingVerticalS }} disabled={password === '' || disable.isPending} onClick={() => disable.mutate()}>
        Turn off second factor
      </Button>
    </div>
  );
}

function SessionsSection() {
  const sessions = useQuery({ queryKey: ['auth', 'sessions'], queryFn: fetchSessions });
  if (sessions.isPending) return <Spinner size="tiny" label="Loading sessions" />;
  if (sessions.isError) return <Text role="alert">Could not load sessions: {errorMessage(sessions.error)}</Text>;
  return (
    <Table size="small" aria-label="Your sessions">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Signed in</TableHeaderCell>
          <TableHeaderCell>Last active</TableHeaderCell>
          <TableHeaderCell>Method</TableHeaderCell>
          <TableHeaderCell>Address</TableHeaderCell>
          <TableHeaderCell>Browser</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {sessions.data.value.map((s) => (
          <TableRow key={`${s.createdAt}-${s.ip ?? ''}-${s.lastSeenAt}`}>
            <TableCell>
              {new Date(s.createdAt).toLocaleString()} {s.current && <Badge appearance="tint">this session</Badge>}
            </TableCell>
            <TableCell>{new Date(s.lastSeenAt).toLocaleString()}</TableCell>
            <TableCell>{s.method}</TableCell>
            <TableCell>{s.ip ?? '—'}</TableCell>
            <TableCell>{s.userAgent ? s.userAgent.slice(0, 60) : '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const mfaLabels: Record<MfaRequirement, string> = {
  off: 'Optional for everyone',
  privileged: 'Required for privileged roles (authorization, core or system settings)',
  everyone: 'Required for everyone',
};

function SignInPolicySection() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['auth', 'settings'], queryFn: fetchAuthSettings });
  const save = useMutation({
    mutationFn: saveAuthSettings,
    onSuccess: (data) => {
      queryClient.setQueryData(['auth', 'settings'], data);
      return queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
  if (settings.isPending) return <Spinner size="tiny" label="Loading sign-in policy" />;
  if (settings.isError) return <Text role="alert">Could not load the sign-in policy: {errorMessage(settings.error)}</Text>;
  const canManage = can('authorization.manage');
  return (
    <>
      {save.isError && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{errorMessage(save.error)}</MessageBarBody>
        </MessageBar>
      )}
      <Field label="Second factor for local accounts" hint={canManage ? null : 'Changing this needs the authorization.manage permission.'}>
        <RadioGroup value={settings.data.mfaRequirement} disabled={!canManage || save.isPending} onChange={(_, d) => save.mutate(d.value as MfaRequirement)}>
          {(Object.keys(mfaLabels) as MfaRequirement[]).map((k) => (
            <Radio key={k} value={k} label={mfaLabels[k]} />
          ))}
        </RadioGroup>
      </Field>
    </>
  );
}

/** Settings: one's own account (password, second factor, sessions, appearance) and, for admins, the sign-in policy. */
export function SettingsPage() {
  const styles = useStyles();
  const { me, can } = useSession();
  const { theme, setTheme } = useTheme();
  const updatePreferences = useUpdatePreferences();
  return (
    <section aria-labelledby="settings-title" className={styles.page}>
      <Title2 as="h1" id="settings-title">
        Settings
      </Title2>
      <Section id="settings-account" title="Your account">
        <Text>
          {me.displayName} · {me.email} · {me.roles.map((r) => r.name).join(', ') || 'no role'}
        </Text>
        {can('authorization.read') && (
          <Text>
            Users, roles, device groups, tokens and the audit log are under <RouterLink to="/permissions">Permissions &amp; roles</RouterLink>.
          </Text>
        )}
      </Section>
      <Section id="settings-appearance" title="Appearance">
        <Switch
          label="Dark theme"
          checked={theme === 'dark'}
          onChange={(_, d) => {
            const next = d.checked ? 'dark' : 'light';
            setTheme(next);
            updatePreferences.mutate({ theme: next });
          }}
        />
      </Section>
      {me.authSource === 'local' && (
        <Section id="settings-password" title="Password">
          <div className={styles.narrow}>
            <ChangePasswordPage />
          </div>
        </Section>
      )}
      <Section id="settings-mfa" title="Second factor">
        <SecondFactorSection />
      </Section>
      <Section id="settings-sessions" title="Sessions">
        <SessionsSection />
      </Section>
      {can('authorization.read') && (
        <Section id="settings-sign-in-policy" title="Sign-in policy">
          <SignInPolicySection />
        </Section>
      )}
    </section>
  );
}
