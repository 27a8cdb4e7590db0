/** Test helpers: a small schema, a `kql` tagged template and matchers for one-line tests. */
import { expect } from 'vitest';
import { compile } from '../compile.ts';
import type { CompileResult, Schema } from '../types.ts';

export const testSchema: Schema = {
  tables: {
    Events: {
      columns: [
        { name: 'Timestamp', type: 'datetime' },
        { name: 'DeviceName', type: 'string' },
        { name: 'ProcessCommandLine', type: 'string' },
        { name: 'FileSize', type: 'long' },
        { name: 'Score', type: 'real' },
        { name: 'AdditionalFields', type: 'dynamic' },
        { name: 'IsSigned', type: 'bool' },
        { name: 'Elapsed', type: 'timespan' },
      ],
    },
    Devices: {
      columns: [
        { name: 'DeviceName', type: 'string' },
        { name: 'OSPlatform', type: 'string' },
      ],
    },
  },
};

/** `kql\`Events | take 1\`` compiles against the test schema at a fixed instant. */
export function kql(strings: TemplateStringsArray, ...values: unknown[]): CompileResult {
  const text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  return compile(text, { schema: testSchema, dialect: 'duckdb', now: new Date('2024-01-01T00:00:00Z') });
}

export function errors(r: CompileResult): string[] {
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

expect.extend({
  /** The query compiles without errors (and the SQL contains each given fragment). */
  toCompile(received: CompileResult, ...fragments: string[]): MatcherResult {
    const errs = received.diagnostics.filter((d) => d.severity === 'error');
    const missing = fragments.filter((f) => !received.sql.includes(f));
    return {
      pass: errs.length === 0 && received.sql !== '' && missing.length === 0,
      message: () => (errs.length > 0 ? `expected no errors, got ${JSON.stringify(errs)}` : `SQL lacks ${JSON.stringify(missing)}:\n${received.sql}`),
    };
  },
  /** The query reports a diagnostic with this code (at this 1-based line:column if given). */
  toReport(received: CompileResult, code: string, at?: { line: number; column: number }): MatcherResult {
    const hit = received.diagnostics.find((d) => d.code === code && (!at || (d.line === at.line && d.column === at.column)));
    return {
      pass: hit !== undefined,
      message: () => `expected ${code}${at ? ` at ${at.line}:${at.column}` : ''}, got ${JSON.stringify(received.diagnostics)}`,
    };
  },
});

declare module 'vitest' {
  interface Assertion<T> {
    toCompile(...fragments: string[]): T;
    toReport(code: string, at?: { line: number; column: number }): T;
  }
  interface AsymmetricMatchersContaining {
    toCompile(...fragments: string[]): unknown;
  }
}

export function at(line: number, column: number): { line: number; column: number } {
  return { line, column };
}
