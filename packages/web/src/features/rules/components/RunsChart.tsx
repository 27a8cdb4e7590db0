import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { formatTime } from '../../incidents/components/SeverityBadge.tsx';
import type { RuleRun } from '../api.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  plot: { display: 'flex', alignItems: 'flex-end', gap: '2px', height: '120px', borderBottom: `1px solid ${tokens.colorNeutralStroke1}`, borderLeft: `1px solid ${tokens.colorNeutralStroke1}`, paddingLeft: '2px' },
  bar: { flex: '1 1 0', maxWidth: '28px', minWidth: '3px', display: 'flex', flexDirection: 'column-reverse' },
  created: { backgroundColor: tokens.colorBrandBackground },
  updated: { backgroundColor: tokens.colorBrandBackground2Pressed },
  failed: { backgroundColor: tokens.colorPaletteRedBackground3, height: '6px' },
  none: { backgroundColor: tokens.colorNeutralStroke2, height: '2px' },
  axis: { display: 'flex', justifyContent: 'space-between', color: tokens.colorNeutralForeground3 },
  legend: { display: 'flex', gap: tokens.spacingHorizontalM, color: tokens.colorNeutralForeground3, alignItems: 'center' },
  key: { display: 'inline-block', width: '10px', height: '10px', marginRight: '4px', verticalAlign: 'middle' },
});

/** Alerts per run, oldest on the left: new alerts, updated alerts (suppressed repeats) on top, failed runs in red. */
export function RunsChart({ runs }: { runs: readonly RuleRun[] }) {
  const styles = useStyles();
  const ordered = [...runs].reverse();
  const max = Math.max(1, ...ordered.map((r) => r.alertsCreated + r.alertsUpdated));
  const total = ordered.reduce((s, r) => s + r.alertsCreated, 0);
  const failed = ordered.filter((r) => r.status === 'error').length;
  const first = ordered[0];
  const last = ordered[ordered.length - 1];
  return (
    <div className={styles.root}>
      <div
        className={styles.plot}
        role="img"
        aria-label={`Alerts per run: ${ordered.length} runs, ${total} new alerts${failed > 0 ? `, ${failed} failed runs` : ''}; the busiest run raised ${max === 1 && total === 0 ? 0 : max}.`}
      >
        {ordered.map((r, i) => {
          const title = `${formatTime(r.started)}: ${r.status === 'error' ? `failed (${r.error ?? ''})` : `${r.alertsCreated} new, ${r.alertsUpdated} updated, ${r.rows} rows, ${Math.round(r.durationMs)} ms`}`;
          return (
            <div key={`${r.started}-${i}`} className={styles.bar} title={title}>
              {r.status === 'error' ? (
                <div className={styles.failed} />
              ) : r.alertsCreated + r.alertsUpdated === 0 ? (
                <div className={styles.none} />
              ) : (
                <>
                  <div className={styles.created} style={{ height: `${(r.alertsCreated / max) * 116}px` }} />
                  <div className={styles.updated} style={{ height: `${(r.alertsUpdated / max) * 116}px` }} />
                </>
              )}
            </div>
          );
        })}
      </div>
      <div className={styles.axis}>
        <Caption1>{first ? formatTime(first.started) : ''}</Caption1>
        <Caption1>max {max} per run</Caption1>
        <Caption1>{last && last !== first ? formatTime(last.started) : ''}</Caption1>
      </div>
      <div className={styles.legend}>
        <Caption1>
          <span className={`${styles.key} ${styles.created}`} />
          New alerts
        </Caption1>
        <Caption1>
          <span className={`${styles.key} ${styles.updated}`} />
          Updated (suppressed repeats)
        </Caption1>
        <Caption1>
          <span className={`${styles.key} ${styles.failed}`} />
          Failed run
        </Caption1>
      </div>
    </div>
  );
}
