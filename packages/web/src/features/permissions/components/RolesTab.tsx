import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Checkbox, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { createRole, deleteRole, fetchPermissionCatalog, fetchRoles, permissionsKeys, updateRole } from '../api.ts';
import type { Role } from '../api.ts';
import { ErrorBar, FormDialog, LoadState, ManageAction, useCommonStyles } from './common.tsx';

/** Checkboxes for every permission of the registry, grouped as Defender groups them. */
export function PermissionPicker({ value, onChange }: { value: string[]; onChange: (next: string[]) => void }) {
  const catalog = useQuery({ queryKey: permissionsKeys.catalog, queryFn: fetchPermissionCatalog, staleTime: Infinity });
  if (!catalog.data) return <LoadState query={catalog} what="permissions" />;
  return (
    <>
      {catalog.data.groups.map((g) => (
        <fieldset key={g.name} style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600 }}>{g.name}</legend>
          {g.permissions.map((p) => (
            <Checkbox
              key={p.id}
              label={`${p.id} — ${p.description}`}
              checked={value.includes(p.id)}
              onChange={(_, d) => onChange(d.checked ? [...value, p.id] : value.filter((x) => x !== p.id))}
            />
          ))}
        </fieldset>
      ))}
    </>
  );
}

function RoleDialog({ role, open, onClose }: { role: Role | null; open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [perms, setPerms] = useState<string[]>(role?.permissions ?? []);
  const save = useMutation({
    mutationFn: () => (role ? updateRole(role.id, { name: name.trim(), description, permissions: perms }) : createRole({ name: name.trim(), description, permissions: perms })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: permissionsKeys.roles });
      onClose();
    },
  });
  return (
    <FormDialog
      open={open}
      wide
      title={role ? `Edit role ${role.name}` : 'Create custom role'}
      submitLabel={role ? 'Save role' : 'Create role'}
      busy={save.isPending}
      error={save.error}
      canSubmit={name.trim() !== '' && perms.length > 0}
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <Field label="Role name" required>
        <Input value={name} onChange={(_, d) => setName(d.value)} />
      </Field>
      <Field label="Description">
        <Textarea value={description} onChange={(_, d) => setDescription(d.value)} />
      </Field>
      <PermissionPicker value={perms} onChange={setPerms} />
    </FormDialog>
  );
}

export function RolesTab() {
  const styles = useCommonStyles();
  const queryClient = useQueryClient();
  const roles = useQuery({ queryKey: permissionsKeys.roles, queryFn: fetchRoles });
  const [editing, setEditing] = useState<{ role: Role | null; key: number } | null>(null);
  const remove = useMutation({ mutationFn: (r: Role) => deleteRole(r.id), onSuccess: () => queryClient.invalidateQueries({ queryKey: permissionsKeys.roles }) });
  return (
    <>
      <div className={styles.toolbar}>
        <ManageAction>
          {(disabled) => (
            <Button icon={<AddRegular />} appearance="primary" disabled={disabled} onClick={() => setEditing({ role: null, key: Date.now() })}>
              Create custom role
            </Button>
          )}
        </ManageAction>
      </div>
      <ErrorBar error={remove.error} />
      <LoadState query={roles} what="roles" />
      {roles.data && (
        <Table aria-label="Roles" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Type</TableHeaderCell>
              <TableHeaderCell>Permissions</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {roles.data.map((r) => (
              <TableRow key={r.id}>
                <TableCell>
                  <Text weight="semibold">{r.name}</Text>
                  <br />
                  <Text size={200} className={styles.muted}>
                    {r.description}
                  </Text>
                </TableCell>
                <TableCell>
                  <Badge appearance={r.builtIn ? 'outline' : 'tint'}>{r.builtIn ? 'Built-in (read-only)' : 'Custom'}</Badge>
                </TableCell>
                <TableCell>
                  <div className={styles.chips}>
                    {r.permissions.map((p) => (
                      <Badge key={p} appearance="tint" color="informative" size="small">
                        {p}
                      </Badge>
                    ))}
                  </div>
                </TableCell>
                <TableCell>
                  {!r.builtIn && (
                    <ManageAction>
                      {(disabled) => (
                        <div className={styles.chips}>
                          <Button size="small" disabled={disabled} onClick={() => setEditing({ role: r, key: Date.now() })} aria-label={`Edit ${r.name}`}>
                            Edit
                          </Button>
                          <Button
                            size="small"
                            disabled={disabled || remove.isPending}
                            onClick={() => {
                              if (window.confirm(`Delete the role ${r.name}?`)) remove.mutate(r);
                            }}
                            aria-label={`Delete ${r.name}`}
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
      {editing && <RoleDialog key={editing.key} role={editing.role} open onClose={() => setEditing(null)} />}
    </>
  );
}
