/**
 * bench:simulate — simulator generation speed and memory, streaming (rows are counted and dropped, as a
 * consumer that writes or ingests them would). Two sizes; for each, three runs and the median. Prints
 * rows/s by wall clock and by CPU time (the CPU figure is steadier on a shared machine), and peak RSS,
 * which should not grow with the size: the simulator holds one 10-minute slice at a time.
 *
 *   npm run bench:simulate                 # 50 devices x 7 days, and 250 devices x 30 days
 *   npm run bench:simulate -- --quick      # smaller sizes, one run each
 */
import { simulate } from '../src/simulator/index.ts';
import type { SimulationOptions } from '../src/simulator/index.ts';

const quick = process.argv.includes('--quick');
const runs = quick ? 1 : 3;
const sizes: SimulationOptions[] = quick
  ? [{ devices: 50, days: 2 }, { devices: 100, days: 4 }]
  : [{ devices: 50, days: 7 }, { devices: 250, days: 30 }];
const now = new Date('2024-11-15T12:00:00Z');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const results: { size: string; rows: number; wall: number; cpu: number; rss: number }[] = [];
for (const size of sizes) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let rows = 0;
  peakRss = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    rows = 0;
    for (const b of simulate({ ...size, seed: 1, now }).batches()) {
      rows += b.rows.length;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const c = process.cpuUsage(c0);
    wall.push(rows / ((performance.now() - t0) / 1000));
    cpu.push(rows / ((c.user + c.system) / 1e6));
  }
  const label = `${size.devices} devices x ${size.days} days`;
  results.push({ size: label, rows, wall: median(wall), cpu: median(cpu), rss: peakRss });
  console.log(`${label.padEnd(24)} ${String(rows).padStart(10)} rows   median ${Math.round(median(wall)).toLocaleString('en-US').padStart(9)} rows/s wall   ${Math.round(median(cpu)).toLocaleString('en-US').padStart(9)} rows/s CPU   peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`);
}
clearInterval(sampler);
const [a, b] = results;
if (a && b) {
  console.log(`size ratio ${(b.rows / a.rows).toFixed(1)}x   rows/s ratio (large/small, wall) ${(b.wall / a.wall).toFixed(2)}   peak RSS ratio ${(b.rss / a.rss).toFixed(2)}`);
  console.log(`target: >= 300,000 rows/s -> ${b.wall >= 300_000 ? 'met' : 'NOT met'} (wall), ${b.cpu >= 300_000 ? 'met' : 'NOT met'} (CPU)`);
}
