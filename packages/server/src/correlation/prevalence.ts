/**
 * Organisation-wide prevalence from the event store, the second half of the prevalence guard. The correlator
 * counts what it sees in alerts; this counts what the telemetry says: a file hash that ran or was written on
 * many devices (powershell.exe, a popular installer) or an external IP used by many accounts or devices (the
 * office's egress address) is infrastructure, not an attack's fingerprint, and must not link alerts.
 */
import type { DuckDbEventStore } from '../events/event-store.ts';
import type { EntityKey } from './entity-keys.ts';

export interface EventPrevalenceConfig {
  /** A hash or IP is prevalent when seen on more than this many devices / accounts... */
  minCount: number;
  /** ...and on more than this share of all devices / accounts with telemetry. */
  share: number;
  /** How long an answer is reused. */
  ttlMs: number;
}

export const defaultEventPrevalence: EventPrevalenceConfig = { minCount: 10, share: 0.05, ttlMs: 10 * 60_000 };

const quote = (v: string): string => `'${v.replaceAll("'", "''")}'`;

export class EventPrevalence {
  private readonly cache = new Map<string, { prevalent: boolean; at: number }>();
  private population: { devices: number; accounts: number; at: number } | undefined;

  constructor(
    private readonly events: DuckDbEventStore,
    private readonly config: EventPrevalenceConfig = defaultEventPrevalence,
    private readonly now: () => number = Date.now,
  ) {}

  private async count(sql: string): Promise<Map<string, number>> {
    const res = await this.events.query(sql, [], { timeoutMs: 10_000, maxRows: 100_000 });
    return new Map(res.rows.map((r) => [String(r.v), Number(r.n)]));
  }

  private async populations(): Promise<{ devices: number; accounts: number }> {
    if (this.population && this.now() - this.population.at < this.config.ttlMs) return this.population;
    const n = await this.count(
      `SELECT 'devices' AS v, count(DISTINCT "DeviceName") AS n FROM "DeviceProcessEvents" UNION ALL SELECT 'accounts' AS v, count(DISTINCT "AccountUpn") AS n FROM "IdentityLogonEvents"`,
    );
    this.population = { devices: n.get('devices') ?? 0, accounts: n.get('accounts') ?? 0, at: this.now() };
    return this.population;
  }

  /** The keys among `keys` (file hashes and IPs) that the telemetry shows to be common. */
  async prevalentKeys(keys: readonly EntityKey[]): Promise<Set<string>> {
    const out = new Set<string>();
    const now = this.now();
    const files: string[] = [];
    const ips: string[] = [];
    for (const k of keys) {
      const hit = this.cache.get(k.key);
      if (hit && now - hit.at < this.config.ttlMs) {
        if (hit.prevalent) out.add(k.key);
        continue;
      }
      const value = k.key.slice(k.key.indexOf(':') + 1);
      if (k.kind === 'file' && /^[0-9a-f]{40,64}$/.test(value) && !files.includes(value)) files.push(value);
      if (k.kind === 'ip' && /^[0-9a-f.:]+$/.test(value) && !ips.includes(value)) ips.push(value);
    }
    if (files.length === 0 && ips.length === 0) return out;
    const pop = await this.populations();
    const deviceLimit = Math.max(this.config.minCount, this.config.share * pop.devices);
    const accountLimit = Math.max(this.config.minCount, this.config.share * pop.accounts);
    const decide = (key: string, n: number, limit: number): void => {
      const prevalent = n > limit;
      this.cache.set(key, { prevalent, at: now });
      if (prevalent) out.add(key);
    };
    if (files.length > 0) {
      const list = files.map(quote).join(', ');
      const counts = await this.count(
        `SELECT v, count(DISTINCT d) AS n FROM (
           SELECT lower("SHA256") AS v, "DeviceName" AS d FROM "DeviceProcessEvents" WHERE lower("SHA256") IN (${list})
           UNION ALL SELECT lower("SHA256"), "DeviceName" FROM "DeviceFileEvents" WHERE lower("SHA256") IN (${list})
           UNION ALL SELECT lower("SHA1"), "DeviceName" FROM "DeviceProcessEvents" WHERE lower("SHA1") IN (${list})
         ) GROUP BY v`,
      );
      for (const f of files) decide(`file:${f}`, counts.get(f) ?? 0, deviceLimit);
    }
    if (ips.length > 0) {
      const list = ips.map(quote).join(', ');
      // Accounts that used the address successfully (a spraying address fails against many: that is the attack),
      // and devices that talked to it.
      const accounts = await this.count(
        `SELECT v, count(DISTINCT a) AS n FROM (
           SELECT "IPAddress" AS v, "AccountUpn" AS a FROM "IdentityLogonEvents" WHERE "ActionType" = 'LogonSuccess' AND "IPAddress" IN (${list})
           UNION ALL SELECT "IPAddress", "AccountUpn" FROM "UrlClickEvents" WHERE "IPAddress" IN (${list})
           UNION ALL SELECT "IPAddress", "AccountObjectId" FROM "CloudAppEvents" WHERE "IPAddress" IN (${list})
         ) GROUP BY v`,
      );
      const devices = await this.count(`SELECT "RemoteIP" AS v, count(DISTINCT "DeviceName") AS n FROM "DeviceNetworkEvents" WHERE "RemoteIP" IN (${list}) GROUP BY 1`);
      for (const ip of ips) {
        const prevalent = (accounts.get(ip) ?? 0) > accountLimit || (devices.get(ip) ?? 0) > deviceLimit;
        this.cache.set(`ip:${ip}`, { prevalent, at: now });
        if (prevalent) out.add(`ip:${ip}`);
      }
    }
    return out;
  }
}
