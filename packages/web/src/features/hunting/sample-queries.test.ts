import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleQueries } from './sample-queries.ts';

// The schema the server serves; the samples must only name its tables and columns.
const schema = JSON.parse(readFileSync(new URL('../../../../server/src/schema/advanced-hunting.json', import.meta.url), 'utf8')) as {
  tables: Record<string, { columns: { name: string }[] }>;
};

const kqlWords = new Set(
  'where project summarize by count dcount order asc desc take top render timechart columnchart barchart piechart in has has_any and or ago bin arg_max make_set isnotempty join kind inner on endswith true Timestamp'.split(' '),
);

describe('sample queries', () => {
  it('has a dozen queries per area with unique names', () => {
    for (const a of sampleQueries) {
      expect(a.queries, a.area).toHaveLength(12);
      expect(new Set(a.queries.map((s) => s.name)).size).toBe(12);
    }
  });
  it('reads only tables and columns of the hunting schema', () => {
    for (const a of sampleQueries) {
      for (const s of a.queries) {
        const table = s.query.split('\n')[0] ?? '';
        const def = schema.tables[table];
        expect(def, `${s.name}: table ${table}`).toBeDefined();
        const columns = new Set(def?.columns.map((c) => c.name));
        // Capitalised identifiers outside strings are columns of the table, or names the query defines (X = ...).
        const code = s.query.replace(/@?"(?:[^"\\]|\\.)*"/g, '""');
        const defined = new Set([...code.matchAll(/\b([A-Z]\w*)\s*=[^=~]/g)].map((m) => m[1]));
        for (const m of code.split('\n').slice(1).join('\n').matchAll(/\b[A-Z][A-Za-z0-9]+\b/g)) {
          const id = m[0];
          if (kqlWords.has(id) || defined.has(id) || id in schema.tables) continue;
          expect(columns.has(id), `${s.name}: column ${id} of ${table}`).toBe(true);
        }
      }
    }
  });
});
