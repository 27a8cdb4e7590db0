/**
 * One identity for a device and an account whichever source reports it. A device's DeviceId is derived
 * from its host name (the first label, lower case), so `WS5`, `ws5.corp.local` and osquery's `ws5` are one
 * device; account names are split from their domain and lower-cased the way Defender shows them.
 * DeviceInfo rows are kept current: a device's first sighting in this process, or any change in what a
 * source says about its OS, adds a DeviceInfo row.
 */
import { createHash } from 'node:crypto';

export function hostKey(hostname: string): string {
  return hostname.trim().toLowerCase().split('.')[0] ?? '';
}

const deviceIds = new Map<string, string>();
const DEVICE_ID_CACHE = 50_000;

/** 40 hex characters, like Defender's DeviceId. Cached by host name: a batch names few hosts many times. */
export function deviceIdFor(hostname: string): string {
  let id = deviceIds.get(hostname);
  if (id === undefined) {
    id = createHash('sha1').update(`palisade-device:${hostKey(hostname)}`).digest('hex');
    if (deviceIds.size >= DEVICE_ID_CACHE) deviceIds.clear();
    deviceIds.set(hostname, id);
  }
  return id;
}

export interface Device {
  readonly DeviceId: string;
  readonly DeviceName: string;
}

export function device(hostname: string): Device {
  return { DeviceId: deviceIdFor(hostname), DeviceName: hostname.trim().toLowerCase() };
}

export interface AccountParts {
  AccountName?: string;
  AccountDomain?: string;
  AccountSid?: string;
  AccountUpn?: string;
}

const blank = (v: unknown): boolean => v === undefined || v === null || v === '' || v === '-';

/** Splits DOMAIN\user and user@domain forms; lower-cases name and domain; keeps the SID as given. */
export function account(user: unknown, domain?: unknown, sid?: unknown): AccountParts {
  const out: AccountParts = {};
  if (!blank(user) && typeof user === 'string') {
    let name = user.trim();
    let dom = typeof domain === 'string' && !blank(domain) ? domain.trim() : undefined;
    const slash = name.indexOf('\\');
    if (slash >= 0) {
      dom ??= name.slice(0, slash);
      name = name.slice(slash + 1);
    } else if (name.includes('@')) {
      out.AccountUpn = name.toLowerCase();
      const [local, d] = name.split('@');
      name = local ?? name;
      dom ??= d?.split('.')[0];
    }
    out.AccountName = name.toLowerCase();
    if (dom !== undefined) out.AccountDomain = dom.toLowerCase();
  } else if (typeof domain === 'string' && !blank(domain)) {
    out.AccountDomain = domain.trim().toLowerCase();
  }
  if (typeof sid === 'string' && !blank(sid)) out.AccountSid = sid.trim().toUpperCase();
  return out;
}

/** Renames AccountX to PrefixAccountX (e.g. InitiatingProcessAccountName). */
export function prefixed(prefix: string, parts: AccountParts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parts) as [string, string | undefined][]) if (v !== undefined) out[`${prefix}${k}`] = v;
  return out;
}

export interface DeviceFacts {
  OSPlatform?: string | undefined;
  OSVersion?: string | undefined;
  OSBuild?: number | undefined;
  OSArchitecture?: string | undefined;
  OSDistribution?: string | undefined;
  PublicIP?: string | undefined;
  ClientVersion?: string | undefined;
}

/** Tracks what was last reported per device, to emit DeviceInfo rows only when something is new. */
export class DeviceRegistry {
  private readonly known = new Map<string, string>();

  /** A DeviceInfo row when this device or these facts are new, else undefined. */
  observe(d: Device, timestamp: unknown, facts: DeviceFacts = {}, source = ''): Record<string, unknown> | undefined {
    const prior = this.known.get(d.DeviceId);
    const merged: DeviceFacts = { ...(prior ? (JSON.parse(prior) as { facts: DeviceFacts }).facts : {}), ...stripBlank(facts) };
    const key = JSON.stringify({ name: d.DeviceName, facts: merged });
    if (prior === key) return undefined;
    this.known.set(d.DeviceId, key);
    return {
      Timestamp: timestamp,
      DeviceId: d.DeviceId,
      DeviceName: d.DeviceName,
      OnboardingStatus: 'Onboarded',
      ...merged,
      ...(source ? { AdditionalFields: { ReportedBy: source } } : {}),
    };
  }
}

function stripBlank(f: DeviceFacts): DeviceFacts {
  const out: DeviceFacts = Object.fromEntries(Object.entries(f).filter(([, v]) => !blank(v)));
  return out;
}
