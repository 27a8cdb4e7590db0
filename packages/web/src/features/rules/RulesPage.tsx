import { useMemo, useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Caption1,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  SearchBox,
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
  tokens,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../api/index.ts';
import { formatTime, SeverityBadge } from '../incidents/components/SeverityBadge.tsx';
import { listRules, setRuleEnabled } from './api.ts';
import type { DetectionRule } from './api.ts';
import { frequencyLabels } from './rule-model.ts';
import { ManageRule } from './components/ManageRule.tsx';
import { RunResult } from './components/RunResult.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  spacer: { flex: 1 },
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  source: { minWidth: '160px' },
  name: { display: 'flex', flexDirection: 'column', gap: '2px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

type SourceFilter = 'all' | 'custom' | 'builtin';
const sourceLabels: Readonly<Record<SourceFilter, string>> = { all: 'All rules', custom: 'Custom', builtin: 'Built-in' };

/** Hunting > Custom detection rules: every rule with its schedule, last run and result; enable or disable in place. */
export function RulesPage() {
  const styles = useStyles();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [source, setSource] = useState<SourceFilter>('all');
  const rules = useQuery({ queryKey: ['detection-rules'], queryFn: ({ signal }) => listRules(signal) });
  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => setRuleEnabled(id, enabled),
    onSuccess: (rule) => {
      queryClient.setQueryData<DetectionRule[]>(['detection-rules'], (list) => list?.map((r) => (r.id === rule.id ? { ...r, enabled: rule.enabled } : r)));
      queryClient.setQueryData(['detection-rule', rule.id], rule);
    },
  });

  const shown = useMemo(() => {
    const text = search.trim().toLowerCase();
    return (rules.data ?? []).filter(
      (r) => (source === 'all' || (source === 'builtin') === r.builtin) && (text === '' || r.name.toLowerCase().includes(text) || r.id.includes(text) || r.query.toLowerCase().includes(text)),
    );
  }, [rules.data, search, source]);
  const custom = (rules.data ?? []).filter((r) => !r.builtin).length;
  const failing = (rules.data ?? []).filter((r) => r.lastRun?.status === 'error').length;

  return (
    <section className={styles.root} aria-labelledby="rules-title">
      <div className={styles.titleRow}>
        <Title2 as="h1" id="rules-title">
          Custom detection rules
        </Title2>
        <div className={styles.spacer} />
        <ManageRule>
          {(disabled) => (
            <Button appearance="primary" icon={<AddRegular />} disabledFocusable={disabled} onClick={() => void navigate('/custom-detection-rules/new')}>
              Create rule
            </Button>
          )}
        </ManageRule>
      </div>
      <Caption1 className={styles.muted}>
        Rules run hunting queries on a schedule or as data arrives and raise alerts from their rows. Create one from a query in Advanced hunting, or here.
      </Caption1>
      <div className={styles.bar} role="search" aria-label="Rule filters">
        <SearchBox placeholder="Search name or query" aria-label="Search rules" value={search} onChange={(_, d) => setSearch(d.value)} />
        <Field label="Source">
          <Dropdown className={styles.source} value={sourceLabels[source]} selectedOptions={[source]} onOptionSelect={(_, d) => setSource(d.optionValue as SourceFilter)}>
            {(Object.keys(sourceLabels) as SourceFilter[]).map((s) => (
              <Option key={s} value={s}>
                {sourceLabels[s]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <div className={styles.spacer} />
        <Text role="status">
          {rules.data ? `${shown.length} of ${rules.data.length} rules · ${custom} custom${failing > 0 ? ` · ${failing} failing` : ''}` : ''}
        </Text>
      </div>
      {rules.isPending && <Spinner size="small" label="Loading rules" />}
      {rules.error && (
        <MessageBar intent="error">
          <MessageBarBody>{errorMessage(rules.error)}</MessageBarBody>
        </MessageBar>
      )}
      {toggle.error && (
        <MessageBar intent="error">
          <MessageBarBody>{errorMessage(toggle.error)}</MessageBarBody>
        </MessageBar>
      )}
      {rules.data && (
        <Table aria-label="Detection rules" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Enabled</TableHeaderCell>
              <TableHeaderCell>Frequency</TableHeaderCell>
              <TableHeaderCell>Severity</TableHeaderCell>
              <TableHeaderCell>Last run</TableHeaderCell>
              <TableHeaderCell>Last result</TableHeaderCell>
              <TableHeaderCell>Source</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((r) => (
              <TableRow key={r.id}>
                <TableCell>
                  <div className={styles.name}>
                    <RouterLink to={`/custom-detection-rules/${encodeURIComponent(r.id)}`}>{r.name}</RouterLink>
                    <Caption1 className={styles.muted}>{r.id}</Caption1>
                  </div>
                </TableCell>
                <TableCell>
                  <ManageRule>
                    {(disabled) => (
                      <Switch
                        checked={r.enabled}
                        disabled={disabled || (toggle.isPending && toggle.variables.id === r.id)}
                        aria-label={`Enabled: ${r.name}`}
                        onChange={(_, d) => toggle.mutate({ id: r.id, enabled: d.checked })}
                      />
                    )}
                  </ManageRule>
                </TableCell>
                <TableCell>{frequencyLabels[r.frequency]}</TableCell>
                <TableCell>{r.alert ? <SeverityBadge severity={r.alert.severity} /> : null}</TableCell>
                <TableCell>{r.lastRunDateTime ? formatTime(r.lastRunDateTime) : <span className={styles.muted}>Not run yet</span>}</TableCell>
                <TableCell>{r.lastRun ? <RunResult run={r.lastRun} /> : null}</TableCell>
                <TableCell>
                  <Badge appearance="outline" color={r.builtin ? 'informative' : 'brand'} shape="rounded">
                    {r.builtin ? 'Built-in' : 'Custom'}
                  </Badge>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {rules.data && shown.length === 0 && <Text className={styles.muted}>No rules match.</Text>}
    </section>
  );
}
