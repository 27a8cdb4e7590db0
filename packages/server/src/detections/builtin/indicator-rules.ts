/**
 * Indicator rules: telemetry matching an active threat indicator (Settings > Indicators). Their queries name
 * the indicators through `{{indicators:<Type>}}` placeholders, filled with the active values at each run
 * (indicators/indicator-detection.ts); `indicatorColumns` says which result columns the matcher checks. A
 * domain indicator also matches its subdomains, at any depth.
 */
import type { IndicatorColumns } from '../../indicators/indicator-detection.ts';
import type { RuleDefinition } from '../rule-model.ts';

export type IndicatorRuleDefinition = RuleDefinition & { indicatorColumns: IndicatorColumns };

const hashes = 'SHA256 in~ {{indicators:FileSha256}} or SHA1 in~ {{indicators:FileSha1}} or MD5 in~ {{indicators:FileMd5}}';
const recommended = 'Check where else the indicator appears (Hunting), contain the affected device or account, and confirm the indicator is still current with its source.';

export const indicatorRules: readonly IndicatorRuleDefinition[] = [
  {
    id: 'pal-ioc-email-url',
    name: 'Mail with a link to a threat indicator delivered',
    description: 'A delivered message carries a URL whose address or domain is an active threat indicator (Settings > Indicators).',
    query: `EmailUrlInfo
| where Url in~ {{indicators:Url}} or Url matches regex {{indicators:DomainPattern}} or UrlDomain matches regex {{indicators:DomainPattern}}
| project NetworkMessageId, Url, UrlDomain
| join kind=inner (EmailEvents | where DeliveryAction == "Delivered" | project Timestamp, NetworkMessageId, RecipientEmailAddress, SenderFromAddress, Subject) on NetworkMessageId
| project Timestamp, NetworkMessageId, RecipientEmailAddress, SenderFromAddress, Subject, Url, UrlDomain`,
    frequency: '1h',
    alert: {
      title: 'Mail with a link to {{IndicatorValue}} delivered to {{RecipientEmailAddress}}',
      description: 'Threat indicator "{{IndicatorTitle}}" ({{IndicatorType}} {{IndicatorValue}}, source {{IndicatorSource}}) matched {{Url}} in "{{Subject}}" from {{SenderFromAddress}}.',
      severity: 'medium',
      category: 'InitialAccess',
      techniques: ['T1566.002'],
      recommendedActions: `Remove the message from mailboxes that received it. ${recommended}`,
    },
    entityMapping: { mailbox: 'RecipientEmailAddress', networkMessageId: 'NetworkMessageId', sender: 'SenderFromAddress', subject: 'Subject', url: 'Url' },
    indicatorColumns: { url: ['Url'], domain: ['UrlDomain'] },
  },
  {
    id: 'pal-ioc-url-click',
    name: 'Click on a link to a threat indicator',
    description: 'A user clicked a URL (in mail, Teams or Office) whose address or domain is an active threat indicator.',
    query: `UrlClickEvents
| where Url in~ {{indicators:Url}} or Url matches regex {{indicators:DomainPattern}}`,
    frequency: 'nrt',
    alert: {
      title: '{{AccountUpn}} clicked a link to {{IndicatorValue}}',
      description: 'Threat indicator "{{IndicatorTitle}}" ({{IndicatorType}} {{IndicatorValue}}, source {{IndicatorSource}}) matched {{Url}} ({{ActionType}}).',
      severity: 'medium',
      category: 'InitialAccess',
      techniques: ['T1204.001'],
      recommendedActions: recommended,
    },
    entityMapping: { accountUpn: 'AccountUpn', url: 'Url', networkMessageId: 'NetworkMessageId', ip: 'IPAddress' },
    indicatorColumns: { url: ['Url'] },
  },
  {
    id: 'pal-ioc-network',
    name: 'Connection to a threat indicator',
    description: 'A device connected to an IP address, URL or domain that is an active threat indicator.',
    query: `DeviceNetworkEvents
| where RemoteIP in {{indicators:IpAddress}} or RemoteUrl in~ {{indicators:Url}} or RemoteUrl matches regex {{indicators:DomainPattern}}`,
    frequency: 'nrt',
    alert: {
      title: '{{InitiatingProcessFileName}} on {{DeviceName}} connected to {{IndicatorValue}}',
      description: 'Threat indicator "{{IndicatorTitle}}" ({{IndicatorType}} {{IndicatorValue}}, source {{IndicatorSource}}) matched a connection to {{RemoteIP}}:{{RemotePort}} {{RemoteUrl}}.',
      severity: 'medium',
      category: 'CommandAndControl',
      techniques: ['T1071'],
      recommendedActions: recommended,
    },
    entityMapping: {
      deviceName: 'DeviceName',
      deviceId: 'DeviceId',
      ip: 'RemoteIP',
      url: 'RemoteUrl',
      processFileName: 'InitiatingProcessFileName',
      processCommandLine: 'InitiatingProcessCommandLine',
      accountName: 'InitiatingProcessAccountName',
      accountUpn: 'InitiatingProcessAccountUpn',
    },
    indicatorColumns: { ip: ['RemoteIP'], url: ['RemoteUrl'] },
  },
  {
    id: 'pal-ioc-file',
    name: 'File matching a threat indicator written',
    description: 'A file whose SHA-256, SHA-1 or MD5 is an active threat indicator was created or changed on a device.',
    query: `DeviceFileEvents
| where ${hashes}`,
    frequency: 'nrt',
    alert: {
      title: 'File {{FileName}} matching a threat indicator on {{DeviceName}}',
      description: 'Threat indicator "{{IndicatorTitle}}" ({{IndicatorType}} {{IndicatorValue}}, source {{IndicatorSource}}) matched {{FolderPath}} ({{ActionType}} by {{InitiatingProcessFileName}}).',
      severity: 'medium',
      category: 'Malware',
      techniques: ['T1105'],
      recommendedActions: `Quarantine the file. ${recommended}`,
    },
    entityMapping: {
      deviceName: 'DeviceName',
      deviceId: 'DeviceId',
      accountName: 'InitiatingProcessAccountName',
      accountUpn: 'InitiatingProcessAccountUpn',
      accountSid: 'InitiatingProcessAccountObjectId',
      fileName: 'FileName',
      folderPath: 'FolderPath',
      sha256: 'SHA256',
      sha1: 'SHA1',
    },
    indicatorColumns: { sha256: ['SHA256'], sha1: ['SHA1'], md5: ['MD5'] },
  },
  {
    id: 'pal-ioc-process',
    name: 'Process matching a threat indicator started',
    description: 'A process whose image SHA-256, SHA-1 or MD5 is an active threat indicator started on a device.',
    query: `DeviceProcessEvents
| where ${hashes}`,
    frequency: 'nrt',
    alert: {
      title: '{{FileName}} matching a threat indicator ran on {{DeviceName}}',
      description: 'Threat indicator "{{IndicatorTitle}}" ({{IndicatorType}} {{IndicatorValue}}, source {{IndicatorSource}}) matched the process {{ProcessCommandLine}}.',
      severity: 'medium',
      category: 'Malware',
      techniques: ['T1204.002'],
      recommendedActions: `Stop the process and quarantine the file. ${recommended}`,
    },
    entityMapping: {
      deviceName: 'DeviceName',
      deviceId: 'DeviceId',
      accountName: 'AccountName',
      accountDomain: 'AccountDomain',
      accountUpn: 'AccountUpn',
      accountSid: 'AccountObjectId',
      processFileName: 'FileName',
      processCommandLine: 'ProcessCommandLine',
      parentFileName: 'InitiatingProcessFileName',
      sha256: 'SHA256',
    },
    indicatorColumns: { sha256: ['SHA256'], sha1: ['SHA1'], md5: ['MD5'] },
  },
  {
    id: 'pal-ioc-email-attachment',
    name: 'Mail attachment matching a threat indicator',
    description: 'A message carried an attachment whose SHA-256 is an active threat indicator.',
    query: `EmailAttachmentInfo
| where SHA256 in~ {{indicators:FileSha256}}`,
    frequency: 'nrt',
    alert: {
      title: 'Attachment {{FileName}} matching a threat indicator sent to {{RecipientEmailAddress}}',
      description: 'Threat indicator "{{IndicatorTitle}}" ({{IndicatorType}} {{IndicatorValue}}, source {{IndicatorSource}}) matched an attachment from {{SenderFromAddress}}.',
      severity: 'medium',
      category: 'InitialAccess',
      techniques: ['T1566.001'],
      recommendedActions: `Remove the message from mailboxes that received it. ${recommended}`,
    },
    entityMapping: { mailbox: 'RecipientEmailAddress', networkMessageId: 'NetworkMessageId', sender: 'SenderFromAddress', fileName: 'FileName', sha256: 'SHA256' },
    indicatorColumns: { sha256: ['SHA256'] },
  },
];

const byId = new Map(indicatorRules.map((r) => [r.id, r.indicatorColumns]));

/** The columns an indicator rule's matcher checks, or undefined for a rule that is not one. */
export function indicatorColumnsOf(ruleId: string): IndicatorColumns | undefined {
  return byId.get(ruleId);
}
