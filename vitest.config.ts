import { defineConfig } from 'vitest/config';

// Three tiers, one runner: unit + integration per package (in-process), and e2e in a real browser.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'kql', root: 'packages/kql', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      { test: { name: 'server', root: 'packages/server', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'web', root: 'packages/web', include: ['src/**/*.test.ts'] } },
      { test: { name: 'e2e', root: 'e2e', include: ['**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
