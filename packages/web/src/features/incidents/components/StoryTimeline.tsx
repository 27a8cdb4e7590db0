import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Badge, Body1, Button, Caption1, makeStyles, MessageBar, MessageBarBody, Radio, RadioGroup, Spinner, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { errorMessage } from '../../../api/index.ts';
import type { Alert } from '../api.ts';
import { incidentTimelineQuery } from '../queue-queries.ts';
import { label } from '../queue-model.ts';
import { storyItems } from '../story-timeline.ts';
import { formatTime, SeverityBadge } from './SeverityBadge.tsx';

const useStyles = makeStyles({
  head: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxHeight: '560px', overflowY: 'auto' },
  alert: { borderLeft: `4px solid ${tokens.colorBrandStroke1}`, paddingLeft: tokens.spacingHorizontalS, backgroundColor: tokens.colorNeutralBackground2, paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
  event: { borderLeft: `2px dashed ${tokens.colorNeutralStroke1}`, paddingLeft: tokens.spacingHorizontalS, minWidth: 0 },
  line: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center', flexWrap: 'wrap' },
  summary: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  record: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: '260px', overflowY: 'auto', backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalS, margin: 0 },
});

type Show = 'alerts' | 'all';

/**
 * The attack story's timeline: the incident's alerts and, once fetched (a request of its own, after the page has
 * rendered), the raw events behind their evidence from the hunting tables, interleaved oldest first.
 */
export function StoryTimeline({ incidentId, alerts }: { incidentId: string; alerts: readonly Alert[] }) {
  const styles = useStyles();
  const [show, setShow] = useState<Show>('all');
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const timeline = useQuery({ ...incidentTimelineQuery(incidentId), enabled: show === 'all' });
  const data = timeline.data;
  const items = storyItems(alerts, show === 'all' ? data?.events : undefined);
  const titles = new Map(alerts.map((a) => [a.id, a.title]));
  const toggle = (n: number): void =>
    setOpen((cur) => {
      const next = new Set(cur);
      if (next.has(n)) next.delete(n);
      else next.add(n);
      return next;
    });

  return (
    <section aria-label="Alert timeline">
      <div className={styles.head}>
        <Subtitle2 as="h2">Timeline</Subtitle2>
        <RadioGroup layout="horizontal" aria-label="Timeline shows" value={show} onChange={(_, d) => setShow(d.value as Show)}>
          <Radio value="alerts" label="Alerts only" />
          <Radio value="all" label="Alerts and events" />
        </RadioGroup>
        {show === 'all' && timeline.isPending && <Spinner size="tiny" label="Loading raw events from the hunting tables" labelPosition="after" />}
        {show === 'all' && timeline.error && (
          <MessageBar intent="error">
            <MessageBarBody>Raw events could not be loaded: {errorMessage(timeline.error)}</MessageBarBody>
          </MessageBar>
        )}
        {show === 'all' && data && (
          <Caption1 className={styles.muted} role="status">
            {data.events.length} raw event{data.events.length === 1 ? '' : 's'} behind the evidence, {formatTime(data.window.from)} – {formatTime(data.window.to)} (activity ± {data.window.marginMinutes} min)
            {data.truncated ? `; capped at ${data.cap}: the newest events of the busiest evidence were cut` : ''}
          </Caption1>
        )}
      </div>
      <ol className={styles.list}>
        {items.map((it) =>
          it.kind === 'alert' ? (
            <li key={`a${it.alert.id}`} className={styles.alert} data-kind="alert">
              <div className={styles.line}>
                <Badge appearance="filled" color="brand" size="small">
                  Alert
                </Badge>
                <SeverityBadge severity={it.alert.severity} />
                <Caption1 className={styles.muted}>{formatTime(it.at)}</Caption1>
              </div>
              <Body1 block>
                <RouterLink to={`/alerts/${it.alert.id}`}>{it.alert.title}</RouterLink>
              </Body1>
              <Caption1>
                {label(it.alert.category)}
                {it.alert.mitreTechniqueDetails.length ? ` · ${it.alert.mitreTechniqueDetails.map((t) => `${t.id} ${t.name}`).join(', ')}` : ''}
              </Caption1>
            </li>
          ) : (
            <li key={`e${it.index}`} className={styles.event} data-kind="event">
              <div className={styles.line}>
                <Badge appearance="outline" size="small">
                  {it.event.table}
                </Badge>
                <Caption1 className={styles.muted}>{formatTime(it.at)}</Caption1>
                {it.event.deviceName && (
                  <Caption1>
                    <RouterLink to={`/entities/device/${encodeURIComponent(it.event.deviceName)}`}>{it.event.deviceName}</RouterLink>
                  </Caption1>
                )}
                {it.event.account && <Caption1 className={styles.muted}>{it.event.account}</Caption1>}
              </div>
              <Text block className={styles.summary}>
                {it.event.summary}
              </Text>
              <div className={styles.line}>
                <Caption1 className={styles.muted}>
                  {it.event.entities.join(', ')} · backs {it.event.alertIds.map((id) => titles.get(id) ?? `alert ${id}`).join(', ')}
                </Caption1>
                <Button size="small" appearance="transparent" aria-expanded={open.has(it.index)} onClick={() => toggle(it.index)}>
                  {open.has(it.index) ? 'Hide record' : 'Show record'}
                </Button>
              </div>
              {open.has(it.index) && (
                <pre className={styles.record} aria-label={`Record of the ${it.event.table} event`}>
                  {JSON.stringify(Object.fromEntries(Object.entries(it.event.record).filter(([, v]) => v !== null && v !== '')), null, 2)}
                </pre>
              )}
            </li>
          ),
        )}
      </ol>
    </section>
  );
}
