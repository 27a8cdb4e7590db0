/**
 * Ordinary activity: people logging on in the morning of their own time zone, opening Outlook and a
 * browser, editing documents, mail going in and out, SharePoint and Teams, Kerberos to the domain
 * controllers, and the machines' own background work (services, updates, antivirus, inventory reports).
 * Rates are per 10-minute slice; the rhythm comes from each person's working day (weekdays, a lunch dip,
 * rare weekend sessions, some days over VPN).
 */
import type { Rng } from './prng.ts';
import { Rng as RngClass } from './prng.ts';
import type { Device, Organisation, User } from './org.ts';
import { cloudServices, commonDlls, makeBinary, unixBin, winBin } from './catalog.ts';
import type { Binary } from './catalog.ts';
import type { SliceSink } from './engine.ts';
import { DAY, HOUR, MINUTE } from './engine.ts';
import type { Proc, ProcAccount, Row } from './rows.ts';
import { iso, LOCAL_SERVICE, NETWORK_SERVICE, ROOT, SYSTEM, deviceEventRow, fileRow, imageLoadRow, logonRow, networkRow, plainRow, processRow, registryRow, spawn } from './rows.ts';

/** Tunable rates (expected events per 10-minute slice). */
export const rates = {
  /** User-driven activities on a workstation while its owner works. */
  workstationUser: 3.2,
  /** Background activities on a powered-on workstation. */
  workstationBackground: 0.9,
  /** Activities on a server (scaled by a mild day/night curve). */
  server: 2.2,
  /** Mail received per person while working. */
  mailIn: 0.55,
  /** Mail sent per person while working. */
  mailOut: 0.2,
  /** Cloud app operations (SharePoint, OneDrive, Teams, Exchange) per person while working. */
  cloud: 0.7,
  /** Domain controller interactions (Kerberos, LDAP, DNS) per working person. */
  identity: 0.35,
};

export interface Session {
  readonly start: number;
  readonly end: number;
  readonly remote: boolean;
}

/** Per-device state that persists across slices: long-running processes and the current user session. */
interface DeviceState {
  nextPid: number;
  boot: number;
  /** The kernel (System, pid 4) or init process. */
  system: Proc;
  services: Proc;
  svchost: Proc;
  sense: Proc;
  defender: Proc;
  /** The owner's session processes, when someone is logged on. */
  session: { key: number; explorer: Proc; browser: Proc; outlook: Proc; teams: Proc; logonId: number; account: ProcAccount; remote: boolean; localIp: string } | undefined;
  lastReportDay: number;
}

const FILE_EXTS = ['docx', 'xlsx', 'pptx', 'pdf', 'txt'] as const;
const FILE_EXT_WEIGHTS = [4, 3, 1, 3, 1] as const;
const DOC_WORDS = ['Q3 forecast', 'Budget 2025', 'Project plan', 'Meeting notes', 'Invoice', 'Contract draft', 'Roadmap', 'Onboarding checklist', 'Board deck', 'Customer list', 'Sprint review', 'Travel expenses', 'Release notes', 'Architecture', 'Vendor assessment'];
const partnerDomains = ['acme-logistics.net', 'globex-partners.com', 'initech-systems.com', 'umbrella-supply.org', 'vandelay-imports.com', 'stark-components.io'];
const newsletterSenders = [
  { address: 'messages-noreply@linkedin.com', domain: 'linkedin.com', name: 'LinkedIn', ip: '108.174.3.14' },
  { address: 'noreply@github.com', domain: 'github.com', name: 'GitHub', ip: '192.30.252.201' },
  { address: 'no-reply@zoom.us', domain: 'zoom.us', name: 'Zoom', ip: '170.114.10.83' },
  { address: 'notifications@salesforce.com', domain: 'salesforce.com', name: 'Salesforce', ip: '136.147.128.6' },
];
const spamSenders = ['promo@deals-4u.biz', 'win@lottery-claim.info', 'offers@cheap-meds.top', 'info@crypto-gains.xyz'];
const subjects = ['Re: Q3 numbers', 'Meeting follow-up', 'Invoice {n}', 'Updated proposal', 'Lunch on Friday?', 'Re: contract review', 'Weekly status', 'Action items from today', 'FW: customer feedback', 'Travel booking confirmation', 'Your order has shipped', 'Re: release schedule', 'Draft for review', 'Team offsite agenda'];
const userAgents = {
  windows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  ios: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
} as const;
const cloudApps = [
  { name: 'Microsoft SharePoint Online', id: 20892 },
  { name: 'Microsoft OneDrive for Business', id: 15600 },
  { name: 'Microsoft Exchange Online', id: 20893 },
  { name: 'Microsoft Teams', id: 28375 },
] as const;

export function localDayOf(t: number, offsetMinutes: number): number {
  return Math.floor((t + offsetMinutes * MINUTE) / DAY);
}

/** Monday to Friday in the person's time zone. */
export function isWeekday(localDay: number): boolean {
  const dow = (localDay + 4) % 7; // 1970-01-01 was a Thursday (4)
  return dow >= 1 && dow <= 5;
}

/** Benign activity for the whole organisation, one slice at a time. */
export class BenignWorld {
  private readonly states = new Map<number, DeviceState>();
  private readonly sessionCache = new Map<number, { day: number; session: Session | undefined }>();
  private readonly dc: Device;
  private readonly fileServer: Device | undefined;
  private readonly sqlServer: Device | undefined;
  private readonly appServers: Device[];
  private emailCluster = 0;

  constructor(
    private readonly org: Organisation,
    private readonly seed: number | string,
    private readonly windowStart: number,
  ) {
    this.dc = org.domainControllers[0] ?? org.devices[0]!;
    this.fileServer = org.servers.find((s) => s.service === 'file');
    this.sqlServer = org.servers.find((s) => s.service === 'sql');
    this.appServers = org.servers.filter((s) => s.service === 'app' || s.service === 'web');
  }

  /** The working session of a person on the local day containing `t`, if they work that day. */
  sessionOf(user: User, t: number): Session | undefined {
    const day = localDayOf(t, user.office.utcOffsetMinutes);
    const cached = this.sessionCache.get(user.index);
    if (cached?.day === day) return cached.session;
    const session = this.computeSession(user, day);
    this.sessionCache.set(user.index, { day, session });
    return session;
  }

  private computeSession(user: User, day: number): Session | undefined {
    const rng = RngClass.derive(this.seed, `session:${user.index}:${day}`);
    const midnight = day * DAY - user.office.utcOffsetMinutes * MINUTE;
    if (isWeekday(day)) {
      if (rng.chance(0.04)) return undefined; // leave, sick day
      const start = midnight + (7.5 * 60 + rng.int(120)) * MINUTE;
      const end = start + (8 * 60 + rng.int(150)) * MINUTE;
      return { start, end, remote: rng.chance(user.remoteShare) };
    }
    if (!rng.chance(0.06)) return undefined;
    const start = midnight + (10 * 60 + rng.int(300)) * MINUTE;
    return { start, end: start + (45 + rng.int(120)) * MINUTE, remote: true };
  }

  /** Snapshot rows with no time (vulnerability management): emitted once, before the first slice. */
  inventoryRows(): Row[] {
    const out: Row[] = [];
    for (const d of this.org.devices) {
      const arch = '64-bit';
      for (const sw of d.software) {
        // The columns a device's software inventory and vulnerability rows share, in their column order.
        const installed = {
          DeviceId: d.id,
          DeviceName: d.fqdn,
          OSPlatform: d.osPlatform,
          OSVersion: d.osVersion,
          OSArchitecture: arch,
          SoftwareVendor: sw.vendor,
          SoftwareName: sw.name,
          SoftwareVersion: sw.version,
        };
        out.push({
          Table: 'DeviceTvmSoftwareInventory',
          ...installed,
          ...(sw.endOfSupport ? { EndOfSupportStatus: sw.endOfSupport.status, EndOfSupportDate: sw.endOfSupport.date } : {}),
          ...(sw.cpe !== undefined ? { ProductCodeCpe: sw.cpe } : {}),
        });
        for (const c of sw.cves) {
          out.push({
            Table: 'DeviceTvmSoftwareVulnerabilities',
            ...installed,
            CveId: c.id,
            VulnerabilitySeverityLevel: c.severity,
            RecommendedSecurityUpdate: `Update ${sw.name} to version ${c.fixedIn} or later`,
            RecommendedSecurityUpdateId: '',
            CveTags: [],
          });
        }
      }
    }
    return out;
  }

  private state(d: Device, rng: Rng): DeviceState {
    let s = this.states.get(d.index);
    if (s) return s;
    const boot = this.windowStart - (1 + rng.int(20)) * HOUR - rng.int(6) * DAY;
    const sys: Proc = { bin: d.os === 'Windows' ? winBin.system : unixBin.systemd, pid: d.os === 'Windows' ? 4 : 1, cmd: '', created: boot, account: d.os === 'Windows' ? SYSTEM : ROOT, logonId: 999, integrity: 'System', elevation: 'TokenElevationTypeDefault', parentPid: 0, parentFile: '', parentCreated: boot };
    if (d.os === 'Windows') {
      const services = spawn(sys, winBin.services, 600 + rng.int(100) * 4, 'services.exe', boot + 4000);
      const svchost = spawn(services, winBin.svchost, 1000 + rng.int(200) * 4, 'svchost.exe -k netsvcs -p -s Schedule', boot + 6000);
      const sense = spawn(services, winBin.senseIR, 3000 + rng.int(200) * 4, '"MsSense.exe"', boot + 9000);
      const defender = spawn(services, winBin.msMpEng, 3800 + rng.int(200) * 4, '"MsMpEng.exe"', boot + 9500);
      s = { nextPid: 5000 + rng.int(2000) * 4, boot, system: sys, services, svchost, sense, defender, session: undefined, lastReportDay: -1 };
    } else {
      const services = sys;
      const svchost = spawn(sys, d.os === 'Linux' ? unixBin.cron : unixBin.launchd, 700 + rng.int(300), d.os === 'Linux' ? '/usr/sbin/cron -f -P' : '/sbin/launchd', boot + 3000);
      const sense = spawn(sys, unixBin.mdatp, 900 + rng.int(300), '/opt/microsoft/mdatp/sbin/wdavdaemon', boot + 5000);
      s = { nextPid: 2000 + rng.int(5000), boot, system: sys, services, svchost, sense, defender: sense, session: undefined, lastReportDay: -1 };
    }
    this.states.set(d.index, s);
    return s;
  }

  private pid(s: DeviceState, rng: Rng): number {
    s.nextPid += 4 * (1 + rng.int(60));
    if (s.nextPid > 65_000) s.nextPid = 1000 + rng.int(400) * 4;
    return s.nextPid;
  }

  /** Generates one slice [start, end) of benign activity into the sink. */
  generate(start: number, end: number, rng: Rng, sink: SliceSink): void {
    for (const d of this.org.devices) {
      if (d.role === 'workstation') this.workstation(d, start, end, rng, sink);
      else this.server(d, start, end, rng, sink);
    }
    for (const u of this.org.users) this.person(u, start, end, rng, sink);
  }

  // ---------------------------------------------------------------- workstations

  private workstation(d: Device, start: number, end: number, rng: Rng, sink: SliceSink): void {
    const s = this.state(d, rng);
    const owner = d.owner;
    const session = owner ? this.sessionOf(owner, start) : undefined;
    const dayKey = Math.floor(start / DAY);
    if (s.lastReportDay !== dayKey) {
      s.lastReportDay = dayKey;
      this.dailyReport(d, s, start + rng.int(end - start), rng, sink);
    }
    let active = false;
    if (owner && session && session.end > start && session.start < end) {
      active = true;
      if (!s.session || s.session.key !== session.start) this.logon(d, s, owner, session, Math.max(start, session.start), rng, sink);
      const from = Math.max(start, session.start);
      const to = Math.min(end, session.end);
      const localHour = (((from + owner.office.utcOffsetMinutes * MINUTE) % DAY) + DAY) % DAY / HOUR;
      const lunch = localHour >= 12 && localHour < 13 ? 0.45 : 1;
      const n = rng.poisson((rates.workstationUser * lunch * (to - from)) / (end - start));
      for (let i = 0; i < n; i++) this.userActivity(d, s, owner, from + rng.int(to - from), rng, sink);
    } else if (s.session && owner && (!session || session.end <= start)) {
      s.session = undefined; // logged off
    }
    const powered = active || d.os === 'Linux' || d.index % 3 === 0; // desktops left on, Linux boxes always on
    if (powered) {
      const n = rng.poisson(active ? rates.workstationBackground : rates.workstationBackground * 0.35);
      for (let i = 0; i < n; i++) this.background(d, s, start + rng.int(end - start), rng, sink);
    }
  }

  private logon(d: Device, s: DeviceState, u: User, session: Session, t: number, rng: Rng, sink: SliceSink): void {
    const logonId = 100_000 + rng.int(9_000_000);
    const account: ProcAccount = { domain: this.org.netbios.toLowerCase(), name: u.name, sid: u.sid, upn: u.upn, objectId: u.objectId };
    const localIp = session.remote ? `${this.org.vpnPool}.${1 + rng.int(30)}.${2 + rng.int(250)}` : d.ip;
    if (d.os === 'Windows') {
      const winlogon = spawn(s.services, winBin.winlogon, this.pid(s, rng), 'winlogon.exe', s.boot + 5000, SYSTEM, 999, 'System');
      sink.add(t, logonRow(t, d, 'LogonSuccess', 'Interactive', { domain: this.org.netbios, name: u.name, sid: u.sid }, logonId, winlogon, { IsLocalAdmin: false, RemoteIP: '127.0.0.1', RemoteIPType: 'Loopback' }));
      const userinit = spawn(winlogon, winBin.userinit, this.pid(s, rng), 'C:\\Windows\\system32\\userinit.exe', t + 900, account, logonId, 'Medium', 'TokenElevationTypeLimited');
      sink.add(t + 900, processRow(t + 900, d, userinit, winlogon));
      const explorer = spawn(userinit, winBin.explorer, this.pid(s, rng), 'C:\\Windows\\Explorer.EXE', t + 1400);
      sink.add(t + 1400, processRow(t + 1400, d, explorer, userinit));
      const bBin = d.index % 4 === 0 ? winBin.chromeOld : d.index % 2 === 0 ? winBin.chrome : winBin.msedge;
      const browser = spawn(explorer, bBin, this.pid(s, rng), bBin === winBin.msedge ? '"msedge.exe" --no-startup-window --win-session-start' : '"chrome.exe"', t + 12_000);
      const outlook = spawn(explorer, winBin.outlook, this.pid(s, rng), '"OUTLOOK.EXE" /recycle', t + 20_000);
      const teams = spawn(explorer, winBin.teams, this.pid(s, rng), '"ms-teams.exe" --system-initiated', t + 16_000);
      for (const p of [browser, teams, outlook]) sink.add(p.created, processRow(p.created, d, p, explorer));
      sink.add(t + 2000, registryRow(t + 2000, d, explorer, 'RegistryValueSet', `HKEY_CURRENT_USER\\${u.sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\SessionInfo\\1`, 'LogonTime', 'REG_QWORD', String(t)));
      s.session = { key: session.start, explorer, browser, outlook, teams, logonId, account, remote: session.remote, localIp };
    } else {
      const mac = d.os === 'macOS';
      const shell = spawn(s.services, mac ? unixBin.launchd : unixBin.systemd, this.pid(s, rng), mac ? '/sbin/launchd' : '/lib/systemd/systemd --user', t + 500, { domain: d.name, name: u.name, sid: '' }, logonId, 'Medium', 'None');
      sink.add(t, logonRow(t, d, 'LogonSuccess', 'Interactive', { domain: d.name, name: u.name, sid: '' }, logonId, undefined));
      const browser = spawn(shell, mac ? unixBin.macChrome : unixBin.bash, this.pid(s, rng), mac ? '"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"' : '-bash', t + 9000);
      const outlook = spawn(shell, mac ? unixBin.macOutlook : unixBin.python3, this.pid(s, rng), mac ? '"/Applications/Microsoft Outlook.app/Contents/MacOS/Microsoft Outlook"' : 'python3 -m http.server 8000', t + 15_000);
      const teams = spawn(shell, mac ? unixBin.macTeams : unixBin.bash, this.pid(s, rng), mac ? '"/Applications/Microsoft Teams.app/Contents/MacOS/MSTeams"' : '-bash', t + 20_000);
      for (const p of [browser, outlook, teams]) sink.add(p.created, processRow(p.created, d, p, shell));
      s.session = { key: session.start, explorer: shell, browser, outlook, teams, logonId, account: shell.account, remote: session.remote, localIp };
    }
  }

  private userActivity(d: Device, s: DeviceState, u: User, t: number, rng: Rng, sink: SliceSink): void {
    const sess = s.session;
    if (!sess) return;
    const roll = rng.int(100);
    if (roll < 38) {
      // Browsing: the browser connects to a service, sometimes after a DNS lookup.
      const svc = rng.pick(cloudServices);
      const lp = 49_152 + rng.int(16_000);
      sink.add(t, networkRow(t, d, sess.browser, 'ConnectionSuccess', sess.localIp, lp, svc.ip, svc.port, svc.url));
      if (rng.chance(0.3)) sink.add(t + 40, networkRow(t + 40, d, sess.browser, 'ConnectionSuccess', sess.localIp, lp + 1, svc.ip, svc.port, svc.url));
    } else if (roll < 52 && d.os === 'Windows') {
      // Start an application from Explorer.
      const bin = rng.weighted([winBin.winword, winBin.excel, winBin.powerpnt, winBin.notepad, winBin.acrobat, winBin.code, winBin.zoom, winBin.sevenZip], [4, 4, 1, 2, 2, u.department === 'Engineering' ? 6 : 0.2, 1, 0.5]);
      const docName = `${rng.pick(DOC_WORDS)}.${bin === winBin.excel ? 'xlsx' : bin === winBin.powerpnt ? 'pptx' : bin === winBin.acrobat ? 'pdf' : 'docx'}`;
      const path = bin.path.replace('{user}', u.name);
      const child = spawn(sess.explorer, bin === winBin.code || bin === winBin.zoom ? { ...bin, path } : bin, this.pid(s, rng), `"${path}" "C:\\Users\\${u.name}\\OneDrive - ${this.org.name}\\Documents\\${docName}"`, t);
      sink.add(t, processRow(t, d, child, sess.explorer));
      if (rng.chance(0.35)) sink.add(t + 350, imageLoadRow(t + 350, d, child, bin === winBin.winword || bin === winBin.excel ? (rng.chance(0.5) ? commonDlls[2]! : commonDlls[3]!) : commonDlls[2]!));
    } else if (roll < 74) {
      // Save a document.
      const ext = rng.weighted(FILE_EXTS, FILE_EXT_WEIGHTS);
      const name = `${rng.pick(DOC_WORDS)}${rng.chance(0.3) ? ` v${1 + rng.int(5)}` : ''}.${ext}`;
      const folder = d.os === 'Windows' ? `C:\\Users\\${u.name}\\OneDrive - ${this.org.name}\\Documents` : `/Users/${u.name}/Documents`;
      const proc = d.os === 'Windows' ? spawn(sess.explorer, ext === 'xlsx' ? winBin.excel : winBin.winword, 9000 + (u.index % 500) * 4, ext === 'xlsx' ? '"EXCEL.EXE"' : '"WINWORD.EXE" /n', sess.explorer.created + 3_600_000) : sess.outlook;
      const h = rng.hex(104); // a saved document has new content, so a new hash
      sink.add(t, fileRow(t, d, proc, rng.chance(0.25) ? 'FileCreated' : 'FileModified', folder, name, { sha1: h.slice(0, 40), sha256: h.slice(40, 104), md5: h.slice(0, 32) }, 12_000 + rng.int(2_000_000)));
    } else if (roll < 80) {
      // Download something through the browser.
      const item = rng.pick(downloads);
      const folder = d.os === 'Windows' ? `C:\\Users\\${u.name}\\Downloads` : `/Users/${u.name}/Downloads`;
      sink.add(t, fileRow(t, d, sess.browser, 'FileCreated', folder, item.bin.file, item.bin, item.bin.size, { FileOriginUrl: item.url, FileOriginReferrerUrl: item.referrer, FileOriginIP: item.ip }));
    } else if (roll < 88) {
      // Mail client talks to Exchange Online; Teams to its service.
      const p = rng.chance(0.5) ? sess.outlook : sess.teams;
      const svc = p === sess.outlook ? cloudServices[0]! : cloudServices[1]!;
      sink.add(t, networkRow(t, d, p, 'ConnectionSuccess', sess.localIp, 49_152 + rng.int(16_000), svc.ip, 443, svc.url));
    } else if (roll < 94 && this.fileServer && d.os === 'Windows') {
      // Open a file share on the file server: SMB client connections belong to the System process.
      sink.add(t, networkRow(t, d, s.system, 'ConnectionSuccess', sess.localIp, 49_152 + rng.int(16_000), this.fileServer.ip, 445, ''));
    } else if (roll < 95 && d.os === 'Windows') {
      // Back from a break: the workstation is unlocked.
      const winlogon = spawn(s.services, winBin.winlogon, 700 + (d.index % 50) * 4, 'winlogon.exe', s.boot + 5000, SYSTEM, 999, 'System');
      sink.add(t, logonRow(t, d, 'LogonSuccess', 'Unlock', { domain: this.org.netbios, name: u.name, sid: u.sid }, sess.logonId, winlogon, { RemoteIP: '127.0.0.1', RemoteIPType: 'Loopback' }));
    } else if (roll < 97 && d.os === 'Windows') {
      sink.add(t, registryRow(t, d, sess.explorer, 'RegistryValueSet', `HKEY_CURRENT_USER\\${u.sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.docx`, String(rng.int(40)), 'REG_BINARY', rng.hex(24)));
    } else if (u.department === 'IT' && d.os === 'Windows') {
      // IT staff run everyday admin commands.
      const ps = spawn(sess.explorer, winBin.powershell, this.pid(s, rng), '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"', t);
      sink.add(t, processRow(t, d, ps, sess.explorer));
      const cmdText = rng.pick(['Get-ADUser -Filter * -SearchBase "OU=Staff"', 'Get-Service | Where-Object Status -eq Stopped', 'Test-NetConnection ' + this.dc.name + ' -Port 389', 'Get-WinEvent -LogName System -MaxEvents 50', 'Restart-Service Spooler']);
      sink.add(t + 4000, deviceEventRow(t + 4000, d, ps, 'PowerShellCommand', { AdditionalFields: JSON.stringify({ Command: cmdText.split(' ')[0] }) }));
      sink.add(t + 4200, imageLoadRow(t + 4200, d, ps, commonDlls[1]!));
    } else {
      const svc = rng.pick(cloudServices);
      sink.add(t, networkRow(t, d, sess.browser, 'ConnectionSuccess', sess.localIp, 49_152 + rng.int(16_000), svc.ip, svc.port, svc.url));
    }
  }

  private background(d: Device, s: DeviceState, t: number, rng: Rng, sink: SliceSink): void {
    const ip = s.session?.localIp ?? d.ip;
    const roll = rng.int(100);
    if (d.os !== 'Windows') {
      if (roll < 50) {
        const c = spawn(s.svchost, unixBin.sh, this.pid(s, rng), rng.pick(['/bin/sh -c "test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }"', '/bin/sh -c "/usr/lib/php/sessionclean"', '/bin/sh -c "command -v debian-sa1 > /dev/null && debian-sa1 1 1"']), t, ROOT, 0, 'System', 'None');
        sink.add(t, processRow(t, d, c, s.svchost));
      } else {
        sink.add(t, networkRow(t, d, s.sense, 'ConnectionSuccess', ip, 40_000 + rng.int(20_000), cloudServices[6]!.ip, 443, cloudServices[6]!.url));
      }
      return;
    }
    if (roll < 35) {
      const child = rng.pick(backgroundChildren);
      const p = spawn(s.svchost, child.bin, this.pid(s, rng), child.cmd, t, child.account, child.account === SYSTEM ? 999 : 996, 'System');
      sink.add(t, processRow(t, d, p, s.svchost));
      if (rng.chance(0.2)) sink.add(t + 200, imageLoadRow(t + 200, d, p, commonDlls[0]!));
    } else if (roll < 65) {
      const svc = rng.chance(0.6) ? cloudServices[6]! : cloudServices[7]!;
      sink.add(t, networkRow(t, d, rng.chance(0.6) ? s.sense : s.svchost, 'ConnectionSuccess', ip, 49_152 + rng.int(16_000), svc.ip, 443, svc.url));
    } else if (roll < 80) {
      sink.add(t, registryRow(t, d, s.svchost, 'RegistryValueSet', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan', 'Index', 'REG_DWORD', String(rng.int(8))));
    } else if (roll < 90) {
      sink.add(t, fileRow(t, d, s.defender, 'FileModified', 'C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\History\\Service', 'DetectionHistory.log', undefined, 4096 + rng.int(60_000)));
    } else {
      sink.add(t, deviceEventRow(t, d, s.sense, 'GetClipboardData', {}));
    }
  }

  private dailyReport(d: Device, s: DeviceState, t: number, rng: Rng, sink: SliceSink): void {
    const windows = d.os === 'Windows';
    const owner = d.owner;
    sink.add(
      t,
      {
        Table: 'DeviceInfo',
        Timestamp: iso(t),
        DeviceId: d.id,
        DeviceName: d.fqdn,
        ClientVersion: windows ? '10.8760.22621.1010' : '101.24092.0002',
        PublicIP: d.internetFacing ? '203.0.113.80' : (s.session?.remote ? this.org.vpnGatewayIp : d.office.publicIp),
        OSArchitecture: '64-bit',
        OSPlatform: d.osPlatform,
        OSBuild: d.osBuild,
        IsAzureADJoined: windows && d.role === 'workstation',
        JoinType: windows ? (d.role === 'workstation' ? 'Hybrid Azure AD Join' : 'Domain Joined') : '',
        AadDeviceId: windows && d.role === 'workstation' ? d.aadDeviceId : '',
        LoggedOnUsers: JSON.stringify(owner && s.session ? [{ UserName: owner.name, DomainName: this.org.netbios, Sid: owner.sid }] : []),
        OSVersion: d.osVersion,
        MachineGroup: d.role === 'workstation' ? `${d.office.city} workstations` : 'Servers',
        ReportId: 0,
        OnboardingStatus: 'Onboarded',
        DeviceCategory: 'Endpoint',
        DeviceType: d.role === 'workstation' ? 'Workstation' : 'Server',
        Model: d.model,
        Vendor: d.vendor,
        OSDistribution: d.osDistribution,
        OSVersionInfo: d.osVersion,
        IsInternetFacing: d.internetFacing,
        SensorHealthState: 'Active',
        ExposureLevel: d.software.some((x) => x.cves.length > 0) ? 'Medium' : 'Low',
        AssetValue: d.role === 'domain-controller' ? 'High' : 'Normal',
        OsBuildRevision: d.osBuildRevision,
        DeviceRoles: JSON.stringify(d.role === 'domain-controller' ? ['DomainController'] : []),
      },
    );
    sink.add(t + 50, {
      Table: 'DeviceNetworkInfo',
      Timestamp: iso(t + 50),
      DeviceId: d.id,
      DeviceName: d.fqdn,
      NetworkAdapterName: d.role === 'workstation' ? 'Wi-Fi' : 'Ethernet0',
      MacAddress: d.mac,
      NetworkAdapterType: d.role === 'workstation' ? 'Wireless80211' : 'Ethernet',
      NetworkAdapterStatus: 'Up',
      TunnelType: 'None',
      ConnectedNetworks: JSON.stringify([{ Name: this.org.adDomain, Description: this.org.adDomain, IsConnectedToInternet: true, Category: 'Domain' }]),
      DnsAddresses: JSON.stringify(this.org.domainControllers.map((x) => x.ip)),
      IPv4Dhcp: d.role === 'workstation' ? `${d.office.lan}.1.5` : '',
      DefaultGateways: JSON.stringify([`${d.ip.split('.').slice(0, 3).join('.')}.1`]),
      IPAddresses: JSON.stringify([{ IPAddress: d.ip, SubnetPrefix: 24, AddressType: 'Private' }]),
      ReportId: 0,
      NetworkAdapterVendor: d.role === 'workstation' ? 'Intel Corporation' : 'VMware, Inc.',
      OnboardingStatus: 'Onboarded',
      NetworkAdapterDnsSuffix: this.org.adDomain,
    });
    if (windows) {
      const scanAt = t + 60_000 + rng.int(600_000);
      sink.add(scanAt, deviceEventRow(scanAt, d, s.defender, 'AntivirusScanCompleted', { AdditionalFields: JSON.stringify({ Domain: 'NT AUTHORITY', ScanTypeIndex: 1, ScanId: `{${rng.guid().toUpperCase()}}` }) }));
    }
  }

  // ---------------------------------------------------------------- servers

  private server(d: Device, start: number, end: number, rng: Rng, sink: SliceSink): void {
    const s = this.state(d, rng);
    const dayKey = Math.floor(start / DAY);
    if (s.lastReportDay !== dayKey) {
      s.lastReportDay = dayKey;
      this.dailyReport(d, s, start + rng.int(end - start), rng, sink);
    }
    const localHour = (((start + d.office.utcOffsetMinutes * MINUTE) % DAY) + DAY) % DAY / HOUR;
    const curve = localHour >= 8 && localHour < 19 ? 1.4 : 0.6;
    const n = rng.poisson(rates.server * curve);
    for (let i = 0; i < n; i++) this.serverActivity(d, s, start + rng.int(end - start), rng, sink);
  }

  private serverActivity(d: Device, s: DeviceState, t: number, rng: Rng, sink: SliceSink): void {
    const ws = this.org.workstations;
    const client = ws.length > 0 ? rng.pick(ws) : d;
    switch (d.service) {
      case 'dc': {
        const u = client.owner ?? rng.pick(this.org.users);
        const roll = rng.int(10);
        if (roll < 6) {
          sink.add(t, logonRow(t, d, 'LogonSuccess', 'Network', { domain: this.org.netbios, name: u.name, sid: u.sid }, 1_000_000 + rng.int(90_000_000), undefined, { RemoteIP: client.ip, RemoteIPType: 'Private', RemotePort: 49_152 + rng.int(16_000), RemoteDeviceName: client.name }));
        } else if (roll < 9) {
          const dnsProc = spawn(s.services, winBin.dns, 2400, 'C:\\Windows\\system32\\dns.exe', s.boot + 20_000, SYSTEM, 999, 'System');
          sink.add(t, networkRow(t, d, dnsProc, 'InboundConnectionAccepted', d.ip, 53, client.ip, 49_152 + rng.int(16_000), '', { Protocol: 'Udp' }));
        } else {
          const gp = spawn(s.svchost, winBin.gpupdate, this.pid(s, rng), 'gpupdate.exe /target:computer', t);
          sink.add(t, processRow(t, d, gp, s.svchost));
        }
        return;
      }
      case 'file': {
        const u = client.owner ?? rng.pick(this.org.users);
        const name = `${rng.pick(DOC_WORDS)}.${rng.pick(['docx', 'xlsx', 'pdf'])}`;
        const share = rng.pick(['Finance', 'Projects', 'Public', 'HR']);
        const sys = s.system;
        sink.add(t, fileRow(t, d, sys, rng.chance(0.7) ? 'FileModified' : 'FileCreated', `D:\\Shares\\${share}`, name, undefined, 20_000 + rng.int(3_000_000), { ShareName: share, RequestProtocol: 'Smb', RequestSourceIP: client.ip, RequestSourcePort: 49_152 + rng.int(16_000), RequestAccountName: u.name, RequestAccountDomain: this.org.netbios, RequestAccountSid: u.sid }));
        return;
      }
      case 'sql': {
        const app = this.appServers.length > 0 ? rng.pick(this.appServers) : client;
        const sql = spawn(s.services, winBin.sqlservr, 3300, '"C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe" -sMSSQLSERVER', s.boot + 30_000, { domain: this.org.netbios.toLowerCase(), name: 'svc-sql', sid: this.org.serviceAccounts[0]!.sid }, 3_000_001, 'High');
        sink.add(t, networkRow(t, d, sql, 'InboundConnectionAccepted', d.ip, 1433, app.ip, 49_152 + rng.int(16_000), ''));
        return;
      }
      case 'web': {
        const nginx = spawn(s.services, unixBin.nginx, 811, 'nginx: worker process', s.boot + 10_000, { domain: '', name: 'www-data', sid: '' }, 0, 'Medium', 'None');
        const remote = `${rng.pick(['81.2', '92.40', '145.53', '188.166', '31.13', '66.249'])}.${rng.int(256)}.${1 + rng.int(254)}`;
        sink.add(t, networkRow(t, d, nginx, 'InboundConnectionAccepted', d.ip, 443, remote, 1024 + rng.int(60_000), ''));
        return;
      }
      case 'backup': {
        const veeam = spawn(s.services, winBin.veeam, 2900, '"C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Service.exe"', s.boot + 40_000, { domain: this.org.netbios.toLowerCase(), name: 'svc-backup', sid: this.org.serviceAccounts[1]!.sid }, 3_000_002, 'High');
        const target = rng.pick(this.org.servers);
        sink.add(t, networkRow(t, d, veeam, 'ConnectionSuccess', d.ip, 49_152 + rng.int(16_000), target.ip, 445, ''));
        return;
      }
      default: {
        if (d.os === 'Linux') {
          const roll = rng.int(3);
          if (roll === 0) {
            const java = spawn(s.services, unixBin.java, 1500, '/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xmx2g -jar /opt/app/service.jar', s.boot + 20_000, { domain: '', name: 'app', sid: '' }, 0, 'Medium', 'None');
            if (this.sqlServer) sink.add(t, networkRow(t, d, java, 'ConnectionSuccess', d.ip, 40_000 + rng.int(20_000), this.sqlServer.ip, 1433, ''));
          } else if (roll === 1) {
            const c = spawn(s.svchost, unixBin.logrotate, this.pid(s, rng), '/usr/sbin/logrotate /etc/logrotate.conf', t, ROOT, 0, 'System', 'None');
            sink.add(t, processRow(t, d, c, s.svchost));
          } else {
            sink.add(t, fileRow(t, d, s.svchost, 'FileModified', '/var/log', rng.pick(['syslog', 'auth.log', 'kern.log']), undefined, 100_000 + rng.int(5_000_000)));
          }
        } else {
          const child = rng.pick(backgroundChildren);
          const p = spawn(s.svchost, child.bin, this.pid(s, rng), child.cmd, t, child.account, 999, 'System');
          sink.add(t, processRow(t, d, p, s.svchost));
        }
      }
    }
  }

  // ---------------------------------------------------------------- people: mail, cloud apps, identity

  private person(u: User, start: number, end: number, rng: Rng, sink: SliceSink): void {
    const dayKey = Math.floor(start / DAY);
    if (dayKey !== Math.floor((start - 1) / DAY) || start === this.windowStart) {
      // One IdentityInfo snapshot per person per day.
      const t = start + (u.index % 600) * 1000;
      sink.add(t, identityInfoRow(this.org, u, t));
    }
    const session = this.sessionOf(u, start);
    if (!session || session.end <= start || session.start >= end) return;
    const from = Math.max(start, session.start);
    const to = Math.min(end, session.end);
    const share = (to - from) / (end - start);
    const publicIp = session.remote ? this.org.vpnGatewayIp : u.office.publicIp;
    if (session.start >= start && session.start < end) this.cloudSignIn(u, session.start + 5000, publicIp, rng, sink);
    const span = to - from;
    let n = rng.poisson(rates.mailIn * share);
    for (let i = 0; i < n; i++) this.inboundMail(u, from + rng.int(span), rng, sink);
    n = rng.poisson(rates.mailOut * share);
    for (let i = 0; i < n; i++) this.outboundMail(u, from + rng.int(span), rng, sink);
    n = rng.poisson(rates.cloud * share);
    for (let i = 0; i < n; i++) this.cloudActivity(u, from + rng.int(span), publicIp, rng, sink);
    n = rng.poisson(rates.identity * share);
    for (let i = 0; i < n; i++) this.identityActivity(u, from + rng.int(span), rng, sink);
  }

  private cloudSignIn(u: User, t: number, ip: string, rng: Rng, sink: SliceSink): void {
    sink.add(
      t,
      plainRow('IdentityLogonEvents', t, {
        ActionType: 'LogonSuccess',
        Application: 'Microsoft 365',
        LogonType: 'Cloud sign-in',
        Protocol: 'OAuth2',
        AccountName: u.name,
        AccountDomain: this.org.emailDomain,
        AccountUpn: u.upn,
        AccountSid: u.sid,
        AccountObjectId: u.objectId,
        AccountDisplayName: u.displayName,
        DeviceName: u.device?.name ?? '',
        DeviceType: u.device ? 'Desktop' : 'Mobile',
        OSPlatform: u.device ? u.device.osPlatform : 'iOS',
        IPAddress: ip,
        Location: u.office.countryCode,
        Isp: u.office.isp,
        AdditionalFields: { RequestId: rng.guid(), MfaRequired: rng.chance(0.2) },
      }),
    );
  }

  private nextCluster(): number {
    this.emailCluster += 7919;
    return 3_000_000_000 + this.emailCluster;
  }

  private inboundMail(u: User, t: number, rng: Rng, sink: SliceSink): void {
    const kind = rng.int(100);
    const id = rng.guid();
    let sender: { address: string; domain: string; name: string; ip: string };
    let direction = 'Inbound';
    let delivery = 'Delivered';
    let location = 'Inbox/folder';
    let threat = '';
    let detection = '';
    let confidence = '';
    let bcl = 0;
    if (kind < 40) {
      const other = this.org.users[rng.int(this.org.users.length)]!;
      sender = { address: other.email, domain: this.org.emailDomain, name: other.displayName, ip: '' };
      direction = 'Intra-org';
    } else if (kind < 75) {
      const dom = rng.pick(partnerDomains);
      const given = rng.pick(['anna', 'ben', 'carla', 'dmitri', 'elif', 'frank', 'grace', 'hassan']);
      sender = { address: `${given}@${dom}`, domain: dom, name: `${given[0]!.toUpperCase()}${given.slice(1)} (${dom.split('.')[0]})`, ip: `40.107.${rng.int(256)}.${1 + rng.int(254)}` };
    } else if (kind < 93) {
      sender = rng.pick(newsletterSenders);
      bcl = 4 + rng.int(4);
    } else {
      const addr = rng.pick(spamSenders);
      sender = { address: addr, domain: addr.split('@')[1]!, name: addr.split('@')[0]!, ip: `203.0.113.${1 + rng.int(254)}` };
      delivery = 'Junked';
      location = 'Junk folder';
      threat = 'Spam';
      detection = JSON.stringify({ Spam: ['Advanced filter'] });
      confidence = JSON.stringify({ Spam: 'High' });
      bcl = 7 + rng.int(3);
    }
    const subject = rng.pick(subjects).replace('{n}', String(10_000 + rng.int(90_000)));
    const hasAttachment = direction !== 'Intra-org' ? rng.chance(0.15) : rng.chance(0.25);
    const urls = threat !== '' || bcl > 0 ? 1 + rng.int(4) : rng.chance(0.3) ? 1 : 0;
    sink.add(t, emailRow(this.org, id, t, sender, u, subject, direction, delivery, location, threat, detection, confidence, bcl, hasAttachment ? 1 : 0, urls, this.nextCluster(), sender.ip));
    if (hasAttachment) {
      const att = rng.pick(attachmentFiles);
      const h = rng.hex(64);
      sink.add(t + 1, plainRow('EmailAttachmentInfo', t + 1, { NetworkMessageId: id, SenderFromAddress: sender.address, SenderDisplayName: sender.name, RecipientEmailAddress: u.email, RecipientObjectId: u.objectId, FileName: att.name, FileType: att.type, SHA256: h, FileSize: att.size + rng.int(100_000) }));
    }
    for (let i = 0; i < urls; i++) {
      const domain = threat !== '' ? sender.domain : sender.domain === this.org.emailDomain ? `${this.org.netbios.toLowerCase()}.sharepoint.com` : sender.domain;
      const url = `https://${domain}/${rng.pick(['newsletter', 'events', 'docs', 'unsubscribe', 'view', 'p'])}/${rng.hex(10)}`;
      sink.add(t + 2 + i, plainRow('EmailUrlInfo', t + 2 + i, { NetworkMessageId: id, Url: url, UrlDomain: domain, UrlLocation: 'Body' }));
      if (threat === '' && i === 0 && rng.chance(0.12)) {
        const ct = t + 60_000 + rng.int(3_600_000);
        sink.add(ct, plainRow('UrlClickEvents', ct, { Url: url, ActionType: 'ClickAllowed', AccountUpn: u.upn, Workload: 'Email', NetworkMessageId: id, IPAddress: u.office.publicIp, IsClickedThrough: false, UrlChain: JSON.stringify([url]) }));
      }
    }
    if (threat === 'Spam' && rng.chance(0.1)) {
      const zt = t + 3_600_000 + rng.int(3 * 3_600_000);
      sink.add(zt, plainRow('EmailPostDeliveryEvents', zt, { NetworkMessageId: id, InternetMessageId: `<${id.slice(0, 8)}@${sender.domain}>`, Action: 'Moved to junk folder', ActionType: 'ZAP', ActionTrigger: 'SpecialAction', ActionResult: 'Success', RecipientEmailAddress: u.email, DeliveryLocation: 'Junk folder', ThreatTypes: 'Spam', DetectionMethods: detection }));
    }
  }

  private outboundMail(u: User, t: number, rng: Rng, sink: SliceSink): void {
    const id = rng.guid();
    const dom = rng.pick(partnerDomains);
    const recipient = { email: `${rng.pick(['orders', 'support', 'j.doe', 'm.keller', 'accounts'])}@${dom}`, objectId: '' };
    sink.add(t, emailRow(this.org, id, t, { address: u.email, domain: this.org.emailDomain, name: u.displayName, ip: '' }, recipient, rng.pick(subjects).replace('{n}', String(rng.int(99_999))), 'Outbound', 'Delivered', '', '', '', '', 0, rng.chance(0.2) ? 1 : 0, 0, this.nextCluster(), ''));
  }

  private cloudActivity(u: User, t: number, ip: string, rng: Rng, sink: SliceSink): void {
    const app = rng.weighted(cloudApps, [4, 3, 2, 3]);
    const site = `https://${this.org.netbios.toLowerCase()}.sharepoint.com/sites/${u.department.replace(/\s+/g, '')}`;
    let action: string;
    let objectName: string;
    let objectType = 'File';
    if (app.id === 20893) {
      action = 'MailItemsAccessed';
      objectName = 'Inbox';
      objectType = 'Folder';
    } else if (app.id === 28375) {
      action = rng.chance(0.7) ? 'MessageSent' : 'MeetingParticipantDetail';
      objectName = 'Teams chat';
      objectType = 'Message';
    } else {
      action = rng.weighted(['FileAccessed', 'FileModified', 'FileUploaded', 'FileDownloaded', 'FilePreviewed'], [5, 3, 1, 1, 2]);
      objectName = `${site}/Shared Documents/${rng.pick(DOC_WORDS)}.${rng.pick(['docx', 'xlsx', 'pptx', 'pdf'])}`;
    }
    sink.add(t, cloudRow(this.org, u, t, app, action, objectName, objectType, ip, u.device ? (u.device.os === 'macOS' ? userAgents.mac : userAgents.windows) : userAgents.ios, rng));
  }

  private identityActivity(u: User, t: number, rng: Rng, sink: SliceSink): void {
    const d = u.device;
    const dc = this.org.domainControllers.length > 0 ? rng.pick(this.org.domainControllers) : this.dc;
    const srcName = d?.name ?? '';
    const srcIp = d?.ip ?? u.office.publicIp;
    const roll = rng.int(10);
    if (roll < 7 || !d) {
      const target = this.fileServer && rng.chance(0.5) ? this.fileServer : dc;
      sink.add(
        t,
        plainRow('IdentityLogonEvents', t, {
          ActionType: 'LogonSuccess',
          Application: 'Active Directory',
          LogonType: 'Resource access',
          Protocol: 'Kerberos',
          AccountName: u.name,
          AccountDomain: this.org.adDomain,
          AccountUpn: u.upn,
          AccountSid: u.sid,
          AccountObjectId: u.objectId,
          AccountDisplayName: u.displayName,
          DeviceName: srcName,
          DeviceType: 'Desktop',
          OSPlatform: d?.osPlatform ?? '',
          IPAddress: srcIp,
          Port: 49_152 + rng.int(16_000),
          DestinationDeviceName: dc.fqdn,
          DestinationIPAddress: dc.ip,
          DestinationPort: 88,
          TargetDeviceName: target.fqdn,
          AdditionalFields: { Spns: `cifs/${target.fqdn}` },
        }),
      );
    } else {
      const isDns = roll < 9;
      const target = isDns ? rng.pick(cloudServices).url : `CN=${u.displayName},OU=Staff,DC=${this.org.adDomain.split('.').join(',DC=')}`;
      sink.add(
        t,
        plainRow('IdentityQueryEvents', t, {
          ActionType: isDns ? 'DNS query' : 'LDAP query',
          Application: 'Active Directory',
          QueryType: isDns ? 'A' : 'Search',
          QueryTarget: target,
          Query: isDns ? target : `Search Scope: BaseObject, Base Object: ${target}, Search Filter: (objectClass=*)`,
          Protocol: isDns ? 'Dns' : 'Ldap',
          AccountName: u.name,
          AccountDomain: this.org.adDomain,
          AccountUpn: u.upn,
          AccountSid: u.sid,
          AccountObjectId: u.objectId,
          AccountDisplayName: u.displayName,
          DeviceName: srcName,
          IPAddress: srcIp,
          Port: 49_152 + rng.int(16_000),
          DestinationDeviceName: dc.fqdn,
          DestinationIPAddress: dc.ip,
          DestinationPort: isDns ? 53 : 389,
          AdditionalFields: {},
        }),
      );
    }
    if (rng.chance(0.004)) {
      sink.add(
        t + 1000,
        plainRow('IdentityDirectoryEvents', t + 1000, {
          ActionType: 'Account Password changed',
          Application: 'Active Directory',
          TargetAccountUpn: u.upn,
          TargetAccountDisplayName: u.displayName,
          DestinationDeviceName: dc.fqdn,
          DestinationIPAddress: dc.ip,
          DestinationPort: 445,
          Protocol: 'Kerberos',
          AccountName: u.name,
          AccountDomain: this.org.adDomain,
          AccountUpn: u.upn,
          AccountSid: u.sid,
          AccountObjectId: u.objectId,
          AccountDisplayName: u.displayName,
          DeviceName: srcName,
          IPAddress: srcIp,
          AdditionalFields: { 'TARGET_OBJECT.USER': u.name },
        }),
      );
    }
  }
}

const backgroundChildren: readonly { bin: Binary; cmd: string; account: ProcAccount }[] = [
  { bin: winBin.backgroundTaskHost, cmd: '"backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountProvider', account: SYSTEM },
  { bin: winBin.taskhostw, cmd: 'taskhostw.exe Install $(Arg0)', account: SYSTEM },
  { bin: winBin.compatTelRunner, cmd: 'compattelrunner.exe -m:appraiser.dll -f:DoScheduledTelemetryRun', account: SYSTEM },
  { bin: winBin.searchProtocolHost, cmd: '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe1_ Global\\UsGthrCtrlFltPipeMssGthrPipe1 1 -2147483646 "Software\\Microsoft\\Windows Search"', account: SYSTEM },
  { bin: winBin.mpCmdRun, cmd: '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe" SignatureUpdate -ScheduleJob -RestrictPrivileges', account: NETWORK_SERVICE },
  { bin: winBin.officeC2R, cmd: '"C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeClickToRun.exe" /frequentupdate SCHEDULEDTASK displaylevel=False', account: SYSTEM },
  { bin: winBin.wmiprvse, cmd: 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', account: LOCAL_SERVICE },
];

const downloads: readonly { bin: Binary; url: string; referrer: string; ip: string }[] = [
  { bin: makeBinary({ file: 'ZoomInstallerFull.exe', path: '', company: 'Zoom Video Communications, Inc.', product: 'Zoom', version: '6.2.5', description: 'Zoom Installer', size: 92_404_392 }), url: 'https://zoom.us/client/6.2.5.49931/ZoomInstallerFull.exe', referrer: 'https://zoom.us/download', ip: '170.114.52.2' },
  { bin: makeBinary({ file: 'Quarterly report.pdf', path: '', company: '', product: '', version: '', description: '', size: 1_204_332 }), url: 'https://www.salesforce.com/files/quarterly-report.pdf', referrer: 'https://www.salesforce.com/', ip: '104.109.10.129' },
  { bin: makeBinary({ file: 'npp.8.7.Installer.x64.exe', path: '', company: 'Don HO don.h@free.fr', product: 'Notepad++', version: '8.7', description: 'Notepad++ installer', size: 5_021_448 }), url: 'https://github.com/notepad-plus-plus/notepad-plus-plus/releases/download/v8.7/npp.8.7.Installer.x64.exe', referrer: 'https://notepad-plus-plus.org/', ip: '140.82.121.4' },
  { bin: makeBinary({ file: 'invoice_template.xlsx', path: '', company: '', product: '', version: '', description: '', size: 58_112 }), url: 'https://kestrel.sharepoint.com/sites/Finance/Shared%20Documents/invoice_template.xlsx', referrer: '', ip: '13.107.136.10' },
];

const attachmentFiles = [
  { name: 'Invoice.pdf', type: 'pdf', size: 80_000 },
  { name: 'Proposal.docx', type: 'docx', size: 120_000 },
  { name: 'Forecast.xlsx', type: 'xlsx', size: 60_000 },
  { name: 'image001.png', type: 'png', size: 8_000 },
  { name: 'Agenda.pdf', type: 'pdf', size: 40_000 },
] as const;

const AUTH_PASS = JSON.stringify({ SPF: 'pass', DKIM: 'pass', DMARC: 'pass', CompAuth: 'pass' });
const AUTH_FAIL = JSON.stringify({ SPF: 'softfail', DKIM: 'none', DMARC: 'fail', CompAuth: 'fail' });

export function emailRow(
  org: Organisation,
  id: string,
  t: number,
  sender: { address: string; domain: string; name: string; ip: string; objectId?: string },
  recipient: { email: string; objectId: string },
  subject: string,
  direction: string,
  delivery: string,
  location: string,
  threat: string,
  detection: string,
  confidence: string,
  bcl: number,
  attachments: number,
  urls: number,
  cluster: number,
  senderIp: string,
): Row {
  const auth = sender.domain === org.emailDomain || threat === '' ? AUTH_PASS : AUTH_FAIL;
  const r = plainRow('EmailEvents', t, {
    NetworkMessageId: id,
    InternetMessageId: `<${id.replaceAll('-', '').slice(0, 20).toUpperCase()}@${sender.domain}>`,
    SenderMailFromAddress: sender.address,
    SenderFromAddress: sender.address,
    SenderDisplayName: sender.name,
    SenderMailFromDomain: sender.domain,
    SenderFromDomain: sender.domain,
    RecipientEmailAddress: recipient.email,
    Subject: subject,
    EmailClusterId: cluster,
    EmailDirection: direction,
    DeliveryAction: delivery,
    DeliveryLocation: location,
    ThreatTypes: threat,
    DetectionMethods: detection,
    ConfidenceLevel: confidence,
    BulkComplaintLevel: bcl,
    AuthenticationDetails: auth,
    AttachmentCount: attachments,
    UrlCount: urls,
    EmailLanguage: 'en',
    Connectors: '',
    OrgLevelAction: '',
    LatestDeliveryLocation: location,
    LatestDeliveryAction: delivery,
  });
  if (sender.objectId !== undefined) r.SenderObjectId = sender.objectId;
  if (senderIp !== '') r.SenderIPv4 = senderIp;
  if (recipient.objectId !== '') r.RecipientObjectId = recipient.objectId;
  return r;
}

export function cloudRow(org: Organisation, u: User, t: number, app: { name: string; id: number }, action: string, objectName: string, objectType: string, ip: string, userAgent: string, rng: Rng, extra?: Record<string, unknown>): Row {
  return plainRow('CloudAppEvents', t, {
    ActionType: action,
    Application: app.name,
    ApplicationId: app.id,
    AppInstanceId: 0,
    AccountObjectId: u.objectId,
    AccountId: u.objectId,
    AccountDisplayName: u.displayName,
    IsAdminOperation: false,
    DeviceType: userAgent.includes('iPhone') ? 'Mobile' : 'Desktop',
    OSPlatform: userAgent.includes('iPhone') ? 'iOS' : userAgent.includes('Macintosh') ? 'macOS' : 'Windows',
    IPAddress: ip,
    IsAnonymousProxy: false,
    CountryCode: u.office.countryCode,
    City: u.office.city,
    Isp: u.office.isp,
    UserAgent: userAgent,
    ActivityType: action.startsWith('File') ? (action === 'FileDownloaded' ? 'Download' : action === 'FileUploaded' ? 'Upload' : 'Basic') : 'Basic',
    ActivityObjects: [{ Type: objectType, Role: 'Target object', Name: objectName }],
    ObjectName: objectName,
    ObjectType: objectType,
    AccountType: 'Regular',
    IsExternalUser: false,
    IsImpersonated: false,
    RawEventData: { CreationTime: iso(t).slice(0, 19), Id: rng.guid(), Operation: action, OrganizationId: org.tenantId, UserId: u.upn, ClientIP: ip, Workload: app.name.replace('Microsoft ', '') },
    ...extra,
  });
}

export function identityInfoRow(org: Organisation, u: User, t: number): Row {
  return plainRow('IdentityInfo', t, {
    AccountObjectId: u.objectId,
    AccountUpn: u.upn,
    OnPremSid: u.sid,
    AccountDisplayName: u.displayName,
    AccountName: u.name,
    AccountDomain: org.adDomain,
    Type: 'User',
    DistinguishedName: `CN=${u.displayName},OU=${u.department},OU=Staff,DC=${org.adDomain.split('.').join(',DC=')}`,
    GivenName: u.givenName,
    Surname: u.surname,
    Department: u.department,
    JobTitle: u.jobTitle,
    EmailAddress: u.email,
    Address: '',
    City: u.office.city,
    Country: u.office.country,
    IsAccountEnabled: true,
    Manager: u.manager?.displayName ?? '',
    CreatedDateTime: u.createdAt,
    SourceProvider: 'ActiveDirectory',
    Tags: u.admin ? ['Sensitive'] : [],
    AssignedRoles: u.groups.includes('Domain Admins') ? ['Global Administrator'] : u.admin ? ['Helpdesk Administrator'] : [],
    TenantId: org.tenantId,
    CompanyName: org.name,
    EmployeeId: u.employeeId,
    GroupMembership: u.groups,
    IdentityEnvironment: 'Hybrid',
    SourceProviders: ['ActiveDirectory', 'AzureActiveDirectory'],
    CriticalityLevel: u.admin ? 3 : 0,
  });
}
