import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { Badge, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { errorMessage } from '../../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { fetchHealth, fetchIngestStats, fetchSessions } from '../api.ts';
import { CardFrame } from './CardFrame.tsx';
import type { CardControls } from './CardFrame.tsx';

const useStyles = makeStyles({
  big: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero700 },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function Failed({ error }: { error: unknown }) {
  return (
    <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
      Could not load: {errorMessage(error)}
    </Text>
  );
}

export function PortalStatusCard({ controls }: { controls: CardControls }) {
  const health = useQuery({ queryKey: ['health'], queryFn: fetchHealth });
  return (
    <CardFrame id="portal-status" title="Portal status" controls={controls}>
      {health.isPending && <Spinner size="tiny" label="Checking the server" />}
      {health.isError && (
        <Badge color="danger" appearance="filled">
          Server unreachable
        </Badge>
      )}
      {health.data && (
        <div>
          <Badge color={health.data.status === 'ok' ? 'success' : 'danger'} appearance="filled">
            {health.data.status === 'ok' ? 'Healthy' : health.data.status}
          </Badge>{' '}
          <Text>Version {health.data.version}</Text>
        </div>
      )}
    </CardFrame>
  );
}

export function YourAccessCard({ controls }: { controls: CardControls }) {
  const styles = useStyles();
  const { me } = useSession();
  const scoped = me.roles.some((r) => r.deviceGroupIds !== undefined);
  return (
    <CardFrame id="your-access" title="Your access" controls={controls}>
      <div className={styles.row}>
        {me.roles.length === 0 ? <Text>No role assigned</Text> : me.roles.map((r) => <Badge key={r.id} appearance="tint">{r.name}</Badge>)}
      </div>
      <Text>
        {me.permissions.length} permissions · {scoped ? 'limited to some device groups' : 'all devices'}
      </Text>
      <Text className={styles.muted}>Second factor: {me.mfa.enabled ? `on (${me.mfa.recoveryCodesLeft} recovery codes left)` : 'off'}</Text>
      <RouterLink to="/settings">Manage your account</RouterLink>
    </CardFrame>
  );
}

export function SessionsCard({ controls }: { controls: CardControls }) {
  const styles = useStyles();
  const sessions = useQuery({ queryKey: ['auth', 'sessions'], queryFn: fetchSessions });
  return (
    <CardFrame id="your-sessions" title="Your sessions" controls={controls}>
      {sessions.isPending && <Spinner size="tiny" label="Loading sessions" />}
      {sessions.isError && <Failed error={sessions.error} />}
      {sessions.data && (
        <>
          <Text className={styles.big}>{sessions.data.value.length}</Text>
          <Text>active {sessions.data.value.length === 1 ? 'session' : 'sessions'}</Text>
          <Text className={styles.muted}>
            Oldest started {new Date(Math.min(...sessions.data.value.map((s) => Date.parse(s.createdAt)))).toLocaleString()}
          </Text>
          <RouterLink to="/settings">Review sessions</RouterLink>
        </>
      )}
    </CardFrame>
  );
}

export function IngestionCard({ controls }: { controls: CardControls }) {
  const styles = useStyles();
  const stats = useQuery({ queryKey: ['ingest', 'stats'], queryFn: fetchIngestStats });
  const top = stats.data?.store.tables.filter((t) => t.rows > 0).sort((a, b) => b.rows - a.rows).slice(0, 5) ?? [];
  return (
    <CardFrame id="data-ingestion" title="Data ingestion" controls={controls}>
      {stats.isPending && <Spinner size="tiny" label="Loading ingestion statistics" />}
      {stats.isError && <Failed error={stats.error} />}
      {stats.data && (
        <>
          <div className={styles.row}>
            <Text className={styles.big}>{stats.data.store.totalRows.toLocaleString()}</Text>
            <Text>events stored</Text>
          </div>
          <div className={styles.row}>
            <Badge color={stats.data.store.deadLetters > 0 ? 'warning' : 'success'} appearance="tint">
              {stats.data.store.deadLetters.toLocaleString()} rejected records
            </Badge>
            <Badge appearance="tint" color="informative">
              queue {stats.data.queue.pending}/{stats.data.queue.capacity}
            </Badge>
          </div>
          {top.length > 0 ? (
            <Table size="extra-small" aria-label="Largest tables">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Table</TableHeaderCell>
                  <TableHeaderCell>Rows</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {top.map((t) => (
                  <TableRow key={t.table}>
                    <TableCell>{t.table}</TableCell>
                    <TableCell>{t.rows.toLocaleString()}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <Text className={styles.muted}>No events yet. Point a log shipper at the ingest API.</Text>
          )}
        </>
      )}
    </CardFrame>
  );
}
