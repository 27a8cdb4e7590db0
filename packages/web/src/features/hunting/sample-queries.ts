/** Sample hunting queries shipped with Palisade, a dozen per area. Written for the Advanced Hunting schema. */

export interface SampleQuery {
  readonly name: string;
  readonly query: string;
}

export interface SampleArea {
  readonly area: string;
  readonly queries: readonly SampleQuery[];
}

const q = (name: string, ...lines: string[]): SampleQuery => ({ name, query: lines.join('\n') });

export const sampleQueries: readonly SampleArea[] = [
  {
    area: 'Endpoint',
    queries: [
      q('Encoded PowerShell commands', 'DeviceProcessEvents', '| where Timestamp > ago(7d)', '| where FileName in~ ("powershell.exe", "pwsh.exe")', '| where ProcessCommandLine has_any ("-enc", "-EncodedCommand")', '| project Timestamp, DeviceName, AccountName, ProcessCommandLine, InitiatingProcessFileName', '| take 100'),
      q('Office apps spawning shells', 'DeviceProcessEvents', '| where Timestamp > ago(7d)', '| where InitiatingProcessFileName in~ ("winword.exe", "excel.exe", "powerpnt.exe", "outlook.exe")', '| where FileName in~ ("cmd.exe", "powershell.exe", "wscript.exe", "mshta.exe")', '| project Timestamp, DeviceName, InitiatingProcessFileName, FileName, ProcessCommandLine'),
      q('Process launches per hour', 'DeviceProcessEvents', '| where Timestamp > ago(1d)', '| summarize Launches = count() by bin(Timestamp, 1h)', '| render timechart'),
      q('Rarest processes in the fleet', 'DeviceProcessEvents', '| where Timestamp > ago(7d)', '| summarize Devices = dcount(DeviceId), Launches = count() by FileName, SHA256', '| where Devices == 1', '| order by Launches asc', '| take 50'),
      q('Credential dumping tools', 'DeviceProcessEvents', '| where Timestamp > ago(30d)', '| where ProcessCommandLine has_any ("sekurlsa", "lsass", "procdump", "comsvcs.dll")', '| project Timestamp, DeviceName, AccountName, FileName, ProcessCommandLine'),
      q('Connections to uncommon ports', 'DeviceNetworkEvents', '| where Timestamp > ago(1d)', '| where ActionType == "ConnectionSuccess" and RemotePort !in (80, 443, 53, 445, 389, 135)', '| summarize Connections = count() by RemotePort', '| order by Connections desc', '| render columnchart'),
      q('Top talkers to the internet', 'DeviceNetworkEvents', '| where Timestamp > ago(1d)', '| where RemoteIPType == "Public"', '| summarize Connections = count(), Destinations = dcount(RemoteIP) by DeviceName', '| top 20 by Connections'),
      q('Failed logons per device', 'DeviceLogonEvents', '| where Timestamp > ago(1d)', '| where ActionType == "LogonFailed"', '| summarize Failures = count() by DeviceName, AccountName', '| where Failures > 5', '| order by Failures desc'),
      q('Executables written to temp folders', 'DeviceFileEvents', '| where Timestamp > ago(7d)', '| where ActionType == "FileCreated" and FolderPath has @"\\Temp\\" and FileName endswith ".exe"', '| project Timestamp, DeviceName, FileName, FolderPath, SHA256, InitiatingProcessFileName'),
      q('Run key persistence', 'DeviceRegistryEvents', '| where Timestamp > ago(7d)', '| where RegistryKey has @"\\CurrentVersion\\Run"', '| project Timestamp, DeviceName, RegistryKey, RegistryValueName, RegistryValueData, InitiatingProcessFileName'),
      q('Devices by OS platform', 'DeviceInfo', '| summarize arg_max(Timestamp, *) by DeviceId', '| summarize Devices = count() by OSPlatform', '| render piechart'),
      q('Antivirus detections', 'DeviceEvents', '| where Timestamp > ago(30d)', '| where ActionType == "AntivirusDetection"', '| project Timestamp, DeviceName, FileName, FolderPath, SHA1'),
    ],
  },
  {
    area: 'Email',
    queries: [
      q('Phishing delivered to inboxes', 'EmailEvents', '| where Timestamp > ago(7d)', '| where ThreatTypes has "Phish" and DeliveryAction == "Delivered"', '| project Timestamp, SenderFromAddress, RecipientEmailAddress, Subject, DeliveryLocation'),
      q('Inbound mail by threat type', 'EmailEvents', '| where Timestamp > ago(7d) and EmailDirection == "Inbound"', '| summarize Messages = count() by ThreatTypes', '| render piechart'),
      q('Mail volume per hour', 'EmailEvents', '| where Timestamp > ago(1d)', '| summarize Messages = count() by bin(Timestamp, 1h), EmailDirection', '| render timechart'),
      q('Top external senders', 'EmailEvents', '| where Timestamp > ago(7d) and EmailDirection == "Inbound"', '| summarize Messages = count(), Recipients = dcount(RecipientEmailAddress) by SenderFromDomain', '| top 20 by Messages'),
      q('Malicious attachments', 'EmailAttachmentInfo', '| where Timestamp > ago(30d)', '| where isnotempty(ThreatTypes)', '| project Timestamp, SenderFromAddress, RecipientEmailAddress, FileName, FileType, SHA256, ThreatNames'),
      q('Attachments by file type', 'EmailAttachmentInfo', '| where Timestamp > ago(7d)', '| summarize Attachments = count() by FileType', '| order by Attachments desc', '| render barchart'),
      q('Macro-enabled documents', 'EmailAttachmentInfo', '| where Timestamp > ago(7d)', '| where FileName endswith ".docm" or FileName endswith ".xlsm"', '| project Timestamp, SenderFromAddress, RecipientEmailAddress, FileName, SHA256'),
      q('Most common URL domains in mail', 'EmailUrlInfo', '| where Timestamp > ago(7d)', '| summarize Urls = count() by UrlDomain', '| top 25 by Urls'),
      q('Users who clicked through a warning', 'UrlClickEvents', '| where Timestamp > ago(7d)', '| where IsClickedThrough == true', '| project Timestamp, AccountUpn, Url, ActionType, IPAddress'),
      q('Clicks on URLs flagged as phishing', 'UrlClickEvents', '| where Timestamp > ago(7d)', '| where ThreatTypes has "Phish"', '| summarize Clicks = count() by AccountUpn, Url', '| order by Clicks desc'),
      q('Post-delivery removals (ZAP)', 'EmailPostDeliveryEvents', '| where Timestamp > ago(7d)', '| where ActionType has "ZAP"', '| project Timestamp, RecipientEmailAddress, Action, ActionResult, ThreatTypes'),
      q('Failed SPF or DKIM', 'EmailEvents', '| where Timestamp > ago(7d)', '| where AuthenticationDetails has "fail"', '| project Timestamp, SenderFromAddress, SenderIPv4, Subject, AuthenticationDetails', '| take 200'),
    ],
  },
  {
    area: 'Identity',
    queries: [
      q('Password spray: many accounts, one IP', 'IdentityLogonEvents', '| where Timestamp > ago(1d) and ActionType == "LogonFailed"', '| summarize Accounts = dcount(AccountUpn), Attempts = count() by IPAddress', '| where Accounts > 10', '| order by Accounts desc'),
      q('Failed sign-ins by reason', 'IdentityLogonEvents', '| where Timestamp > ago(7d) and ActionType == "LogonFailed"', '| summarize Failures = count() by FailureReason', '| render columnchart'),
      q('Sign-ins per hour', 'AADSignInEventsBeta', '| where Timestamp > ago(1d)', '| summarize SignIns = count() by bin(Timestamp, 1h)', '| render timechart'),
      q('Risky sign-ins', 'AADSignInEventsBeta', '| where Timestamp > ago(7d)', '| where RiskLevelAggregated in (50, 100)', '| project Timestamp, AccountUpn, IPAddress, Country, Application, RiskLevelAggregated'),
      q('Sign-ins from many countries', 'AADSignInEventsBeta', '| where Timestamp > ago(1d) and ErrorCode == 0', '| summarize Countries = dcount(Country), List = make_set(Country) by AccountUpn', '| where Countries > 2'),
      q('Sign-ins by country', 'AADSignInEventsBeta', '| where Timestamp > ago(7d)', '| summarize SignIns = count() by Country', '| top 15 by SignIns', '| render barchart'),
      q('Legacy authentication', 'AADSignInEventsBeta', '| where Timestamp > ago(7d)', '| where ClientAppUsed in ("Exchange ActiveSync", "IMAP4", "POP3", "Authenticated SMTP")', '| summarize SignIns = count() by AccountUpn, ClientAppUsed'),
      q('Group membership changes', 'IdentityDirectoryEvents', '| where Timestamp > ago(7d)', '| where ActionType == "Group Membership changed"', '| project Timestamp, AccountUpn, TargetAccountUpn, AdditionalFields'),
      q('Password changes and resets', 'IdentityDirectoryEvents', '| where Timestamp > ago(7d)', '| where ActionType has "password"', '| project Timestamp, ActionType, AccountUpn, TargetAccountUpn, DeviceName'),
      q('Privileged accounts', 'IdentityInfo', '| where isnotempty(AssignedRoles)', '| summarize arg_max(Timestamp, *) by AccountObjectId', '| project AccountUpn, AccountDisplayName, Department, AssignedRoles'),
      q('Accounts by department', 'IdentityInfo', '| summarize arg_max(Timestamp, *) by AccountObjectId', '| summarize Accounts = count() by Department', '| render piechart'),
      q('Cloud admin operations', 'CloudAppEvents', '| where Timestamp > ago(7d) and IsAdminOperation == true', '| summarize Operations = count() by AccountDisplayName, ActionType', '| order by Operations desc'),
    ],
  },
  {
    area: 'Alerts',
    queries: [
      q('Alerts per day by severity', 'AlertInfo', '| where Timestamp > ago(30d)', '| summarize Alerts = count() by bin(Timestamp, 1d), Severity', '| render columnchart'),
      q('Alerts by category', 'AlertInfo', '| where Timestamp > ago(30d)', '| summarize Alerts = count() by Category', '| render piechart'),
      q('Alerts by detection source', 'AlertInfo', '| where Timestamp > ago(30d)', '| summarize Alerts = count() by DetectionSource', '| order by Alerts desc', '| render barchart'),
      q('High severity alerts today', 'AlertInfo', '| where Timestamp > ago(1d) and Severity == "High"', '| project Timestamp, AlertId, Title, Category, ServiceSource'),
      q('Devices with the most alerts', 'AlertEvidence', '| where Timestamp > ago(30d) and EntityType == "Machine"', '| summarize Alerts = dcount(AlertId) by DeviceName', '| top 20 by Alerts'),
      q('Users with the most alerts', 'AlertEvidence', '| where Timestamp > ago(30d) and EntityType == "User"', '| summarize Alerts = dcount(AlertId) by AccountUpn', '| top 20 by Alerts'),
      q('Files seen in alerts', 'AlertEvidence', '| where Timestamp > ago(30d) and EntityType == "File"', '| summarize Alerts = dcount(AlertId) by FileName, SHA256', '| order by Alerts desc'),
      q('IPs seen in alerts', 'AlertEvidence', '| where Timestamp > ago(30d) and EntityType == "Ip"', '| summarize Alerts = dcount(AlertId) by RemoteIP', '| order by Alerts desc'),
      q('Alert titles with evidence count', 'AlertInfo', '| where Timestamp > ago(7d)', '| join kind=inner (AlertEvidence | summarize Evidence = count() by AlertId) on AlertId', '| project Timestamp, Title, Severity, Evidence', '| order by Evidence desc'),
      q('MITRE techniques seen', 'AlertInfo', '| where Timestamp > ago(30d) and isnotempty(AttackTechniques)', '| summarize Alerts = count() by AttackTechniques', '| order by Alerts desc'),
      q('Alerts involving email', 'AlertEvidence', '| where Timestamp > ago(30d) and EntityType == "MailMessage"', '| project Timestamp, AlertId, Title, EmailSubject, NetworkMessageId'),
      q('Alerts per hour', 'AlertInfo', '| where Timestamp > ago(1d)', '| summarize Alerts = count() by bin(Timestamp, 1h)', '| render timechart'),
    ],
  },
];
