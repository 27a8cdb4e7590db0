import { AppLink } from './AppLink.tsx';
import { useQuery } from '@tanstack/react-query';
import { Badge, Caption1, Card, makeStyles, MessageBar, MessageBarBody, Spinner, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import { errorMessage } from '../../api/index.ts';
import { fetchRelated } from './api.ts';
import type { EntityType } from './entity-queries.ts';
import { entityTypeLabel } from './entity-queries.ts';
import { formatTime } from './format.ts';

const useStyles = makeStyles({
  head: { display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  scroll: { maxHeight: '320px', overflowY: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
  time: { whiteSpace: 'nowrap', width: '170px' },
  narrow: { width: '110px' },
});

const severityColour: Readonly<Record<string, BadgeProps['color']>> = { high: 'danger', medium: 'warning', low: 'informative', informational: 'subtle' };
const words = (v: string): string => {
  const s = v.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
};

function Severity({ value }: { value: string }) {
  return (
    <Badge appearance="tint" shape="rounded" color={severityColour[value] ?? 'subtle'}>
      {words(value)}
    </Badge>
  );
}

/** The incidents and alerts that name the entity (server: the same keys correlation links alerts on), each linking to its page. */
export function RelatedSection({ type, id }: { type: EntityType; id: string }) {
  const styles = useStyles();
  const related = useQuery({ queryKey: ['entity-related', type, id], queryFn: ({ signal }) => fetchRelated(type, id, signal) });
  const what = entityTypeLabel[type].toLowerCase();
  return (
    <>
      <Card aria-label="Incidents">
        <div className={styles.head}>
          <Subtitle2 as="h2">Incidents</Subtitle2>
          {related.data && <Caption1>{`${related.data.incidents.length} ${related.data.incidents.length === 1 ? 'incident' : 'incidents'}`}</Caption1>}
        </div>
        {related.isPending && <Spinner size="tiny" label="Loading incidents and alerts" />}
        {related.error && (
          <MessageBar intent="error">
            <MessageBarBody>{errorMessage(related.error)}</MessageBarBody>
          </MessageBar>
        )}
        {related.data &&
          (related.data.incidents.length === 0 ? (
            <Caption1 className={styles.muted}>No incident has an alert naming this {what}.</Caption1>
          ) : (
            <div className={styles.scroll}>
              <Table aria-label="Incidents of this entity" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Incident</TableHeaderCell>
                    <TableHeaderCell className={styles.narrow}>Severity</TableHeaderCell>
                    <TableHeaderCell className={styles.narrow}>Status</TableHeaderCell>
                    <TableHeaderCell>Assigned to</TableHeaderCell>
                    <TableHeaderCell className={styles.narrow}>Its alerts here</TableHeaderCell>
                    <TableHeaderCell className={styles.time}>Last update</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {related.data.incidents.map((i) => (
                    <TableRow key={i.id}>
                      <TableCell>
                        <AppLink to={`/incidents/${i.id}`}>{i.displayName}</AppLink> <span className={styles.muted}>#{i.id}</span>
                      </TableCell>
                      <TableCell className={styles.narrow}>
                        <Severity value={i.severity} />
                      </TableCell>
                      <TableCell className={styles.narrow}>{words(i.status)}</TableCell>
                      <TableCell>{i.assignedTo ?? <span className={styles.muted}>Unassigned</span>}</TableCell>
                      <TableCell className={styles.narrow}>{i.entityAlerts}</TableCell>
                      <TableCell className={styles.time}>{formatTime(i.lastUpdateDateTime)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          ))}
      </Card>
      <Card aria-label="Alerts">
        <div className={styles.head}>
          <Subtitle2 as="h2">Alerts</Subtitle2>
          {related.data && <Caption1>{`${related.data.alerts.length}${related.data.truncated ? '+' : ''} ${related.data.alerts.length === 1 ? 'alert' : 'alerts'}${related.data.truncated ? ' (the newest shown)' : ''}`}</Caption1>}
        </div>
        {related.data &&
          (related.data.alerts.length === 0 ? (
            <Caption1 className={styles.muted}>No alert names this {what}.</Caption1>
          ) : (
            <div className={styles.scroll}>
              <Table aria-label="Alerts of this entity" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Alert</TableHeaderCell>
                    <TableHeaderCell className={styles.narrow}>Severity</TableHeaderCell>
                    <TableHeaderCell className={styles.narrow}>Status</TableHeaderCell>
                    <TableHeaderCell>Category</TableHeaderCell>
                    <TableHeaderCell className={styles.narrow}>Incident</TableHeaderCell>
                    <TableHeaderCell className={styles.time}>Last activity</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {related.data.alerts.map((a) => (
                    <TableRow key={a.id}>
                      <TableCell>
                        <AppLink to={`/alerts/${a.id}`}>{a.title}</AppLink>
                      </TableCell>
                      <TableCell className={styles.narrow}>
                        <Severity value={a.severity} />
                      </TableCell>
                      <TableCell className={styles.narrow}>{words(a.status)}</TableCell>
                      <TableCell>{words(a.category)}</TableCell>
                      <TableCell className={styles.narrow}>
                        <AppLink to={`/incidents/${a.incidentId}`}>#{a.incidentId}</AppLink>
                      </TableCell>
                      <TableCell className={styles.time}>{formatTime(a.lastActivityDateTime)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          ))}
      </Card>
    </>
  );
}
