#!/usr/bin/env node
// The `palisade` command. The server runs from its TypeScript sources through tsx's loader, so a fresh
// `npm install` is enough to use it (no build step, no stale output).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
