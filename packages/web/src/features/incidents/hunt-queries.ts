/** Prepared hunting queries for "go hunt" from an entity (incident evidence, alert entities). */
import { huntingLink } from '../hunting/hunting-link.ts';

/** A hunting query around an entity, for "go hunt". */
export function huntQueryFor(type: string, name: string): string {
  const q = name.replaceAll('"', '\\"');
  switch (type) {
    case 'device':
      return `DeviceProcessEvents\n| where DeviceName =~ "${q}"\n| project Timestamp, DeviceName, AccountName, FileName, ProcessCommandLine, InitiatingProcessFileName\n| order by Timestamp desc\n| take 500`;
    case 'user':
      return `IdentityLogonEvents\n| where AccountUpn =~ "${q}" or AccountName =~ "${q}"\n| project Timestamp, ActionType, Application, IPAddress, DeviceName, FailureReason\n| order by Timestamp desc\n| take 500`;
    case 'ip':
      return `DeviceNetworkEvents\n| where RemoteIP == "${q}" or LocalIP == "${q}"\n| project Timestamp, DeviceName, RemoteIP, RemotePort, RemoteUrl, InitiatingProcessFileName\n| take 500`;
    case 'mailbox':
      return `EmailEvents\n| where RecipientEmailAddress =~ "${q}" or SenderFromAddress =~ "${q}"\n| project Timestamp, SenderFromAddress, RecipientEmailAddress, Subject, ThreatTypes, DeliveryAction\n| take 500`;
    case 'file':
      return `DeviceFileEvents\n| where FileName =~ "${q}" or SHA256 == "${q}"\n| project Timestamp, DeviceName, ActionType, FileName, FolderPath, SHA256\n| take 500`;
    case 'url':
      return `EmailUrlInfo\n| where Url == "${q}"\n| join kind=inner (EmailEvents | project NetworkMessageId, Subject, SenderFromAddress, RecipientEmailAddress, DeliveryAction) on NetworkMessageId\n| take 500`;
    default:
      return `search "${q}"\n| take 100`;
  }
}

/** Where "go hunt" from an entity goes: Advanced hunting with the entity's prepared query. */
export const entityHuntLink = (type: string, name: string, label = name): string => huntingLink(huntQueryFor(type, name), `Hunt: ${label}`);
