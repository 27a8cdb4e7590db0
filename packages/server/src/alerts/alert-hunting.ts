/**
 * Every alert also appears in the AlertInfo and AlertEvidence hunting tables. The event store's shared append
 * API was not committed when this was written, so rows go in through this small function: a multi-row INSERT
 * with an explicit column list on its own DuckDB connection (appends from two connections do not conflict,
 * and the column list keeps working when the store adds bookkeeping columns with defaults).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbEventStore } from '../events/event-store.ts';
import type { AlertEntity } from './alert-model.ts';

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

const infoColumns = ['Timestamp', 'AlertId', 'Title', 'Category', 'Severity', 'ServiceSource', 'DetectionSource', 'AttackTechniques'] as const;
const evidenceColumns = [
  'Timestamp',
  'AlertId',
  'Title',
  'Categories',
  'AttackTechniques',
  'ServiceSource',
  'DetectionSource',
  'EntityType',
  'EvidenceRole',
  'FileName',
  'FolderPath',
  'SHA1',
  'SHA256',
  'RemoteIP',
  'RemoteUrl',
  'AccountName',
  'AccountDomain',
  'AccountSid',
  'AccountUpn',
  'DeviceId',
  'DeviceName',
  'NetworkMessageId',
  'EmailSubject',
  'Application',
  'ProcessCommandLine',
  'RegistryKey',
  'RegistryValueName',
  'RegistryValueData',
  'AdditionalFields',
  'Severity',
] as const;
type EvidenceColumn = (typeof evidenceColumns)[number];

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

async function insertRows(conn: DuckDBConnection, table: string, columns: readonly string[], rows: Cell[][]): Promise<void> {
  const per = Math.max(1, Math.floor(2000 / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: Cell[] = [];
    const tuples = chunk.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(',')})`);
    await conn.run(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${tuples.join(',')}`, params);
  }
}

export async function appendAlertHuntingRows(events: DuckDbEventStore, alerts: readonly HuntingAlert[]): Promise<void> {
  if (alerts.length === 0) return;
  let conn = connections.get(events);
  if (!conn) connections.set(events, (conn = events.connectReader()));
  const c = await conn;
  const info: Cell[][] = [];
  const evidence: Cell[][] = [];
  for (const a of alerts) {
    const ts = a.firstActivity.replace('T', ' ').replace('Z', '');
    const techniques = JSON.stringify(a.mitreTechniques);
    const alertId = String(a.id);
    const category = a.category;
    info.push([ts, alertId, a.title, category, a.severity, a.serviceSource, a.detectionSource, techniques]);
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
      evidence.push(evidenceColumns.map((col) => cells[col] ?? null));
    }
  }
  await c.run('BEGIN TRANSACTION');
  try {
    await insertRows(c, 'AlertInfo', infoColumns, info);
    await insertRows(c, 'AlertEvidence', evidenceColumns, evidence);
    await c.run('COMMIT');
  } catch (err) {
    await c.run('ROLLBACK');
    throw err;
  }
}
