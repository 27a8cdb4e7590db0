import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Checkbox, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { PersonAddRegular } from '@fluentui/react-icons';
import { useSession } from '../../auth/session.tsx';
import { createUser, deleteUser, fetchRoles, fetchUsers, permissionsKeys, resetUserPassword, updateUser } from '../api.ts';
import type { User } from '../api.ts';
import { ErrorBar, FormDialog, LoadState, ManageAction, SecretDialog, formatTime, useCommonStyles } from './common.tsx';

function CreateUserDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (oneTimePassword: string | undefined) => void }) {
  const queryClient = useQueryClient();
  const roles = useQuery({ queryKey: permissionsKeys.roles, queryFn: fetchRoles });
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () => createUser({ email: email.trim(), displayName: displayName.trim(), roles: chosen, ...(password ? { password } : {}) }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: permissionsKeys.users });
      setEmail('');
      setDisplayName('');
      setPassword('');
      setChosen([]);
      onCreated(r.oneTimePassword);
    },
  });
  return (
    <FormDialog
      open={open}
      title="Add user"
      submitLabel="Add user"
      busy={create.isPending}
      error={create.error}
      canSubmit={email.trim() !== '' && displayName.trim() !== ''}
      onSubmit={() => create.mutate()}
      onClose={onClose}
    >
      <Field label="Email" required>
        <Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} />
      </Field>
      <Field label="Display name" required>
        <Input value={displayName} onChange={(_, d) => setDisplayName(d.value)} />
      </Field>
      <Field label="Password" hint="Leave empty to generate a one-time password the person must change at first sign-in.">
        <Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} autoComplete="new-password" />
      </Field>
      <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend>Roles (all devices; scoped roles are given under Assignments)</legend>
        {roles.data?.map((r) => (
          <Checkbox
            key={r.id}
            label={r.name}
            checked={chosen.includes(r.id)}
            onChange={(_, d) => setChosen(d.checked ? [...chosen, r.id] : chosen.filter((x) => x !== r.id))}
          />
        ))}
      </fieldset>
    </FormDialog>
  );
}

export function UsersTab() {
  const styles = useCommonStyles();
  const queryClient = useQueryClient();
  const { me } = useSession();
  const users = useQuery({ queryKey: permissionsKeys.users, queryFn: fetchUsers });
  const roles = useQuery({ queryKey: permissionsKeys.roles, queryFn: fetchRoles });
  const roleName = new Map((roles.data ?? []).map((r) => [r.id, r.name]));
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: permissionsKeys.users });
  const toggle = useMutation({ mutationFn: (u: User) => updateUser(u.id, { disabled: !u.disabled }), onSuccess: refresh });
  const reset = useMutation({
    mutationFn: (u: User) => resetUserPassword(u.id),
    onSuccess: async (r) => {
      setSecret({ title: 'One-time password', value: r.oneTimePassword });
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: (u: User) => deleteUser(u.id), onSuccess: refresh });

  return (
    <>
      <div className={styles.toolbar}>
        <ManageAction>
          {(disabled) => (
            <Button icon={<PersonAddRegular />} appearance="primary" disabled={disabled} onClick={() => setAdding(true)}>
              Add user
            </Button>
          )}
        </ManageAction>
      </div>
      <ErrorBar error={toggle.error ?? reset.error ?? remove.error} />
      <LoadState query={users} what="users" />
      {users.data && (
        <Table aria-label="Users" size="small" style={{ tableLayout: 'auto' }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Email</TableHeaderCell>
              <TableHeaderCell>Roles</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Last sign-in</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.data.map((u) => (
              <TableRow key={u.id}>
                <TableCell>{u.displayName}</TableCell>
                <TableCell>{u.email}</TableCell>
                <TableCell>
                  <div className={styles.chips}>
                    {u.roles.map((r) => (
                      <Badge key={r} appearance="tint">
                        {roleName.get(r) ?? r}
                      </Badge>
                    ))}
                    {u.groups.map((g) => (
                      <Badge key={`g:${g}`} appearance="outline">
                        group {g}
                      </Badge>
                    ))}
                  </div>
                </TableCell>
                <TableCell>
                  <div className={styles.chips}>
                    <Badge color={u.disabled ? 'danger' : 'success'} appearance="tint">
                      {u.disabled ? 'Disabled' : 'Active'}
                    </Badge>
                    {u.mfaEnabled && <Badge appearance="outline">2FA</Badge>}
                    {u.mustChangePassword && <Badge appearance="outline">password change pending</Badge>}
                    {u.authSource !== 'local' && <Badge appearance="outline">{u.authSource}</Badge>}
                  </div>
                </TableCell>
                <TableCell>{formatTime(u.lastSignInAt)}</TableCell>
                <TableCell>
                  {u.id === me.id ? (
                    <Text className={styles.muted}>you</Text>
                  ) : (
                    <ManageAction>
                      {(disabled) => (
                        <div className={styles.chips}>
                          <Button size="small" disabled={disabled || toggle.isPending} onClick={() => toggle.mutate(u)} aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.displayName}`}>
                            {u.disabled ? 'Enable' : 'Disable'}
                          </Button>
                          {u.authSource === 'local' && (
                            <Button size="small" disabled={disabled || reset.isPending} onClick={() => reset.mutate(u)} aria-label={`Reset password of ${u.displayName}`}>
                              Reset password
                            </Button>
                          )}
                          <Button
                            size="small"
                            disabled={disabled || remove.isPending}
                            onClick={() => {
                              if (window.confirm(`Delete ${u.displayName}? Their sessions and assignments go too.`)) remove.mutate(u);
                            }}
                            aria-label={`Delete ${u.displayName}`}
                          >
                            Delete
                          </Button>
                        </div>
                      )}
                    </ManageAction>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <CreateUserDialog
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(otp) => {
          setAdding(false);
          if (otp) setSecret({ title: 'One-time password', value: otp });
        }}
      />
      <SecretDialog
        title={secret?.title ?? ''}
        secret={secret?.value ?? null}
        note="Give this password to the person. It works once: they must choose their own at first sign-in. It is not shown again."
        onClose={() => setSecret(null)}
      />
    </>
  );
}
