/**
 * The built-in rule pack: detections for common ATT&CK techniques across endpoint, email and identity, written
 * for Palisade as KQL over the Advanced Hunting tables. Each is plain data (a RuleDefinition); the detection
 * service installs them enabled and an administrator may disable any of them. Ids are stable: `pal-<name>`.
 */
import type { EntityMapping, RuleDefinition } from '../rule-model.ts';
import { indicatorRules } from './indicator-rules.ts';

/**
 * Process rules: device, account, the process and its parent. The image hash is left out: for a system tool
 * misused (powershell.exe, rundll32.exe) it is the same on every device and would link unrelated attacks.
 */
const proc: EntityMapping = {
  deviceName: 'DeviceName',
  deviceId: 'DeviceId',
  accountName: 'AccountName',
  accountDomain: 'AccountDomain',
  accountUpn: 'AccountUpn',
  accountSid: 'AccountObjectId',
  processFileName: 'FileName',
  processCommandLine: 'ProcessCommandLine',
  parentFileName: 'InitiatingProcessFileName',
};
/** For rules where the running program itself is the suspect (not a system tool misused): its hash is evidence. */
const suspectProc: EntityMapping = { ...proc, sha256: 'SHA256' };
const file: EntityMapping = {
  deviceName: 'DeviceName',
  deviceId: 'DeviceId',
  accountName: 'InitiatingProcessAccountName',
  accountUpn: 'InitiatingProcessAccountUpn',
  accountSid: 'InitiatingProcessAccountObjectId',
  fileName: 'FileName', folderPath: 'FolderPath', sha256: 'SHA256' };
const net: EntityMapping = {
  deviceName: 'DeviceName',
  deviceId: 'DeviceId',
  ip: 'RemoteIP',
  url: 'RemoteUrl',
  processFileName: 'InitiatingProcessFileName',
  accountName: 'InitiatingProcessAccountName',
  accountUpn: 'InitiatingProcessAccountUpn',
};

export const builtinRules: readonly RuleDefinition[] = [
  // ---------- Execution ----------
  {
    id: 'pal-encoded-powershell',
    name: 'Encoded PowerShell command line',
    description: 'PowerShell started with a base64-encoded command, a common way to hide what a script does.',
    query: `DeviceProcessEvents
| where FileName in~ ("powershell.exe", "pwsh.exe")
| where ProcessCommandLine contains " -enc " or ProcessCommandLine contains " -encodedcommand " or ProcessCommandLine contains " -e JAB" or ProcessCommandLine contains " -ec "`,
    frequency: 'nrt',
    alert: { title: 'Suspicious encoded PowerShell command on {{DeviceName}}', description: 'PowerShell ran a base64-encoded command: {{ProcessCommandLine}}', severity: 'medium', category: 'Execution', techniques: ['T1059.001', 'T1027'] },
    entityMapping: proc,
  },
  {
    id: 'pal-office-spawns-script-host',
    name: 'Office application spawned a script host or shell',
    description: 'Word, Excel, PowerPoint or Outlook started a shell or script interpreter, typical of a malicious macro.',
    query: `DeviceProcessEvents
| where InitiatingProcessFileName in~ ("winword.exe", "excel.exe", "powerpnt.exe", "outlook.exe", "mspub.exe", "onenote.exe")
| where FileName in~ ("powershell.exe", "pwsh.exe", "cmd.exe", "wscript.exe", "cscript.exe", "mshta.exe", "rundll32.exe", "regsvr32.exe", "certutil.exe", "bitsadmin.exe")`,
    frequency: 'nrt',
    alert: { title: '{{InitiatingProcessFileName}} spawned {{FileName}} on {{DeviceName}}', description: 'An Office application started {{FileName}}: {{ProcessCommandLine}}', severity: 'high', category: 'Execution', techniques: ['T1204.002', 'T1059'] },
    entityMapping: proc,
  },
  {
    id: 'pal-powershell-download-cradle',
    name: 'PowerShell download cradle',
    description: 'PowerShell downloads and runs code in memory (IEX with DownloadString, or Invoke-WebRequest piped to IEX).',
    query: `DeviceProcessEvents
| where FileName in~ ("powershell.exe", "pwsh.exe", "cmd.exe")
| where ProcessCommandLine contains "downloadstring" or (ProcessCommandLine contains "iex" and ProcessCommandLine contains "invoke-webrequest") or ProcessCommandLine contains "downloadfile("`,
    frequency: 'nrt',
    alert: { title: 'PowerShell download cradle on {{DeviceName}}', description: 'A command downloads and runs code: {{ProcessCommandLine}}', severity: 'medium', category: 'Execution', techniques: ['T1059.001', 'T1105'] },
    entityMapping: proc,
  },
  {
    id: 'pal-web-server-spawns-shell',
    name: 'Web or application server spawned a shell',
    description: 'A Java, IIS, PHP or web server process started a command shell: the sign of a web exploit or web shell.',
    query: `DeviceProcessEvents
| where InitiatingProcessFileName in~ ("java", "java.exe", "w3wp.exe", "httpd", "nginx", "php-fpm", "tomcat", "node", "catalina.sh")
| where FileName in~ ("sh", "bash", "dash", "zsh", "cmd.exe", "powershell.exe", "python", "python3", "perl")`,
    frequency: 'nrt',
    alert: { title: 'Server process {{InitiatingProcessFileName}} spawned a shell on {{DeviceName}}', description: 'Possible exploitation of a public-facing application: {{ProcessCommandLine}}', severity: 'high', category: 'InitialAccess', techniques: ['T1190', 'T1059.004'] },
    entityMapping: proc,
  },
  {
    id: 'pal-curl-pipe-shell',
    name: 'Script downloaded and piped into a shell',
    description: 'curl or wget output piped straight into sh or bash.',
    query: `DeviceProcessEvents
| where ProcessCommandLine contains "curl " or ProcessCommandLine contains "wget "
| where ProcessCommandLine contains "| sh" or ProcessCommandLine contains "|sh" or ProcessCommandLine contains "| bash" or ProcessCommandLine contains "|bash"`,
    frequency: 'nrt',
    alert: { title: 'Remote script piped into a shell on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'medium', category: 'Execution', techniques: ['T1059.004', 'T1105'] },
    entityMapping: proc,
  },
  {
    id: 'pal-wmiprvse-spawns-shell',
    name: 'WMI provider host spawned a shell',
    description: 'WmiPrvSE.exe started PowerShell or cmd: remote execution through WMI.',
    query: `DeviceProcessEvents
| where InitiatingProcessFileName =~ "wmiprvse.exe"
| where FileName in~ ("powershell.exe", "pwsh.exe", "cmd.exe", "mshta.exe", "rundll32.exe")`,
    frequency: 'nrt',
    alert: { title: 'WMI spawned {{FileName}} on {{DeviceName}}', description: 'Process started through WMI: {{ProcessCommandLine}}', severity: 'medium', category: 'Execution', techniques: ['T1047'] },
    entityMapping: proc,
  },
  {
    id: 'pal-user-runs-fake-update',
    name: 'Fake browser or software update run from Downloads',
    description: 'An executable named like a browser or software update ran from a Downloads folder.',
    query: `DeviceProcessEvents
| where FolderPath contains @"\\Downloads\\"
| where FileName contains "update" and FileName endswith ".exe"
| where ProcessVersionInfoCompanyName !in~ ("Google LLC", "Microsoft Corporation", "Mozilla Corporation")`,
    frequency: 'nrt',
    alert: { title: 'Fake update {{FileName}} run on {{DeviceName}}', description: 'An unsigned update-like executable ran from Downloads: {{FolderPath}}', severity: 'medium', category: 'Execution', techniques: ['T1204.002', 'T1036.005'] },
    entityMapping: suspectProc,
  },
  // ---------- Credential access ----------
  {
    id: 'pal-lsass-minidump-comsvcs',
    name: 'LSASS memory dump with comsvcs.dll',
    description: 'rundll32 calling comsvcs.dll MiniDump: a living-off-the-land dump of LSASS credentials.',
    query: `DeviceProcessEvents
| where ProcessCommandLine contains "comsvcs" and ProcessCommandLine contains "minidump"`,
    frequency: 'nrt',
    alert: { title: 'LSASS credential dump on {{DeviceName}}', description: 'comsvcs.dll MiniDump: {{ProcessCommandLine}}', severity: 'high', category: 'CredentialAccess', techniques: ['T1003.001'] },
    entityMapping: proc,
  },
  {
    id: 'pal-lsass-handle-open',
    name: 'Unexpected process opened LSASS',
    description: 'A process that is not a system or security component opened a handle to lsass.exe.',
    query: `DeviceEvents
| where ActionType == "OpenProcessApiCall" and FileName =~ "lsass.exe"
| where InitiatingProcessFileName !in~ ("msmpeng.exe", "csrss.exe", "wininit.exe", "svchost.exe", "services.exe", "lsm.exe", "taskmgr.exe", "mssense.exe", "wmiprvse.exe", "vmtoolsd.exe")`,
    frequency: 'nrt',
    alert: { title: '{{InitiatingProcessFileName}} accessed LSASS memory on {{DeviceName}}', description: 'A handle to lsass.exe was opened by {{InitiatingProcessFileName}}.', severity: 'high', category: 'CredentialAccess', techniques: ['T1003.001'] },
    entityMapping: { deviceName: 'DeviceName', deviceId: 'DeviceId', accountName: 'InitiatingProcessAccountName', processFileName: 'InitiatingProcessFileName', processCommandLine: 'InitiatingProcessCommandLine' },
  },
  {
    id: 'pal-lsass-dump-file',
    name: 'LSASS dump file written',
    description: 'A file whose name says it is an LSASS memory dump was written.',
    query: `DeviceFileEvents
| where ActionType == "FileCreated" and FileName contains "lsass" and (FileName endswith ".dmp" or FileName endswith ".zip")`,
    frequency: 'nrt',
    alert: { title: 'LSASS dump file {{FileName}} on {{DeviceName}}', description: 'Written to {{FolderPath}} by {{InitiatingProcessFileName}}.', severity: 'high', category: 'CredentialAccess', techniques: ['T1003.001'] },
    entityMapping: file,
  },
  {
    id: 'pal-kerberoasting-tool',
    name: 'Kerberoasting tool run',
    description: 'Rubeus, Invoke-Kerberoast or similar requested service tickets to crack offline.',
    query: `DeviceProcessEvents
| where FileName =~ "rubeus.exe" or ProcessCommandLine contains "kerberoast" or ProcessCommandLine contains "asktgs" or ProcessCommandLine contains "GetUserSPNs"`,
    frequency: 'nrt',
    alert: { title: 'Kerberoasting on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'high', category: 'CredentialAccess', techniques: ['T1558.003'] },
    entityMapping: suspectProc,
  },
  {
    id: 'pal-kerberos-from-unusual-process',
    name: 'Kerberos traffic from an unusual process',
    description: 'A process other than LSASS talked to a domain controller on port 88: ticket requests made by a tool.',
    query: `DeviceNetworkEvents
| where RemotePort == 88 and ActionType == "ConnectionSuccess"
| where InitiatingProcessFileName !in~ ("lsass.exe", "svchost.exe", "system", "")`,
    frequency: 'nrt',
    alert: { title: '{{InitiatingProcessFileName}} requested Kerberos tickets from {{DeviceName}}', description: 'Kerberos (port 88) to {{RemoteIP}} from {{InitiatingProcessFileName}}.', severity: 'medium', category: 'CredentialAccess', techniques: ['T1558.003'] },
    entityMapping: { deviceName: 'DeviceName', deviceId: 'DeviceId', processFileName: 'InitiatingProcessFileName', processCommandLine: 'InitiatingProcessCommandLine', accountName: 'InitiatingProcessAccountName' },
  },
  {
    id: 'pal-password-spray',
    name: 'Password spray',
    description: 'One address failed to sign in to many different accounts within an hour.',
    query: `IdentityLogonEvents
| where ActionType == "LogonFailed"
| summarize Timestamp = min(Timestamp), Failures = count() by IPAddress, Window = bin(Timestamp, 1h), AccountUpn
| summarize Timestamp = min(Timestamp), Accounts = countif(isnotempty(AccountUpn)), Failures = sum(Failures) by IPAddress, Window
| where Accounts >= 10`,
    frequency: '1h',
    alert: { title: 'Password spray from {{IPAddress}}', description: '{{Failures}} failed sign-ins to {{Accounts}} accounts from {{IPAddress}} within an hour.', severity: 'high', category: 'CredentialAccess', techniques: ['T1110.003'] },
    entityMapping: { ip: 'IPAddress' },
  },
  {
    id: 'pal-spray-source-sign-in',
    name: 'Successful sign-in from a password-spray source',
    description: 'An account signed in successfully from an address that failed against ten or more accounts.',
    query: `let SprayIps = IdentityLogonEvents
| where ActionType == "LogonFailed" and isnotempty(AccountUpn)
| summarize by IPAddress, AccountUpn
| summarize Accounts = count() by IPAddress
| where Accounts >= 10
| project IPAddress;
IdentityLogonEvents
| where ActionType == "LogonSuccess" and IPAddress in (SprayIps)
| project Timestamp, AccountUpn, AccountName, IPAddress, Application`,
    frequency: '1h',
    alert: { title: 'Account {{AccountUpn}} signed in from a password-spray source', description: '{{AccountUpn}} signed in to {{Application}} from {{IPAddress}}, which sprayed passwords at many accounts.', severity: 'high', category: 'InitialAccess', techniques: ['T1078.004', 'T1110.003'] },
    entityMapping: { accountUpn: 'AccountUpn', accountName: 'AccountName', ip: 'IPAddress', cloudApp: 'Application' },
  },
  {
    id: 'pal-impossible-travel',
    name: 'Sign-ins from two countries within an hour',
    description: 'One account signed in successfully from two different locations within an hour.',
    query: `IdentityLogonEvents
| where ActionType == "LogonSuccess" and isnotempty(Location)
| summarize Timestamp = min(Timestamp), Locations = dcount(Location), Addresses = make_set(IPAddress) by AccountUpn, Window = bin(Timestamp, 1h)
| where Locations >= 2`,
    frequency: '1h',
    alert: { title: 'Impossible travel for {{AccountUpn}}', description: '{{AccountUpn}} signed in from {{Locations}} locations within an hour ({{Addresses}}).', severity: 'medium', category: 'InitialAccess', techniques: ['T1078.004'] },
    entityMapping: { accountUpn: 'AccountUpn' },
  },
  // ---------- Lateral movement ----------
  {
    id: 'pal-psexec-remote',
    name: 'PsExec remote execution',
    description: 'PsExec run against another device.',
    query: `DeviceProcessEvents
| where FileName in~ ("psexec.exe", "psexec64.exe", "paexec.exe") or ProcessVersionInfoOriginalFileName =~ "psexec.c"
| where ProcessCommandLine contains @"\\\\"
| extend TargetDevice = extract(@"\\\\\\\\([^\\\\ ]+)", 1, ProcessCommandLine)`,
    frequency: 'nrt',
    alert: { title: 'PsExec launched from {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'medium', category: 'LateralMovement', techniques: ['T1570', 'T1021.002'] },
    entityMapping: { ...proc, remoteDeviceName: 'TargetDevice' },
  },
  {
    id: 'pal-psexesvc-service',
    name: 'PsExec service ran on a device',
    description: 'PSEXESVC.exe ran or started a process: this device was the target of PsExec.',
    query: `DeviceProcessEvents
| where FileName =~ "psexesvc.exe" or InitiatingProcessFileName =~ "psexesvc.exe"`,
    frequency: 'nrt',
    alert: { title: 'Remote execution through PsExec on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'medium', category: 'LateralMovement', techniques: ['T1569.002', 'T1021.002'] },
    entityMapping: proc,
  },
  {
    id: 'pal-wmic-remote-process',
    name: 'WMIC remote process creation',
    description: 'wmic /node: process call create on another device.',
    query: `DeviceProcessEvents
| where FileName =~ "wmic.exe" and ProcessCommandLine contains "/node:" and ProcessCommandLine contains "call create"
| extend TargetDevice = extract(@'/node:"?([^" ]+)', 1, ProcessCommandLine)`,
    frequency: 'nrt',
    alert: { title: 'Remote process created through WMI from {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'medium', category: 'LateralMovement', techniques: ['T1047', 'T1021.003'] },
    entityMapping: { ...proc, remoteDeviceName: 'TargetDevice' },
  },
  {
    id: 'pal-executable-over-admin-share',
    name: 'Executable copied over an administrative share',
    description: 'An executable was written to this device through ADMIN$ or C$ over SMB.',
    query: `DeviceFileEvents
| where ActionType == "FileCreated" and RequestProtocol =~ "Smb" and ShareName in~ ("ADMIN$", "C$", "IPC$")
| where FileName endswith ".exe" or FileName endswith ".dll" or FileName endswith ".ps1" or FileName endswith ".bat"`,
    frequency: 'nrt',
    alert: { title: 'Executable {{FileName}} copied to {{DeviceName}} over {{ShareName}}', description: 'From {{RequestSourceIP}} as {{RequestAccountName}}.', severity: 'medium', category: 'LateralMovement', techniques: ['T1570', 'T1021.002'] },
    entityMapping: { deviceName: 'DeviceName', deviceId: 'DeviceId', accountName: 'RequestAccountName', accountDomain: 'RequestAccountDomain', fileName: 'FileName', folderPath: 'FolderPath', sha256: 'SHA256' },
  },
  // ---------- Persistence ----------
  {
    id: 'pal-run-key-user-writable',
    name: 'Run key points to a user-writable path',
    description: 'A Run or RunOnce value was set to a program in AppData, Temp, ProgramData or Public.',
    query: `DeviceRegistryEvents
| where ActionType == "RegistryValueSet" and RegistryKey contains @"\\CurrentVersion\\Run"
| where RegistryValueData contains @"\\AppData\\" or RegistryValueData contains @"\\Temp\\" or RegistryValueData contains @"\\ProgramData\\" or RegistryValueData contains @"\\Users\\Public\\"`,
    frequency: 'nrt',
    alert: { title: 'Run key persistence on {{DeviceName}}', description: '{{RegistryKey}} {{RegistryValueName}} = {{RegistryValueData}}', severity: 'medium', category: 'Persistence', techniques: ['T1547.001'] },
    entityMapping: { deviceName: 'DeviceName', deviceId: 'DeviceId', accountName: 'InitiatingProcessAccountName', registryKey: 'RegistryKey', registryValueName: 'RegistryValueName', processFileName: 'InitiatingProcessFileName' },
  },
  {
    id: 'pal-schtasks-suspicious',
    name: 'Scheduled task created for a script or user-writable program',
    description: 'schtasks /create with an action in a user-writable folder or a script interpreter.',
    query: `DeviceProcessEvents
| where FileName =~ "schtasks.exe" and ProcessCommandLine contains "/create"
| where ProcessCommandLine contains @"\\AppData\\" or ProcessCommandLine contains @"\\Temp\\" or ProcessCommandLine contains @"\\ProgramData\\" or ProcessCommandLine contains "powershell" or ProcessCommandLine contains "mshta" or ProcessCommandLine contains @"\\Users\\Public\\"`,
    frequency: 'nrt',
    alert: { title: 'Suspicious scheduled task created on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'medium', category: 'Persistence', techniques: ['T1053.005'] },
    entityMapping: proc,
  },
  {
    id: 'pal-cron-modified',
    name: 'Crontab modified outside package management',
    description: 'A cron file was written by something other than the package manager.',
    query: `DeviceFileEvents
| where FolderPath startswith "/var/spool/cron" or FolderPath startswith "/etc/cron"
| where InitiatingProcessFileName !in~ ("dpkg", "rpm", "yum", "dnf", "apt", "apt-get", "unattended-upgrade", "puppet", "chef-client", "ansible")`,
    frequency: 'nrt',
    alert: { title: 'Cron persistence on {{DeviceName}}', description: '{{FolderPath}} written by {{InitiatingProcessFileName}}.', severity: 'medium', category: 'Persistence', techniques: ['T1053.003'] },
    entityMapping: file,
  },
  {
    id: 'pal-service-from-user-writable',
    name: 'Service binary in a user-writable folder',
    description: 'services.exe started a program from ProgramData, Temp or a user profile.',
    query: `DeviceProcessEvents
| where InitiatingProcessFileName =~ "services.exe"
| where FolderPath startswith @"C:\\ProgramData\\" or FolderPath contains @"\\Temp\\" or FolderPath startswith @"C:\\Users\\"`,
    frequency: 'nrt',
    alert: { title: 'Service {{FileName}} started from {{FolderPath}} on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'high', category: 'Persistence', techniques: ['T1569.002', 'T1543.003'] },
    entityMapping: suspectProc,
  },
  {
    id: 'pal-local-admin-added',
    name: 'Account added to local Administrators',
    description: 'net localgroup administrators /add.',
    query: `DeviceProcessEvents
| where FileName in~ ("net.exe", "net1.exe") and ProcessCommandLine contains "localgroup" and ProcessCommandLine contains "administrators" and ProcessCommandLine contains "/add"`,
    frequency: 'nrt',
    alert: { title: 'Local administrator added on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'medium', category: 'Persistence', techniques: ['T1098', 'T1136.001'] },
    entityMapping: proc,
  },
  // ---------- Defense evasion ----------
  {
    id: 'pal-masquerading-updater',
    name: 'Updater-named program running from an odd folder',
    description: 'A program named like a Microsoft or Google updater, or svchost, ran from Temp, Roaming or ProgramData.',
    query: `DeviceProcessEvents
| where FileName in~ ("microsoftedgeupdate.exe", "googleupdate.exe", "googleupdatecore.exe", "onedriveupdater.exe", "svchost.exe", "svchostsvc.exe", "lsass.exe", "csrss.exe")
| where FolderPath contains @"\\AppData\\Local\\Temp\\" or FolderPath contains @"\\AppData\\Roaming\\" or FolderPath startswith @"C:\\ProgramData\\" or FolderPath startswith @"C:\\Users\\Public\\"`,
    frequency: 'nrt',
    alert: { title: 'Masquerading process {{FileName}} on {{DeviceName}}', description: '{{FileName}} ran from {{FolderPath}}.', severity: 'medium', category: 'DefenseEvasion', techniques: ['T1036.005'] },
    entityMapping: suspectProc,
  },
  {
    id: 'pal-defender-tampering',
    name: 'Antivirus protection turned off by command',
    description: 'Set-MpPreference or sc/reg commands that disable Microsoft Defender.',
    query: `DeviceProcessEvents
| where (ProcessCommandLine contains "set-mppreference" and (ProcessCommandLine contains "disablerealtimemonitoring" or ProcessCommandLine contains "exclusionpath"))
    or (ProcessCommandLine contains "windefend" and (ProcessCommandLine contains "stop" or ProcessCommandLine contains "delete"))`,
    frequency: 'nrt',
    alert: { title: 'Antivirus tampering on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'high', category: 'DefenseEvasion', techniques: ['T1562.001'] },
    entityMapping: proc,
  },
  {
    id: 'pal-event-log-cleared',
    name: 'Event log cleared',
    description: 'wevtutil cl or Clear-EventLog.',
    query: `DeviceProcessEvents
| where (FileName =~ "wevtutil.exe" and (ProcessCommandLine contains " cl " or ProcessCommandLine contains "clear-log")) or ProcessCommandLine contains "clear-eventlog"`,
    frequency: 'nrt',
    alert: { title: 'Event log cleared on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'medium', category: 'DefenseEvasion', techniques: ['T1070.001'] },
    entityMapping: proc,
  },
  {
    id: 'pal-certutil-download',
    name: 'certutil used to download a file',
    description: 'certutil -urlcache or -verifyctl fetching a URL.',
    query: `DeviceProcessEvents
| where FileName =~ "certutil.exe" and (ProcessCommandLine contains "urlcache" or ProcessCommandLine contains "verifyctl") and ProcessCommandLine contains "http"`,
    frequency: 'nrt',
    alert: { title: 'certutil download on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'medium', category: 'CommandAndControl', techniques: ['T1105', 'T1218'] },
    entityMapping: proc,
  },
  {
    id: 'pal-chmod-exec-tmp',
    name: 'File in /tmp made executable',
    description: 'chmod +x on a file under /tmp or /dev/shm.',
    query: `DeviceProcessEvents
| where FileName == "chmod" and ProcessCommandLine contains "+x"
| where ProcessCommandLine contains "/tmp/" or ProcessCommandLine contains "/dev/shm/" or ProcessCommandLine contains "/var/tmp/"`,
    frequency: 'nrt',
    alert: { title: 'Executable permission set on a temporary file on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'low', category: 'DefenseEvasion', techniques: ['T1222.002'] },
    entityMapping: proc,
  },
  // ---------- Discovery ----------
  {
    id: 'pal-domain-admins-enumeration',
    name: 'Domain Admins group enumerated',
    description: 'net group "Domain Admins" /domain.',
    query: `DeviceProcessEvents
| where FileName in~ ("net.exe", "net1.exe") and ProcessCommandLine contains "group" and ProcessCommandLine contains "domain admins"`,
    frequency: 'nrt',
    alert: { title: 'Domain Admins enumeration on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'low', category: 'Discovery', techniques: ['T1069.002'] },
    entityMapping: proc,
  },
  {
    id: 'pal-dc-discovery-nltest',
    name: 'Domain controller or trust discovery with nltest',
    description: 'nltest /dclist or /domain_trusts.',
    query: `DeviceProcessEvents
| where FileName =~ "nltest.exe" and (ProcessCommandLine contains "/dclist" or ProcessCommandLine contains "/domain_trusts" or ProcessCommandLine contains "/dsgetdc")`,
    frequency: 'nrt',
    alert: { title: 'Domain discovery with nltest on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'low', category: 'Discovery', techniques: ['T1018', 'T1482'] },
    entityMapping: proc,
  },
  {
    id: 'pal-ad-recon-tool',
    name: 'Active Directory reconnaissance tool',
    description: 'SharpHound / BloodHound or AdFind collecting the directory.',
    query: `DeviceProcessEvents
| where FileName in~ ("sharphound.exe", "adfind.exe") or ProcessCommandLine contains "sharphound" or ProcessCommandLine contains "invoke-bloodhound" or ProcessCommandLine contains "-collectionmethod"`,
    frequency: 'nrt',
    alert: { title: 'Active Directory reconnaissance on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'medium', category: 'Discovery', techniques: ['T1087.002', 'T1069.002'] },
    entityMapping: proc,
  },
  {
    id: 'pal-discovery-burst',
    name: 'Burst of discovery commands',
    description: 'Three or more different discovery tools run by one parent process within ten minutes.',
    // One row per tool first, then count rows: the number of distinct tools without a DISTINCT aggregate (which
    // costs DuckDB a hash table per group); Commands holds one command line per tool.
    query: `DeviceProcessEvents
| where FileName in~ ("whoami.exe", "net.exe", "net1.exe", "nltest.exe", "ipconfig.exe", "systeminfo.exe", "quser.exe", "tasklist.exe", "netstat.exe", "arp.exe", "route.exe", "hostname.exe")
| summarize Timestamp = min(Timestamp), Command = take_any(ProcessCommandLine) by DeviceName, DeviceId, AccountName, InitiatingProcessFileName, Window = bin(Timestamp, 10m), Tool = tolower(FileName)
| summarize Timestamp = min(Timestamp), Tools = count(), Commands = make_list(Command) by DeviceName, DeviceId, AccountName, InitiatingProcessFileName, Window
| where Tools >= 3`,
    frequency: '1h',
    alert: { title: 'Discovery commands burst on {{DeviceName}}', description: '{{InitiatingProcessFileName}} ran {{Tools}} discovery tools: {{Commands}}', severity: 'low', category: 'Discovery', techniques: ['T1033', 'T1016', 'T1082'] },
    entityMapping: { deviceName: 'DeviceName', deviceId: 'DeviceId', accountName: 'AccountName', processFileName: 'InitiatingProcessFileName' },
  },
  {
    id: 'pal-port-scan',
    name: 'Port scan from a device',
    description: 'One process connected to many ports or hosts within ten minutes.',
    query: `DeviceNetworkEvents
| where ActionType in ("ConnectionAttempt", "ConnectionFailed", "ConnectionSuccess")
| summarize Timestamp = min(Timestamp), Ports = dcount(RemotePort), Hosts = dcount(RemoteIP) by DeviceName, DeviceId, InitiatingProcessFileName, Window = bin(Timestamp, 10m)
| where Ports >= 30 or Hosts >= 50`,
    frequency: '1h',
    alert: { title: 'Port scan from {{DeviceName}}', description: '{{InitiatingProcessFileName}} reached {{Ports}} ports on {{Hosts}} hosts in ten minutes.', severity: 'low', category: 'Discovery', techniques: ['T1046'] },
    entityMapping: { deviceName: 'DeviceName', deviceId: 'DeviceId', processFileName: 'InitiatingProcessFileName' },
  },
  // ---------- Collection, exfiltration, C2 ----------
  {
    id: 'pal-password-archive',
    name: 'Password-protected archive created',
    description: '7-Zip or RAR creating an encrypted archive from the command line.',
    query: `DeviceProcessEvents
| where FileName in~ ("7z.exe", "7za.exe", "7zr.exe", "rar.exe", "winrar.exe")
| where ProcessCommandLine contains " a " and (ProcessCommandLine contains " -p" or ProcessCommandLine contains " -hp")`,
    frequency: 'nrt',
    alert: { title: 'Encrypted archive created on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'low', category: 'Collection', techniques: ['T1560.001'] },
    entityMapping: proc,
  },
  {
    id: 'pal-curl-upload',
    name: 'File uploaded with curl',
    description: 'curl sending a local file to a web server (PUT, --data-binary @, -T, -F @).',
    query: `DeviceProcessEvents
| where FileName in~ ("curl.exe", "curl")
| where ProcessCommandLine contains "--data-binary @" or ProcessCommandLine contains " -T " or ProcessCommandLine contains "--upload-file" or ProcessCommandLine contains "=@"`,
    frequency: 'nrt',
    alert: { title: 'File upload with curl from {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'medium', category: 'Exfiltration', techniques: ['T1048', 'T1041'] },
    entityMapping: proc,
  },
  {
    id: 'pal-beacon-from-user-writable',
    name: 'Regular connections from a program in a user-writable folder',
    description: 'A program in AppData, Temp or ProgramData connected to the same public address twenty or more times in an hour.',
    query: `DeviceNetworkEvents
| where RemoteIPType == "Public"
| where InitiatingProcessFolderPath contains @"\\AppData\\" or InitiatingProcessFolderPath contains @"\\Temp\\" or InitiatingProcessFolderPath startswith @"C:\\ProgramData\\"
| summarize Timestamp = min(Timestamp), Connections = count() by DeviceName, DeviceId, RemoteIP, RemoteUrl, InitiatingProcessFileName, InitiatingProcessAccountName, InitiatingProcessAccountUpn, Window = bin(Timestamp, 1h)
| where Connections >= 20`,
    frequency: '1h',
    alert: { title: 'Possible command and control from {{InitiatingProcessFileName}} on {{DeviceName}}', description: '{{Connections}} connections to {{RemoteIP}} ({{RemoteUrl}}) within an hour.', severity: 'medium', category: 'CommandAndControl', techniques: ['T1071.001'] },
    entityMapping: net,
  },
  {
    id: 'pal-mining-pool',
    name: 'Connection to a cryptocurrency mining pool',
    description: 'Network connection to well-known mining pool ports or stratum hosts.',
    query: `DeviceNetworkEvents
| where RemotePort in (3333, 4444, 5555, 7777, 14433, 14444, 45560, 45700) or RemoteUrl contains "pool." or RemoteUrl contains "xmr" or RemoteUrl contains "monero" or RemoteUrl contains "nanopool"`,
    frequency: 'nrt',
    alert: { title: 'Crypto-mining pool connection from {{DeviceName}}', description: '{{InitiatingProcessFileName}} connected to {{RemoteUrl}} {{RemoteIP}}:{{RemotePort}}.', severity: 'medium', category: 'Impact', techniques: ['T1496'] },
    entityMapping: net,
  },
  {
    id: 'pal-miner-command-line',
    name: 'Crypto-miner command line',
    description: 'A process started with stratum or xmrig-style options.',
    query: `DeviceProcessEvents
| where ProcessCommandLine contains "stratum+tcp" or ProcessCommandLine contains "stratum+ssl" or FileName in~ ("xmrig", "xmrig.exe") or (ProcessCommandLine contains "--donate-level" and ProcessCommandLine contains "-o ")`,
    frequency: 'nrt',
    alert: { title: 'Crypto-miner started on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'medium', category: 'Impact', techniques: ['T1496'] },
    entityMapping: suspectProc,
  },
  {
    id: 'pal-usb-mass-copy',
    name: 'Many files copied to removable media',
    description: 'Twenty or more files written to a drive other than C: within an hour.',
    query: `DeviceFileEvents
| where ActionType == "FileCreated" and FolderPath matches regex @"^[D-Zd-z]:\\\\"
| summarize Timestamp = min(Timestamp), Files = count(), Sample = make_set(FileName, 10) by DeviceName, DeviceId, InitiatingProcessAccountName, InitiatingProcessAccountUpn, InitiatingProcessAccountObjectId, Window = bin(Timestamp, 1h)
| where Files >= 20`,
    frequency: '1h',
    alert: { title: 'Mass copy to removable media on {{DeviceName}}', description: '{{Files}} files copied, including {{Sample}}.', severity: 'medium', category: 'Exfiltration', techniques: ['T1052.001'] },
    entityMapping: { deviceName: 'DeviceName', deviceId: 'DeviceId', accountName: 'InitiatingProcessAccountName', accountUpn: 'InitiatingProcessAccountUpn', accountSid: 'InitiatingProcessAccountObjectId' },
  },
  {
    id: 'pal-cloud-mass-download',
    name: 'Mass download from a cloud app',
    description: 'One account downloaded fifty or more files from a cloud app within an hour.',
    query: `CloudAppEvents
| where ActionType in ("FileDownloaded", "FileSyncDownloadedFull")
| summarize Timestamp = min(Timestamp), Files = count() by AccountObjectId, AccountDisplayName, Application, IPAddress, Window = bin(Timestamp, 1h)
| where Files >= 50`,
    frequency: '1h',
    alert: { title: 'Mass download by {{AccountDisplayName}} from {{Application}}', description: '{{Files}} files downloaded within an hour from {{IPAddress}}.', severity: 'medium', category: 'Exfiltration', techniques: ['T1530'] },
    entityMapping: { accountName: 'AccountDisplayName', accountSid: 'AccountObjectId', ip: 'IPAddress', cloudApp: 'Application' },
  },
  // ---------- Impact ----------
  {
    id: 'pal-shadow-copy-deletion',
    name: 'Shadow copies or backups deleted',
    description: 'vssadmin, wmic or wbadmin deleting shadow copies or the backup catalog: ransomware preparing.',
    query: `DeviceProcessEvents
| where (FileName =~ "vssadmin.exe" and ProcessCommandLine contains "delete" and ProcessCommandLine contains "shadows")
    or (FileName =~ "wmic.exe" and ProcessCommandLine contains "shadowcopy" and ProcessCommandLine contains "delete")
    or (FileName =~ "wbadmin.exe" and ProcessCommandLine contains "delete" and (ProcessCommandLine contains "catalog" or ProcessCommandLine contains "backup"))`,
    frequency: 'nrt',
    alert: { title: 'Shadow copies deleted on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'high', category: 'Impact', techniques: ['T1490'] },
    entityMapping: proc,
  },
  {
    id: 'pal-recovery-disabled',
    name: 'Windows recovery disabled',
    description: 'bcdedit turning off recovery or ignoring boot failures.',
    query: `DeviceProcessEvents
| where FileName =~ "bcdedit.exe" and (ProcessCommandLine contains "recoveryenabled" or ProcessCommandLine contains "bootstatuspolicy")`,
    frequency: 'nrt',
    alert: { title: 'Windows recovery disabled on {{DeviceName}}', description: '{{ProcessCommandLine}}', severity: 'high', category: 'Impact', techniques: ['T1490'] },
    entityMapping: proc,
  },
  {
    id: 'pal-mass-rename-extension',
    name: 'Mass file rename to one new extension',
    description: 'One process renamed thirty or more files to the same new extension within ten minutes: encryption by ransomware.',
    query: `DeviceFileEvents
| where ActionType == "FileRenamed"
| extend NewExtension = tostring(extract(@"\\.([A-Za-z0-9]+)$", 1, FileName))
| summarize Timestamp = min(Timestamp), Files = count() by DeviceName, DeviceId, InitiatingProcessFileName, InitiatingProcessAccountName, NewExtension, Window = bin(Timestamp, 10m)
| where Files >= 30`,
    frequency: '1h',
    alert: { title: 'Ransomware-like mass rename on {{DeviceName}}', description: '{{InitiatingProcessFileName}} renamed {{Files}} files to .{{NewExtension}}.', severity: 'high', category: 'Ransomware', techniques: ['T1486'] },
    entityMapping: { deviceName: 'DeviceName', deviceId: 'DeviceId', processFileName: 'InitiatingProcessFileName', accountName: 'InitiatingProcessAccountName' },
  },
  {
    id: 'pal-ransom-note',
    name: 'Ransom note dropped',
    description: 'A text or HTML file named like a ransom note was created.',
    query: `DeviceFileEvents
| where ActionType == "FileCreated"
| where (FileName contains "restore" or FileName contains "decrypt" or FileName contains "recover") and (FileName contains "files" or FileName contains "how_to" or FileName contains "readme")
| where FileName endswith ".txt" or FileName endswith ".html" or FileName endswith ".hta"`,
    frequency: 'nrt',
    alert: { title: 'Ransom note {{FileName}} on {{DeviceName}}', description: 'Written to {{FolderPath}} by {{InitiatingProcessFileName}}.', severity: 'high', category: 'Ransomware', techniques: ['T1486'] },
    entityMapping: file,
  },
  // ---------- Email ----------
  {
    id: 'pal-macro-attachment-delivered',
    name: 'Mail with a macro or script attachment delivered',
    description: 'A delivered message carried a macro-enabled Office document or a script/container file.',
    query: `EmailAttachmentInfo
| where FileType in~ ("docm", "xlsm", "pptm", "dotm", "xlam", "hta", "js", "vbs", "wsf", "iso", "img", "lnk") or FileName endswith ".docm" or FileName endswith ".xlsm"`,
    frequency: 'nrt',
    alert: { title: 'Macro attachment {{FileName}} delivered to {{RecipientEmailAddress}}', description: 'From {{SenderFromAddress}}.', severity: 'medium', category: 'InitialAccess', techniques: ['T1566.001'] },
    entityMapping: { mailbox: 'RecipientEmailAddress', networkMessageId: 'NetworkMessageId', sender: 'SenderFromAddress', fileName: 'FileName', sha256: 'SHA256' },
  },
  {
    id: 'pal-url-click-through-warning',
    name: 'User clicked through a URL warning',
    description: 'A user opened a link from a message after the safe-links warning page (IsClickedThrough).',
    query: `UrlClickEvents
| where ActionType in ("ClickAllowed", "ClickedThrough", "UrlScanInProgress") and IsClickedThrough == true`,
    frequency: 'nrt',
    alert: { title: '{{AccountUpn}} clicked a link flagged as unsafe', description: '{{Url}}', severity: 'medium', category: 'InitialAccess', techniques: ['T1204.001', 'T1566.002'] },
    entityMapping: { accountUpn: 'AccountUpn', url: 'Url', networkMessageId: 'NetworkMessageId', ip: 'IPAddress' },
  },
  {
    id: 'pal-internal-phishing-burst',
    name: 'Internal mail with links to many colleagues',
    description: 'One internal sender mailed the same link to ten or more colleagues within an hour: a compromised mailbox phishing inside.',
    query: `EmailEvents
| where EmailDirection == "Intra-org" and UrlCount > 0
| join kind=inner (EmailUrlInfo | project NetworkMessageId, Url) on NetworkMessageId
| summarize Timestamp = min(Timestamp), Recipients = dcount(RecipientEmailAddress), Subjects = make_set(Subject, 3), NetworkMessageId = min(NetworkMessageId) by SenderFromAddress, Url, Window = bin(Timestamp, 1h)
| where Recipients >= 10`,
    frequency: '1h',
    alert: { title: 'Internal phishing from {{SenderFromAddress}}', description: '{{Recipients}} colleagues got the link {{Url}}: {{Subjects}}', severity: 'high', category: 'LateralMovement', techniques: ['T1534'] },
    // The link is evidence: a colleague's click on it belongs to this incident.
    entityMapping: { mailbox: 'SenderFromAddress', networkMessageId: 'NetworkMessageId', url: 'Url' },
  },
  {
    id: 'pal-inbox-forwarding-rule',
    name: 'Inbox rule forwarding or hiding mail',
    description: 'A new or changed inbox rule that forwards, redirects or deletes messages.',
    query: `CloudAppEvents
| where ActionType in ("New-InboxRule", "Set-InboxRule", "UpdateInboxRules", "Set-Mailbox")
| where RawEventData contains "ForwardTo" or RawEventData contains "RedirectTo" or RawEventData contains "ForwardingSmtpAddress" or RawEventData contains "DeleteMessage"`,
    frequency: 'nrt',
    alert: { title: 'Suspicious inbox rule by {{AccountDisplayName}}', description: '{{ActionType}} from {{IPAddress}}.', severity: 'medium', category: 'Collection', techniques: ['T1114.003', 'T1564.008'] },
    entityMapping: { accountName: 'AccountDisplayName', accountSid: 'AccountObjectId', ip: 'IPAddress', cloudApp: 'Application' },
  },
  // ---------- Threat indicators (Settings > Indicators) ----------
  ...indicatorRules.map(({ indicatorColumns: _c, ...rule }) => rule),
];
