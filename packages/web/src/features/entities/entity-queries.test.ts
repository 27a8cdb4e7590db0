import { describe, expect, it } from 'vitest';
import { binderSchema, checkQuery } from '../hunting/live-check.ts';
import type { SchemaTable } from '../hunting/api.ts';
import { readFileSync } from 'node:fs';
import { entitySections } from './entity-queries.ts';
import type { EntityType } from './entity-queries.ts';

const raw = JSON.parse(readFileSync(new URL('../../../../server/src/schema/advanced-hunting.json', import.meta.url), 'utf8')) as {
  tables: Record<string, { description: string; columns: { name: string; type: string; description: string }[] }>;
};
const tables: SchemaTable[] = Object.entries(raw.tables).map(([name, t]) => ({ name, description: t.description, columns: t.columns }));
const schema = binderSchema(tables);

describe('entity page queries', () => {
  it('compile without errors for every entity type, with quotes in the value escaped', () => {
    for (const type of ['device', 'user', 'mailbox', 'ip', 'file'] as EntityType[]) {
      for (const s of entitySections(type, 'we"ird\\name')) {
        expect(checkQuery(s.query, schema).diagnostics.filter((d) => d.severity === 'error'), `${type}/${s.id}`).toEqual([]);
      }
    }
  });
});
