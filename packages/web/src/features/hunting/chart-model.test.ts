import { describe, expect, it } from 'vitest';
import { buildChartOption, chartKindOf, planChart } from './chart-model.ts';

describe('planChart', () => {
  it('puts the time column on x and counts as series for a timechart', () => {
    expect(planChart('timechart', [{ name: 'Timestamp', type: 'datetime' }, { name: 'count_', type: 'long' }])).toEqual({ x: 'Timestamp', y: ['count_'] });
  });
  it('splits one count by a label column (summarize count() by bin(Timestamp, 1h), ActionType)', () => {
    const cols = [
      { name: 'Timestamp', type: 'datetime' },
      { name: 'ActionType', type: 'string' },
      { name: 'count_', type: 'long' },
    ];
    expect(planChart('timechart', cols)).toEqual({ x: 'Timestamp', y: ['count_'], splitBy: 'ActionType' });
  });
  it('cannot chart a result without numbers', () => {
    expect(planChart('columnchart', [{ name: 'DeviceName', type: 'string' }])).toBeUndefined();
  });
});

describe('buildChartOption', () => {
  it('draws a pie of label/value pairs', () => {
    const opt = buildChartOption('piechart', [{ name: 'FileName', type: 'string' }, { name: 'n', type: 'long' }], [{ FileName: 'a.exe', n: 3 }, { FileName: 'b.exe', n: '4' }]);
    expect(opt?.series).toEqual([expect.objectContaining({ type: 'pie', data: [{ name: 'a.exe', value: 3 }, { name: 'b.exe', value: 4 }] })]);
  });
  it('draws one stacked bar series per split value, aligned on the categories', () => {
    const opt = buildChartOption(
      'columnchart',
      [{ name: 'DeviceName', type: 'string' }, { name: 'ActionType', type: 'string' }, { name: 'n', type: 'long' }],
      [
        { DeviceName: 'ws-1', ActionType: 'A', n: 1 },
        { DeviceName: 'ws-2', ActionType: 'B', n: 2 },
        { DeviceName: 'ws-1', ActionType: 'B', n: 5 },
      ],
    );
    expect(opt?.xAxis).toEqual(expect.objectContaining({ type: 'category', data: ['ws-1', 'ws-2'] }));
    expect(opt?.series).toEqual([
      expect.objectContaining({ name: 'A', type: 'bar', stack: 'total', data: [1, null] }),
      expect.objectContaining({ name: 'B', type: 'bar', stack: 'total', data: [5, 2] }),
    ]);
  });
  it('sorts time points and maps render names', () => {
    const opt = buildChartOption('timechart', [{ name: 'T', type: 'datetime' }, { name: 'n', type: 'long' }], [{ T: '2024-01-02T00:00:00Z', n: 2 }, { T: '2024-01-01T00:00:00Z', n: 1 }]);
    expect(opt?.series).toEqual([expect.objectContaining({ data: [['2024-01-01T00:00:00Z', 1], ['2024-01-02T00:00:00Z', 2]] })]);
    expect(chartKindOf('TimeChart')).toBe('timechart');
    expect(chartKindOf('table')).toBeUndefined();
  });
  it('gives integer series integer ticks and fractional ones the default', () => {
    const cols = [{ name: 'Day', type: 'datetime' }, { name: 'n', type: 'long' }];
    const counts = buildChartOption('timechart', cols, [{ Day: '2024-01-01T00:00:00Z', n: 1 }, { Day: '2024-01-02T00:00:00Z', n: 2 }]);
    expect(counts?.yAxis).toEqual({ type: 'value', minInterval: 1 });
    const ratios = buildChartOption('timechart', cols, [{ Day: '2024-01-01T00:00:00Z', n: 1 }, { Day: '2024-01-02T00:00:00Z', n: 0.5 }]);
    expect(ratios?.yAxis).toEqual({ type: 'value' });
    const bars = buildChartOption('barchart', [{ name: 'D', type: 'string' }, { name: 'n', type: 'long' }], [{ D: 'a', n: 3 }]);
    expect(bars?.xAxis).toEqual({ type: 'value', minInterval: 1 });
  });
  it('centres the x axis name under the labels, inside the grid bounds', () => {
    const opt = buildChartOption('columnchart', [{ name: 'DeviceName', type: 'string' }, { name: 'n', type: 'long' }], [{ DeviceName: 'ws-1', n: 3 }]);
    expect(opt?.xAxis).toEqual(expect.objectContaining({ name: 'DeviceName', nameLocation: 'middle', nameGap: expect.any(Number) as number }));
    expect(opt?.grid).toEqual(expect.objectContaining({ outerBoundsContain: 'all' }));
  });
});
