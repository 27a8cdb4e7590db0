import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Checkbox, Dropdown, Field, Input, Option, Radio, RadioGroup, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { createAssignment, deleteAssignment, fetchAssignments, fetchDeviceGroups, fetchRoles, fetchUsers, permissionsKeys } from '../api.ts';
import { ErrorBar, FormDialog, LoadState, ManageAction, formatTime, useCommonStyles } from './common.tsx';

function AssignDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const roles = useQuery({ queryKey: permissionsKeys.roles, queryFn: fetchRoles });
  const users = useQuery({ queryKey: permissionsKeys.users, queryFn: fetchUsers });
  const groups = useQuery({ queryKey: permissionsKeys.deviceGroups, queryFn: fetchDeviceGroups });
  const [roleId, setRoleId] = useState('');
  const [principalType, setPrincipalType] = useState<'user' | 'group'>('user');
  const [userId, setUserId] = useState('');
  const [groupName, setGroupName] = useState('');
  const [scope, setScope] = useState<'all' | 'some'>('all');
  const [deviceGroupIds, setDeviceGroupIds] = useState<string[]>([]);
  const principalId = principalType === 'user' ? userId : groupName.trim();
  const save = useMutation({
    mutationFn: () => createAssignment({ roleId, principalType, principalId, deviceGroupIds: scope === 'all' ? null : deviceGroupIds }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: permissionsKeys.assignments });
      onClose();
    },
  });
  return (
    <FormDialog
      open={open}
      title="Assign a role"
      submitLabel="Assign"
      busy={save.isPending}
      error={save.error}
      canSubmit={roleId !== '' && principalId !== '' && (scope === 'all' || deviceGroupIds.length > 0)}
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <Field label="Role" required>
        <Dropdown placeholder="Choose a role" selectedOptions={roleId ? [roleId] : []} value={roles.data?.find((r) => r.id === roleId)?.name ?? ''} onOptionSelect={(_, d) => setRoleId(d.optionValue ?? '')}>
          {roles.data?.map((r) => (
            <Option key={r.id} value={r.id}>
              {r.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Assign to">
        <RadioGroup layout="horizontal" value={principalType} onChange={(_, d) => setPrincipalType(d.value === 'group' ? 'group' : 'user')}>
          <Radio value="user" label="A user" />
          <Radio value="group" label="A group (from single sign-on)" />
        </RadioGroup>
      </Field>
      {principalType === 'user' ? (
        <Field label="User" required>
          <Dropdown placeholder="Choose a user" selectedOptions={userId ? [userId] : []} value={users.data?.find((u) => u.id === userId)?.displayName ?? ''} onOptionSelect={(_, d) => setUserId(d.optionValue ?? '')}>
            {users.data?.map((u) => (
              <Option key={u.id} value={u.id} text={u.displayName}>
                {`${u.displayName} (${u.email})`}
              </Option>
            ))}
          </Dropdown>
        </Field>
      ) : (
        <Field label="Group name" required>
          <Input value={groupName} onChange={(_, d) => setGroupName(d.value)} />
        </Field>
      )}
      <Field label="Devices">
        <RadioGroup value={scope} onChange={(_, d) => setScope(d.value === 'some' ? 'some' : 'all')}>
          <Radio value="all" label="All devices" />
          <Radio value="some" label="Only these device groups" />
        </RadioGroup>
      </Field>
      {scope === 'some' && (
        <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend>Device groups</legend>
          {groups.data?.map((g) => (
            <Checkbox
              key={g.id}
              label={`${g.name} (${g.deviceCount} devices)`}
              checked={deviceGroupIds.includes(g.id)}
              onChange={(_, d) => setDeviceGroupIds(d.checked ? [...deviceGroupIds, g.id] : deviceGroupIds.filter((x) => x !== g.id))}
            />
          ))}
        </fieldset>
      )}
    </FormDialog>
  );
}

export function AssignmentsTab() {
  const styles = useCommonStyles();
  const queryClient = useQueryClient();
  const assignments = useQuery({ queryKey: permissionsKeys.assignments, queryFn: fetchAssignments });
  const users = useQuery({ queryKey: permissionsKeys.users, queryFn: fetchUsers });
  const groups = useQuery({ queryKey: permissionsKeys.deviceGroups, queryFn: fetchDeviceGroups });
  const userName = new Map((users.data ?? []).map((u) => [u.id, `${u.displayName} (${u.email})`]));
  const groupName = new Map((groups.data ?? []).map((g) => [g.id, g.name]));
  const [open, setOpen] = useState(0);
  const remove = useMutation({ mutationFn: deleteAssignment, onSuccess: () => queryClient.invalidateQueries({ queryKey: permissionsKeys.assignments }) });
  return (
    <>
      <div className={styles.toolbar}>
        <ManageAction>
          {(disabled) => (
            <Button icon={<AddRegular />} appearance="primary" disabled={disabled} onClick={() => setOpen(Date.now())}>
              Assign a role
            </Button>
          )}
        </ManageAction>
      </div>
      <ErrorBar error={remove.error} />
      <LoadState query={assignments} what="role assignments" />
      {assignments.data && (
        <Table aria-label="Role assignments" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Assigned to</TableHeaderCell>
              <TableHeaderCell>Devices</TableHeaderCell>
              <TableHeaderCell>Created</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {assignments.data.length === 0 && (
              <TableRow>
                <TableCell colSpan={5}>No assignments yet. Roles given directly to users are listed under Users.</TableCell>
              </TableRow>
            )}
            {assignments.data.map((a) => (
              <TableRow key={a.id}>
                <TableCell>{a.roleName}</TableCell>
                <TableCell>{a.principalType === 'user' ? (userName.get(a.principalId) ?? a.principalId) : `group ${a.principalId}`}</TableCell>
                <TableCell>
                  {a.deviceGroupIds === null ? (
                    'All devices'
                  ) : (
                    <div className={styles.chips}>
                      {a.deviceGroupIds.map((g) => (
                        <Badge key={g} appearance="tint">
                          {groupName.get(g) ?? g}
                        </Badge>
                      ))}
                    </div>
                  )}
                </TableCell>
                <TableCell>
                  {formatTime(a.createdAt)} by {a.createdBy}
                </TableCell>
                <TableCell>
                  <ManageAction>
                    {(disabled) => (
                      <Button size="small" disabled={disabled || remove.isPending} onClick={() => remove.mutate(a.id)} aria-label={`Remove assignment of ${a.roleName}`}>
                        Remove
                      </Button>
                    )}
                  </ManageAction>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {open > 0 && <AssignDialog key={open} open onClose={() => setOpen(0)} />}
    </>
  );
}
