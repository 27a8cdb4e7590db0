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
export const defenderFormat: IngestFormat = {
  name: 'defender',
  description: 'Advanced Hunting rows: plain with a Table field, or the Defender streaming-API envelope (category AdvancedHunting-<Table>, properties).',
  map(record, ctx) {
    if (!isObject(record)) return err(null, 'invalidRecord', 'expected a JSON object');
    let table: string | undefined;
    let values: Record<string, unknown>;
    if (typeof record.category === 'string' && isObject(record.properties)) {
      if (!record.category.startsWith(CATEGORY_PREFIX)) return err('category', 'unknownTable', `category must be ${CATEGORY_PREFIX}<Table>, got ${JSON.stringify(record.category)}`);
      table = record.category.slice(CATEGORY_PREFIX.length);
      values = { ...record.properties };
      if (values.Timestamp === undefined && record.time !== undefined) values.Timestamp = record.time;
    } else {
      const named = record.Table ?? record.Type ?? record.TableName;
      table = typeof named === 'string' ? named : ctx.defaultTable;
      values = { ...record };
      delete values.Table;
      delete values.Type;
      delete values.TableName;
    }
    if (table === undefined) return err('Table', 'required', 'Table is required (or send ?table= for the batch)');
    const def = huntingTables.get(table);
    if (!def) return err('Table', 'unknownTable', `unknown Advanced Hunting table ${JSON.stringify(table)}`);
    const columns = new Set(def.columns.map((c) => c.name));
    for (const key of Object.keys(values)) {
      if (columns.has(key)) continue;
      const m = UNION_SUFFIX.exec(key);
      if (m) {
        const base = key.slice(0, m.index);
        const v = values[key];
        delete values[key];
        if (columns.has(base) && v !== null && v !== '' && values[base] == null) values[base] = v;
      }
    }
    if (columns.has('DeviceId') && (values.DeviceId === undefined || values.DeviceId === '' || values.DeviceId === null)) {
      const name = str(values.DeviceName);
      if (name) values.DeviceId = deviceIdFor(name);
    }
    const id = str(record.EventId) ?? str(record.RecordId);
    return id ? { rows: [{ table, values }], recordId: `defender:${id}` } : { rows: [{ table, values }] };
  },
};
