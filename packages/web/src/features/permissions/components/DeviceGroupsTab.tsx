import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Dropdown, Field, Input, Option, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { createDeviceGroup, deleteDeviceGroup, fetchDeviceGroups, permissionsKeys, previewDeviceGroup } from '../api.ts';
import type { DeviceGroupRules } from '../api.ts';
import { ErrorBar, FormDialog, LoadState, ManageAction, formatTime, useCommonStyles } from './common.tsx';

const remediationLevels: Record<string, string> = {
  noAutomatedResponse: 'No automated response',
  semiApprovalAllFolders: 'Semi - approval required for all folders',
  semiApprovalNonTempFolders: 'Semi - approval required for non-temporary folders',
  semiApprovalCoreFolders: 'Semi - approval required for core folders',
  fullRemediation: 'Full - remediate threats automatically',
};

const ruleFields = [
  { key: 'names', label: 'Device name patterns', hint: 'Comma-separated; * and ? wildcards, e.g. srv-*, *-dc01' },
  { key: 'domains', label: 'Domains', hint: 'Comma-separated, e.g. corp.example.com' },
  { key: 'osPlatforms', label: 'OS platforms', hint: 'Comma-separated, e.g. Windows11, WindowsServer2022, Linux, macOS' },
  { key: 'tags', label: 'Tags', hint: 'Comma-separated device tags' },
] as const;

type RuleTexts = Record<(typeof ruleFields)[number]['key'], string>;

export function rulesFromTexts(texts: RuleTexts): DeviceGroupRules {
  const rules: DeviceGroupRules = {};
  for (const f of ruleFields) {
    const values = texts[f.key]
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (values.length > 0) rules[f.key] = values;
  }
  return rules;
}

function describeRules(rules: DeviceGroupRules | null): string {
  if (!rules) return 'Every device no other group takes';
  const parts = ruleFields.flatMap((f) => (rules[f.key]?.length ? [`${f.label.toLowerCase()}: ${rules[f.key]?.join(', ')}`] : []));
  return parts.join('; ') || 'No rules';
}

/** Debounced live preview of the devices a rule set would take (at the bottom rank). */
function Preview({ rules }: { rules: DeviceGroupRules }) {
  const styles = useCommonStyles();
  const key = JSON.stringify(rules);
  const [debounced, setDebounced] = useState(key);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(key), 300);
    return () => clearTimeout(t);
  }, [key]);
  const empty = Object.keys(rules).length === 0;
  const preview = useQuery({
    queryKey: ['authz', 'device-group-preview', debounced],
    queryFn: ({ signal }) => previewDeviceGroup(JSON.parse(debounced) as DeviceGroupRules, signal),
    // the debounced value lags the typed one: never ask with no rules (the server refuses that)
    enabled: !empty && debounced !== '{}',
  });
  if (empty) return <Text className={styles.muted}>Add a rule to preview the matching devices.</Text>;
  if (preview.isPending) return <Spinner size="tiny" label="Finding matching devices" />;
  if (preview.isError) return <ErrorBar error={preview.error} />;
  return (
    <section aria-label="Matching devices" aria-live="polite">
      <Text weight="semibold">
        {preview.data.total} matching {preview.data.total === 1 ? 'device' : 'devices'}
        {preview.data.total > preview.data.devices.length ? ` (first ${preview.data.devices.length} shown)` : ''}
      </Text>
      {preview.data.devices.length > 0 && (
        <Table size="extra-small" aria-label="Preview of matching devices">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Device</TableHeaderCell>
              <TableHeaderCell>OS</TableHeaderCell>
              <TableHeaderCell>Tags</TableHeaderCell>
              <TableHeaderCell>Last seen</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {preview.data.devices.map((d) => (
              <TableRow key={d.deviceId}>
                <TableCell>{d.deviceName}</TableCell>
                <TableCell>{d.osPlatform ?? '—'}</TableCell>
                <TableCell>{d.tags.join(', ') || '—'}</TableCell>
                <TableCell>{formatTime(d.lastSeen)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function CreateGroupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [level, setLevel] = useState('semiApprovalAllFolders');
  const [texts, setTexts] = useState<RuleTexts>({ names: '', domains: '', osPlatforms: '', tags: '' });
  const rules = rulesFromTexts(texts);
  const save = useMutation({
    mutationFn: () => createDeviceGroup({ name: name.trim(), description, rules, remediationLevel: level }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: permissionsKeys.deviceGroups });
      onClose();
    },
  });
  return (
    <FormDialog
      open={open}
      wide
      title="Add device group"
      submitLabel="Add device group"
      busy={save.isPending}
      error={save.error}
      canSubmit={name.trim() !== '' && Object.keys(rules).length > 0}
      onSubmit={() => save.mutate()}
      onClose={onClose}
    >
      <Field label="Name" required>
        <Input value={name} onChange={(_, d) => setName(d.value)} />
      </Field>
      <Field label="Description">
        <Input value={description} onChange={(_, d) => setDescription(d.value)} />
      </Field>
      <Field label="Remediation level">
        <Dropdown value={remediationLevels[level] ?? level} selectedOptions={[level]} onOptionSelect={(_, d) => setLevel(d.optionValue ?? level)}>
          {Object.entries(remediationLevels).map(([k, v]) => (
            <Option key={k} value={k}>
              {v}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {ruleFields.map((f) => (
        <Field key={f.key} label={f.label} hint={f.hint}>
          <Input value={texts[f.key]} onChange={(_, d) => setTexts({ ...texts, [f.key]: d.value })} />
        </Field>
      ))}
      <Preview rules={rules} />
    </FormDialog>
  );
}

export function DeviceGroupsTab() {
  const styles = useCommonStyles();
  const queryClient = useQueryClient();
  const groups = useQuery({ queryKey: permissionsKeys.deviceGroups, queryFn: fetchDeviceGroups });
  const [open, setOpen] = useState(0);
  const remove = useMutation({ mutationFn: deleteDeviceGroup, onSuccess: () => queryClient.invalidateQueries({ queryKey: permissionsKeys.deviceGroups }) });
  return (
    <>
      <div className={styles.toolbar}>
        <ManageAction>
          {(disabled) => (
            <Button icon={<AddRegular />} appearance="primary" disabled={disabled} onClick={() => setOpen(Date.now())}>
              Add device group
            </Button>
          )}
        </ManageAction>
      </div>
      <ErrorBar error={remove.error} />
      <LoadState query={groups} what="device groups" />
      {groups.data && (
        <Table aria-label="Device groups" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Rank</TableHeaderCell>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Rules</TableHeaderCell>
              <TableHeaderCell>Devices</TableHeaderCell>
              <TableHeaderCell>Remediation</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {groups.data.map((g) => (
              <TableRow key={g.id}>
                <TableCell>{g.builtIn ? 'Last' : g.rank}</TableCell>
                <TableCell>
                  {g.name} {g.builtIn && <Badge appearance="outline">default</Badge>}
                </TableCell>
                <TableCell>{describeRules(g.rules)}</TableCell>
                <TableCell>{g.deviceCount}</TableCell>
                <TableCell>{remediationLevels[g.remediationLevel] ?? g.remediationLevel}</TableCell>
                <TableCell>
                  {!g.builtIn && (
                    <ManageAction>
                      {(disabled) => (
                        <Button
                          size="small"
                          disabled={disabled || remove.isPending}
                          onClick={() => {
                            if (window.confirm(`Delete the device group ${g.name}? Its devices fall to lower-ranked groups.`)) remove.mutate(g.id);
                          }}
                          aria-label={`Delete ${g.name}`}
                        >
                          Delete
                        </Button>
                      )}
                    </ManageAction>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {open > 0 && <CreateGroupDialog key={open} open onClose={() => setOpen(0)} />}
    </>
  );
}
