/** The sections of each entity page, as hunting queries (no dedicated entity API: the hunting tables are the source). */

export type EntityType = 'device' | 'user' | 'mailbox' | 'ip' | 'file';

export interface EntitySection {
  id: string;
  title: string;
  query: string;
  /** Timespan of runHuntingQuery for this section. */
  timespan: string;
}

const lit = (v: string): string => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

export const entityTypeLabel: Readonly<Record<EntityType, string>> = { device: 'Device', user: 'User', mailbox: 'Mailbox', ip: 'IP address', file: 'File' };

export function isEntityType(v: string | undefined): v is EntityType {
  return v === 'device' || v === 'user' || v === 'mailbox' || v === 'ip' || v === 'file';
}

export function entitySections(type: EntityType, id: string): EntitySection[] {
  const v = lit(id);
  switch (type) {
    case 'device':
      return [
        { id: 'overview', title: 'Overview', timespan: 'P30D', query: `DeviceInfo\n| where DeviceName =~ ${v}\n| summarize arg_max(Timestamp, *) by DeviceId\n| project DeviceName, OSPlatform, OSVersion, PublicIP, MachineGroup, ExposureLevel, LoggedOnUsers, DeviceManualTags, Timestamp` },
        { id: 'timeline', title: 'Timeline', timespan: 'P7D', query: `DeviceProcessEvents\n| where DeviceName =~ ${v}\n| project Timestamp, ActionType, FileName, ProcessCommandLine, AccountName, InitiatingProcessFileName\n| order by Timestamp desc\n| take 1000` },
        { id: 'network', title: 'Network connections', timespan: 'P7D', query: `DeviceNetworkEvents\n| where DeviceName =~ ${v}\n| project Timestamp, ActionType, RemoteIP, RemotePort, RemoteUrl, InitiatingProcessFileName\n| order by Timestamp desc\n| take 1000` },
        { id: 'alerts', title: 'Alerts', timespan: 'P30D', query: `AlertEvidence\n| where DeviceName =~ ${v}\n| distinct AlertId, Title, Severity, Timestamp\n| order by Timestamp desc` },
      ];
    case 'user':
      return [
        { id: 'overview', title: 'Identity', timespan: 'P30D', query: `IdentityInfo\n| where AccountUpn =~ ${v} or AccountName =~ ${v}\n| summarize arg_max(Timestamp, *) by AccountObjectId\n| project AccountUpn, AccountDisplayName, Department, JobTitle, Country, AssignedRoles, RiskLevel` },
        { id: 'devices', title: 'Devices used', timespan: 'P30D', query: `DeviceLogonEvents\n| where AccountName =~ ${v} or InitiatingProcessAccountUpn =~ ${v}\n| summarize Logons = count(), Last = max(Timestamp) by DeviceName\n| order by Last desc` },
        { id: 'signins', title: 'Sign-ins', timespan: 'P7D', query: `IdentityLogonEvents\n| where AccountUpn =~ ${v} or AccountName =~ ${v}\n| project Timestamp, ActionType, Application, IPAddress, DeviceName, FailureReason\n| order by Timestamp desc\n| take 500` },
        { id: 'alerts', title: 'Alerts', timespan: 'P30D', query: `AlertEvidence\n| where AccountUpn =~ ${v} or AccountName =~ ${v}\n| distinct AlertId, Title, Severity, Timestamp\n| order by Timestamp desc` },
      ];
    case 'mailbox':
      return [
        { id: 'received', title: 'Mail received', timespan: 'P30D', query: `EmailEvents\n| where RecipientEmailAddress =~ ${v}\n| project Timestamp, SenderFromAddress, Subject, EmailDirection, DeliveryAction, LatestDeliveryLocation, ThreatTypes, AttachmentCount, UrlCount, NetworkMessageId\n| order by Timestamp desc\n| take 500` },
        { id: 'sent', title: 'Mail sent', timespan: 'P30D', query: `EmailEvents\n| where SenderFromAddress =~ ${v}\n| project Timestamp, RecipientEmailAddress, Subject, EmailDirection, DeliveryAction, ThreatTypes, NetworkMessageId\n| order by Timestamp desc\n| take 500` },
        { id: 'clicks', title: 'URL clicks', timespan: 'P30D', query: `UrlClickEvents\n| where AccountUpn =~ ${v}\n| project Timestamp, Url, ActionType, IsClickedThrough, Workload, IPAddress, ThreatTypes\n| order by Timestamp desc\n| take 500` },
        { id: 'post-delivery', title: 'After delivery', timespan: 'P30D', query: `EmailPostDeliveryEvents\n| where RecipientEmailAddress =~ ${v}\n| project Timestamp, Action, ActionType, ActionTrigger, ActionResult, DeliveryLocation, NetworkMessageId\n| order by Timestamp desc` },
        { id: 'alerts', title: 'Alerts', timespan: 'P30D', query: `AlertEvidence\n| where AccountUpn =~ ${v} or NetworkMessageId in ((EmailEvents | where RecipientEmailAddress =~ ${v} or SenderFromAddress =~ ${v} | distinct NetworkMessageId))\n| distinct AlertId, Title, Severity, Timestamp\n| order by Timestamp desc` },
      ];
    case 'ip':
      return [
        { id: 'devices', title: 'Devices that talked to it', timespan: 'P7D', query: `DeviceNetworkEvents\n| where RemoteIP == ${v} or LocalIP == ${v}\n| summarize Connections = count(), Last = max(Timestamp) by DeviceName, InitiatingProcessFileName\n| order by Connections desc` },
        { id: 'signins', title: 'Sign-ins from it', timespan: 'P7D', query: `IdentityLogonEvents\n| where IPAddress == ${v}\n| project Timestamp, AccountUpn, ActionType, Application, FailureReason\n| order by Timestamp desc\n| take 500` },
        { id: 'alerts', title: 'Alerts', timespan: 'P30D', query: `AlertEvidence\n| where RemoteIP == ${v}\n| distinct AlertId, Title, Severity, Timestamp\n| order by Timestamp desc` },
      ];
    case 'file':
      return [
        { id: 'prevalence', title: 'Prevalence across devices', timespan: 'P30D', query: `DeviceProcessEvents\n| where FileName =~ ${v} or SHA256 == ${v}\n| summarize Devices = dcount(DeviceId), Executions = count(), First = min(Timestamp), Last = max(Timestamp) by FileName, SHA256` },
        { id: 'devices', title: 'Devices', timespan: 'P30D', query: `DeviceProcessEvents\n| where FileName =~ ${v} or SHA256 == ${v}\n| summarize Executions = count(), Last = max(Timestamp) by DeviceName\n| order by Executions desc` },
        { id: 'alerts', title: 'Alerts', timespan: 'P30D', query: `AlertEvidence\n| where FileName =~ ${v} or SHA256 == ${v}\n| distinct AlertId, Title, Severity, Timestamp\n| order by Timestamp desc` },
      ];
  }
}
