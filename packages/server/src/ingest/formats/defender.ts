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
 * A row without a table name takes the batch's default table (?table=) when its non-empty columns fit
 * it, else the one table they fit (a "union" export mixes tables). Union exports' typed column
 * names (ReportId_long, AdditionalFields_string) fold back to the column. Device rows that lack a
 * DeviceId get the one their DeviceName resolves to, as other formats do.
 */
const columnSets = new Map([...huntingTables.values()].map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
const columnsOf = (table: string): ReadonlySet<string> | undefined => columnSets.get(table);
/** The keys that name a plain row's table (no table has a column of either name). */
const NAMING_KEYS: readonly string[] = ['Table', 'TableName'];

/**
 * The tables whose columns hold every non-empty field of a row that names no table (a "union" export
 * mixes tables and leaves other tables' columns empty), smallest first. A row is placed only when exactly
 * one table fits.
 */
function tablesFitting(row: Readonly<Record<string, unknown>>): string[] {
  const keys: string[] = [];
  for (const key in row) {
    const v = row[key];
    if (v === null || v === undefined || v === '') continue;
    const m = UNION_SUFFIX.exec(key);
    keys.push(m ? key.slice(0, m.index) : key);
  }
  const fits: string[] = [];
  for (const [name, cols] of columnSets) if (keys.every((k) => cols.has(k))) fits.push(name);
  return fits;
}

export const defenderFormat: IngestFormat = {
  name: 'defender',
  description: 'Advanced Hunting rows: plain with a Table field, or the Defender streaming-API envelope (category AdvancedHunting-<Table>, properties).',
  map(record, ctx) {
    if (!isObject(record)) return err(null, 'invalidRecord', 'expected a JSON object');
    let table: string | undefined;
    let source: Record<string, unknown>;
    let time: unknown;
    let typeNamesTable = false;
    if (typeof record.category === 'string' && isObject(record.properties)) {
      if (!record.category.startsWith(CATEGORY_PREFIX)) return err('category', 'unknownTable', `category must be ${CATEGORY_PREFIX}<Table>, got ${JSON.stringify(record.category)}`);
      table = record.category.slice(CATEGORY_PREFIX.length);
      source = record.properties;
      time = record.time;
    } else {
      // Log Analytics exports name the table in `Type`, but IdentityInfo has a column of that name too: `Type`
      // names the table only when no Table/TableName does and its value is a table's name.
      const named = record.Table ?? record.TableName;
      if (typeof named === 'string') table = named;
      else if (typeof record.Type === 'string' && columnsOf(record.Type) !== undefined) {
        table = record.Type;
        typeNamesTable = true;
      }
      source = record;
    }
    if (table === undefined) {
      // No table named: the batch's default table when the row's columns fit it (or when no table fits,
      // so the error names the column that does not), else the one table they fit.
      const fits = tablesFitting(source);
      const [only] = fits;
      if (ctx.defaultTable !== undefined && (fits.includes(ctx.defaultTable) || fits.length === 0)) table = ctx.defaultTable;
      else if (fits.length === 1 && only !== undefined) table = only;
      else {
        return err('Table', 'required', `Table is required (or send ?table= for the batch)${fits.length > 1 ? `: the row's columns fit ${fits.length} tables (${fits.slice(0, 5).join(', ')})` : ": the row's columns fit no single Advanced Hunting table"}`);
      }
    }
    const columns = columnsOf(table);
    if (!columns) return err('Table', 'unknownTable', `unknown Advanced Hunting table ${JSON.stringify(table)}`);
    // Union-typed names (ReportId_long) fold back to their column; a row without any (the usual case)
    // is validated as parsed, its table-naming keys skipped, instead of being copied key by key.
    let folded: [string, unknown][] | undefined;
    let special = typeNamesTable;
    for (const key in source) {
      if (columns.has(key)) continue;
      if (key === '__proto__') special = true;
      else if (UNION_SUFFIX.test(key)) (folded ??= []).push([key, source[key]]);
    }
    let values: Record<string, unknown>;
    let skip: readonly string[] | undefined;
    if (!folded && !special) {
      values = source;
      if (source === record) skip = NAMING_KEYS;
    } else {
      // A fresh object without the table-naming fields, union-typed names folded back to their column.
      values = {};
      for (const key in source) {
        if (source === record && (key === 'Table' || key === 'TableName' || (key === 'Type' && typeNamesTable))) continue;
        if (key === '__proto__') Object.defineProperty(values, key, { value: source[key], enumerable: true, writable: true, configurable: true });
        else if (columns.has(key) || !UNION_SUFFIX.test(key)) values[key] = source[key];
      }
      for (const [key, v] of folded ?? []) {
        const base = key.slice(0, (UNION_SUFFIX.exec(key) as RegExpExecArray).index);
        if (columns.has(base) && v !== null && v !== '' && values[base] == null) values[base] = v;
      }
    }
    if (source !== record && values.Timestamp === undefined && time !== undefined) values.Timestamp = time;
    if (columns.has('DeviceId') && (values.DeviceId === undefined || values.DeviceId === '' || values.DeviceId === null)) {
      const name = str(values.DeviceName);
      if (name) values.DeviceId = deviceIdFor(name);
    }
    const row = skip ? { table, values, skip } : { table, values };
    const id = str(record.EventId) ?? str(record.RecordId);
    return id ? { rows: [row], recordId: `defender:${id}` } : { rows: [row] };
  },
};
