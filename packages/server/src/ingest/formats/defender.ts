import { huntingTables } from '../../schema/advanced-hunting.ts';
import { deviceIdFor } from '../identity.ts';
import type { IngestFormat } from './types.ts';
import { err, isObject, str } from './types.ts';

const CATEGORY_PREFIX = 'AdvancedHunting-';
/** Type suffixes that "union" exports add when one column has several types across tables. */
const UNION_SUFFIX = /_(string|long|int|real|bool|dynamic|datetime|guid)$/;

/**
 * Rows already in Advanced Hunting shape: plain ({"Table": "DeviceProcessEvents", ...columns}) or the
 * Defender streaming API envelope ({"time", "category": "AdvancedHunting-<Table>", "properties": {...}}).
 * A row without a table name takes the batch's default table (?table=). Union exports' typed column
 * names (ReportId_long, AdditionalFields_string) fold back to the column. Device rows that lack a
 * DeviceId get the one their DeviceName resolves to, as other formats do.
 */
const columnSets = new Map([...huntingTables.values()].map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
const columnsOf = (table: string): ReadonlySet<string> | undefined => columnSets.get(table);

export const defenderFormat: IngestFormat = {
  name: 'defender',
  description: 'Advanced Hunting rows: plain with a Table field, or the Defender streaming-API envelope (category AdvancedHunting-<Table>, properties).',
  map(record, ctx) {
    if (!isObject(record)) return err(null, 'invalidRecord', 'expected a JSON object');
    let table: string | undefined;
    let source: Record<string, unknown>;
    let time: unknown;
    if (typeof record.category === 'string' && isObject(record.properties)) {
      if (!record.category.startsWith(CATEGORY_PREFIX)) return err('category', 'unknownTable', `category must be ${CATEGORY_PREFIX}<Table>, got ${JSON.stringify(record.category)}`);
      table = record.category.slice(CATEGORY_PREFIX.length);
      source = record.properties;
      time = record.time;
    } else {
      const named = record.Table ?? record.Type ?? record.TableName;
      table = typeof named === 'string' ? named : ctx.defaultTable;
      source = record;
    }
    if (table === undefined) return err('Table', 'required', 'Table is required (or send ?table= for the batch)');
    const columns = columnsOf(table);
    if (!columns) return err('Table', 'unknownTable', `unknown Advanced Hunting table ${JSON.stringify(table)}`);
    // One pass over the record: a fresh object (same key order for a table's rows, so one hidden class)
    // without the table-naming fields, union-typed names folded back to their column.
    const values: Record<string, unknown> = {};
    let folded: [string, unknown][] | undefined;
    for (const key in source) {
      if (source === record && (key === 'Table' || key === 'Type' || key === 'TableName')) continue;
      if (key === '__proto__') Object.defineProperty(values, key, { value: source[key], enumerable: true, writable: true, configurable: true });
      else if (columns.has(key) || !UNION_SUFFIX.test(key)) values[key] = source[key];
      else (folded ??= []).push([key, source[key]]);
    }
    if (folded) {
      for (const [key, v] of folded) {
        const base = key.slice(0, (UNION_SUFFIX.exec(key) as RegExpExecArray).index);
        if (columns.has(base) && v !== null && v !== '' && values[base] == null) values[base] = v;
      }
    }
    if (source !== record && values.Timestamp === undefined && time !== undefined) values.Timestamp = time;
    if (columns.has('DeviceId') && (values.DeviceId === undefined || values.DeviceId === '' || values.DeviceId === null)) {
      const name = str(values.DeviceName);
      if (name) values.DeviceId = deviceIdFor(name);
    }
    const id = str(record.EventId) ?? str(record.RecordId);
    return id ? { rows: [{ table, values }], recordId: `defender:${id}` } : { rows: [{ table, values }] };
  },
};
