import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Dropdown, Field, Input, Option, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { createToken, fetchTokens, permissionsKeys, revokeToken } from '../api.ts';
import { ErrorBar, FormDialog, LoadState, SecretDialog, formatTime, useCommonStyles } from './common.tsx';
import { PermissionPicker } from './RolesTab.tsx';

const expiries: Record<string, string> = { '30d': '30 days', '90d': '90 days', '1y': '1 year', never: 'Never' };

function CreateTokenDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (secret: string) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [expiresIn, setExpiresIn] = useState('90d');
  const [perms, setPerms] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: () => createToken({ name: name.trim(), permissions: perms, expiresIn }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: permissionsKeys.tokens });
      onCreated(r.secret);
    },
  });
  return (
    <FormDialog
      open={open}
      wide
      title="Create API token"
      submitLabel="Create token"
      busy={save.isPending}
      error={save.error}
      canSubmit={name.trim() !== '' && perms.length > 0}
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <Field label="Token name" required>
        <Input value={name} onChange={(_, d) => setName(d.value)} />
      </Field>
      <Field label="Expires after">
        <Dropdown value={expiries[expiresIn] ?? expiresIn} selectedOptions={[expiresIn]} onOptionSelect={(_, d) => setExpiresIn(d.optionValue ?? expiresIn)}>
          {Object.entries(expiries).map(([k, v]) => (
            <Option key={k} value={k}>
              {v}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <PermissionPicker value={perms} onChange={setPerms} />
    </FormDialog>
  );
}

/** API tokens for ingestion and automation (needs authorization.manage even to list them). */
export function TokensTab() {
  const styles = useCommonStyles();
  const queryClient = useQueryClient();
  const tokensQuery = useQuery({ queryKey: permissionsKeys.tokens, queryFn: fetchTokens });
  const [open, setOpen] = useState(0);
  const [secret, setSecret] = useState<string | null>(null);
  const revoke = useMutation({ mutationFn: revokeToken, onSuccess: () => queryClient.invalidateQueries({ queryKey: permissionsKeys.tokens }) });
  return (
    <>
      <div className={styles.toolbar}>
        <Button icon={<AddRegular />} appearance="primary" onClick={() => setOpen(Date.now())}>
          Create API token
        </Button>
      </div>
      <ErrorBar error={revoke.error} />
      <LoadState query={tokensQuery} what="API tokens" />
      {tokensQuery.data && (
        <Table aria-label="API tokens" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Prefix</TableHeaderCell>
              <TableHeaderCell>Permissions</TableHeaderCell>
              <TableHeaderCell>Expires</TableHeaderCell>
              <TableHeaderCell>Last used</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tokensQuery.data.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>No API tokens yet.</TableCell>
              </TableRow>
            )}
            {tokensQuery.data.map((t) => (
              <TableRow key={t.id}>
                <TableCell>
                  {t.name} {t.revokedAt && <Badge color="danger">revoked</Badge>}
                </TableCell>
                <TableCell>
                  <code>{t.prefix}…</code>
                </TableCell>
                <TableCell>
                  <div className={styles.chips}>
                    {t.permissions.map((p) => (
                      <Badge key={p} appearance="tint" color="informative" size="small">
                        {p}
                      </Badge>
                    ))}
                  </div>
                </TableCell>
                <TableCell>{t.expiresAt ? formatTime(t.expiresAt) : 'Never'}</TableCell>
                <TableCell>{formatTime(t.lastUsedAt)}</TableCell>
                <TableCell>
                  {!t.revokedAt && (
                    <Button size="small" disabled={revoke.isPending} onClick={() => revoke.mutate(t.id)} aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {open > 0 && (
        <CreateTokenDialog
          key={open}
          open
          onClose={() => setOpen(0)}
          onCreated={(s) => {
            setOpen(0);
            setSecret(s);
          }}
        />
      )}
      <SecretDialog title="Your new API token" secret={secret} note="Copy it now: it is shown only once. Send it as Authorization: Bearer <token>." onClose={() => setSecret(null)} />
    </>
  );
}
