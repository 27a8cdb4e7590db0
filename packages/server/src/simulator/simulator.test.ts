import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { huntingTables } from '../schema/advanced-hunting.ts';
import type { KustoType } from '../schema/advanced-hunting.ts';
import { allStories, simulate } from './index.ts';
import type { GroundTruthRecord, Row, SimulationOptions } from './index.ts';
import { allCatalogCves } from './catalog.ts';
import { isWeekday, localDayOf } from './benign.ts';
import { Rng } from './prng.ts';
import { attackTechniques } from '../alerts/alert-model.ts';

// The CVE list lives in the shared data set beside a developer's checkout (../shared), not in a user's clone.
const sharedCves = fileURLToPath(new URL('../../../../../shared/data/cve/cve_compact.json', import.meta.url));

const NOW = new Date('2024-11-15T12:00:00Z');
const small: SimulationOptions = { devices: 24, users: 60, days: 4, seed: 42, now: NOW };

function collect(options: SimulationOptions): { rows: Row[]; truth: GroundTruthRecord[]; digest: string } {
  const sim = simulate(options);
  const rows: Row[] = [];
  const truth: GroundTruthRecord[] = [];
  const hash = createHash('sha256');
  for (const b of sim.batches()) {
    for (const r of b.rows) {
      rows.push(r);
      hash.update(JSON.stringify(r));
    }
    truth.push(...b.truth);
  }
  return { rows, truth, digest: hash.digest('hex') };
}

// One run shared by most tests: small enough to stay fast, big enough for every story.
const run = collect(small);
const byKey = new Map(run.rows.map((r) => [`${r.Table}/${String(r.ReportId)}`, r]));
const rowOf = (t: GroundTruthRecord): Row => {
  const r = byKey.get(`${t.table}/${String(t.reportId)}`);
  if (!r) throw new Error(`no row for ${t.table}/${String(t.reportId)}`);
  return r;
};
const storyRows = (id: string): Row[] => run.truth.filter((t) => t.story === id).map(rowOf);

describe('simulator determinism', () => {
  it('gives the same rows for the same seed and different rows for another seed', () => {
    const again = collect(small);
    expect(again.digest).toBe(run.digest);
    const other = collect({ ...small, seed: 43 });
    expect(other.digest).not.toBe(run.digest);
  });

  it('the PRNG streams are stable and independent of each other', () => {
    const a = Rng.derive(1, 'x');
    const b = Rng.derive(1, 'x');
    const c = Rng.derive(1, 'y');
    const seqA = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(seqA);
  });
});

describe('simulated rows against the schema', () => {
  const typeOk: Record<KustoType, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    int: (v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31,
    long: (v) => Number.isInteger(v),
    real: (v) => typeof v === 'number',
    decimal: (v) => typeof v === 'number',
    bool: (v) => typeof v === 'boolean',
    datetime: (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(v) && !Number.isNaN(Date.parse(v)),
    timespan: (v) => typeof v === 'string',
    guid: (v) => typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v),
    dynamic: (v) => v !== undefined,
  };

  it('emits only known columns, each with a value of its Kusto type', () => {
    const problems = new Set<string>();
    for (const r of run.rows) {
      const def = huntingTables.get(r.Table);
      if (!def) {
        problems.add(`unknown table ${r.Table}`);
        continue;
      }
      const cols = new Map(def.columns.map((c) => [c.name, c.type]));
      for (const [k, v] of Object.entries(r)) {
        if (k === 'Table') continue;
        const type = cols.get(k);
        if (!type) problems.add(`${r.Table}.${k} is not a column`);
        else if (!typeOk[type](v)) problems.add(`${r.Table}.${k}: ${JSON.stringify(v)} is not ${type}`);
      }
    }
    expect([...problems].slice(0, 20)).toEqual([]);
  });

  it('covers every table the portal uses', () => {
    const tables = new Set(run.rows.map((r) => r.Table));
    for (const t of ['DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceFileEvents', 'DeviceRegistryEvents', 'DeviceLogonEvents', 'DeviceImageLoadEvents', 'DeviceEvents', 'DeviceInfo', 'DeviceNetworkInfo', 'DeviceTvmSoftwareInventory', 'DeviceTvmSoftwareVulnerabilities', 'EmailEvents', 'EmailAttachmentInfo', 'EmailUrlInfo', 'EmailPostDeliveryEvents', 'UrlClickEvents', 'IdentityLogonEvents', 'IdentityQueryEvents', 'IdentityDirectoryEvents', 'IdentityInfo', 'CloudAppEvents']) {
      expect(tables, t).toContain(t);
    }
  });

  it('yields rows in time order with unique ReportIds per table, all before now', () => {
    let last = '';
    const seen = new Set<string>();
    for (const r of run.rows) {
      if (typeof r.Timestamp === 'string') {
        expect(r.Timestamp >= last).toBe(true);
        last = r.Timestamp;
        expect(r.Timestamp < NOW.toISOString()).toBe(true);
      }
      if (r.ReportId !== undefined) {
        const key = `${r.Table}/${typeof r.ReportId === 'number' ? r.ReportId : JSON.stringify(r.ReportId)}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    }
  });

  it.skipIf(!existsSync(sharedCves))('reports vulnerabilities with real CVE ids (needs ../shared/data/cve)', () => {
    const records = JSON.parse(readFileSync(sharedCves, 'utf8')) as { cveId: string }[];
    const known = new Set(records.map((r) => r.cveId));
    for (const id of allCatalogCves()) expect(known, id).toContain(id);
    const emitted = new Set(run.rows.filter((r) => r.Table === 'DeviceTvmSoftwareVulnerabilities').map((r) => r.CveId as string));
    expect(emitted.size).toBeGreaterThan(3);
  });
});

describe('attack stories and ground truth', () => {
  it('places all eight stories inside the window, with techniques that exist in ATT&CK', () => {
    // Validated against the ATT&CK copy the alert model ships (packages/server/src/alerts/attack-techniques.json).
    const techniques = new Set(attackTechniques.keys());
    expect(allStories.length).toBeGreaterThanOrEqual(8);
    for (const s of allStories) {
      const mine = run.truth.filter((t) => t.story === s.id);
      expect(mine.length, s.id).toBeGreaterThan(3);
      for (const t of mine) expect(techniques, `${s.id} ${t.technique}`).toContain(t.technique);
      expect(new Set(mine.map((t) => t.step)).size, s.id).toBeGreaterThan(1);
    }
    expect(run.truth.filter((t) => t.benign).every((t) => t.story === 'it-pentest-benign')).toBe(true);
    expect(run.truth.some((t) => t.story === 'it-pentest-benign' && t.benign)).toBe(true);
  });

  it('keeps the labels out of the rows', () => {
    for (const t of run.truth.slice(0, 200)) {
      const r = rowOf(t);
      expect(Object.keys(r).some((k) => /story|technique|label/i.test(k))).toBe(false);
    }
  });

  it('macro phishing: the attachment hash, the victim and the devices join up across tables', () => {
    const rows = storyRows('phish-macro-lateral');
    const attachment = rows.find((r) => r.Table === 'EmailAttachmentInfo')!;
    const mail = rows.find((r) => r.Table === 'EmailEvents')!;
    expect(attachment.NetworkMessageId).toBe(mail.NetworkMessageId);
    const saved = rows.find((r) => r.Table === 'DeviceFileEvents' && r.SHA256 === attachment.SHA256);
    expect(saved).toBeDefined();
    expect(saved!.InitiatingProcessAccountObjectId).toBe(mail.RecipientObjectId);
    const victimDevice = saved!.DeviceId;
    const powershell = rows.find((r) => r.Table === 'DeviceProcessEvents' && r.FileName === 'powershell.exe' && r.DeviceId === victimDevice)!;
    expect(powershell.InitiatingProcessFileName).toBe('WINWORD.EXE');
    expect(String(powershell.ProcessCommandLine)).toContain('-Enc ');
    const payloadFile = rows.find((r) => r.Table === 'DeviceFileEvents' && r.FileName === 'MicrosoftEdgeUpdate.exe')!;
    const payloadProc = rows.find((r) => r.Table === 'DeviceProcessEvents' && r.FileName === 'MicrosoftEdgeUpdate.exe')!;
    expect(payloadProc.SHA256).toBe(payloadFile.SHA256);
    expect(rows.filter((r) => r.Table === 'DeviceNetworkEvents' && r.InitiatingProcessSHA256 === payloadFile.SHA256).length).toBeGreaterThan(10);
    expect(rows.some((r) => r.Table === 'DeviceProcessEvents' && String(r.ProcessCommandLine).includes('comsvcs.dll MiniDump'))).toBe(true);
    const devices = new Set(rows.filter((r) => typeof r.DeviceId === 'string').map((r) => r.DeviceId));
    expect(devices.size).toBe(3);
    const adminLogons = rows.filter((r) => r.Table === 'DeviceLogonEvents');
    expect(new Set(adminLogons.map((r) => r.AccountSid)).size).toBe(1);
    expect(adminLogons.every((r) => r.DeviceId !== victimDevice)).toBe(true);
  });

  it('password spray: forty accounts from one address, one success, then a rule and internal phishing by the same account', () => {
    const rows = storyRows('password-spray-bec');
    const attempts = rows.filter((r) => r.Table === 'IdentityLogonEvents');
    expect(new Set(attempts.map((r) => r.AccountObjectId)).size).toBe(40);
    expect(new Set(attempts.map((r) => r.IPAddress)).size).toBe(1);
    const success = attempts.filter((r) => r.ActionType === 'LogonSuccess');
    expect(success).toHaveLength(1);
    const rule = rows.find((r) => r.Table === 'CloudAppEvents' && r.ActionType === 'New-InboxRule')!;
    expect(rule.AccountObjectId).toBe(success[0]!.AccountObjectId);
    const internal = rows.filter((r) => r.Table === 'EmailEvents');
    expect(internal.length).toBeGreaterThan(10);
    expect(internal.every((r) => r.SenderObjectId === success[0]!.AccountObjectId && r.EmailDirection === 'Intra-org')).toBe(true);
    const urls = new Set(rows.filter((r) => r.Table === 'EmailUrlInfo').map((r) => r.NetworkMessageId));
    for (const m of internal) expect(urls).toContain(m.NetworkMessageId);
  });

  it('ransomware: shadow copies deleted and renamed files with one new extension on three devices', () => {
    const rows = storyRows('ransomware');
    const renames = rows.filter((r) => r.ActionType === 'FileRenamed');
    expect(new Set(renames.map((r) => r.DeviceId)).size).toBe(3);
    expect(renames.length).toBeGreaterThan(150);
    expect(new Set(renames.map((r) => String(r.FileName).split('.').pop())).size).toBe(1);
    expect(rows.some((r) => String(r.ProcessCommandLine).includes('vssadmin.exe delete shadows'))).toBe(true);
    expect(rows.filter((r) => r.FileName === 'HOW_TO_RESTORE_FILES.txt').length).toBeGreaterThanOrEqual(3);
  });

  it('drive-by, miner, insider and Kerberoasting join across tables', () => {
    const drive = storyRows('url-click-persistence');
    const click = drive.find((r) => r.Table === 'UrlClickEvents')!;
    expect(drive.find((r) => r.Table === 'EmailEvents')!.NetworkMessageId).toBe(click.NetworkMessageId);
    const dropped = drive.find((r) => r.Table === 'DeviceFileEvents' && r.FileName === 'ChromeUpdate.exe')!;
    expect(drive.some((r) => r.Table === 'DeviceProcessEvents' && r.SHA256 === dropped.SHA256)).toBe(true);
    expect(drive.some((r) => r.Table === 'DeviceRegistryEvents' && String(r.RegistryKey).endsWith('\\CurrentVersion\\Run'))).toBe(true);

    const miner = storyRows('linux-cryptominer');
    expect(new Set(miner.map((r) => r.DeviceId)).size).toBe(1);
    expect(miner.filter((r) => r.RemotePort === 3333).length).toBeGreaterThan(10);

    const insider = storyRows('insider-exfiltration');
    const downloads = insider.filter((r) => r.Table === 'CloudAppEvents');
    expect(downloads.length).toBeGreaterThanOrEqual(300);
    const usbCopies = insider.filter((r) => r.Table === 'DeviceFileEvents');
    expect(new Set(usbCopies.map((r) => r.InitiatingProcessAccountObjectId))).toEqual(new Set(downloads.map((r) => r.AccountObjectId)));

    const roast = storyRows('kerberoasting-recon');
    const ldap = roast.filter((r) => r.Table === 'IdentityQueryEvents');
    expect(ldap.some((r) => String(r.Query).includes('servicePrincipalName=*'))).toBe(true);
    const tgs = roast.filter((r) => r.Table === 'IdentityLogonEvents');
    expect(tgs.every((r) => (r.AdditionalFields as { EncryptionType: string }).EncryptionType === 'Rc4Hmac')).toBe(true);
    const devName = roast.find((r) => r.Table === 'DeviceProcessEvents')!.DeviceName as string;
    expect(devName.startsWith(String(ldap[0]!.DeviceName))).toBe(true);
  });

  it('unrelated stories pick different people and devices (only a story\'s own chain shares actors)', () => {
    // The actors of a story: devices its events happen on, and the people who act or fall victim in them
    // (not the accounts a spray merely failed against, nor colleagues who got a mail and did nothing).
    const actors = (id: string): Set<string> => {
      const out = new Set<string>();
      const add = (kind: string, v: unknown): void => {
        if (typeof v === 'string' && v !== '' && !/^S-1-5-(18|19|20)$/.test(v)) out.add(`${kind}:${v.toLowerCase()}`);
      };
      for (const r of storyRows(id)) {
        add('device', r.DeviceId);
        add('user', r.InitiatingProcessAccountObjectId);
        if (r.Table === 'DeviceLogonEvents') add('sid', r.AccountSid);
        if (r.Table !== 'IdentityLogonEvents' || r.ActionType === 'LogonSuccess') add('user', r.AccountObjectId);
        if (r.Table === 'UrlClickEvents') add('upn', r.AccountUpn);
        if (r.Table === 'EmailEvents' && r.EmailDirection !== 'Intra-org') add('user', r.RecipientObjectId);
        if (r.Table === 'EmailEvents' && r.EmailDirection === 'Intra-org') add('user', r.SenderObjectId);
      }
      return out;
    };
    const ids = allStories.map((s) => s.id);
    const sets = new Map(ids.map((id) => [id, actors(id)]));
    const upnToId = new Map<string, string>();
    for (const r of run.rows) if (r.Table === 'IdentityInfo' && typeof r.AccountUpn === 'string') upnToId.set(`upn:${r.AccountUpn.toLowerCase()}`, `user:${String(r.AccountObjectId).toLowerCase()}`);
    for (const set of sets.values()) for (const k of [...set]) if (k.startsWith('upn:') && upnToId.has(k)) set.add(upnToId.get(k)!);
    for (const [i, a] of ids.entries()) {
      for (const b of ids.slice(i + 1)) {
        const shared = [...sets.get(a)!].filter((k) => sets.get(b)!.has(k));
        expect(shared, `${a} and ${b} share ${shared.join(', ')}`).toEqual([]);
      }
    }
  });

  it('an empty story list gives benign data only', () => {
    const benign = simulate({ ...small, days: 1, stories: [] });
    let truth = 0;
    for (const b of benign.batches()) truth += b.truth.length;
    expect(truth).toBe(0);
    expect(() => simulate({ ...small, stories: ['nope'] })).toThrow(/unknown story/);
  });
});

describe('volumes and rhythm', () => {
  it('people work weekdays in their own time zone, mostly in working hours', () => {
    // Two weeks so weekends are in it; benign only.
    const sim = simulate({ devices: 16, users: 24, days: 14, seed: 5, now: NOW, stories: [] });
    const offsetOf = new Map(sim.organisation.users.map((u) => [u.upn, u.office.utcOffsetMinutes]));
    let weekday = 0;
    let weekend = 0;
    let inHours = 0;
    let total = 0;
    const perDay = new Map<number, number>();
    for (const b of sim.batches()) {
      for (const r of b.rows) {
        if (r.Table !== 'CloudAppEvents') continue;
        const upn = (r.RawEventData as { UserId: string }).UserId;
        const offset = offsetOf.get(upn)!;
        const t = Date.parse(r.Timestamp as string);
        const day = localDayOf(t, offset);
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
        if (isWeekday(day)) weekday++;
        else weekend++;
        const hour = ((t + offset * 60_000) % 86_400_000) / 3_600_000;
        if (hour >= 7.5 && hour < 20.5) inHours++;
        total++;
      }
    }
    expect(total).toBeGreaterThan(1000);
    // 10 weekdays vs 4 weekend days; ~6% weekend sessions of ~1.5 h against ~9.5 h workdays.
    const perWeekday = weekday / 10;
    const perWeekendDay = weekend / 4;
    expect(perWeekendDay / perWeekday).toBeLessThan(0.05);
    expect(inHours / total).toBeGreaterThan(0.97);
  });

  it('volume grows with devices and days in proportion', () => {
    const count = (o: SimulationOptions): number => {
      let n = 0;
      for (const b of simulate(o).batches()) n += b.rows.length;
      return n;
    };
    const base = count({ devices: 16, users: 24, days: 2, seed: 9, now: NOW, stories: [] });
    const twiceDays = count({ devices: 16, users: 24, days: 4, seed: 9, now: NOW, stories: [] });
    const twiceOrg = count({ devices: 32, users: 48, days: 2, seed: 9, now: NOW, stories: [] });
    expect(twiceDays / base).toBeGreaterThan(1.6);
    expect(twiceDays / base).toBeLessThan(2.6);
    expect(twiceOrg / base).toBeGreaterThan(1.6);
    expect(twiceOrg / base).toBeLessThan(2.6);
  });

  it('builds the organisation the options ask for', () => {
    const sim = simulate({ devices: 250, days: 1, seed: 1, now: NOW, stories: [] });
    const org = sim.organisation;
    expect(org.devices).toHaveLength(250);
    expect(org.users).toHaveLength(400);
    expect(org.domainControllers.length).toBe(2);
    expect(new Set(org.devices.map((d) => d.os))).toEqual(new Set(['Windows', 'macOS', 'Linux']));
    expect(new Set(org.devices.map((d) => d.id)).size).toBe(250);
    expect(new Set(org.devices.map((d) => d.name)).size).toBe(250);
    expect(org.users.filter((u) => u.manager === undefined)).toHaveLength(1);
    expect(new Set(org.users.map((u) => u.department)).size).toBeGreaterThanOrEqual(8);
    expect(org.users.some((u) => u.admin)).toBe(true);
  });
});
