/** Small helpers shared by the attack stories: choosing victims and the processes of their session. */
import { makeBinary, winBin } from '../catalog.ts';
import type { Binary } from '../catalog.ts';
import type { Account, Device, Organisation, User } from '../org.ts';
import type { Rng } from '../prng.ts';
import type { Proc, ProcAccount } from '../rows.ts';
import { SYSTEM, spawn } from '../rows.ts';

export function userAccount(org: Organisation, u: { name: string; sid: string; upn: string; objectId: string }): ProcAccount {
  return { domain: org.netbios.toLowerCase(), name: u.name, sid: u.sid, upn: u.upn, objectId: u.objectId };
}

/** What earlier stories already used: devices and people. */
export interface Taken {
  readonly used: Set<number>;
  readonly usedUsers: Set<number>;
}

/**
 * Windows workstations with an owner, excluding devices and owners already used by another story (then the
 * filter is relaxed; an owner already used is the last resort, for organisations too small to keep stories apart).
 */
export function windowsVictims(org: Organisation, rng: Rng, count: number, taken: Taken, filter: (u: User) => boolean = () => true): { device: Device; user: User }[] {
  const { used, usedUsers } = taken;
  const free = org.workstations.filter((d) => d.os === 'Windows' && d.owner && !used.has(d.index));
  const pool = rng.shuffled(free.filter((d) => !usedUsers.has(d.owner!.index) && filter(d.owner!)));
  const fallback = rng.shuffled(free.filter((d) => !usedUsers.has(d.owner!.index)));
  const lastResort = rng.shuffled(free);
  const out: { device: Device; user: User }[] = [];
  for (const d of [...pool, ...fallback, ...lastResort]) {
    if (out.length >= count) break;
    if (used.has(d.index)) continue;
    used.add(d.index);
    usedUsers.add(d.owner!.index);
    out.push({ device: d, user: d.owner! });
  }
  if (out.length < count) throw new Error(`simulator: needs at least ${count} more Windows workstations with owners for the attack stories`);
  return out;
}

/** Marks a person as used by the current story (their device too), so later stories pick someone else. */
export function takeUser(taken: Taken, u: User): void {
  taken.usedUsers.add(u.index);
  if (u.device) taken.used.add(u.device.index);
}

/** People not used by another story first (in the given order), then the rest: a preference, never a shortage. */
export function preferFree(taken: Taken, users: readonly User[]): User[] {
  return [...users.filter((u) => !taken.usedUsers.has(u.index)), ...users.filter((u) => taken.usedUsers.has(u.index))];
}

/**
 * The privileged account an attacker misuses: the admin account of an IT person no other story has used
 * (optionally a Domain Admin), marked as used. Two unrelated intrusions do not steal the same admin account.
 */
export function stolenAdmin(org: Organisation, taken: Taken, filter: (u: User) => boolean = () => true): Account | undefined {
  const owners = preferFree(taken, org.users.filter((u) => u.admin && filter(u)));
  const owner = owners[0] ?? preferFree(taken, org.users.filter((u) => u.admin))[0];
  if (!owner) return undefined;
  takeUser(taken, owner);
  return owner.admin;
}

/** The processes of a logged-on user: services, explorer and Outlook, started earlier that day. */
export function sessionProcs(org: Organisation, d: Device, u: User, t: number, rng: Rng): { services: Proc; explorer: Proc; outlook: Proc; account: ProcAccount; logonId: number } {
  const boot = t - (3 + rng.int(48)) * 3_600_000;
  const system: Proc = { bin: winBin.system, pid: 4, cmd: '', created: boot, account: SYSTEM, logonId: 999, integrity: 'System', elevation: 'TokenElevationTypeDefault', parentPid: 0, parentFile: '', parentCreated: boot };
  const services = spawn(system, winBin.services, 640 + rng.int(50) * 4, 'services.exe', boot + 4000);
  const account = userAccount(org, u);
  const logonId = 200_000 + rng.int(5_000_000);
  const start = t - (1 + rng.int(3)) * 3_600_000;
  const userinit: Proc = { bin: winBin.userinit, pid: 5000 + rng.int(300) * 4, cmd: 'C:\\Windows\\system32\\userinit.exe', created: start, account, logonId, integrity: 'Medium', elevation: 'TokenElevationTypeLimited', parentPid: 700, parentFile: 'winlogon.exe', parentCreated: boot + 5000 };
  const explorer = spawn(userinit, winBin.explorer, 5400 + rng.int(300) * 4, 'C:\\Windows\\Explorer.EXE', start + 1400);
  const outlook = spawn(explorer, winBin.outlook, 9000 + rng.int(500) * 4, '"OUTLOOK.EXE" /recycle', start + 20_000);
  return { services, explorer, outlook, account, logonId };
}

/** A malicious or unknown executable: no company, unsigned, hashes from its content identity. */
export function unknownBinary(file: string, path: string, size: number, company = '', product = '', description = ''): Binary {
  return makeBinary({ file, path, company, product, version: '', description, size, signer: 'Unknown' });
}

/** Base64 of a UTF-16LE string, as `powershell -enc` takes it. */
export function encodePowerShell(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}
