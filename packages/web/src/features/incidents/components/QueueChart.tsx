import { useEffect, useRef } from 'react';
import { makeStyles } from '@fluentui/react-components';
import { init, use } from 'echarts/core';
import type { ECharts } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { HourlyCounts } from '../api.ts';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const useStyles = makeStyles({ root: { height: '150px', width: '100%' } });

const hourLabel = (iso: string): string => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:00`;
};

/**
 * Alerts received and incidents created per hour over the last 24 hours, as bars (the queue's chart). Its own
 * lazy chunk: echarts loads after the queue's table, never before it.
 */
export default function QueueChart({ data }: { data: HourlyCounts }) {
  const styles = useStyles();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const chart: ECharts = init(host.current);
    chart.setOption({
      animation: false,
      grid: { left: 36, right: 12, top: 28, bottom: 24 },
      legend: { top: 0, right: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.value.map((b) => hourLabel(b.hour)), axisLabel: { fontSize: 10, interval: 2 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
      series: [
        { name: 'Alerts received', type: 'bar', data: data.value.map((b) => b.alerts), itemStyle: { color: '#0f6cbd' }, barGap: '10%' },
        { name: 'Incidents created', type: 'bar', data: data.value.map((b) => b.incidents), itemStyle: { color: '#c50f1f' } },
      ],
    });
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(host.current);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [data]);
  const alerts = data.value.reduce((n, b) => n + b.alerts, 0);
  const incidents = data.value.reduce((n, b) => n + b.incidents, 0);
  const busiest = data.value.reduce<HourlyCounts['value'][number] | undefined>((m, b) => (b.alerts > (m?.alerts ?? 0) ? b : m), undefined);
  return (
    <div
      ref={host}
      className={styles.root}
      role="img"
      aria-label={`Last 24 hours: ${alerts} alerts received and ${incidents} incidents created${busiest ? `; most alerts (${busiest.alerts}) in the hour from ${hourLabel(busiest.hour)}` : ''}`}
    />
  );
}
