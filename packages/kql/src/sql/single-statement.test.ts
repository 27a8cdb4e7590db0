import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, parse } from '../compile.ts';
import { testSchema } from '../testing/kql.ts';

/** Counts top-level statements: `;` outside string literals and quoted identifiers. */
function statementCount(sql: string): number {
  let n = 1;
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ';') n++;
  }
  return n;
}

const SEEDS = [
  'Events | where DeviceName has "x" and FileSize > 10 | project DeviceName',
  'Events | summarize count() by bin(Timestamp, 1h) | top 5 by count_',
  'let x = dynamic(["a", "b"]); Events | where DeviceName in~ (x) | extend y = strcat(DeviceName, "\';DROP TABLE Events;--")',
  'Events | mv-expand AdditionalFields | extend k = tostring(AdditionalFields.key) | distinct k',
  'Events | join kind=leftouter (Devices) on DeviceName | sort by Timestamp asc',
  'print a = "it\'s", b = @"C:\\x", c = datetime(2020-01-01), d = 1d, e = parse_json("{\\"a\\":1}")',
];

const TOKENS = ['|', 'where', 'extend', 'project', 'summarize', 'by', 'join', 'on', '(', ')', ',', '=', '==', '"x\'y"', "'a;b'", '1', '1d', 'DeviceName', 'Events', 'Devices', 'and', 'or', 'not', 'has', 'in', 'dynamic([1])', 'count()', ';', 'let', 'T', '*', '[', ']', '{', '}', '"', '\\', '--', '/*', 'datetime(', 'mv-expand', 'take', '-'];

function check(q: string): void {
  const p = parse(q);
  expect(Array.isArray(p.diagnostics)).toBe(true);
  const r = compile(q, { schema: testSchema, dialect: 'duckdb' });
  if (r.sql !== '') {
    expect(statementCount(r.sql)).toBe(1);
    expect(r.sql.startsWith('SELECT ') || r.sql.startsWith('WITH ')).toBe(true);
    expect(r.sql).not.toMatch(/\b(INSERT|UPDATE|DELETE|DROP|CREATE|ATTACH|COPY|PRAGMA)\b(?=(?:[^']*'[^']*')*[^']*$)/);
  }
}

describe('compile() on random and mutated input', () => {
  it('never throws and emits at most one read-only statement (random token soup)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }), (toks) => check(toks.join(' '))), { numRuns: 400 });
  });

  it('never throws on mutations of valid queries', () => {
    const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.nat(), fc.nat({ max: 5 }), fc.string({ maxLength: 6 })).map(([s, pos, del, ins]) => {
      const i = pos % (s.length + 1);
      return s.slice(0, i) + ins + s.slice(i + del);
    });
    fc.assert(fc.property(mutated, check), { numRuns: 600 });
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), check), { numRuns: 300 });
  });

  it('keeps hostile string literals inside one literal', () => {
    const r = compile(`print x = "a'; DROP TABLE t; --"`, { schema: testSchema, dialect: 'duckdb' });
    expect(r.sql).toContain(`'a''; DROP TABLE t; --'`);
    expect(statementCount(r.sql)).toBe(1);
  });
});
