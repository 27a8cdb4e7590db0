import { useEffect, useMemo, useRef } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { init, use } from 'echarts/core';
import type { ECharts } from 'echarts/core';
import { GraphChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Alert } from '../api.ts';
import { buildStory } from '../story-model.ts';

use([GraphChart, LegendComponent, TooltipComponent, CanvasRenderer]);

const useStyles = makeStyles({ root: { height: '460px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium } });

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
    const present = kinds.filter((k) => story.nodes.some((n) => n.kind === k));
    chart.setOption({
      animation: false,
      tooltip: { formatter: (p: { dataType?: string; data?: { name?: string; kindLabel?: string } }) => (p.dataType === 'node' ? `${p.data?.kindLabel ?? ''}: ${p.data?.name ?? ''}` : '') },
      legend: { data: present.map((k) => kindLabel[k]), bottom: 0 },
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          force: { repulsion: 260, edgeLength: [70, 140], gravity: 0.08 },
          categories: present.map((k) => ({ name: kindLabel[k] })),
          label: { show: true, position: 'right', fontSize: 11, width: 180, overflow: 'truncate' },
          lineStyle: { color: '#999', width: 1.2, curveness: 0.05 },
          emphasis: { focus: 'adjacency' },
          data: story.nodes.map((n) => ({
            id: n.id,
            name: n.name,
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
  const entities = story.nodes.length - alerts.length;
  // The canvas has no text; the label says what is in it, kind by kind (as the legend does).
  const kindsInStory = kinds.filter((k) => k !== 'alert').map((k) => [kindLabel[k], story.nodes.filter((n) => n.kind === k).length] as const).filter(([, n]) => n > 0).map(([l, n]) => `${l}: ${n}`).join(', ');
  return <div ref={host} className={styles.root} role="img" aria-label={`Attack story graph: ${alerts.length} alerts linked through ${entities} entities (${kindsInStory})`} />;
}
