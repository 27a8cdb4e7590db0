/**
 * The simulated organisation: offices with their networks, users with departments and managers, admin and
 * service accounts, groups, devices (workstations, servers, domain controllers) with their software.
 * Built once from the seed; everything else refers to it.
 */
import { Rng, stableHex } from './prng.ts';
import { softwareCatalog } from './catalog.ts';
import type { SoftwareVersion } from './catalog.ts';

export interface Office {
  readonly code: string;
  readonly city: string;
  readonly country: string;
  readonly countryCode: string;
  /** Offset from UTC in minutes (standard time; the simulator does not model daylight saving). */
  readonly utcOffsetMinutes: number;
  /** First two octets of the office LAN, e.g. "10.10". */
  readonly lan: string;
  /** The office's internet egress address. */
  readonly publicIp: string;
  readonly isp: string;
}

export interface Account {
  readonly domain: string;
  readonly name: string;
  readonly sid: string;
  readonly upn: string;
  readonly objectId: string;
  readonly displayName: string;
}

export interface User extends Account {
  readonly index: number;
  readonly givenName: string;
  readonly surname: string;
  readonly department: string;
  readonly jobTitle: string;
  readonly email: string;
  readonly office: Office;
  readonly employeeId: string;
  readonly createdAt: string;
  manager: User | undefined;
  /** IT staff have a separate privileged account. */
  admin: Account | undefined;
  device: Device | undefined;
  groups: string[];
  /** Share of workdays this person works over VPN from home. */
  readonly remoteShare: number;
}

export type OsFamily = 'Windows' | 'macOS' | 'Linux';
export type DeviceRole = 'workstation' | 'server' | 'domain-controller';

export interface Device {
  readonly index: number;
  readonly id: string;
  readonly aadDeviceId: string;
  readonly name: string;
  readonly fqdn: string;
  readonly os: OsFamily;
  readonly osPlatform: string;
  readonly osVersion: string;
  readonly osBuild: number;
  readonly osBuildRevision: string;
  readonly osDistribution: string;
  readonly role: DeviceRole;
  readonly office: Office;
  readonly ip: string;
  readonly mac: string;
  readonly vendor: string;
  readonly model: string;
  readonly internetFacing: boolean;
  readonly software: readonly SoftwareVersion[];
  /** Service that runs on a server ("sql", "web", "file", "backup", "app", "dc"). */
  readonly service: string;
  owner: User | undefined;
  /** The machine account (NAME$). */
  readonly machineSid: string;
}

export interface Group {
  readonly name: string;
  readonly sid: string;
  readonly members: User[];
  readonly privileged: boolean;
}

export interface Organisation {
  readonly name: string;
  readonly tenantId: string;
  /** Email and UPN suffix, e.g. kestrel-eng.com. */
  readonly emailDomain: string;
  /** Active Directory DNS name, e.g. corp.kestrel-eng.com. */
  readonly adDomain: string;
  /** NetBIOS name, e.g. KESTREL. */
  readonly netbios: string;
  readonly domainSid: string;
  readonly offices: readonly Office[];
  readonly users: readonly User[];
  readonly devices: readonly Device[];
  readonly workstations: readonly Device[];
  readonly servers: readonly Device[];
  readonly domainControllers: readonly Device[];
  readonly groups: readonly Group[];
  readonly serviceAccounts: readonly Account[];
  /** First two octets of the VPN client pool. */
  readonly vpnPool: string;
  readonly vpnGatewayIp: string;
}

const companies = [
  { name: 'Kestrel Engineering', email: 'kestrel-eng.com', netbios: 'KESTREL' },
  { name: 'Halvorsen Maritime', email: 'halvorsen-maritime.com', netbios: 'HALVORSEN' },
  { name: 'Brightwater Foods', email: 'brightwaterfoods.com', netbios: 'BRIGHTWATER' },
  { name: 'Lindqvist Medical', email: 'lindqvist-med.com', netbios: 'LINDQVIST' },
  { name: 'Oakridge Analytics', email: 'oakridge-analytics.com', netbios: 'OAKRIDGE' },
] as const;

/** Offices. Public addresses are in the ranges reserved for documentation (RFC 5737). */
const officeList: readonly Office[] = [
  { code: 'AMS', city: 'Amsterdam', country: 'Netherlands', countryCode: 'NL', utcOffsetMinutes: 60, lan: '10.10', publicIp: '198.51.100.10', isp: 'KPN B.V.' },
  { code: 'NYC', city: 'New York', country: 'United States', countryCode: 'US', utcOffsetMinutes: -300, lan: '10.20', publicIp: '198.51.100.80', isp: 'Verizon Business' },
  { code: 'SGP', city: 'Singapore', country: 'Singapore', countryCode: 'SG', utcOffsetMinutes: 480, lan: '10.30', publicIp: '198.51.100.140', isp: 'Singtel' },
];

const givenNames = [
  'Emma', 'Liam', 'Olivia', 'Noah', 'Sophie', 'Lucas', 'Mila', 'Daan', 'Julia', 'Sem', 'Anna', 'Finn', 'Sara', 'Levi', 'Eva',
  'James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'David', 'Linda', 'William', 'Elizabeth', 'Richard', 'Susan',
  'Joseph', 'Jessica', 'Thomas', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Wei',
  'Mei', 'Jun', 'Hui', 'Arjun', 'Priya', 'Ravi', 'Ananya', 'Siti', 'Ahmad', 'Nur', 'Hiroshi', 'Yuki', 'Min-jun', 'Ji-woo',
  'Lars', 'Ingrid', 'Sven', 'Astrid', 'Pieter', 'Fleur', 'Mateo', 'Lucia', 'Omar', 'Fatima', 'Kofi', 'Amara', 'Tomasz', 'Zofia',
  'Andrei', 'Elena', 'Diego', 'Camila', 'Noor', 'Yusuf', 'Ines', 'Hugo', 'Chloe', 'Felix', 'Clara', 'Oscar', 'Maja',
];
const surnames = [
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'de Boer', 'Bos', 'Vos',
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Wilson', 'Anderson',
  'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall',
  'Tan', 'Lim', 'Ng', 'Wong', 'Goh', 'Chua', 'Koh', 'Teo', 'Ong', 'Kumar', 'Sharma', 'Patel', 'Nair', 'Iyer', 'Rahman',
  'Ismail', 'Sato', 'Suzuki', 'Kim', 'Park', 'Nguyen', 'Tran', 'Larsen', 'Nilsson', 'Berg', 'Novak', 'Kowalski', 'Popescu',
  'Rossi', 'Ferrari', 'Dubois', 'Lefebvre', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Hoffmann', 'Okafor', 'Mensah', 'Haddad',
];

/** Departments with their share of staff and job titles (the first title is the department head's). */
const departments: readonly { name: string; share: number; titles: readonly string[] }[] = [
  { name: 'Executive', share: 0.02, titles: ['Chief Executive Officer', 'Chief Financial Officer', 'Chief Operating Officer', 'Executive Assistant'] },
  { name: 'Engineering', share: 0.26, titles: ['VP Engineering', 'Engineering Manager', 'Senior Software Engineer', 'Software Engineer', 'QA Engineer', 'DevOps Engineer'] },
  { name: 'Sales', share: 0.16, titles: ['VP Sales', 'Sales Manager', 'Account Executive', 'Sales Development Representative'] },
  { name: 'Marketing', share: 0.07, titles: ['Head of Marketing', 'Marketing Manager', 'Content Strategist', 'Designer'] },
  { name: 'Finance', share: 0.08, titles: ['Finance Director', 'Controller', 'Accountant', 'Accounts Payable Specialist', 'Payroll Specialist'] },
  { name: 'Human Resources', share: 0.05, titles: ['HR Director', 'HR Business Partner', 'Recruiter', 'HR Coordinator'] },
  { name: 'Legal', share: 0.03, titles: ['General Counsel', 'Legal Counsel', 'Paralegal'] },
  { name: 'IT', share: 0.07, titles: ['IT Director', 'Systems Administrator', 'Network Engineer', 'Service Desk Analyst', 'Security Engineer'] },
  { name: 'Operations', share: 0.14, titles: ['Head of Operations', 'Operations Manager', 'Logistics Coordinator', 'Operations Analyst'] },
  { name: 'Customer Support', share: 0.12, titles: ['Head of Customer Support', 'Support Team Lead', 'Support Specialist'] },
];

export interface OrgOptions {
  readonly devices: number;
  readonly users: number;
  readonly seed: number | string;
  /** The simulated "now": account creation dates are set before it. */
  readonly now: number;
}

/** How many users a device count implies when --users is not given: 400 for the default 250 devices. */
export function defaultUserCount(devices: number): number {
  return Math.max(4, Math.round(devices * 1.6));
}

export function buildOrganisation(opts: OrgOptions): Organisation {
  const rng = Rng.derive(opts.seed, 'organisation');
  const company = rng.pick(companies);
  const tenantId = rng.guid();
  const domainSid = `S-1-5-21-${rng.between(1_000_000_000, 3_999_999_999)}-${rng.between(1_000_000_000, 3_999_999_999)}-${rng.between(1_000_000_000, 3_999_999_999)}`;
  const adDomain = `corp.${company.email}`;
  const netbios = company.netbios;
  let rid = 1104;
  const account = (sam: string, displayName: string): Account => ({
    domain: netbios.toLowerCase(),
    name: sam,
    sid: `${domainSid}-${rid++}`,
    upn: `${sam}@${company.email}`,
    objectId: rng.guid(),
    displayName,
  });

  // Users: departments by share, office weighted to HQ.
  const users: User[] = [];
  const usedSam = new Set<string>();
  const deptOf: string[] = [];
  for (const d of departments) {
    const n = Math.max(1, Math.round(d.share * opts.users));
    for (let i = 0; i < n; i++) deptOf.push(d.name);
  }
  while (deptOf.length < opts.users) deptOf.push('Engineering');
  deptOf.length = opts.users;
  const deptFirstIndex = new Map<string, number>();
  for (let i = 0; i < opts.users; i++) {
    const dept = departments.find((d) => d.name === deptOf[i]) ?? departments[1]!;
    const given = rng.pick(givenNames);
    const surname = rng.pick(surnames);
    const base = `${given[0]}${surname.replace(/[^A-Za-z]/g, '')}`.toLowerCase();
    let sam = base;
    for (let k = 2; usedSam.has(sam); k++) sam = `${base}${k}`;
    usedSam.add(sam);
    const isHead = !deptFirstIndex.has(dept.name);
    if (isHead) deptFirstIndex.set(dept.name, i);
    const office = isHead ? officeList[0]! : rng.weighted(officeList, [0.6, 0.25, 0.15]);
    const title = isHead ? dept.titles[0]! : rng.pick(dept.titles.slice(1));
    const acct = account(sam, `${given} ${surname}`);
    const created = opts.now - rng.between(40, 3000) * 86_400_000;
    users.push({
      ...acct,
      upn: `${given.toLowerCase().replace(/[^a-z]/g, '')}.${surname.toLowerCase().replace(/[^a-z]/g, '')}${sam === base ? '' : sam.slice(base.length)}@${company.email}`,
      index: i,
      givenName: given,
      surname,
      department: dept.name,
      jobTitle: title,
      email: '',
      office,
      employeeId: String(100_000 + rng.int(899_999)),
      createdAt: new Date(created).toISOString(),
      manager: undefined,
      admin: undefined,
      device: undefined,
      groups: ['Domain Users', `${dept.name} Team`],
      remoteShare: rng.chance(0.3) ? 0.6 : rng.chance(0.5) ? 0.2 : 0,
    });
  }
  for (const u of users) (u as { email: string }).email = u.upn;
  // Managers: heads report to the CEO (user 0); others to a head or a team lead of their department.
  const ceo = users[0]!;
  for (const u of users) {
    const headIdx = deptFirstIndex.get(u.department)!;
    if (u.index === ceo.index) continue;
    if (u.index === headIdx) {
      u.manager = ceo;
      continue;
    }
    const peers = users.filter((p) => p.department === u.department && p.index < u.index && /Manager|Lead|Director|Controller/.test(p.jobTitle));
    u.manager = peers.length > 0 && rng.chance(0.7) ? rng.pick(peers) : users[headIdx];
  }
  // IT staff get privileged accounts.
  for (const u of users) {
    if (u.department !== 'IT') continue;
    u.admin = account(`adm-${u.name}`, `${u.displayName} (admin)`);
    u.groups.push('IT Helpdesk');
  }
  const itStaff = users.filter((u) => u.admin);
  const serviceAccounts = [account('svc-sql', 'SQL Service'), account('svc-backup', 'Backup Service'), account('svc-web', 'Web App Service'), account('svc-scan', 'Vulnerability Scanner')];
  // Groups.
  const groupSid = (): string => `${domainSid}-${rid++}`;
  const groups: Group[] = [
    { name: 'Domain Admins', sid: `${domainSid}-512`, members: itStaff.slice(0, Math.max(1, Math.ceil(itStaff.length / 3))), privileged: true },
    { name: 'IT Helpdesk', sid: groupSid(), members: itStaff, privileged: false },
    { name: 'VPN Users', sid: groupSid(), members: users.filter((u) => u.remoteShare > 0), privileged: false },
    ...departments.map((d) => ({ name: `${d.name} Team`, sid: groupSid(), members: users.filter((u) => u.department === d.name), privileged: false })),
  ];
  for (const u of groups[0]!.members) u.groups.push('Domain Admins');
  for (const u of groups[2]!.members) u.groups.push('VPN Users');

  // Devices: about 12% servers (two domain controllers first), the rest workstations.
  const devices: Device[] = [];
  const serverCount = Math.max(3, Math.round(opts.devices * 0.12));
  const hostCounter = new Map<string, number>();
  const hostName = (office: Office, kind: string): string => {
    const key = `${office.code}-${kind}`;
    const n = (hostCounter.get(key) ?? 0) + 1;
    hostCounter.set(key, n);
    return kind === 'LT' || kind === 'MB' || kind === 'WS' ? `${office.code}-${kind}-${String(n).padStart(4, '0')}`.toLowerCase() : `${office.code}-${kind}${String(n).padStart(2, '0')}`.toLowerCase();
  };
  const serverKinds: readonly { kind: string; service: string; os: OsFamily; internetFacing?: boolean }[] = [
    { kind: 'DC', service: 'dc', os: 'Windows' },
    { kind: 'DC', service: 'dc', os: 'Windows' },
    { kind: 'FS', service: 'file', os: 'Windows' },
    { kind: 'SQL', service: 'sql', os: 'Windows' },
    { kind: 'WEB', service: 'web', os: 'Linux', internetFacing: true },
    { kind: 'BKP', service: 'backup', os: 'Windows' },
    { kind: 'APP', service: 'app', os: 'Linux' },
    { kind: 'BLD', service: 'app', os: 'Linux' },
  ];
  const lanCounters = new Map<string, number>();
  const nextIp = (office: Office, server: boolean): string => {
    const key = `${office.lan}-${server}`;
    const n = (lanCounters.get(key) ?? 0) + 1;
    lanCounters.set(key, n);
    return server ? `${office.lan}.1.${10 + n}` : `${office.lan}.${20 + Math.floor(n / 250)}.${(n % 250) + 2}`;
  };
  for (let i = 0; i < opts.devices; i++) {
    const isServer = i < serverCount;
    const spec = isServer ? (serverKinds[i] ?? { kind: rng.chance(0.5) ? 'APP' : 'SRV', service: 'app', os: rng.chance(0.5) ? ('Linux' as const) : ('Windows' as const) }) : undefined;
    const office = isServer ? (i < 2 || i < serverKinds.length ? officeList[0]! : rng.pick(officeList)) : officeList[0]!; // workstations follow their owner below
    const os: OsFamily = spec ? spec.os : rng.weighted<OsFamily>(['Windows', 'macOS', 'Linux'], [0.75, 0.17, 0.08]);
    const role: DeviceRole = spec?.service === 'dc' ? 'domain-controller' : isServer ? 'server' : 'workstation';
    const name = isServer ? hostName(office, spec!.kind) : '';
    devices.push(makeDevice(rng, i, name, os, role, office, spec?.service ?? 'workstation', spec?.internetFacing ?? false, adDomain, isServer ? nextIp(office, true) : ''));
  }
  // Assign workstations to users (the first users get one; the rest work from shared or mobile devices).
  const workstations = devices.filter((d) => d.role === 'workstation');
  for (let w = 0; w < workstations.length && w < users.length; w++) {
    const user = users[w]!;
    const d = workstations[w]!;
    const kind = d.os === 'Windows' ? 'LT' : d.os === 'macOS' ? 'MB' : 'WS';
    const name = hostName(user.office, kind);
    const fixed: Device = { ...d, name, fqdn: d.os === 'Windows' ? `${name}.${adDomain}` : name, office: user.office, ip: nextIp(user.office, false), owner: user };
    devices[d.index] = fixed;
    user.device = fixed;
  }
  // Workstations beyond the number of users are shared machines (kiosks, meeting rooms).
  for (const d of devices) {
    if (d.name === '') {
      const name = hostName(officeList[0]!, d.os === 'Windows' ? 'LT' : d.os === 'macOS' ? 'MB' : 'WS');
      devices[d.index] = { ...d, name, fqdn: `${name}.${adDomain}`, ip: nextIp(officeList[0]!, false) };
    }
  }
  return {
    name: company.name,
    tenantId,
    emailDomain: company.email,
    adDomain,
    netbios,
    domainSid,
    offices: officeList,
    users,
    devices,
    workstations: devices.filter((d) => d.role === 'workstation'),
    servers: devices.filter((d) => d.role !== 'workstation'),
    domainControllers: devices.filter((d) => d.role === 'domain-controller'),
    groups,
    serviceAccounts,
    vpnPool: '10.200',
    vpnGatewayIp: '198.51.100.20',
  };
}

const windowsBuilds = [
  { platform: 'Windows11', version: '23H2', build: 22631, rev: '4317', weight: 45 },
  { platform: 'Windows11', version: '22H2', build: 22621, rev: '4317', weight: 20 },
  { platform: 'Windows10', version: '22H2', build: 19045, rev: '5011', weight: 30 },
  { platform: 'Windows10', version: '21H2', build: 19044, rev: '4894', weight: 5 },
];

function makeDevice(
  rng: Rng,
  index: number,
  name: string,
  os: OsFamily,
  role: DeviceRole,
  office: Office,
  service: string,
  internetFacing: boolean,
  adDomain: string,
  ip: string,
): Device {
  let osPlatform: string;
  let osVersion: string;
  let osBuild: number;
  let osBuildRevision: string;
  let osDistribution = '';
  let vendor: string;
  let model: string;
  if (os === 'Windows' && role !== 'workstation') {
    osPlatform = rng.chance(0.8) ? 'WindowsServer2022' : 'WindowsServer2019';
    osVersion = osPlatform === 'WindowsServer2022' ? '21H2' : '1809';
    osBuild = osPlatform === 'WindowsServer2022' ? 20348 : 17763;
    osBuildRevision = osPlatform === 'WindowsServer2022' ? '2762' : '6414';
    vendor = 'VMware, Inc.';
    model = 'VMware7,1';
  } else if (os === 'Windows') {
    const b = rng.weighted(windowsBuilds, windowsBuilds.map((x) => x.weight));
    osPlatform = b.platform;
    osVersion = b.version;
    osBuild = b.build;
    osBuildRevision = b.rev;
    [vendor, model] = rng.pick([
      ['Dell Inc.', 'Latitude 5440'],
      ['Dell Inc.', 'Latitude 7430'],
      ['LENOVO', '21HD0045MH'],
      ['HP', 'HP EliteBook 840 G9'],
    ] as const);
  } else if (os === 'macOS') {
    osPlatform = 'macOS';
    [osVersion, osBuild] = rng.pick([
      ['14.7', 23],
      ['14.6.1', 23],
      ['13.6.9', 22],
      ['15.0.1', 24],
    ] as const);
    osBuildRevision = '';
    vendor = 'Apple Inc.';
    model = rng.pick(['MacBookPro18,3', 'Mac14,2', 'Mac15,6']);
  } else {
    osPlatform = 'Linux';
    osDistribution = 'Ubuntu';
    osVersion = rng.chance(0.7) ? '22.04' : '20.04';
    osBuild = 0;
    osBuildRevision = '';
    vendor = role === 'workstation' ? 'Dell Inc.' : 'VMware, Inc.';
    model = role === 'workstation' ? 'Precision 3660' : 'VMware7,1';
  }
  const software: SoftwareVersion[] = [];
  for (const p of softwareCatalog) {
    if (!p.platforms.includes(os) || !rng.chance(p.share)) continue;
    if (p.versions[0]?.v.name === 'windows_10' && !osPlatform.startsWith('Windows10')) continue;
    const pick = rng.weighted(
      p.versions.map((v) => v.v),
      p.versions.map((v) => v.weight),
    );
    software.push(pick);
  }
  const id = stableHex(`${rng.hex(16)}:device:${index}`, 40);
  return {
    index,
    id,
    aadDeviceId: rng.guid(),
    name,
    fqdn: name !== '' && os === 'Windows' ? `${name}.${adDomain}` : name,
    os,
    osPlatform,
    osVersion,
    osBuild,
    osBuildRevision,
    osDistribution,
    role,
    office,
    ip,
    mac: Array.from({ length: 6 }, () => rng.hex(2)).join('-').toUpperCase(),
    vendor,
    model,
    internetFacing,
    software,
    service,
    owner: undefined,
    machineSid: `S-1-5-21-${rng.between(1_000_000_000, 3_999_999_999)}-${rng.between(1_000_000_000, 3_999_999_999)}-${rng.between(1_000_000_000, 3_999_999_999)}`,
  };
}
