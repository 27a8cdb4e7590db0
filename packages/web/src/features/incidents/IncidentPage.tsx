import { useMemo, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Caption1,
  Card,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TabList,
  Text,
  Textarea,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { ArrowRoutingRegular, CommentAddRegular, DocumentPdfRegular, EditRegular, LinkAddRegular, MergeRegular } from '@fluentui/react-icons';
import { errorMessage } from '../../api/index.ts';
import { commentIncident, incidentPdfUrl, linkAlert, patchIncident } from './api.ts';
import { incidentEvidenceQuery, incidentQuery } from './queue-queries.ts';
import type { Alert, Incident, IncidentPatch } from './api.ts';
import { label } from './queue-model.ts';
import { AttackStoryGraph } from './components/AttackStoryGraph.tsx';
import { EvidenceTab } from './components/EvidenceTab.tsx';
import { StoryTimeline } from './components/StoryTimeline.tsx';
import { AssetsTab } from './components/AssetsTab.tsx';
import { useSession } from '../auth/session.tsx';
import { ability } from '../../api/permissions.ts';
import { formatTime, SeverityBadge } from './components/SeverityBadge.tsx';
import { ManageIncidentsDialog } from './components/ManageIncidentsDialog.tsx';
import { MergeIncidentsDialog } from './components/MergeIncidentsDialog.tsx';
import { LinkAlertDialog } from './components/LinkAlertDialog.tsx';
import { activityText } from './activity-log.ts';

const useStyles = makeStyles({
  // Plain router links take the theme's link colour (the browser's default blue fails contrast on the dark theme).
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, '& a:not(.fui-Button)': { color: tokens.colorBrandForegroundLink } },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  facts: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'center' },
  fact: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  story: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(320px, 2fr)', gap: tokens.spacingHorizontalL },
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: tokens.spacingHorizontalM },
  log: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  comment: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
});

type TabId = 'story' | 'alerts' | 'assets' | 'evidence' | 'summary' | 'activity';

function AlertsTable({ alerts, onMoveToNew, moving }: { alerts: readonly Alert[]; onMoveToNew?: ((a: Alert) => void) | undefined; moving: boolean }) {
  return (
    <Table aria-label="Alerts of the incident" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Alert</TableHeaderCell>
          <TableHeaderCell>Severity</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Category</TableHeaderCell>
          <TableHeaderCell>Detection source</TableHeaderCell>
          <TableHeaderCell>First activity</TableHeaderCell>
          <TableHeaderCell>Correlation reason</TableHeaderCell>
          {onMoveToNew && <TableHeaderCell>Actions</TableHeaderCell>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {alerts.map((a) => (
          <TableRow key={a.id}>
            <TableCell>
              <RouterLink to={`/alerts/${a.id}`}>{a.title}</RouterLink>
            </TableCell>
            <TableCell>
              <SeverityBadge severity={a.severity} />
            </TableCell>
            <TableCell>{label(a.status)}</TableCell>
            <TableCell>{label(a.category)}</TableCell>
            <TableCell>{a.detectionSource}</TableCell>
            <TableCell>{formatTime(a.firstActivityDateTime)}</TableCell>
            <TableCell>{a.correlationReason?.text ?? 'First alert of the incident'}</TableCell>
            {onMoveToNew && (
              <TableCell>
                <Button size="small" appearance="subtle" icon={<ArrowRoutingRegular />} disabled={moving} aria-label={`Move alert ${a.id} to a new incident`} onClick={() => onMoveToNew(a)}>
                  New incident
                </Button>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function IncidentPage() {
  const styles = useStyles();
  const { id = '' } = useParams();
  const [tab, setTab] = useState<TabId>('story');
  const [manage, setManage] = useState(false);
  const [merging, setMerging] = useState(false);
  const [linking, setLinking] = useState(false);
  const [comment, setComment] = useState('');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const incident = useQuery(incidentQuery(id));
  const evidenceQuery = useQuery(incidentEvidenceQuery(id));
  const session = useSession();
  const refresh = async (): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: ['incident', id] });
    await queryClient.invalidateQueries({ queryKey: ['incidents'] });
  };
  const update = useMutation({
    mutationFn: async ({ patch, tag }: { patch: IncidentPatch; tag: string | undefined }) => {
      const cur = incident.data;
      const p: IncidentPatch = { ...patch };
      if (tag && cur && !cur.customTags.includes(tag)) p.customTags = [...cur.customTags, tag];
      return patchIncident(id, p);
    },
    onSuccess: async () => {
      setManage(false);
      await refresh();
    },
  });
  const addComment = useMutation({
    mutationFn: (text: string) => commentIncident(id, text),
    onSuccess: async () => {
      setComment('');
      await refresh();
    },
  });

  const moveToNew = useMutation({
    mutationFn: (a: Alert) => linkAlert(a.id, null),
    onSuccess: refresh,
  });

  const alerts = useMemo(() => [...(incident.data?.alerts ?? [])].sort((a, b) => a.firstActivityDateTime.localeCompare(b.firstActivityDateTime)), [incident.data]);

  if (incident.isPending) return <Spinner label="Loading incident" />;
  if (incident.error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{errorMessage(incident.error)}</MessageBarBody>
      </MessageBar>
    );
  const i: Incident = incident.data;
  const evidence = evidenceQuery.data?.value;
  const alertTitles = new Map(alerts.map((a) => [a.id, a.title]));

  return (
    <article className={styles.root} aria-labelledby="incident-title">
      <header className={styles.header}>
        <Caption1>
          <RouterLink to="/incidents">Incidents</RouterLink> › Incident {i.id}
        </Caption1>
        <Title2 as="h1" id="incident-title">
          {i.displayName}
        </Title2>
        <div className={styles.facts}>
          <SeverityBadge severity={i.severity} />
          <Badge appearance="outline">{label(i.status)}</Badge>
          <span className={styles.fact}>
            <Caption1 className={styles.muted}>Assigned to</Caption1>
            <Text>{i.assignedTo ?? 'Unassigned'}</Text>
          </span>
          <span className={styles.fact}>
            <Caption1 className={styles.muted}>Classification</Caption1>
            <Text>{i.classification && i.classification !== 'unknown' ? `${label(i.classification)}${i.determination && i.determination !== 'unknown' ? ` – ${label(i.determination)}` : ''}` : 'Not set'}</Text>
          </span>
          <span className={styles.fact}>
            <Caption1 className={styles.muted}>Tags</Caption1>
            <Text>{[...i.customTags, ...i.systemTags].join(', ') || 'None'}</Text>
          </span>
          <span className={styles.fact}>
            <Caption1 className={styles.muted}>Last activity</Caption1>
            <Text>{formatTime(i.lastActivityDateTime)}</Text>
          </span>
        </div>
        <div className={styles.actions}>
          <Button icon={<EditRegular />} onClick={() => setManage(true)} disabled={i.status === 'redirected'}>
            Manage incident
          </Button>
          <Button icon={<MergeRegular />} onClick={() => setMerging(true)} disabled={i.status === 'redirected' || i.status === 'resolved'}>
            Merge
          </Button>
          <Button icon={<LinkAddRegular />} onClick={() => setLinking(true)} disabled={i.status === 'redirected'}>
            Link alert
          </Button>
          <Button as="a" icon={<DocumentPdfRegular />} href={incidentPdfUrl(i.id)} download={`incident-${i.id}.pdf`}>
            Export PDF
          </Button>
        </div>
        {i.status === 'redirected' && i.redirectIncidentId && (
          <MessageBar intent="info">
            <MessageBarBody>
              This incident was merged into <RouterLink to={`/incidents/${i.redirectIncidentId}`}>incident {i.redirectIncidentId}</RouterLink>.
            </MessageBarBody>
          </MessageBar>
        )}
        {moveToNew.error && (
          <MessageBar intent="error">
            <MessageBarBody>{errorMessage(moveToNew.error)}</MessageBarBody>
          </MessageBar>
        )}
      </header>

      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabId)} aria-label="Incident sections">
        <Tab value="story">Attack story</Tab>
        <Tab value="alerts">Alerts ({alerts.length})</Tab>
        <Tab value="assets">Assets</Tab>
        <Tab value="evidence">Evidence and response{evidence ? ` (${evidence.length})` : ''}</Tab>
        <Tab value="summary">Summary</Tab>
        <Tab value="activity">Activity log</Tab>
      </TabList>

      {tab === 'story' && (
        <div className={styles.story}>
          {/* Drawn from the merged evidence (the same entities as the Evidence and Assets tabs); the alerts' own names only if that request failed. */}
          {evidenceQuery.isPending ? <Spinner label="Loading the attack story" /> : <AttackStoryGraph alerts={alerts} evidence={evidence} />}
          <StoryTimeline incidentId={i.id} alerts={alerts} />
        </div>
      )}
      {tab === 'alerts' && <AlertsTable alerts={alerts} moving={moveToNew.isPending} onMoveToNew={i.status === 'redirected' ? undefined : (a) => moveToNew.mutate(a)} />}
      {tab === 'assets' && (
        // The server's impacted assets (the same merge by identity the queue counts), so the two always agree.
        <AssetsTab incident={i} alerts={alerts} evidence={evidence} />
      )}
      {tab === 'evidence' &&
        (evidenceQuery.error ? (
          <MessageBar intent="error">
            <MessageBarBody>{errorMessage(evidenceQuery.error)}</MessageBarBody>
          </MessageBar>
        ) : evidence ? (
          <EvidenceTab incidentId={i.id} evidence={evidence} manage={ability(session.permissions, 'alerts.manage')} alertTitles={alertTitles} />
        ) : (
          <Spinner label="Loading evidence" />
        ))}
      {tab === 'summary' && (
        <div className={styles.cards}>
          <Card>
            <Subtitle2 as="h2">Categories</Subtitle2>
            <Text>{i.categories.map(label).join(' → ') || 'None'}</Text>
          </Card>
          <Card>
            <Subtitle2 as="h2">MITRE ATT&amp;CK techniques</Subtitle2>
            <Text>{i.mitreTechniques.join(', ') || 'None'}</Text>
          </Card>
          <Card>
            <Subtitle2 as="h2">Scope</Subtitle2>
            <Text>
              {Object.keys(i.impactedAssets.devices ?? {}).length} devices, {Object.keys(i.impactedAssets.users ?? {}).length} users, {Object.keys(i.impactedAssets.mailboxes ?? {}).length} mailboxes
            </Text>
          </Card>
          <Card>
            <Subtitle2 as="h2">Sources</Subtitle2>
            <Text>{[...i.serviceSources, ...i.detectionSources].join(', ')}</Text>
          </Card>
          <Card>
            <Subtitle2 as="h2">Activity</Subtitle2>
            <Text>
              {formatTime(i.firstActivityDateTime)} – {formatTime(i.lastActivityDateTime)}
            </Text>
          </Card>
        </div>
      )}
      {tab === 'activity' && (
        <section aria-label="Activity log">
          <div className={styles.comment}>
            <Field label="Comment" style={{ flex: 1 }}>
              <Textarea value={comment} onChange={(_, d) => setComment(d.value)} />
            </Field>
            <Button icon={<CommentAddRegular />} disabled={comment.trim() === '' || addComment.isPending} onClick={() => addComment.mutate(comment.trim())}>
              Add comment
            </Button>
          </div>
          <ol className={styles.log}>
            {[
              ...(i.comments ?? []).map((c) => ({ at: c.createdDateTime, who: c.createdByDisplayName, text: activityText('commented', c.comment) })),
              ...(i.activity ?? []).map((a) => ({ at: a.at, who: a.actor, text: activityText(a.action, a.details) })),
            ]
              // A comment is also logged as activity; show it once.
              .filter((e, n, all) => all.findIndex((o) => o.at === e.at && o.who === e.who && o.text === e.text) === n)
              .sort((a, b) => b.at.localeCompare(a.at))
              .map((e, n) => (
                <li key={n}>
                  <Caption1 className={styles.muted}>{formatTime(e.at)}</Caption1> <Text weight="semibold">{e.who}</Text> <Text>{e.text}</Text>
                </li>
              ))}
          </ol>
        </section>
      )}

      {merging && (
        <MergeIncidentsDialog
          incident={i}
          onCancel={() => setMerging(false)}
          onMerged={(target) => {
            setMerging(false);
            void refresh();
            if (target.id !== i.id) void navigate(`/incidents/${target.id}`);
          }}
        />
      )}
      {linking && (
        <LinkAlertDialog
          incident={i}
          onCancel={() => setLinking(false)}
          onLinked={() => {
            setLinking(false);
            void refresh();
          }}
        />
      )}
      {manage && (
        <ManageIncidentsDialog
          open
          title={`Manage incident ${i.id}`}
          initial={{ status: i.status, assignedTo: i.assignedTo, classification: i.classification, determination: i.determination }}
          busy={update.isPending}
          error={update.error ? errorMessage(update.error) : undefined}
          onCancel={() => setManage(false)}
          onApply={(patch, tag) => update.mutate({ patch, tag })}
        />
      )}
    </article>
  );
}
