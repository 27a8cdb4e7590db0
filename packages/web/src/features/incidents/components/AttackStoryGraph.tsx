import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { Link as RouterLink } from 'react-router';
import { Badge, Body1, Button, Caption1, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { ArrowMaximizeRegular, ChevronDownRegular } from '@fluentui/react-icons';
import { init, use } from 'echarts/core';
import type { ECharts } from 'echarts/core';
import { GraphChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Alert, IncidentEvidence } from '../api.ts';
import { buildStory, collapseLeaves, layoutStory } from '../story-model.ts';
import type { StoryNode } from '../story-model.ts';
import { VerdictBadge } from './EvidenceBadges.tsx';

use([GraphChart, LegendComponent, TooltipComponent, CanvasRenderer]);

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  canvas: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    outlineStyle: 'none',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  panel: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalM, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  wrap: { overflowWrap: 'anywhere' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** Legend band above the drawing area: the graph is laid out below it, so no node is drawn under the legend. */
const legendHeight = 36;
const pad = 16;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const kinds = ['alert', 'device', 'user', 'mailbox', 'mailMessage', 'ip', 'url', 'file', 'process', 'registry', 'cloudApp'] as const;
export const kindLabel: Readonly<Record<string, string>> = {
  alert: 'Alerts',
  device: 'Devices',
  user: 'Users',
  mailbox: 'Mailboxes',
  mailMessage: 'Emails',
  ip: 'IP addresses',
  url: 'URLs',
  file: 'Files',
  process: 'Processes',
  registry: 'Registry',
  cloudApp: 'Cloud apps',
};
const severityColour: Readonly<Record<string, string>> = { high: '#c50f1f', medium: '#da3b01', low: '#0f6cbd', informational: '#616161' };
/** Entities an analyst or an indicator found malicious get a red ring (suspicious is the default of most artefacts: no ring). */
const verdictBorder: Readonly<Record<string, string>> = { malicious: '#c50f1f' };

/** Reads a Fluent colour token's value on the page (the canvas cannot use CSS variables). */
function cssVar(el: HTMLElement, token: string, fallback: string): string {
  const name = /var\((--[^),]+)/.exec(token)?.[1];
  const v = name ? getComputedStyle(el).getPropertyValue(name).trim() : '';
  return v || fallback;
}

/**
 * The incident's alerts and the entities they share as a layered graph: alerts in time order on the left,
 * assets, then what the attack used (story-model.ts layoutStory). Wheel to zoom, drag to pan, "Fit" to reset.
 * Big same-type groups named by one alert are folded into one node (select it and expand). Keyboard: focus the
 * graph, arrow keys move between nodes, Enter expands a group; the detail panel shows the selected node.
 */
export function AttackStoryGraph({ alerts, evidence }: { alerts: readonly Alert[]; evidence?: readonly IncidentEvidence[] | undefined }) {
  const styles = useStyles();
  const host = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | undefined>();
  const [width, setWidth] = useState(0);
  const [fit, setFit] = useState(0);
  const full = useMemo(() => buildStory(alerts, evidence), [alerts, evidence]);
  const story = useMemo(() => collapseLeaves(full, expanded), [full, expanded]);
  const layout = useMemo(() => (width > 0 ? layoutStory(story, width - 2 * pad) : undefined), [story, width]);
  const byId = useMemo(() => new Map(story.nodes.map((n) => [n.id, n])), [story]);
  const order = useMemo(() => layout?.nodes.map((n) => n.id) ?? [], [layout]);
  const evidenceById = useMemo(() => new Map((evidence ?? []).map((e) => [`entity:${e.id}`, e])), [evidence]);
  const height = (layout?.height ?? 300) + legendHeight + 2 * pad + 12;

  useEffect(() => {
    if (!host.current) return;
    const el = host.current;
    const ro = new ResizeObserver(() => {
      setWidth(Math.round(el.clientWidth));
      chartRef.current?.resize();
    });
    ro.observe(el);
    setWidth(Math.round(el.clientWidth));
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (!host.current || !layout || layout.nodes.length === 0) {
      chartRef.current?.clear();
      return;
    }
    const el = host.current;
    const chart: ECharts = chartRef.current ?? init(el);
    chartRef.current = chart;
    const present = kinds.filter((k) => story.nodes.some((n) => n.kind === k));
    const text = cssVar(el, tokens.colorNeutralForeground1, '#242424');
    const line = cssVar(el, tokens.colorNeutralStroke1, '#999');
    const xs = layout.nodes.map((n) => n.x);
    const minX = Math.min(...xs);
    const spanX = Math.max(1, Math.max(...xs) - minX);
    const place = new Map(layout.nodes.map((n) => [n.id, n]));
    chart.setOption(
      {
        animation: false,
        tooltip: { formatter: (p: { dataType?: string; data?: { name?: string; kindLabel?: string } }) => (p.dataType === 'node' ? escapeHtml(`${p.data?.kindLabel ?? ''}: ${p.data?.name ?? ''}`) : '') },
        legend: { data: present.map((k) => kindLabel[k]), top: 6, left: 'center', type: 'scroll', height: legendHeight - 12, textStyle: { color: text } },
        series: [
          {
            type: 'graph',
            layout: 'none',
            roam: true,
            // The node box is exactly the layout's size (1 px = 1 px), so labels laid out not to overlap do not.
            left: pad + minX,
            top: legendHeight + pad,
            width: spanX,
            height: layout.height,
            categories: present.map((k) => ({ name: kindLabel[k] })),
            // The layout's cut label; the full name is in the tooltip and the detail panel.
            label: { show: true, fontSize: 11, color: text, formatter: (p: { data?: { shortName?: string } }) => p.data?.shortName ?? '' },
            lineStyle: { color: line, width: 1, curveness: 0.12, opacity: 0.7 },
            emphasis: { focus: 'adjacency', label: { show: true }, lineStyle: { width: 2 } },
            data: story.nodes.map((n) => {
              const at = place.get(n.id);
              return {
                id: n.id,
                name: n.name,
                x: at?.x ?? 0,
                y: at?.y ?? 0,
                shortName: at?.label ?? n.name,
                label: { position: at?.labelSide ?? 'right', distance: 6, ...(n.id === selected ? { fontWeight: 'bold' } : {}) },
                kindLabel: kindLabel[n.kind] ?? n.kind,
                category: Math.max(0, present.indexOf(n.kind as (typeof kinds)[number])),
                symbol: n.kind === 'alert' ? 'roundRect' : n.members ? 'diamond' : 'circle',
                symbolSize: n.kind === 'alert' ? 18 : n.members ? 18 : 10 + Math.min(8, n.weight * 2),
                ...(n.kind === 'alert' ? { itemStyle: { color: severityColour[n.severity ?? ''] ?? '#616161' } } : {}),
                ...(n.verdict && verdictBorder[n.verdict] ? { itemStyle: { borderColor: verdictBorder[n.verdict], borderWidth: 3 } } : {}),
                ...(n.id === selected ? { itemStyle: { borderColor: text, borderWidth: 3, ...(n.kind === 'alert' ? { color: severityColour[n.severity ?? ''] ?? '#616161' } : {}) } } : {}),
              };
            }),
            links: story.links,
          },
        ],
      },
      { notMerge: true },
    );
    chart.off('click');
    chart.on('click', (p: { dataType?: string; data?: unknown }) => {
      const d = p.data as { id?: string } | undefined;
      if (p.dataType === 'node' && d?.id) setSelected(d.id);
    });
  }, [story, layout, selected, fit]);

  useEffect(
    () => () => {
      chartRef.current?.dispose();
      chartRef.current = null;
    },
    [],
  );

  const node = selected ? byId.get(selected) : undefined;
  const move = (delta: number): void => {
    if (order.length === 0) return;
    const i = selected ? order.indexOf(selected) : -1;
    setSelected(order[(i + delta + order.length) % order.length]);
  };
  const onKey = (ev: KeyboardEvent<HTMLDivElement>): void => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowRight') move(1);
    else if (ev.key === 'ArrowUp' || ev.key === 'ArrowLeft') move(-1);
    else if (ev.key === 'Enter' && node?.members) setExpanded(new Set([...expanded, node.id]));
    else if (ev.key === 'Escape') setSelected(undefined);
    else return;
    ev.preventDefault();
  };

  const entities = full.nodes.length - alerts.length;
  // The canvas has no text; the label says what is in it, kind by kind (as the legend does).
  const kindsInStory = kinds
    .filter((k) => k !== 'alert')
    .map((k) => [kindLabel[k], full.nodes.filter((n) => n.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([l, n]) => `${l}: ${n}`)
    .join(', ');
  const folded = story.nodes.filter((n) => n.members);
  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Button size="small" appearance="subtle" icon={<ArrowMaximizeRegular />} onClick={() => setFit((f) => f + 1)}>
          Fit
        </Button>
        {folded.length > 0 && (
          <Button size="small" appearance="subtle" icon={<ChevronDownRegular />} onClick={() => setExpanded(new Set([...expanded, ...folded.map((n) => n.id)]))}>
            Expand {folded.length} group{folded.length > 1 ? 's' : ''}
          </Button>
        )}
        {expanded.size > 0 && (
          <Button size="small" appearance="subtle" onClick={() => setExpanded(new Set())}>
            Fold groups
          </Button>
        )}
        <Caption1 className={styles.muted}>Arrow keys move between nodes; Enter expands a group.</Caption1>
      </div>
      {story.nodes.length === 0 && <Caption1 className={styles.muted}>This incident has no alerts to draw.</Caption1>}
      <div
        ref={host}
        className={styles.canvas}
        style={{ height: story.nodes.length ? height : 48 }}
        role="img"
        tabIndex={0}
        onKeyDown={onKey}
        aria-label={`Attack story graph: ${alerts.length} alerts linked through ${entities} entities (${kindsInStory})${node ? `. Selected: ${kindLabel[node.kind] ?? node.kind} ${node.name}` : ''}`}
      />
      <section className={styles.panel} aria-label="Selected node" aria-live="polite">
        {!node && <Caption1 className={styles.muted}>Select a node (click it, or focus the graph and use the arrow keys) to see its details.</Caption1>}
        {node && <NodeDetail node={node} alerts={alerts} evidence={evidenceById.get(node.id)} onExpand={() => setExpanded(new Set([...expanded, node.id]))} />}
      </section>
    </div>
  );
}

function NodeDetail({ node, alerts, evidence, onExpand }: { node: StoryNode; alerts: readonly Alert[]; evidence: IncidentEvidence | undefined; onExpand: () => void }) {
  const styles = useStyles();
  const titles = new Map(alerts.map((a) => [a.id, a.title]));
  if (node.kind === 'alert') {
    const id = node.alertIds[0] ?? '';
    const a = alerts.find((x) => x.id === id);
    return (
      <>
        <Subtitle2 as="h3" className={styles.wrap}>
          <RouterLink to={`/alerts/${id}`}>{node.name}</RouterLink>
        </Subtitle2>
        <Caption1 className={styles.muted}>
          Alert · {a?.severity ?? ''} · {a ? new Date(a.firstActivityDateTime).toLocaleString() : ''}
        </Caption1>
      </>
    );
  }
  if (node.members) {
    return (
      <>
        <Subtitle2 as="h3">{node.name}</Subtitle2>
        <Caption1 className={styles.muted}>Named by one alert: {titles.get(node.alertIds[0] ?? '') ?? ''}</Caption1>
        <ul className={styles.list}>
          {node.members.slice(0, 12).map((m) => (
            <li key={m.id} className={styles.wrap}>
              <Text size={200}>{m.name}</Text>
            </li>
          ))}
          {node.members.length > 12 && <li>and {node.members.length - 12} more</li>}
        </ul>
        <div>
          <Button size="small" onClick={onExpand}>
            Expand group
          </Button>
        </div>
      </>
    );
  }
  const page = evidence?.entityPage;
  return (
    <>
      <Subtitle2 as="h3" className={styles.wrap}>
        {page ? <RouterLink to={`/entities/${page.type}/${encodeURIComponent(page.id)}`}>{node.name}</RouterLink> : node.name}
      </Subtitle2>
      <div className={styles.bar}>
        <Badge appearance="outline">{kindLabel[node.kind] ?? node.kind}</Badge>
        {evidence && <VerdictBadge verdict={evidence.verdict} />}
      </div>
      {evidence && evidence.aliases.length > 0 && <Caption1 className={styles.wrap}>Also named: {evidence.aliases.join(', ')}</Caption1>}
      <Body1>
        Named by {node.alertIds.length} alert{node.alertIds.length > 1 ? 's' : ''}:
      </Body1>
      <ul className={styles.list}>
        {node.alertIds.map((id) => (
          <li key={id}>
            <RouterLink to={`/alerts/${id}`}>{titles.get(id) ?? `Alert ${id}`}</RouterLink>
          </li>
        ))}
      </ul>
    </>
  );
}
