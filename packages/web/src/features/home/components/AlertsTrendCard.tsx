import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { errorMessage } from '../../../api/client.ts';
import { navigation } from '../../../app/navigation.tsx';
import { fetchAlertsTrend } from '../api.ts';
import { CardFrame } from './CardFrame.tsx';
import type { CardControls } from './CardFrame.tsx';

const useStyles = makeStyles({
  chart: { display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: tokens.spacingHorizontalXS, alignItems: 'end', listStyle: 'none', margin: 0, padding: 0, height: '96px' },
  day: { display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'flex-end', height: '100%', gap: tokens.spacingVerticalXXS },
  bar: { width: '100%', maxWidth: '28px', backgroundColor: tokens.colorBrandBackground, borderRadius: `${tokens.borderRadiusSmall} ${tokens.borderRadiusSmall} 0 0`, minHeight: '2px' },
  empty: { backgroundColor: tokens.colorNeutralStroke2 },
  count: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  label: { fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground3 },
  summary: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'baseline', flexWrap: 'wrap' },
  big: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
});

/** Alerts created per day over the last week (scoped by the server to the person's device groups). */
export function AlertsTrendCard({ controls }: { controls: CardControls }) {
  const styles = useStyles();
  const trend = useQuery({ queryKey: ['home', 'alerts-trend'], queryFn: () => fetchAlertsTrend(new Date()) });
  const incidentsScreen = navigation.find((n) => n.section === 'incidents-alerts');
  const days = trend.data?.days ?? [];
  const total = days.reduce((s, d) => s + d.count, 0);
  const max = Math.max(1, ...days.map((d) => d.count));
  const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
  const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'short', day: 'numeric' });
  return (
    <CardFrame id="alerts-trend" title="Alerts trend" controls={controls}>
      {trend.isPending && <Spinner size="tiny" label="Counting alerts" />}
      {trend.isError && <Text role="alert">Could not load: {errorMessage(trend.error)}</Text>}
      {trend.data && (
        <>
          <div className={styles.summary}>
            <Text className={styles.big}>{total.toLocaleString()}</Text>
            <Text>
              {total === 1 ? 'alert' : 'alerts'} in the last 7 days{trend.data.high > 0 ? `, ${trend.data.high.toLocaleString()} high severity` : ''}
            </Text>
          </div>
          <ol className={styles.chart} aria-label="Alerts per day, last 7 days">
            {days.map((d) => {
              const at = new Date(d.start);
              return (
                <li key={d.start} className={styles.day} aria-label={`${longDay.format(at)}: ${d.count} ${d.count === 1 ? 'alert' : 'alerts'}`}>
                  <span className={styles.count} aria-hidden>
                    {d.count}
                  </span>
                  <span className={d.count === 0 ? `${styles.bar} ${styles.empty}` : styles.bar} style={{ height: `${(d.count / max) * 60}%` }} aria-hidden />
                  <span className={styles.label} aria-hidden>
                    {weekday.format(at)}
                  </span>
                </li>
              );
            })}
          </ol>
          {incidentsScreen && <RouterLink to={incidentsScreen.path}>View incidents &amp; alerts</RouterLink>}
        </>
      )}
    </CardFrame>
  );
}
