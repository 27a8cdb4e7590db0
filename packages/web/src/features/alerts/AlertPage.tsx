import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  tokens,
  Tree,
  TreeItem,
  TreeItemLayout,
} from '@fluentui/react-components';
import { SearchRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../api/index.ts';
import { getAlert, getAlertDetails, patchAlert } from '../incidents/api.ts';
import type { AlertStatus, Classification, Evidence, EvidenceVerdict, RemediationStatus } from '../incidents/api.ts';
import { EmailCard, SignInsCard } from './AlertDetailsCards.tsx';
import { RemediationBadge, VerdictBadge } from '../incidents/components/EvidenceBadges.tsx';
import { classifications, determinationsByClassification, label } from '../incidents/queue-model.ts';
import { entityIdentity } from '../incidents/story-model.ts';
import { entityHuntLink } from '../incidents/hunt-queries.ts';
import { formatTime, SeverityBadge } from '../incidents/components/SeverityBadge.tsx';
import { buildProcessTree } from './process-tree.ts';
import type { ProcessNode } from './process-tree.ts';

const useStyles = makeStyles({
  // Plain router links take the theme's link colour (the browser's default blue fails contrast on the dark theme).
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, '& a:not(.fui-Button)': { color: tokens.colorBrandForegroundLink } },
  facts: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'center' },
  fact: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
  manage: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(260px, 2fr)', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
  // Descriptions and entity names hold command lines, UPNs and URLs without spaces: they wrap in place.
  prose: { overflowWrap: 'anywhere' },
});

function ProcessItem({ node }: { node: ProcessNode }) {
  const styles = useStyles();
  return (
    <TreeItem itemType={node.children.length ? 'branch' : 'leaf'} value={node.key}>
      <TreeItemLayout>
        <Text weight="semibold">{node.fileName}</Text> {node.processId !== undefined && <Caption1 className={styles.muted}>PID {node.processId}</Caption1>}
        {node.commandLine && <div className={styles.mono}>{node.commandLine}</div>}
        {node.sha256 && <Caption1 className={styles.mono}>SHA256 {node.sha256}</Caption1>}
      </TreeItemLayout>
      {node.children.length > 0 && (
        <Tree>
          {node.children.map((c) => (
            <ProcessItem key={c.key} node={c} />
          ))}
        </Tree>
      )}
    </TreeItem>
  );
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

const typeLabel: Readonly<Record<string, string>> = { ip: 'IP address', url: 'URL', mailMessage: 'Email', cloudApp: 'Cloud app', registry: 'Registry value' };
const linkable = new Set(['device', 'user', 'mailbox', 'ip', 'file']);
/** The entity page id of an evidence item: a device by its full name, a user by UPN, a file by hash. */
function pageId(e: Evidence): string | undefined {
  switch (e.type) {
    case 'device':
      return text(e.deviceName) || undefined;
    case 'user':
      return text(e.upn) || text(e.accountName).split('\\').pop() || undefined;
    case 'mailbox':
    case 'ip':
      return text(e.address) || undefined;
    case 'file':
      return text(e.sha256) || text(e.fileName) || undefined;
    default:
      return undefined;
  }
}

function allKeys(nodes: readonly ProcessNode[]): string[] {
  return nodes.flatMap((n) => [n.key, ...allKeys(n.children)]);
}

/** One alert: what happened, its process tree (endpoint), email details (email), entities with go hunt, and triage. */
export function AlertPage() {
  const styles = useStyles();
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const alert = useQuery({ queryKey: ['alert', id], queryFn: ({ signal }) => getAlert(id, signal) });
  const details = useQuery({ queryKey: ['alert', id, 'details'], queryFn: ({ signal }) => getAlertDetails(id, signal) });
  const [classification, setClassification] = useState<Classification | ''>('');
  const update = useMutation({
    mutationFn: (patch: { status?: AlertStatus; classification?: Classification; determination?: string }) => patchAlert(id, patch),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['alert', id] });
      await queryClient.invalidateQueries({ queryKey: ['incident'] });
    },
  });

  if (alert.isPending) return <Spinner label="Loading alert" />;
  if (alert.error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{errorMessage(alert.error)}</MessageBarBody>
      </MessageBar>
    );
  const a = alert.data;
  const tree = buildProcessTree(a.evidence);
  const entities = a.evidence.map((e) => ({ e, id: entityIdentity(e) })).filter((x) => x.id !== undefined);

  return (
    <article className={styles.root} aria-labelledby="alert-title">
      <Caption1>
        <RouterLink to={`/incidents/${a.incidentId}`}>Incident {a.incidentId}</RouterLink> › Alert {a.id}
      </Caption1>
      <Title2 as="h1" id="alert-title">
        {a.title}
      </Title2>
      <div className={styles.facts}>
        <SeverityBadge severity={a.severity} />
        <Badge appearance="outline">{label(a.status)}</Badge>
        <span className={styles.fact}>
          <Caption1 className={styles.muted}>Category</Caption1>
          <Text>{label(a.category)}</Text>
        </span>
        <span className={styles.fact}>
          <Caption1 className={styles.muted}>Detection source</Caption1>
          <Text>{a.detectionSource}</Text>
        </span>
        <span className={styles.fact}>
          <Caption1 className={styles.muted}>Techniques</Caption1>
          <Text>{a.mitreTechniqueDetails.map((t) => `${t.id} ${t.name}`).join(', ') || 'None'}</Text>
        </span>
        <span className={styles.fact}>
          <Caption1 className={styles.muted}>Classification</Caption1>
          <Text>{a.classification && a.classification !== 'unknown' ? `${label(a.classification)}${a.determination && a.determination !== 'unknown' ? ` – ${label(a.determination)}` : ''}` : 'Not set'}</Text>
        </span>
        <span className={styles.fact}>
          <Caption1 className={styles.muted}>First activity</Caption1>
          <Text>{formatTime(a.firstActivityDateTime)}</Text>
        </span>
      </div>

      <section className={styles.manage} aria-label="Manage alert">
        <Field label="Alert status">
          <Dropdown value={label(a.status)} selectedOptions={[a.status]} onOptionSelect={(_, d) => d.optionValue && update.mutate({ status: d.optionValue as AlertStatus })}>
            {(['new', 'inProgress', 'resolved'] as const).map((s) => (
              <Option key={s} value={s}>
                {label(s)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Classify as">
          <Dropdown value={classification ? label(classification) : ''} placeholder="Choose" selectedOptions={classification ? [classification] : []} onOptionSelect={(_, d) => setClassification((d.optionValue ?? '') as Classification | '')}>
            {classifications.map((c) => (
              <Option key={c} value={c}>
                {label(c)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {classification && (
          <Field label="Determination">
            <Dropdown placeholder="Choose" onOptionSelect={(_, d) => d.optionValue && update.mutate({ classification, determination: d.optionValue })}>
              {determinationsByClassification[classification].map((d) => (
                <Option key={d} value={d}>
                  {label(d)}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
        {update.isPending && <Spinner size="tiny" aria-label="Saving" />}
        {update.error && <Text role="alert">{errorMessage(update.error)}</Text>}
      </section>

      <div className={styles.grid}>
        <div className={styles.root}>
          {tree.length > 0 && (
            <Card>
              <Subtitle2 as="h2">Process tree</Subtitle2>
              <Tree aria-label="Process tree" defaultOpenItems={allKeys(tree)}>
                {tree.map((n) => (
                  <ProcessItem key={n.key} node={n} />
                ))}
              </Tree>
            </Card>
          )}
          {details.data?.emails.map((m) => <EmailCard key={m.networkMessageId} m={m} />)}
          {details.data?.signInWindow && <SignInsCard signIns={details.data.signIns} window={details.data.signInWindow} />}
          {details.isPending && a.evidence.some((e) => e.type === 'mailMessage' || e.type === 'user') && <Spinner size="small" label="Loading email and sign-in details" />}
          {details.error && (
            <MessageBar intent="warning">
              <MessageBarBody>Email and sign-in details are unavailable: {errorMessage(details.error)}</MessageBarBody>
            </MessageBar>
          )}
          {(a.description ?? a.recommendedActions) && (
            <Card>
              <Subtitle2 as="h2">What happened</Subtitle2>
              {a.description && <Body1 className={styles.prose}>{a.description}</Body1>}
              {a.recommendedActions && (
                <Body1 className={styles.prose}>
                  <strong>Recommended actions:</strong> {a.recommendedActions}
                </Body1>
              )}
            </Card>
          )}
        </div>
        <Card>
          <Subtitle2 as="h2">Entities</Subtitle2>
          <Table aria-label="Alert entities" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Entity</TableHeaderCell>
                <TableHeaderCell>Type</TableHeaderCell>
                <TableHeaderCell>Verdict</TableHeaderCell>
                <TableHeaderCell>Hunt</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entities.map(({ e, id: ent }) => (
                <TableRow key={ent?.key}>
                  <TableCell className={styles.prose}>{linkable.has(e.type) ? <RouterLink to={`/entities/${e.type}/${encodeURIComponent(pageId(e) ?? ent?.name ?? '')}`}>{ent?.name}</RouterLink> : ent?.name}</TableCell>
                  <TableCell>{typeLabel[e.type] ?? label(e.type)}</TableCell>
                  <TableCell>
                    {typeof e.verdict === 'string' && <VerdictBadge verdict={e.verdict as EvidenceVerdict} title={typeof e.verdictReason === 'string' ? e.verdictReason : undefined} />}
                    {typeof e.remediationStatus === 'string' && e.remediationStatus !== 'none' && <RemediationBadge status={e.remediationStatus as RemediationStatus} />}
                  </TableCell>
                  <TableCell>
                    <Button
                      as="a"
                      size="small"
                      appearance="subtle"
                      icon={<SearchRegular />}
                      href={entityHuntLink(e.type, ent?.name ?? '')}
                      aria-label={`Go hunt ${ent?.name ?? ''}`}
                    >
                      Go hunt
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      </div>
    </article>
  );
}
