import type { IngestFormat } from './types.ts';
import { err, isObject, num, pick, str } from './types.ts';
import { mapWindowsEvent } from './windows.ts';

/**
 * Elastic Common Schema events from Winlogbeat / Elastic Agent (Windows). The event is identified by
 * winlog.channel + winlog.event_id (or event.code); its fields come from winlog.event_data, which carries
 * the Sysmon/Security field names, with ECS's own process and host fields as fallbacks.
 */
export const ecsFormat: IngestFormat = {
  name: 'ecs',
  description: 'Elastic Common Schema events from Winlogbeat or Elastic Agent: Sysmon 1, 2, 3, 5, 7, 8, 9, 10, 11, 12-14, 17/18, 22, 23, 26; Security 1102, 4624, 4625, 4688, 4689, 4698, 4799, 5156; PowerShell 4103/800; Task Scheduler 106/140/141; System 104.',
  map(record, ctx) {
    if (!isObject(record)) return err(null, 'invalidRecord', 'expected a JSON object');
    const eventId = num(pick(record, 'winlog.event_id')) ?? num(pick(record, 'event.code'));
    if (eventId === undefined) return err('winlog.event_id', 'required', 'winlog.event_id (or event.code) is required');
    const hostname = str(pick(record, 'winlog.computer_name')) ?? str(pick(record, 'host.hostname')) ?? str(pick(record, 'host.name'));
    if (!hostname) return err('host.name', 'required', 'host.name (or winlog.computer_name) is required');
    const timestamp = record['@timestamp'];
    if (timestamp === undefined) return err('@timestamp', 'required', '@timestamp is required');
    const eventData = pick(record, 'winlog.event_data');
    const data: Record<string, unknown> = isObject(eventData) ? { ...eventData } : {};
    // ECS process fields when event_data lacks them (Elastic Agent can drop duplicated event_data keys).
    data.Image ??= pick(record, 'process.executable');
    data.ProcessId ??= pick(record, 'process.pid');
    data.CommandLine ??= pick(record, 'process.command_line');
    data.ParentImage ??= pick(record, 'process.parent.executable');
    data.ParentProcessId ??= pick(record, 'process.parent.pid');
    data.ParentCommandLine ??= pick(record, 'process.parent.command_line');
    if (data.User === undefined) {
      const name = str(pick(record, 'user.name'));
      const domain = str(pick(record, 'user.domain'));
      if (name) data.User = domain ? `${domain}\\${name}` : name;
    }
    for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
    const channel = str(pick(record, 'winlog.channel')) ?? '';
    const rid = str(pick(record, 'winlog.record_id'));
    const eventUid = str(pick(record, 'event.id'));
    const recordId = eventUid ? `ecs:${eventUid}` : rid ? `ecs:${hostname.toLowerCase()}:${channel}:${rid}` : undefined;
    const message = str(record.message);
    return mapWindowsEvent({ eventId, channel, hostname, timestamp, data, ...(recordId ? { recordId } : {}), ...(message ? { message } : {}) }, ctx, 'ecs');
  },
};
