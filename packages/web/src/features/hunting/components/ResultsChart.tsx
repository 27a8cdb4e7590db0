import { useEffect, useRef } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { init, use } from 'echarts/core';
import type { ECharts } from 'echarts/core';
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ResultColumn, ResultRow } from '../api.ts';
import { buildChartOption, chartKinds } from '../chart-model.ts';
import type { ChartKind } from '../chart-model.ts';

use([BarChart, LineChart, PieChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const useStyles = makeStyles({
  root: { height: '100%', minHeight: '240px', position: 'relative' },
  message: { padding: tokens.spacingVerticalL, color: tokens.colorNeutralForeground3 },
});

export interface ResultsChartProps {
  kind: ChartKind;
  columns: readonly ResultColumn[];
  rows: readonly ResultRow[];
}

/** A result drawn as a chart (echarts on canvas); the accessible name says what it shows. */
export function ResultsChart({ kind, columns, rows }: ResultsChartProps) {
  const styles = useStyles();
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts>(undefined);
  const option = buildChartOption(kind, columns, rows);

  useEffect(() => {
    if (!host.current || !option) return;
    const c = chart.current ?? init(host.current);
    chart.current = c;
    c.setOption(option, { notMerge: true });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(host.current);
    return () => ro.disconnect();
  }, [option]);

  useEffect(
    () => () => {
      chart.current?.dispose();
      chart.current = undefined;
    },
    [],
  );

  if (!option) return <div className={styles.message}>This result has no numeric column to chart. Summarize it first, for example with count() by a column.</div>;
  const label = chartKinds.find((k) => k.kind === kind)?.label ?? kind;
  return <div ref={host} className={styles.root} role="img" aria-label={`${label} of ${rows.length} rows`} />;
}
