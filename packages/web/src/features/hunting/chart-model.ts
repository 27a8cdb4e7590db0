import type { EChartsOption } from 'echarts';
import type { ResultColumn, ResultRow } from './api.ts';
import { cellText } from './csv.ts';
import { isNumericType } from './grid-model.ts';

export type ChartKind = 'timechart' | 'linechart' | 'areachart' | 'columnchart' | 'barchart' | 'piechart' | 'scatterchart';

export const chartKinds: readonly { kind: ChartKind; label: string }[] = [
  { kind: 'columnchart', label: 'Column chart' },
  { kind: 'barchart', label: 'Bar chart' },
  { kind: 'piechart', label: 'Pie chart' },
  { kind: 'linechart', label: 'Line chart' },
  { kind: 'areachart', label: 'Area chart' },
  { kind: 'scatterchart', label: 'Scatter chart' },
  { kind: 'timechart', label: 'Time chart' },
];

/** The chart a KQL `render` asks for, when it is one we draw. */
export function chartKindOf(visualization: string | undefined): ChartKind | undefined {
  const v = visualization?.toLowerCase();
  return chartKinds.find((k) => k.kind === v)?.kind;
}

const isTime = (c: ResultColumn): boolean => ['datetime', 'date'].includes(c.type.toLowerCase());
const isNum = (c: ResultColumn): boolean => isNumericType(c.type);

export interface ChartPlan {
  x: string;
  /** Numeric series columns; empty when the result cannot be charted. */
  y: string[];
  /** A category column splitting one numeric column into several series (e.g. `by bin(Timestamp, 1h), ActionType`). */
  splitBy?: string;
}

/** Which columns go where, following Kusto's defaults: first time/label column on x, numeric columns as series. */
export function planChart(kind: ChartKind, columns: readonly ResultColumn[]): ChartPlan | undefined {
  const numeric = columns.filter(isNum);
  if (numeric.length === 0) return undefined;
  const timeLike = kind === 'timechart' || kind === 'linechart' || kind === 'areachart';
  const xCol = (timeLike ? columns.find(isTime) : undefined) ?? columns.find((c) => !isNum(c)) ?? columns[0];
  if (!xCol) return undefined;
  const y = numeric.filter((c) => c.name !== xCol.name).map((c) => c.name);
  if (y.length === 0) return undefined;
  const label = columns.find((c) => c !== xCol && !isNum(c));
  if (label && y.length === 1 && kind !== 'piechart' && kind !== 'scatterchart') return { x: xCol.name, y, splitBy: label.name };
  return { x: xCol.name, y };
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

const MAX_POINTS = 5000;

/** Counts are whole numbers: an axis whose every value is an integer gets integer ticks (no 0.2, 0.4 ...). */
function valueAxisFor(values: Iterable<number | null>): { type: 'value'; minInterval?: number } {
  let any = false;
  for (const v of values) {
    if (v === null) continue;
    if (!Number.isInteger(v)) return { type: 'value' };
    any = true;
  }
  return any ? { type: 'value', minInterval: 1 } : { type: 'value' };
}

/** The x axis name sits centred under the tick labels, where it has room (at the axis end it is clipped to its first letter). */
const xAxisName = (name: string) => ({ name, nameLocation: 'middle' as const, nameGap: 30 });

/** The grid keeps the axis labels and names inside the canvas; the bottom leaves room for the legend. */
const grid = { left: 16, right: 24, top: 24, bottom: 32, outerBoundsMode: 'same' as const, outerBoundsContain: 'all' as const };

/** The echarts option drawing a result as the given chart; undefined when it has nothing numeric to draw. */
export function buildChartOption(kind: ChartKind, columns: readonly ResultColumn[], rows: readonly ResultRow[]): EChartsOption | undefined {
  const plan = planChart(kind, columns);
  if (!plan) return undefined;
  const data = rows.slice(0, MAX_POINTS);
  const xIsTime = columns.find((c) => c.name === plan.x && isTime(c)) !== undefined;
  const base: EChartsOption = { animation: false, tooltip: { trigger: kind === 'piechart' || kind === 'scatterchart' ? 'item' : 'axis' }, legend: { type: 'scroll', bottom: 0 } };

  if (kind === 'piechart') {
    const yName = plan.y[0] ?? '';
    return {
      ...base,
      series: [{ type: 'pie', radius: ['35%', '70%'], name: yName, data: data.map((r) => ({ name: cellText(r[plan.x]), value: num(r[yName]) ?? 0 })) }],
    };
  }
  if (kind === 'scatterchart') {
    const xNum = columns.find((c) => c.name === plan.x && isNum(c)) !== undefined;
    const xAxis = xIsTime ? { type: 'time' as const } : xNum ? valueAxisFor(data.map((r) => num(r[plan.x]))) : { type: 'category' as const };
    return {
      ...base,
      grid,
      xAxis: { ...xAxis, ...xAxisName(plan.x) },
      yAxis: valueAxisFor(plan.y.flatMap((y) => data.map((r) => num(r[y])))),
      series: plan.y.map((y) => ({ type: 'scatter', name: y, data: data.map((r) => [xIsTime || !xNum ? cellText(r[plan.x]) : num(r[plan.x]), num(r[y])]) })),
    };
  }

  const seriesType = kind === 'columnchart' || kind === 'barchart' ? 'bar' : 'line';
  const area = kind === 'areachart';
  // Series: either one per numeric column, or one per value of the split column.
  const series: { name: string; points: Map<string, number | null> }[] = [];
  const xs: string[] = [];
  const seenX = new Set<string>();
  const seriesByName = new Map<string, Map<string, number | null>>();
  const seriesFor = (name: string): Map<string, number | null> => {
    let s = seriesByName.get(name);
    if (!s) {
      s = new Map();
      seriesByName.set(name, s);
      series.push({ name, points: s });
    }
    return s;
  };
  for (const r of data) {
    const x = cellText(r[plan.x]);
    if (!seenX.has(x)) {
      seenX.add(x);
      xs.push(x);
    }
    if (plan.splitBy) {
      const y = plan.y[0] ?? '';
      seriesFor(cellText(r[plan.splitBy]) || '(empty)').set(x, num(r[y]));
    } else {
      for (const y of plan.y) seriesFor(y).set(x, num(r[y]));
    }
  }
  if (xIsTime) xs.sort((a, b) => Date.parse(a) - Date.parse(b));
  const categoryAxis = xIsTime ? { type: 'time' as const } : { type: 'category' as const, data: xs };
  const valueAxis = valueAxisFor(series.flatMap((s) => [...s.points.values()]));
  const horizontal = kind === 'barchart';
  return {
    ...base,
    grid,
    xAxis: horizontal ? valueAxis : { ...categoryAxis, ...xAxisName(plan.x) },
    // Horizontal bars: the category axis runs top-down (inverse), so its name goes at its start, above the first bar.
    yAxis: horizontal ? { ...categoryAxis, inverse: true, name: plan.x, nameLocation: 'start' } : valueAxis,
    series: series.map((s) => ({
      type: seriesType,
      name: s.name,
      ...(seriesType === 'line' ? { showSymbol: xs.length < 60 } : {}),
      ...(area ? { areaStyle: {}, stack: 'total' } : {}),
      ...(seriesType === 'bar' && plan.splitBy ? { stack: 'total' } : {}),
      data: xIsTime ? xs.map((x) => [x, s.points.get(x) ?? null]) : xs.map((x) => s.points.get(x) ?? null),
    })),
  };
}
