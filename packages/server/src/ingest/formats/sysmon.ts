import type { IngestFormat } from './types.ts';
import { err, isObject, num, str } from './types.ts';
import { mapWindowsEvent } from './windows.ts';

/** Top-level keys of NXLog-style events that describe the event, not its EventData. */
const envelope = new Set([
  'EventID', 'Channel', 'Hostname', '@timestamp', 'TimeCreated', 'EventTime', 'EventReceivedTime', 'SourceName', 'ProviderGuid', 'Level',
  'Keywords', 'Task', 'Opcode', 'RecordNumber', 'Message', 'Version', 'Severity', 'SeverityValue', 'ExecutionProcessID', 'ExecutionThreadID',
  'EventType_', 'SourceModuleName', 'SourceModuleType', '@version', 'host', 'port', 'tags', 'AccountType', 'Category', 'OpcodeValue',
  'ActivityID', 'RelatedActivityID', 'UserID', 'Domain', 'AccountName', 'EventTypeOrignal',
]);

/** Flattened Windows event JSON (NXLog, the OTRF Security-Datasets captures). */
export const sysmonFormat: IngestFormat = {
  name: 'sysmon',
  description: 'Flattened Windows event JSON (EventID, Channel, Hostname and EventData at the top level), as NXLog-style shippers and the OTRF captures write it.',
  map(record, ctx) {
    if (!isObject(record)) return err(null, 'invalidRecord', 'expected a JSON object');
    const eventId = num(record.EventID);
    if (eventId === undefined) return err('EventID', 'required', 'EventID is required (a number)');
    const hostname = str(record.Hostname) ?? str(record.Computer);
    if (!hostname) return err('Hostname', 'required', 'Hostname is required');
    const timestamp = record['@timestamp'] ?? record.TimeCreated ?? record.EventTime ?? (str(record.UtcTime) ? `${String(record.UtcTime)}Z` : undefined);
    if (timestamp === undefined) return err('@timestamp', 'required', '@timestamp (or TimeCreated/EventTime) is required');
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) if (!envelope.has(k)) data[k] = v;
    const channel = str(record.Channel) ?? '';
    const recordNumber = str(record.RecordNumber);
    const message = str(record.Message);
    return mapWindowsEvent(
      { eventId, channel, hostname, timestamp, data, ...(recordNumber ? { recordId: `sysmon:${hostname.toLowerCase()}:${channel}:${recordNumber}` } : {}), ...(message ? { message } : {}) },
      ctx,
      'sysmon',
    );
  },
};
