import { useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  ToggleButton,
  Tooltip,
  tokens,
} from '@fluentui/react-components';
import { EditRegular, SearchRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../../api/index.ts';
import type { Ability } from '../../../api/permissions.ts';
import { evidenceVerdicts, remediationStatuses, setIncidentEvidence } from '../api.ts';
import type { EvidencePatch, EvidenceVerdict, IncidentEvidence, RemediationStatus } from '../api.ts';
import { label } from '../queue-model.ts';
import { entityHuntLink } from '../hunt-queries.ts';
import { formatTime } from './SeverityBadge.tsx';
import { RemediationBadge, remediationLabel, VerdictBadge, verdictLabel } from './EvidenceBadges.tsx';
import { kindLabel } from './AttackStoryGraph.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  group: { backgroundColor: tokens.colorNeutralBackground3 },
  name: { overflowWrap: 'anywhere', minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const typeOrder = ['device', 'user', 'mailbox', 'mailMessage', 'process', 'file', 'url', 'ip', 'registry', 'cloudApp'];

/** Groups entities by type, in the evidence's order of types. */
export function groupByType(list: readonly IncidentEvidence[]): [string, IncidentEvidence[]][] {
  const groups = new Map<string, IncidentEvidence[]>();
  for (const e of list) {
    const g = groups.get(e.type);
    if (g) g.push(e);
    else groups.set(e.type, [e]);
  }
  return [...groups].sort(([a], [b]) => (typeOrder.indexOf(a) + 1 || 99) - (typeOrder.indexOf(b) + 1 || 99));
}

/**
 * The Evidence tab: the incident's entities merged across its alerts, grouped by type, with verdict and
 * remediation status; filter by verdict; select rows and set verdict / remediation (with incident manage
 * permission; otherwise the action is disabled and says why). Each entity links to its entity page.
 */
export function EvidenceTab({ incidentId, evidence, manage, alertTitles }: { incidentId: string; evidence: readonly IncidentEvidence[]; manage: Ability; alertTitles: ReadonlyMap<string, string> }) {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<ReadonlySet<EvidenceVerdict>>(new Set());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState(false);
  const shown = useMemo(() => evidence.filter((e) => filter.size === 0 || filter.has(e.verdict)), [evidence, filter]);
  const groups = useMemo(() => groupByType(shown), [shown]);
  const counts = useMemo(() => new Map(evidenceVerdicts.map((v) => [v, evidence.filter((e) => e.verdict === v).length])), [evidence]);
  const chosen = evidence.filter((e) => selected.has(e.id));
  const save = useMutation({
    mutationFn: (patch: EvidencePatch) => setIncidentEvidence(incidentId, patch),
    onSuccess: async (data) => {
      queryClient.setQueryData(['incident', incidentId, 'evidence'], data);
      setEditing(false);
      setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: ['incident', incidentId] });
    },
  });
  const toggle = (ids: readonly string[], on: boolean): void => {
    const next = new Set(selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    setSelected(next);
  };
  const setButton = (
    <Button icon={<EditRegular />} disabled={!manage.granted || chosen.length === 0} onClick={() => setEditing(true)}>
      Set verdict / remediation{chosen.length ? ` (${chosen.length})` : ''}
    </Button>
  );

  return (
    <section className={styles.root} aria-label="Evidence and response">
      <div className={styles.bar} role="group" aria-label="Filter by verdict">
        <Text>Verdict:</Text>
        {evidenceVerdicts.map((v) => (
          <ToggleButton
            key={v}
            size="small"
            checked={filter.has(v)}
            onClick={() => {
              const next = new Set(filter);
              if (next.has(v)) next.delete(v);
              else next.add(v);
              setFilter(next);
            }}
          >
            {verdictLabel[v]} ({counts.get(v) ?? 0})
          </ToggleButton>
        ))}
        {filter.size > 0 && (
          <Button size="small" appearance="subtle" onClick={() => setFilter(new Set())}>
            Clear
          </Button>
        )}
        <span style={{ flex: 1 }} />
        {manage.granted ? setButton : <Tooltip content="You need the Manage alerts and incidents permission (alerts.manage) to set verdicts." relationship="description">{setButton}</Tooltip>}
      </div>
      {evidence.length === 0 && (
        <MessageBar intent="info">
          <MessageBarBody>The alerts of this incident name no entities.</MessageBarBody>
        </MessageBar>
      )}
      {evidence.length > 0 && shown.length === 0 && (
        <MessageBar intent="info">
          <MessageBarBody>No entity has the chosen verdict.</MessageBarBody>
        </MessageBar>
      )}
      {shown.length > 0 && (
        <Table aria-label="Evidence" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: 44 }}>
                <Checkbox
                  aria-label="Select all shown entities"
                  checked={shown.every((e) => selected.has(e.id)) ? true : shown.some((e) => selected.has(e.id)) ? 'mixed' : false}
                  onChange={(_, d) => toggle(shown.map((e) => e.id), d.checked === true)}
                />
              </TableHeaderCell>
              <TableHeaderCell>Entity</TableHeaderCell>
              <TableHeaderCell style={{ width: 150 }}>Verdict</TableHeaderCell>
              <TableHeaderCell style={{ width: 130 }}>Remediation</TableHeaderCell>
              <TableHeaderCell style={{ width: 90 }}>Alerts</TableHeaderCell>
              <TableHeaderCell style={{ width: 190 }}>Last updated</TableHeaderCell>
              <TableHeaderCell style={{ width: 110 }}>Hunt</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {groups.flatMap(([type, list]) => [
              <TableRow key={`group:${type}`} className={styles.group} aria-label={`${kindLabel[type] ?? label(type)}: ${list.length}`}>
                <TableCell>
                  <Checkbox
                    aria-label={`Select all ${kindLabel[type] ?? type}`}
                    checked={list.every((e) => selected.has(e.id)) ? true : list.some((e) => selected.has(e.id)) ? 'mixed' : false}
                    onChange={(_, d) => toggle(list.map((e) => e.id), d.checked === true)}
                  />
                </TableCell>
                <TableCell colSpan={6}>
                  <Text weight="semibold">
                    {kindLabel[type] ?? label(type)} ({list.length})
                  </Text>
                </TableCell>
              </TableRow>,
              ...list.map((e) => (
                <TableRow key={e.id} aria-selected={selected.has(e.id)}>
                  <TableCell>
                    <Checkbox aria-label={`Select ${e.name}`} checked={selected.has(e.id)} onChange={(_, d) => toggle([e.id], d.checked === true)} />
                  </TableCell>
                  <TableCell className={styles.name}>
                    {e.entityPage ? <RouterLink to={`/entities/${e.entityPage.type}/${encodeURIComponent(e.entityPage.id)}`}>{e.name}</RouterLink> : <Text>{e.name}</Text>}
                    {e.aliases.length > 0 && (
                      <Caption1 block className={styles.muted}>
                        Also: {e.aliases.slice(0, 4).join(', ')}
                        {e.aliases.length > 4 ? ` and ${e.aliases.length - 4} more` : ''}
                      </Caption1>
                    )}
                  </TableCell>
                  <TableCell>
                    <VerdictBadge verdict={e.verdict} title={e.verdictReason} />
                    <Caption1 block className={styles.muted}>
                      {e.verdictSource === 'analyst' ? 'Analyst' : e.verdictSource === 'indicator' ? `Indicator ${e.indicator?.title ?? ''}` : 'From the alert'}
                    </Caption1>
                  </TableCell>
                  <TableCell>
                    <RemediationBadge status={e.remediationStatus} title={e.remediationStatusDetails ?? undefined} />
                    {e.remediationStatusDetails && (
                      <Caption1 block className={styles.muted}>
                        {e.remediationStatusDetails}
                      </Caption1>
                    )}
                  </TableCell>
                  <TableCell>
                    <Tooltip content={e.alertIds.map((id) => alertTitles.get(id) ?? `Alert ${id}`).join('\n')} relationship="description">
                      <Text>{e.alertIds.length}</Text>
                    </Tooltip>
                  </TableCell>
                  <TableCell>
                    {e.lastUpdatedBy ? (
                      <>
                        <Text size={200}>{e.lastUpdatedBy}</Text>
                        <Caption1 block className={styles.muted}>
                          {formatTime(e.lastUpdatedDateTime)}
                        </Caption1>
                      </>
                    ) : (
                      <Caption1 className={styles.muted}>Not reviewed</Caption1>
                    )}
                  </TableCell>
                  <TableCell>
                    <Button
                      as="a"
                      size="small"
                      appearance="subtle"
                      icon={<SearchRegular />}
                      href={entityHuntLink(e.type, e.entityPage?.id ?? e.name, e.name)}
                      aria-label={`Go hunt ${e.name}`}
                    >
                      Go hunt
                    </Button>
                  </TableCell>
                </TableRow>
              )),
            ])}
          </TableBody>
        </Table>
      )}
      {editing && <SetVerdictDialog count={chosen.length} busy={save.isPending} error={save.error ? errorMessage(save.error) : undefined} onCancel={() => setEditing(false)} onApply={(p) => save.mutate({ entityIds: chosen.map((e) => e.id), ...p })} />}
    </section>
  );
}

function SetVerdictDialog({ count, busy, error, onCancel, onApply }: { count: number; busy: boolean; error: string | undefined; onCancel: () => void; onApply: (p: Omit<EvidencePatch, 'entityIds'>) => void }) {
  const styles = useStyles();
  const [verdict, setVerdict] = useState<EvidenceVerdict | ''>('');
  const [remediation, setRemediation] = useState<RemediationStatus | ''>('');
  const [details, setDetails] = useState('');
  const ready = verdict !== '' || remediation !== '' || details.trim() !== '';
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>
            Set verdict / remediation for {count} entit{count === 1 ? 'y' : 'ies'}
          </DialogTitle>
          <DialogContent className={styles.form}>
            <Field label="Verdict" hint="Leave empty to keep each entity's verdict.">
              <Dropdown placeholder="Keep as is" value={verdict ? verdictLabel[verdict] : ''} selectedOptions={verdict ? [verdict] : []} onOptionSelect={(_, d) => setVerdict((d.optionValue ?? '') as EvidenceVerdict | '')}>
                {evidenceVerdicts.map((v) => (
                  <Option key={v} value={v}>
                    {verdictLabel[v]}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Field label="Remediation status" hint="Leave empty to keep each entity's status.">
              <Dropdown placeholder="Keep as is" value={remediation ? remediationLabel[remediation] : ''} selectedOptions={remediation ? [remediation] : []} onOptionSelect={(_, d) => setRemediation((d.optionValue ?? '') as RemediationStatus | '')}>
                {remediationStatuses.map((r) => (
                  <Option key={r} value={r}>
                    {remediationLabel[r]}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Field label="Remediation details">
              <Textarea value={details} onChange={(_, d) => setDetails(d.value)} maxLength={2000} />
            </Field>
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              disabled={!ready || busy}
              onClick={() => onApply({ ...(verdict ? { verdict } : {}), ...(remediation ? { remediationStatus: remediation } : {}), ...(details.trim() ? { remediationStatusDetails: details.trim() } : {}) })}
            >
              Apply
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
