/**
 * The hunting-query sections of each entity page (user, mailbox, IP, file). The device page and every page's
 * incidents and alerts come from the entities API instead (api.ts): a device's timeline must page through a
 * month of events and incidents live in the state store, neither of which a hunting query reaches.
 */

export type EntityType = 'device' | 'user' | 'mailbox' | 'ip' | 'file';

export interface EntitySection {
  id: string;
  title: string;
  query: string;
  /** Timespan of runHuntingQuery for this section. */
  timespan: string;
  /** Columns whose values are entities with a page of their own: shown as links. */
  links?: Readonly<Record<string, EntityType>>;
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
      return [];
    case 'user': {
      // The id is a UPN (alice@contoso.com), DOMAIN\\account or an account name: device tables name accounts by
      // account name, so a UPN is also looked up in IdentityInfo.
      const n = lit(id.includes('\\') ? (id.split('\\')[1] ?? id) : id);
      const byUpn = `AccountName in ((IdentityInfo | where AccountUpn =~ ${v} | distinct AccountName))`;
      return [
        { id: 'overview', title: 'Identity', timespan: 'P30D', query: `IdentityInfo\n| where AccountUpn =~ ${v} or AccountName =~ ${n}\n| summarize arg_max(Timestamp, *) by AccountObjectId\n| project AccountUpn, AccountName, AccountDisplayName, Department, JobTitle, Country, AssignedRoles, RiskLevel` },
        { id: 'devices', title: 'Devices used', timespan: 'P30D', links: { DeviceName: 'device' }, query: `DeviceLogonEvents\n| where AccountName =~ ${n} or InitiatingProcessAccountUpn =~ ${v} or ${byUpn}\n| summarize Logons = count(), Last = max(Timestamp) by DeviceName\n| order by Last desc` },
        { id: 'signins', title: 'Sign-ins', timespan: 'P7D', links: { DeviceName: 'device', IPAddress: 'ip' }, query: `IdentityLogonEvents\n| where AccountUpn =~ ${v} or AccountName =~ ${n} or ${byUpn}\n| project Timestamp, ActionType, Application, IPAddress, DeviceName, FailureReason\n| order by Timestamp desc\n| take 500` },
      ];
    }
    case 'mailbox':
      return [
        { id: 'received', title: 'Mail received', timespan: 'P30D', query: `EmailEvents\n| where RecipientEmailAddress =~ ${v}\n| project Timestamp, SenderFromAddress, Subject, EmailDirection, DeliveryAction, LatestDeliveryLocation, ThreatTypes, AttachmentCount, UrlCount, NetworkMessageId\n| order by Timestamp desc\n| take 500` },
        { id: 'sent', title: 'Mail sent', timespan: 'P30D', query: `EmailEvents\n| where SenderFromAddress =~ ${v}\n| project Timestamp, RecipientEmailAddress, Subject, EmailDirection, DeliveryAction, ThreatTypes, NetworkMessageId\n| order by Timestamp desc\n| take 500` },
        { id: 'clicks', title: 'URL clicks', timespan: 'P30D', query: `UrlClickEvents\n| where AccountUpn =~ ${v}\n| project Timestamp, Url, ActionType, IsClickedThrough, Workload, IPAddress, ThreatTypes\n| order by Timestamp desc\n| take 500` },
        { id: 'post-delivery', title: 'After delivery', timespan: 'P30D', query: `EmailPostDeliveryEvents\n| where RecipientEmailAddress =~ ${v}\n| project Timestamp, Action, ActionType, ActionTrigger, ActionResult, DeliveryLocation, NetworkMessageId\n| order by Timestamp desc` },
      ];
    case 'ip':
      return [
        { id: 'devices', title: 'Devices that talked to it', timespan: 'P7D', links: { DeviceName: 'device', InitiatingProcessFileName: 'file' }, query: `DeviceNetworkEvents\n| where RemoteIP == ${v} or LocalIP == ${v}\n| summarize Connections = count(), Last = max(Timestamp) by DeviceName, InitiatingProcessFileName\n| order by Connections desc` },
        { id: 'signins', title: 'Sign-ins from it', timespan: 'P7D', links: { AccountUpn: 'user' }, query: `IdentityLogonEvents\n| where IPAddress == ${v}\n| project Timestamp, AccountUpn, ActionType, Application, FailureReason\n| order by Timestamp desc\n| take 500` },
      ];
    case 'file':
      return [
        {
          id: 'prevalence',
          title: 'Prevalence across devices',
          timespan: 'P30D',
          links: { SHA256: 'file' },
          query: `union DeviceProcessEvents, DeviceFileEvents\n| where FileName =~ ${v} or SHA256 =~ ${v} or SHA1 =~ ${v}\n| summarize Devices = dcount(DeviceId), Executions = countif(ActionType == "ProcessCreated"), FileEvents = countif(ActionType != "ProcessCreated"), First = min(Timestamp), Last = max(Timestamp) by FileName, SHA256\n| order by Devices desc`,
        },
        {
          id: 'devices',
          title: 'Devices',
          timespan: 'P30D',
          links: { DeviceName: 'device' },
          query: `union DeviceProcessEvents, DeviceFileEvents\n| where FileName =~ ${v} or SHA256 =~ ${v} or SHA1 =~ ${v}\n| summarize Executions = countif(ActionType == "ProcessCreated"), FileEvents = countif(ActionType != "ProcessCreated"), Last = max(Timestamp) by DeviceName\n| order by Last desc`,
        },
      ];
  }
}
