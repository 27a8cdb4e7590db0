import { useEffect, useMemo, useRef } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { init, use } from 'echarts/core';
import type { ECharts } from 'echarts/core';
import { GraphChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Alert } from '../api.ts';
import { buildStory, layoutFor, shortLabel } from '../story-model.ts';

use([GraphChart, LegendComponent, TooltipComponent, CanvasRenderer]);

const useStyles = makeStyles({ root: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium } });

/** Legend band above the drawing area: the graph is laid out below it, so no node is drawn under the legend. */
const legendHeight = 36;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);


const kinds = ['alert', 'device', 'user', 'mailbox', 'mailMessage', 'ip', 'url', 'file', 'process', 'registry', 'cloudApp'] as const;
const kindLabel: Readonly<Record<string, string>> = {
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

/** The incident's alerts and the entities they share, as an interactive force graph (drag, zoom, hover). */
export function AttackStoryGraph({ alerts }: { alerts: readonly Alert[] }) {
  const styles = useStyles();
  const host = useRef<HTMLDivElement>(null);
  const story = useMemo(() => buildStory(alerts), [alerts]);
  useEffect(() => {
    if (!host.current) return;
    const chart: ECharts = init(host.current);
    const layout = layoutFor(story.nodes.length);
    const present = kinds.filter((k) => story.nodes.some((n) => n.kind === k));
    chart.setOption({
      animation: false,
      tooltip: { formatter: (p: { dataType?: string; data?: { name?: string; kindLabel?: string } }) => (p.dataType === 'node' ? escapeHtml(`${p.data?.kindLabel ?? ''}: ${p.data?.name ?? ''}`) : '') },
      legend: { data: present.map((k) => kindLabel[k]), top: 6, left: 'center', type: 'scroll', height: legendHeight - 12 },
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          // The drawing area starts below the legend and keeps a margin for labels at the edges.
          top: legendHeight + 8,
          bottom: 16,
          left: 24,
          right: 120,
          zoom: layout.zoom,
          force: { repulsion: layout.repulsion, edgeLength: layout.edgeLength, gravity: layout.gravity, friction: 0.2 },
          categories: present.map((k) => ({ name: kindLabel[k] })),
          // Labels are short (full text in the tooltip) and a label that would collide with another is hidden
          // (shown again on hover, with the node's neighbours).
          label: { show: true, position: 'right', fontSize: 11, formatter: (p: { data?: { shortName?: string } }) => p.data?.shortName ?? '' },
          labelLayout: { hideOverlap: true },
          lineStyle: { color: '#999', width: 1.2, curveness: 0.05 },
          emphasis: { focus: 'adjacency', label: { show: true } },
          data: story.nodes.map((n) => ({
            id: n.id,
            name: n.name,
            shortName: shortLabel(n.name),
            // In a big graph only alerts and the entities tying alerts together are labelled up front; the rest on hover.
            ...(story.nodes.length > 25 && n.kind !== 'alert' && n.weight < 2 ? { label: { show: false } } : {}),
            kindLabel: kindLabel[n.kind] ?? n.kind,
            category: Math.max(0, present.indexOf(n.kind as (typeof kinds)[number])),
            symbol: n.kind === 'alert' ? 'roundRect' : 'circle',
            symbolSize: n.kind === 'alert' ? 22 : 12 + Math.min(14, n.weight * 3),
            ...(n.kind === 'alert' ? { itemStyle: { color: severityColour[n.severity ?? ''] ?? '#616161' } } : {}),
          })),
          links: story.links,
        },
      ],
    });
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(host.current);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [story]);
  const height = layoutFor(story.nodes.length).height + legendHeight;
  const entities = story.nodes.length - alerts.length;
  // The canvas has no text; the label says what is in it, kind by kind (as the legend does).
  const kindsInStory = kinds.filter((k) => k !== 'alert').map((k) => [kindLabel[k], story.nodes.filter((n) => n.kind === k).length] as const).filter(([, n]) => n > 0).map(([l, n]) => `${l}: ${n}`).join(', ');
  return <div ref={host} className={styles.root} style={{ height }} role="img" aria-label={`Attack story graph: ${alerts.length} alerts linked through ${entities} entities (${kindsInStory})`} />;
}
