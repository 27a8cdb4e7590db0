import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { errorMessage } from '../../../api/client.ts';
import { navigation } from '../../../app/navigation.tsx';
import { fetchOpenIncidentsBySeverity, incidentSeverities } from '../api.ts';
import { CardFrame } from './CardFrame.tsx';
import type { CardControls } from './CardFrame.tsx';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: tokens.spacingHorizontalS, margin: 0, padding: 0 },
  cell: { display: 'flex', flexDirection: 'column', borderLeft: `4px solid ${tokens.colorNeutralStroke1}`, paddingLeft: tokens.spacingHorizontalS },
  high: { borderLeftColor: tokens.colorPaletteRedBorder2 },
  medium: { borderLeftColor: tokens.colorPaletteDarkOrangeBorder2 },
  low: { borderLeftColor: tokens.colorPaletteYellowBorder2 },
  informational: { borderLeftColor: tokens.colorNeutralStroke1 },
  count: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  label: { margin: 0, color: tokens.colorNeutralForeground2 },
});

const labels = { high: 'High', medium: 'Medium', low: 'Low', informational: 'Informational' } as const;

/** Open incidents by severity (scoped by the server to the person's device groups). */
export function IncidentsCard({ controls }: { controls: CardControls }) {
  const styles = useStyles();
  const counts = useQuery({ queryKey: ['home', 'open-incidents-by-severity'], queryFn: fetchOpenIncidentsBySeverity });
  const incidentsScreen = navigation.find((n) => n.section === 'incidents-alerts');
  const total = counts.data ? incidentSeverities.reduce((s, k) => s + counts.data[k], 0) : 0;
  return (
    <CardFrame id="open-incidents" title="Active incidents" controls={controls}>
      {counts.isPending && <Spinner size="tiny" label="Counting incidents" />}
      {counts.isError && <Text role="alert">Could not load: {errorMessage(counts.error)}</Text>}
      {counts.data && (
        <>
          <dl className={styles.grid} aria-label="Open incidents by severity">
            {incidentSeverities.map((s) => (
              <div key={s} className={`${styles.cell} ${styles[s]}`}>
                <dt className={styles.label}>{labels[s]}</dt>
                <dd className={styles.count}>{counts.data[s]}</dd>
              </div>
            ))}
          </dl>
          <Text>{total === 0 ? 'No open incidents.' : `${total} open ${total === 1 ? 'incident' : 'incidents'} you can see.`}</Text>
          {incidentsScreen && <RouterLink to={incidentsScreen.path}>View incidents</RouterLink>}
        </>
      )}
    </CardFrame>
  );
}
