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
  // A file whose setup fails (beforeAll) fails no single test; it is counted so the line never reads "0 failed"
  // for a red run.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
  const failed = r.numFailedTests + brokenFiles;
  console.log(`tests: ${r.numPassedTests} passed, ${failed} failed${brokenFiles > 0 ? ` (${brokenFiles} file${brokenFiles === 1 ? '' : 's'} failed outside a test)` : ''}, ${skipped} skipped`);
}
process.exit(run.status ?? 1);
