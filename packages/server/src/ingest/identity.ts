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

/** What a format reports about a device while mapping a record (see DeviceObserver). */
export interface DeviceObserver {
  /** A DeviceInfo row (by column name) when this device or these facts are new, else undefined. */
  observe(d: Device, timestamp: unknown, facts?: DeviceFacts, source?: string): Record<string, unknown> | undefined;
}

/**
 * Tracks what was last reported per device, to emit DeviceInfo rows only when something is new. There is
 * one per ingest service (the main thread's): ingest workers report what they see through
 * BatchDeviceObservations and the service resolves it here, so a device gets one DeviceInfo row however
 * many workers see it first.
 */
export class DeviceRegistry implements DeviceObserver {
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

  /** What is known of a device (opaque), for `restore`. */
  entry(deviceId: string): string | undefined {
    return this.known.get(deviceId);
  }

  /** Puts a device back as `entry` returned it (undefined: unknown, so its next sighting emits again). */
  restore(deviceId: string, entry: string | undefined): void {
    if (entry === undefined) this.known.delete(deviceId);
    else this.known.set(deviceId, entry);
  }
}

/** One device report made while mapping an accepted record, for the service's DeviceRegistry to resolve. */
export interface DeviceObservation {
  readonly device: Device;
  readonly timestamp: unknown;
  readonly facts: DeviceFacts;
  readonly source: string;
}

/**
 * The DeviceObserver an ingest worker maps a batch with. It answers as a registry private to the batch
 * would (so the record's candidate DeviceInfo row is validated with the record, and fails it the same
 * way), and keeps each report that was new within the batch. The candidate rows are not stored: the
 * service passes the reports to its one DeviceRegistry, which decides which DeviceInfo rows the batch
 * adds. A rejected record's reports are taken back (`begin` / `rollback`).
 */
export class BatchDeviceObservations implements DeviceObserver {
  private readonly batch = new DeviceRegistry();
  private readonly list: DeviceObservation[] = [];
  private readonly undo: [string, string | undefined][] = [];
  private readonly candidates = new WeakSet<object>();

  observe(d: Device, timestamp: unknown, facts: DeviceFacts = {}, source = ''): Record<string, unknown> | undefined {
    const prior = this.batch.entry(d.DeviceId);
    const row = this.batch.observe(d, timestamp, facts, source);
    if (!row) return undefined;
    this.undo.push([d.DeviceId, prior]);
    this.list.push({ device: { DeviceId: d.DeviceId, DeviceName: d.DeviceName }, timestamp, facts: stripBlank(facts), source });
    this.candidates.add(row);
    return row;
  }

  /** Whether `values` is a candidate DeviceInfo row made here (validated, not stored). */
  isCandidate(values: object): boolean {
    return this.candidates.has(values);
  }

  /** Marks the start of a record. */
  begin(): number {
    this.undo.length = 0;
    return this.list.length;
  }

  /** Takes back the reports made since `begin` (the record was rejected). */
  rollback(mark: number): void {
    for (let i = this.undo.length - 1; i >= 0; i--) {
      const [id, prior] = this.undo[i] as [string, string | undefined];
      this.batch.restore(id, prior);
    }
    this.undo.length = 0;
    this.list.length = mark;
  }

  get observations(): readonly DeviceObservation[] {
    return this.list;
  }
}

function stripBlank(f: DeviceFacts): DeviceFacts {
  const out: DeviceFacts = Object.fromEntries(Object.entries(f).filter(([, v]) => !blank(v)));
  return out;
}
