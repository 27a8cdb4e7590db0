/**
 * What runs on the simulated machines: executables with their version resources and hashes, installed
 * software with current and outdated versions, and the real CVE ids that affect the outdated ones.
 *
 * Hashes are derived from the file's identity (name, version, company) with SHA-256/SHA-1/MD5 so that the
 * same binary has the same hashes on every device and in every table, which is what lets a hunter join
 * DeviceProcessEvents.SHA256 to DeviceFileEvents.SHA256 or EmailAttachmentInfo.SHA256.
 */
import { createHash } from 'node:crypto';

export type SignerType = 'OsVendor' | 'Microsoft' | 'ThirdParty' | 'Unknown';

export interface Binary {
  readonly file: string;
  /** Full path, as Defender reports FolderPath for processes. */
  readonly path: string;
  readonly company: string;
  readonly product: string;
  readonly version: string;
  readonly description: string;
  readonly internal: string;
  readonly original: string;
  readonly size: number;
  readonly sha1: string;
  readonly sha256: string;
  readonly md5: string;
  readonly signer: SignerType;
}

export function makeBinary(b: Omit<Binary, 'sha1' | 'sha256' | 'md5' | 'internal' | 'original' | 'signer'> & { internal?: string; original?: string; signer?: SignerType }): Binary {
  const identity = `${b.file}|${b.version}|${b.company}|${b.size}`;
  return {
    ...b,
    internal: b.internal ?? b.file.replace(/\.exe$/i, ''),
    original: b.original ?? b.file,
    signer: b.signer ?? (b.company === 'Microsoft Corporation' ? 'OsVendor' : b.company === '' ? 'Unknown' : 'ThirdParty'),
    sha1: createHash('sha1').update(identity).digest('hex'),
    sha256: createHash('sha256').update(identity).digest('hex'),
    md5: createHash('md5').update(identity).digest('hex'),
  };
}

const MS = 'Microsoft Corporation';
const WINOS = 'Microsoft® Windows® Operating System';
const OS_VER = '10.0.22621.4317';
const sys32 = (f: string): string => `C:\\Windows\\System32\\${f}`;

function win(file: string, description: string, size: number, path = sys32(file), version = OS_VER): Binary {
  return makeBinary({ file, path, company: MS, product: WINOS, version, description, size });
}

/** Windows executables, by short key. */
export const winBin = {
  system: win('System', 'NT Kernel & System', 0, 'System'),
  smss: win('smss.exe', 'Windows Session Manager', 155_648),
  services: win('services.exe', 'Services and Controller app', 722_944),
  lsass: win('lsass.exe', 'Local Security Authority Process', 83_400),
  winlogon: win('winlogon.exe', 'Windows Logon Application', 905_216),
  userinit: win('userinit.exe', 'Userinit Logon Application', 37_376),
  explorer: win('explorer.exe', 'Windows Explorer', 5_580_856, 'C:\\Windows\\explorer.exe'),
  svchost: win('svchost.exe', 'Host Process for Windows Services', 79_920),
  taskhostw: win('taskhostw.exe', 'Host Process for Windows Tasks', 101_936),
  backgroundTaskHost: win('backgroundTaskHost.exe', 'Background Task Host', 32_256),
  searchProtocolHost: win('SearchProtocolHost.exe', 'Microsoft Windows Search Protocol Host', 437_760),
  compatTelRunner: win('CompatTelRunner.exe', 'Microsoft Compatibility Telemetry', 280_168),
  wmiprvse: win('WmiPrvSE.exe', 'WMI Provider Host', 489_472, 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe'),
  cmd: win('cmd.exe', 'Windows Command Processor', 323_584),
  conhost: win('conhost.exe', 'Console Window Host', 868_864),
  powershell: win('powershell.exe', 'Windows PowerShell', 450_560, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'),
  rundll32: win('rundll32.exe', 'Windows host process (Rundll32)', 71_680),
  msiexec: win('msiexec.exe', 'Windows® installer', 66_048),
  notepad: win('notepad.exe', 'Notepad', 201_216),
  mstsc: win('mstsc.exe', 'Remote Desktop Connection', 1_368_576),
  net: win('net.exe', 'Net Command', 57_344),
  net1: win('net1.exe', 'Net Command', 172_544),
  nltest: win('nltest.exe', 'Microsoft® Logon Server Test Utility', 519_168),
  whoami: win('whoami.exe', 'whoami - displays logged on user information', 80_384),
  ipconfig: win('ipconfig.exe', 'IP Configuration Utility', 35_840),
  schtasks: win('schtasks.exe', 'Task Scheduler Configuration Tool', 235_008),
  reg: win('reg.exe', 'Registry Console Tool', 77_312),
  vssadmin: win('vssadmin.exe', 'Command Line Interface for Microsoft® Volume Shadow Copy Service', 139_776),
  wmic: win('WMIC.exe', 'WMI Commandline Utility', 571_392, 'C:\\Windows\\System32\\wbem\\WMIC.exe'),
  bcdedit: win('bcdedit.exe', 'Boot Configuration Data Editor', 406_016),
  wbadmin: win('wbadmin.exe', 'Command Line Interface for Microsoft® BlockLevel Backup', 354_304),
  certutil: win('certutil.exe', 'CertUtil.exe', 1_656_832),
  gpupdate: win('gpupdate.exe', 'Microsoft® Windows Group Policy Refresh Utility', 30_720),
  dsregcmd: win('dsregcmd.exe', 'DSREG commandline tool', 350_208),
  sc: win('sc.exe', 'Service Control Manager Configuration Tool', 71_680),
  mpCmdRun: makeBinary({ file: 'MpCmdRun.exe', path: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe', company: MS, product: WINOS, version: '4.18.24090.11', description: 'Microsoft Malware Protection Command Line Utility', size: 1_566_584 }),
  msMpEng: makeBinary({ file: 'MsMpEng.exe', path: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe', company: MS, product: WINOS, version: '4.18.24090.11', description: 'Antimalware Service Executable', size: 133_592 }),
  senseIR: makeBinary({ file: 'MsSense.exe', path: 'C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe', company: MS, product: WINOS, version: '10.8760.22621.1010', description: 'Windows Defender Advanced Threat Protection Service Executable', size: 5_320_912 }),
  officeC2R: makeBinary({ file: 'OfficeClickToRun.exe', path: 'C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeClickToRun.exe', company: MS, product: 'Microsoft 365 and Office', version: '16.0.17928.20156', description: 'Microsoft Office Click-to-Run (SxS)', size: 12_867_584 }),
  outlook: makeBinary({ file: 'OUTLOOK.EXE', path: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', company: MS, product: 'Microsoft Outlook', version: '16.0.17928.20156', description: 'Microsoft Outlook', size: 43_376_240, internal: 'Outlook', original: 'Outlook.exe', signer: 'Microsoft' }),
  winword: makeBinary({ file: 'WINWORD.EXE', path: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', company: MS, product: 'Microsoft Office', version: '16.0.17928.20156', description: 'Microsoft Word', size: 1_637_264, internal: 'WinWord', original: 'WinWord.exe', signer: 'Microsoft' }),
  excel: makeBinary({ file: 'EXCEL.EXE', path: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE', company: MS, product: 'Microsoft Office', version: '16.0.17928.20156', description: 'Microsoft Excel', size: 68_271_008, internal: 'Excel', original: 'Excel.exe', signer: 'Microsoft' }),
  powerpnt: makeBinary({ file: 'POWERPNT.EXE', path: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\POWERPNT.EXE', company: MS, product: 'Microsoft Office', version: '16.0.17928.20156', description: 'Microsoft PowerPoint', size: 1_912_720, internal: 'PowerPnt', original: 'PowerPnt.exe', signer: 'Microsoft' }),
  teams: makeBinary({ file: 'ms-teams.exe', path: 'C:\\Program Files\\WindowsApps\\MSTeams_24243.1309.3132.617_x64__8wekyb3d8bbwe\\ms-teams.exe', company: MS, product: 'Microsoft Teams', version: '24243.1309.3132.617', description: 'Microsoft Teams', size: 4_520_368, signer: 'Microsoft' }),
  oneDrive: makeBinary({ file: 'OneDrive.exe', path: 'C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe', company: MS, product: 'Microsoft OneDrive', version: '24.201.1006.0005', description: 'Microsoft OneDrive', size: 3_538_352, signer: 'Microsoft' }),
  msedge: makeBinary({ file: 'msedge.exe', path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', company: MS, product: 'Microsoft Edge', version: '130.0.2849.56', description: 'Microsoft Edge', size: 3_854_376, internal: 'msedge_exe', signer: 'Microsoft' }),
  chrome: makeBinary({ file: 'chrome.exe', path: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', company: 'Google LLC', product: 'Google Chrome', version: '130.0.6723.70', description: 'Google Chrome', size: 2_693_920, internal: 'chrome_exe' }),
  chromeOld: makeBinary({ file: 'chrome.exe', path: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', company: 'Google LLC', product: 'Google Chrome', version: '129.0.6668.100', description: 'Google Chrome', size: 2_689_568, internal: 'chrome_exe' }),
  acrobat: makeBinary({ file: 'Acrobat.exe', path: 'C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe', company: 'Adobe Inc.', product: 'Adobe Acrobat', version: '24.1.20643.0', description: 'Adobe Acrobat', size: 5_652_952 }),
  sevenZip: makeBinary({ file: '7zFM.exe', path: 'C:\\Program Files\\7-Zip\\7zFM.exe', company: 'Igor Pavlov', product: '7-Zip', version: '22.01', description: '7-Zip File Manager', size: 956_416 }),
  sevenZipCli: makeBinary({ file: '7z.exe', path: 'C:\\Program Files\\7-Zip\\7z.exe', company: 'Igor Pavlov', product: '7-Zip', version: '22.01', description: '7-Zip Console', size: 545_280 }),
  code: makeBinary({ file: 'Code.exe', path: 'C:\\Users\\{user}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe', company: MS, product: 'Visual Studio Code', version: '1.94.2', description: 'Visual Studio Code', size: 158_392_760, signer: 'Microsoft' }),
  git: makeBinary({ file: 'git.exe', path: 'C:\\Program Files\\Git\\cmd\\git.exe', company: 'The Git Development Community', product: 'Git', version: '2.46.0.1', description: 'Git for Windows', size: 45_608 }),
  zoom: makeBinary({ file: 'Zoom.exe', path: 'C:\\Users\\{user}\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe', company: 'Zoom Video Communications, Inc.', product: 'Zoom', version: '6.2.5.49931', description: 'Zoom Meetings', size: 421_480 }),
  sqlservr: makeBinary({ file: 'sqlservr.exe', path: 'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe', company: MS, product: 'Microsoft SQL Server', version: '2022.160.4135.4', description: 'SQL Server Windows NT - 64 Bit', size: 494_456, signer: 'Microsoft' }),
  veeam: makeBinary({ file: 'Veeam.Backup.Service.exe', path: 'C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Service.exe', company: 'Veeam Software Group GmbH', product: 'Veeam Backup & Replication', version: '12.1.2.172', description: 'Veeam Backup Service', size: 1_185_160 }),
  dns: win('dns.exe', 'Domain Name System (DNS) Server', 2_405_376),
  ntds: win('ntdsai.dll', 'NT Directory Services', 2_910_208),
} as const;

/** Linux and macOS executables. */
export const unixBin = {
  systemd: makeBinary({ file: 'systemd', path: '/usr/lib/systemd/systemd', company: '', product: 'systemd', version: '249.11', description: '', size: 1_840_824 }),
  cron: makeBinary({ file: 'cron', path: '/usr/sbin/cron', company: '', product: 'cron', version: '3.0pl1', description: '', size: 55_944 }),
  sshd: makeBinary({ file: 'sshd', path: '/usr/sbin/sshd', company: '', product: 'OpenSSH', version: '8.9p1', description: '', size: 921_480 }),
  bash: makeBinary({ file: 'bash', path: '/usr/bin/bash', company: '', product: 'bash', version: '5.1.16', description: '', size: 1_396_520 }),
  sh: makeBinary({ file: 'dash', path: '/usr/bin/dash', company: '', product: 'dash', version: '0.5.11', description: '', size: 125_688 }),
  curl: makeBinary({ file: 'curl', path: '/usr/bin/curl', company: '', product: 'curl', version: '7.81.0', description: '', size: 260_328 }),
  python3: makeBinary({ file: 'python3.10', path: '/usr/bin/python3.10', company: '', product: 'Python', version: '3.10.12', description: '', size: 5_904_904 }),
  nginx: makeBinary({ file: 'nginx', path: '/usr/sbin/nginx', company: '', product: 'nginx', version: '1.18.0', description: '', size: 1_199_232 }),
  java: makeBinary({ file: 'java', path: '/usr/lib/jvm/java-17-openjdk-amd64/bin/java', company: '', product: 'OpenJDK', version: '17.0.12', description: '', size: 14_328 }),
  dockerd: makeBinary({ file: 'dockerd', path: '/usr/bin/dockerd', company: '', product: 'Docker', version: '24.0.7', description: '', size: 95_428_104 }),
  aptGet: makeBinary({ file: 'apt-get', path: '/usr/bin/apt-get', company: '', product: 'apt', version: '2.4.13', description: '', size: 18_824 }),
  ps: makeBinary({ file: 'ps', path: '/usr/bin/ps', company: '', product: 'procps', version: '3.3.17', description: '', size: 137_688 }),
  logrotate: makeBinary({ file: 'logrotate', path: '/usr/sbin/logrotate', company: '', product: 'logrotate', version: '3.19.0', description: '', size: 96_480 }),
  mdatp: makeBinary({ file: 'wdavdaemon', path: '/opt/microsoft/mdatp/sbin/wdavdaemon', company: MS, product: 'Microsoft Defender for Endpoint', version: '101.24092.0002', description: '', size: 14_690_576, signer: 'Microsoft' }),
  launchd: makeBinary({ file: 'launchd', path: '/sbin/launchd', company: 'Apple Inc.', product: 'macOS', version: '14.7', description: '', size: 330_832 }),
  zsh: makeBinary({ file: 'zsh', path: '/bin/zsh', company: 'Apple Inc.', product: 'macOS', version: '14.7', description: '', size: 1_378_352 }),
  macChrome: makeBinary({ file: 'Google Chrome', path: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', company: 'Google LLC', product: 'Google Chrome', version: '130.0.6723.70', description: '', size: 179_728 }),
  macOutlook: makeBinary({ file: 'Microsoft Outlook', path: '/Applications/Microsoft Outlook.app/Contents/MacOS/Microsoft Outlook', company: MS, product: 'Microsoft Outlook', version: '16.90', description: '', size: 90_412_720, signer: 'Microsoft' }),
  macWord: makeBinary({ file: 'Microsoft Word', path: '/Applications/Microsoft Word.app/Contents/MacOS/Microsoft Word', company: MS, product: 'Microsoft Word', version: '16.90', description: '', size: 94_829_392, signer: 'Microsoft' }),
  macTeams: makeBinary({ file: 'MSTeams', path: '/Applications/Microsoft Teams.app/Contents/MacOS/MSTeams', company: MS, product: 'Microsoft Teams', version: '24243.1309.3132.617', description: '', size: 18_372_624, signer: 'Microsoft' }),
  safari: makeBinary({ file: 'Safari', path: '/Applications/Safari.app/Contents/MacOS/Safari', company: 'Apple Inc.', product: 'Safari', version: '18.0', description: '', size: 141_776 }),
  mdworker: makeBinary({ file: 'mdworker_shared', path: '/System/Library/Frameworks/CoreServices.framework/Frameworks/Metadata.framework/Versions/A/Support/mdworker_shared', company: 'Apple Inc.', product: 'macOS', version: '14.7', description: '', size: 257_856 }),
} as const;

/** DLLs that Defender reports in DeviceImageLoadEvents for ordinary processes. */
export const commonDlls: readonly Binary[] = [
  win('clr.dll', 'Microsoft .NET Runtime Common Language Runtime - WorkStation', 10_589_152, 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\clr.dll', '4.8.9261.0'),
  win('System.Management.Automation.ni.dll', 'System.Management.Automation', 26_420_224, 'C:\\Windows\\assembly\\NativeImages_v4.0.30319_64\\System.Manaa57fc8cc#\\9b2a8b8ac8f4bfc5a0d7b1b0ee3c7d5e\\System.Management.Automation.ni.dll', '10.0.22621.1'),
  win('wininet.dll', 'Internet Extensions for Win32', 4_939_776),
  win('mscoree.dll', 'Microsoft .NET Runtime Execution Engine', 408_552),
  win('vaultcli.dll', 'Credential Vault Client Library', 400_384),
  win('dbghelp.dll', 'Windows Image Helper', 2_049_024),
  win('samlib.dll', 'SAM Library DLL', 136_192),
  win('taskschd.dll', 'Task Scheduler COM API', 785_920),
];

export const vbaDll = makeBinary({ file: 'VBE7.DLL', path: 'C:\\Program Files\\Common Files\\Microsoft Shared\\VBA\\VBA7.1\\VBE7.DLL', company: MS, product: 'Visual Basic for Applications', version: '7.1.1144', description: 'Visual Basic for Applications Runtime', size: 3_180_432, signer: 'Microsoft' });
export const comsvcsDll = win('comsvcs.dll', 'COM+ Services', 2_329_600);

/** A piece of installed software as the vulnerability management inventory reports it. */
export interface SoftwareVersion {
  readonly vendor: string;
  readonly name: string;
  readonly version: string;
  /** Real CVE ids (from the CVE program's records) that affect exactly this version. */
  readonly cves: readonly { id: string; severity: 'Low' | 'Medium' | 'High' | 'Critical'; fixedIn: string }[];
  readonly endOfSupport?: { status: string; date: string };
  readonly cpe?: string;
}

export interface SoftwareProduct {
  readonly platforms: readonly ('Windows' | 'macOS' | 'Linux')[];
  /** Share of devices of those platforms that have it at all. */
  readonly share: number;
  /** Versions, newest first, with the share of installs on each. */
  readonly versions: readonly { v: SoftwareVersion; weight: number }[];
}

const chromeCves = (sev: 'High' | 'Medium') =>
  [
    { id: 'CVE-2024-9962', severity: 'Medium', fixedIn: '130.0.6723.58' },
    { id: 'CVE-2024-9963', severity: 'Medium', fixedIn: '130.0.6723.58' },
    { id: 'CVE-2024-9964', severity: 'Medium', fixedIn: '130.0.6723.58' },
    { id: 'CVE-2024-9965', severity: 'Medium', fixedIn: '130.0.6723.58' },
    { id: 'CVE-2024-9966', severity: 'Medium', fixedIn: '130.0.6723.58' },
    { id: 'CVE-2024-10229', severity: sev, fixedIn: '130.0.6723.69' },
    { id: 'CVE-2024-10230', severity: 'High', fixedIn: '130.0.6723.69' },
    { id: 'CVE-2024-10231', severity: 'High', fixedIn: '130.0.6723.69' },
  ] as const;

const openssl30Cves = [
  { id: 'CVE-2023-0286', severity: 'High', fixedIn: '3.0.8' },
  { id: 'CVE-2023-0215', severity: 'Medium', fixedIn: '3.0.8' },
  { id: 'CVE-2023-0216', severity: 'Medium', fixedIn: '3.0.8' },
  { id: 'CVE-2023-0217', severity: 'Medium', fixedIn: '3.0.8' },
  { id: 'CVE-2022-4450', severity: 'Medium', fixedIn: '3.0.8' },
  { id: 'CVE-2023-0464', severity: 'Low', fixedIn: '3.0.9' },
  { id: 'CVE-2023-2650', severity: 'Medium', fixedIn: '3.0.9' },
  { id: 'CVE-2023-3446', severity: 'Low', fixedIn: '3.0.10' },
  { id: 'CVE-2023-3817', severity: 'Low', fixedIn: '3.0.10' },
  { id: 'CVE-2023-5363', severity: 'Medium', fixedIn: '3.0.12' },
  { id: 'CVE-2023-5678', severity: 'Low', fixedIn: '3.0.13' },
  { id: 'CVE-2024-0727', severity: 'Low', fixedIn: '3.0.13' },
] as const;

/** The software inventory the simulated estate draws from. Versions and CVE ids are real. */
export const softwareCatalog: readonly SoftwareProduct[] = [
  {
    platforms: ['Windows', 'macOS'],
    share: 0.85,
    versions: [
      { v: { vendor: 'google', name: 'chrome', version: '130.0.6723.70', cves: [], cpe: 'cpe:2.3:a:google:chrome:130.0.6723.70:*:*:*:*:*:*:*' }, weight: 62 },
      { v: { vendor: 'google', name: 'chrome', version: '129.0.6668.100', cves: chromeCves('High'), cpe: 'cpe:2.3:a:google:chrome:129.0.6668.100:*:*:*:*:*:*:*' }, weight: 28 },
      { v: { vendor: 'google', name: 'chrome', version: '128.0.6613.138', cves: chromeCves('High'), cpe: 'cpe:2.3:a:google:chrome:128.0.6613.138:*:*:*:*:*:*:*' }, weight: 10 },
    ],
  },
  {
    platforms: ['Windows', 'macOS', 'Linux'],
    share: 0.3,
    versions: [
      { v: { vendor: 'mozilla', name: 'firefox', version: '131.0.3', cves: [{ id: 'CVE-2024-10004', severity: 'Critical', fixedIn: '131.2' }] }, weight: 55 },
      {
        v: {
          vendor: 'mozilla',
          name: 'firefox',
          version: '130.0.1',
          cves: [
            { id: 'CVE-2024-9680', severity: 'Critical', fixedIn: '131.0.2' },
            { id: 'CVE-2024-9401', severity: 'Critical', fixedIn: '131' },
            { id: 'CVE-2024-9402', severity: 'Critical', fixedIn: '131' },
            { id: 'CVE-2024-9403', severity: 'High', fixedIn: '131' },
            { id: 'CVE-2024-9936', severity: 'Medium', fixedIn: '131.0.3' },
          ],
        },
        weight: 45,
      },
    ],
  },
  {
    platforms: ['Windows', 'macOS'],
    share: 0.6,
    versions: [
      { v: { vendor: 'adobe', name: 'acrobat_reader_dc', version: '24.3.20112.0', cves: [] }, weight: 40 },
      {
        v: {
          vendor: 'adobe',
          name: 'acrobat_reader_dc',
          version: '24.1.20643.0',
          cves: [
            { id: 'CVE-2024-39422', severity: 'High', fixedIn: '24.001.30123' },
            { id: 'CVE-2024-39426', severity: 'High', fixedIn: '24.001.30123' },
            { id: 'CVE-2024-41831', severity: 'High', fixedIn: '24.001.30123' },
            { id: 'CVE-2024-41832', severity: 'Medium', fixedIn: '24.001.30123' },
            { id: 'CVE-2024-41869', severity: 'High', fixedIn: '24.003.20054' },
            { id: 'CVE-2024-45112', severity: 'High', fixedIn: '24.003.20054' },
          ],
        },
        weight: 60,
      },
    ],
  },
  {
    platforms: ['Windows'],
    share: 0.45,
    versions: [
      { v: { vendor: 'igor_pavlov', name: '7-zip', version: '24.08', cves: [] }, weight: 45 },
      { v: { vendor: 'igor_pavlov', name: '7-zip', version: '22.01', cves: [{ id: 'CVE-2023-40481', severity: 'High', fixedIn: '23.01' }] }, weight: 55 },
    ],
  },
  {
    platforms: ['Windows'],
    share: 1,
    versions: [
      {
        v: {
          vendor: 'microsoft',
          name: 'office',
          version: '16.0.17928.20156',
          cves: [
            { id: 'CVE-2024-43505', severity: 'High', fixedIn: '16.0.18025.20104' },
            { id: 'CVE-2024-43616', severity: 'High', fixedIn: '16.0.18025.20104' },
          ],
        },
        weight: 35,
      },
      { v: { vendor: 'microsoft', name: 'office', version: '16.0.18025.20104', cves: [] }, weight: 65 },
    ],
  },
  {
    platforms: ['Windows', 'macOS'],
    share: 1,
    versions: [{ v: { vendor: 'microsoft', name: 'teams', version: '24243.1309.3132.617', cves: [] }, weight: 1 }],
  },
  {
    platforms: ['Windows', 'macOS'],
    share: 0.4,
    versions: [{ v: { vendor: 'zoom', name: 'zoom', version: '6.2.5.49931', cves: [] }, weight: 1 }],
  },
  {
    platforms: ['Linux'],
    share: 1,
    versions: [
      { v: { vendor: 'openssl', name: 'openssl', version: '3.0.2', cves: openssl30Cves }, weight: 40 },
      { v: { vendor: 'openssl', name: 'openssl', version: '3.0.13', cves: [] }, weight: 60 },
    ],
  },
  {
    platforms: ['Linux'],
    share: 1,
    versions: [{ v: { vendor: 'openbsd', name: 'openssh', version: '8.9p1', cves: [] }, weight: 1 }],
  },
  {
    platforms: ['Windows'],
    share: 0.15,
    versions: [
      {
        v: { vendor: 'microsoft', name: 'windows_10', version: '10.0.19044.4894', cves: [], endOfSupport: { status: 'EOS Version', date: '2024-06-11T00:00:00.000Z' } },
        weight: 1,
      },
    ],
  },
];

/** Every CVE id the simulator can emit: tests check each against the CVE records. */
export function allCatalogCves(): string[] {
  const ids = new Set<string>();
  for (const p of softwareCatalog) for (const { v } of p.versions) for (const c of v.cves) ids.add(c.id);
  return [...ids].sort();
}

/** Internet services the benign traffic talks to: url, ip, and who talks to it. */
export interface Service {
  readonly url: string;
  readonly ip: string;
  readonly port: number;
}

export const cloudServices: readonly Service[] = [
  { url: 'outlook.office365.com', ip: '52.98.151.66', port: 443 },
  { url: 'teams.microsoft.com', ip: '52.113.194.132', port: 443 },
  { url: 'login.microsoftonline.com', ip: '20.190.159.68', port: 443 },
  { url: 'graph.microsoft.com', ip: '20.190.152.18', port: 443 },
  { url: 'kestrel.sharepoint.com', ip: '13.107.136.10', port: 443 },
  { url: 'officecdn.microsoft.com', ip: '13.107.246.60', port: 443 },
  { url: 'winatp-gw-weu.microsoft.com', ip: '20.50.201.195', port: 443 },
  { url: 'settings-win.data.microsoft.com', ip: '20.42.73.29', port: 443 },
  { url: 'www.google.com', ip: '142.250.179.196', port: 443 },
  { url: 'www.linkedin.com', ip: '13.107.42.14', port: 443 },
  { url: 'github.com', ip: '140.82.121.4', port: 443 },
  { url: 'slack.com', ip: '34.200.96.58', port: 443 },
  { url: 'zoom.us', ip: '170.114.52.2', port: 443 },
  { url: 'www.salesforce.com', ip: '104.109.10.129', port: 443 },
  { url: 'update.googleapis.com', ip: '142.250.74.227', port: 443 },
  { url: 'en.wikipedia.org', ip: '185.15.59.224', port: 443 },
];
