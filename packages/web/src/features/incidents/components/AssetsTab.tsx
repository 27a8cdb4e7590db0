import { Link as RouterLink } from 'react-router';
import { Caption1, Card, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import type { Alert, Incident, IncidentEvidence } from '../api.ts';
import { assetRows } from '../story-timeline.ts';
import type { AssetKind } from '../story-timeline.ts';
import { SeverityBadge } from './SeverityBadge.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: tokens.spacingHorizontalM },
  card: { minWidth: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  // Long names (e-mail addresses, FQDNs) are cut with an ellipsis; the full name is in the tooltip.
  asset: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalXS, alignItems: 'center', minWidth: 0 },
  name: { minWidth: 0, maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const kinds: readonly AssetKind[] = ['devices', 'users', 'mailboxes', 'apps', 'ips'];
const title: Readonly<Record<AssetKind, string>> = { devices: 'Devices', users: 'Users', mailboxes: 'Mailboxes', apps: 'Apps', ips: 'IP addresses' };

/**
 * The incident's impacted assets (the server's, the same merge by identity the queue counts), each with its entity
 * page and a risk from this incident only: the highest severity of its open alerts naming the asset.
 */
export function AssetsTab({ incident, alerts, evidence }: { incident: Incident; alerts: readonly Alert[]; evidence: readonly IncidentEvidence[] | undefined }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <Caption1 className={styles.muted}>Risk (from this incident&apos;s alerts): the highest severity of the incident&apos;s open alerts naming the asset; “No open alerts” once they are all resolved.</Caption1>
      <div className={styles.cards}>
        {kinds.map((k) => {
          const rows = assetRows(k, incident.impactedAssets[k] ?? {}, evidence, alerts);
          return (
            <Card key={k} aria-label={title[k]} className={styles.card}>
              <Subtitle2 as="h2">
                {title[k]} ({rows.length})
              </Subtitle2>
              <ul className={styles.list}>
                {rows.map((r) => (
                  <li key={r.name} className={styles.asset}>
                    <span className={styles.name} title={r.name}>
                      {r.href ? <RouterLink to={r.href}>{r.name}</RouterLink> : r.name}
                    </span>
                    {evidence === undefined ? null : r.risk ? (
                      <span aria-label={`Risk (from this incident's alerts): ${r.risk}`}>
                        <SeverityBadge severity={r.risk} />
                      </span>
                    ) : (
                      <Caption1 className={styles.muted}>No open alerts</Caption1>
                    )}
                    <Caption1 className={styles.muted}>
                      in {r.alertCount} alert{r.alertCount > 1 ? 's' : ''}
                    </Caption1>
                  </li>
                ))}
              </ul>
            </Card>
          );
        })}
      </div>
    </div>
  );
}
