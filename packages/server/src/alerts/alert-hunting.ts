/**
 * Every alert also appears in the AlertInfo and AlertEvidence hunting tables. Rows go in through this small
 * function on its own DuckDB connection, with DuckDB's appender, rather than the event store's append(): that
 * one shares the writer connection with ingest and must not run beside an ingest batch, while appends from two
 * connections do not conflict. The alert pipeline serialises its own calls.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbEventStore } from '../events/event-store.ts';
import type { AlertEntity } from './alert-model.ts';
import { getTable } from '../schema/advanced-hunting.ts';

export interface HuntingAlert {
  id: number;
  title: string;
  category: string;
  severity: string;
  serviceSource: string;
  detectionSource: string;
  mitreTechniques: readonly string[];
  firstActivity: string;
  evidence: readonly AlertEntity[];
}

type Cell = string | number | null;

/** The AlertEvidence columns an alert fills (the rest stay null). */
type EvidenceColumn =
  | 'Timestamp'
  | 'AlertId'
  | 'Title'
  | 'Categories'
  | 'AttackTechniques'
  | 'ServiceSource'
  | 'DetectionSource'
  | 'EntityType'
  | 'EvidenceRole'
  | 'FileName'
  | 'FolderPath'
  | 'SHA1'
  | 'SHA256'
  | 'RemoteIP'
  | 'RemoteUrl'
  | 'AccountName'
  | 'AccountDomain'
  | 'AccountSid'
  | 'AccountUpn'
  | 'DeviceId'
  | 'DeviceName'
  | 'NetworkMessageId'
  | 'EmailSubject'
  | 'Application'
  | 'ProcessCommandLine'
  | 'RegistryKey'
  | 'RegistryValueName'
  | 'RegistryValueData'
  | 'AdditionalFields'
  | 'Severity';

/** Defender's AlertEvidence EntityType names. */
const entityTypeName: Readonly<Record<AlertEntity['type'], string>> = {
  device: 'Machine',
  user: 'User',
  mailbox: 'Mailbox',
  ip: 'Ip',
  url: 'Url',
  file: 'File',
  process: 'Process',
  mailMessage: 'MailMessage',
  cloudApp: 'CloudApplication',
  registry: 'RegistryValue',
};

function evidenceCells(e: AlertEntity): Partial<Record<EvidenceColumn, Cell>> {
  switch (e.type) {
    case 'device':
      return { DeviceName: e.deviceName, DeviceId: e.deviceId ?? null };
    case 'user':
      return { AccountName: e.accountName, AccountDomain: e.domain ?? null, AccountUpn: e.upn ?? null, AccountSid: e.sid ?? null };
    case 'mailbox':
      return { AccountUpn: e.address };
    case 'ip':
      return { RemoteIP: e.address };
    case 'url':
      return { RemoteUrl: e.url };
    case 'file':
      return { SHA256: e.sha256 ?? null, SHA1: e.sha1 ?? null, FileName: e.fileName ?? null, FolderPath: e.path ?? null };
    case 'process':
      return {
        DeviceName: e.deviceName,
        FileName: e.fileName ?? null,
        ProcessCommandLine: e.commandLine ?? null,
        SHA256: e.sha256 ?? null,
        AdditionalFields: JSON.stringify({ processId: e.processId, parentFileName: e.parentFileName, parentProcessId: e.parentProcessId }),
      };
    case 'mailMessage':
      return { NetworkMessageId: e.networkMessageId, EmailSubject: e.subject ?? null, AdditionalFields: JSON.stringify({ sender: e.sender, recipient: e.recipient }) };
    case 'cloudApp':
      return { Application: e.name };
    case 'registry':
      return { RegistryKey: e.key, RegistryValueName: e.valueName ?? null, RegistryValueData: e.valueData ?? null };
  }
}

const connections = new WeakMap<DuckDbEventStore, Promise<DuckDBConnection>>();

/** Appends rows (column name -> value) to a hunting table through DuckDB's appender, in the table's column order. */
async function appendRows(conn: DuckDBConnection, table: string, rows: readonly Partial<Record<string, Cell>>[]): Promise<void> {
  const def = getTable(table);
  if (!def) throw new Error(`unknown hunting table ${table}`);
  const a = await conn.createAppender(table);
  try {
    for (const r of rows) {
      for (const c of def.columns) {
        const v = r[c.name];
        if (v === null || v === undefined) a.appendNull();
        else if (c.type === 'long') a.appendBigInt(BigInt(v));
        else if (c.type === 'int') a.appendInteger(Number(v));
        else a.appendVarchar(String(v));
      }
      a.appendDefault(); // the hidden ingestion time
      a.endRow();
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
}

export async function appendAlertHuntingRows(events: DuckDbEventStore, alerts: readonly HuntingAlert[]): Promise<void> {
  if (alerts.length === 0) return;
  let conn = connections.get(events);
  if (!conn) connections.set(events, (conn = events.connectReader()));
  const c = await conn;
  const info: Partial<Record<string, Cell>>[] = [];
  const evidence: Partial<Record<string, Cell>>[] = [];
  for (const a of alerts) {
    const ts = a.firstActivity.replace('T', ' ').replace('Z', '');
    const techniques = JSON.stringify(a.mitreTechniques);
    const alertId = String(a.id);
    const category = a.category;
    info.push({ Timestamp: ts, AlertId: alertId, Title: a.title, Category: category, Severity: a.severity, ServiceSource: a.serviceSource, DetectionSource: a.detectionSource, AttackTechniques: techniques });
    for (const e of a.evidence) {
      const cells: Partial<Record<EvidenceColumn, Cell>> = {
        Timestamp: ts,
        AlertId: alertId,
        Title: a.title,
        Categories: JSON.stringify([category]),
        AttackTechniques: techniques,
        ServiceSource: a.serviceSource,
        DetectionSource: a.detectionSource,
        EntityType: entityTypeName[e.type],
        EvidenceRole: e.roles?.includes('contextual') ? 'Related' : 'Impacted',
        Severity: a.severity,
        ...evidenceCells(e),
      };
      evidence.push(cells);
    }
  }
  await c.run('BEGIN TRANSACTION');
  try {
    await appendRows(c, 'AlertInfo', info);
    await appendRows(c, 'AlertEvidence', evidence);
    await c.run('COMMIT');
  } catch (err) {
    await c.run('ROLLBACK');
    throw err;
  }
}
