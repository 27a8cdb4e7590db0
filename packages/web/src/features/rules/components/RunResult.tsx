import { Badge, makeStyles, Text, tokens, Tooltip } from '@fluentui/react-components';
import type { RuleRun } from '../api.ts';

const useStyles = makeStyles({
  root: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  error: { color: tokens.colorPaletteRedForeground1, maxWidth: '28em', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});

/** "3 alerts (1 updated)" for a good run; "Failed" with the error for a failed one. */
export function runSummary(run: RuleRun): string {
  if (run.status === 'error') return `Failed: ${run.error ?? 'unknown error'}`;
  const alerts = `${run.alertsCreated} ${run.alertsCreated === 1 ? 'alert' : 'alerts'}`;
  return run.alertsUpdated > 0 ? `${alerts} (${run.alertsUpdated} updated)` : alerts;
}

/** The outcome of one run: a status badge, the alerts it raised, and its error or cap warning. */
export function RunResult({ run }: { run: RuleRun }) {
  const styles = useStyles();
  if (run.status === 'error') {
    return (
      <span className={styles.root}>
        <Badge appearance="tint" color="danger" shape="rounded">
          Failed
        </Badge>
        <Tooltip content={run.error ?? 'unknown error'} relationship="description">
          <Text size={200} className={styles.error} tabIndex={0}>
            {run.error ?? 'unknown error'}
          </Text>
        </Tooltip>
      </span>
    );
  }
  return (
    <span className={styles.root}>
      <Badge appearance="tint" color={run.alertsCreated + run.alertsUpdated > 0 ? 'warning' : 'success'} shape="rounded">
        {runSummary(run)}
      </Badge>
      {run.error && (
        <Text size={200} className={styles.error} title={run.error}>
          {run.error}
        </Text>
      )}
    </span>
  );
}
