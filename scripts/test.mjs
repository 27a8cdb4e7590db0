// `npm test`: every test tier of every package. Browser tests run when /usr/bin/chromium exists and are
// skipped with one line saying so otherwise. Ends with one summary line: "tests: N passed, M failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const chromium = process.env.PALISADE_CHROMIUM ?? '/usr/bin/chromium';
const projects = ['kql', 'server', 'web'];
if (existsSync(chromium)) {
  const build = spawnSync('npm', ['run', 'build', '-w', '@palisade/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  projects.push('e2e');
} else {
  console.log(`browser tests skipped: ${chromium} not found (apt-get install chromium to run them)`);
}
mkdirSync(`${root}/test-results`, { recursive: true });
const report = `${root}/test-results/vitest.json`;
const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
}
process.exit(run.status ?? 1);
