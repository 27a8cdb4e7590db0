import { describe, expect, it } from 'vitest';
import { parse } from '../../compile.ts';

describe('parser', () => {
  it('parses let statements, lambdas and a pipeline', () => {
    const r = parse('let n = 5;\nlet f = (T:(x:long), k:long) { T | where x > k };\nEvents | where FileSize > n | invoke f(2)');
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.statements.map((s) => s.kind)).toEqual(['let', 'let-function', 'query']);
  });

  it('parses hyphenated operators and options', () => {
    const r = parse('T | project-away a | mv-expand with_itemindex=i x to typeof(long) | join kind=leftouter hint.strategy=broadcast (U) on $left.a == $right.b');
    expect(r.diagnostics).toEqual([]);
    const q = r.ast.statements[0];
    expect(q?.kind === 'query' ? q.tabular.ops.map((o) => o.kind) : []).toEqual(['project-away', 'mv-expand', 'join']);
  });

  it('reports several syntax errors with their positions and keeps parsing', () => {
    const r = parse('T | where (a > \n| extend = 1\n| project b');
    expect(r.diagnostics.length).toBeGreaterThanOrEqual(2);
    expect(r.diagnostics.every((d) => d.code === 'syntax-error' && d.line >= 1 && d.column >= 1)).toBe(true);
    expect(r.diagnostics[1]?.line).toBe(2);
  });

  it('never throws on garbage', () => {
    for (const q of ['', '|', '((((', 'let', 'T | summarize by', '"', '```', 'datetime(', 'T | where x in (', 'let f = (a:', '}{][']) {
      expect(() => parse(q)).not.toThrow();
    }
  });
});
