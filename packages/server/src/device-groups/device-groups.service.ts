import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { parseJsonArray } from '../auth/access.ts';
import { RolesRepository } from '../roles/roles.repository.ts';
import { HttpError, badRequest, conflict, notFound } from '../http/errors.ts';
import { DeviceGroupsRepository } from './device-groups.repository.ts';
import type { DeviceGroupRow } from './device-groups.repository.ts';
import { compileRules, remediationLevels, rulesProblem, ungroupedId, ungroupedName } from './device-groups.rules.ts';
import type { DeviceFacts, DeviceGroupRules, RemediationLevel } from './device-groups.rules.ts';

export interface DeviceGroupView {
  id: string;
  name: string;
  description: string;
  /** 1 is the highest; "Ungrouped devices" is always last. */
  rank: number;
  rules: DeviceGroupRules | null;
  remediationLevel: RemediationLevel;
  builtIn: boolean;
  deviceCount: number;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface DeviceGroupInput {
  name: string;
  description?: string;
  rules: DeviceGroupRules;
  remediationLevel?: RemediationLevel;
  /** Where to put it (1 = top); default: just above "Ungrouped devices". */
  rank?: number;
}

export interface Membership {
  /** Group id of each device id. */
  groupOf: Map<string, string>;
  devices: DeviceFacts[];
}

/**
 * Device groups and which devices are in each. Membership is computed from the latest DeviceInfo of each
 * device and the ranked rules, and cached until the groups or the inventory change.
 */
export class DeviceGroupsService {
  private readonly repo: DeviceGroupsRepository;
  private readonly audit: AuditRepository;
  private cache: { key: string; membership: Membership } | undefined;
  private generation = 0;

  constructor(private readonly ctx: AppContext) {
    this.repo = new DeviceGroupsRepository(ctx.state, ctx.events);
    this.audit = new AuditRepository(ctx.state);
  }

  private view(row: DeviceGroupRow | undefined, counts: Map<string, number>, rank: number): DeviceGroupView {
    if (!row) {
      return { id: ungroupedId, name: ungroupedName, description: 'Devices that match no other group.', rank, rules: null, remediationLevel: 'noAutomatedResponse', builtIn: true, deviceCount: counts.get(ungroupedId) ?? 0, createdAt: null, updatedAt: null };
    }
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      rank: row.rank,
      rules: JSON.parse(row.rules) as DeviceGroupRules,
      remediationLevel: row.remediation_level as RemediationLevel,
      builtIn: false,
      deviceCount: counts.get(row.id) ?? 0,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async membership(): Promise<Membership> {
    const key = `${this.generation}|${await this.repo.devicesFingerprint()}`;
    if (this.cache?.key === key) return this.cache.membership;
    const groups = await this.repo.list();
    const matchers = groups.map((g) => ({ id: g.id, match: compileRules(JSON.parse(g.rules) as DeviceGroupRules) }));
    const devices = await this.repo.devices();
    const groupOf = new Map<string, string>();
    for (const d of devices) groupOf.set(d.deviceId, matchers.find((m) => m.match(d))?.id ?? ungroupedId);
    const membership = { groupOf, devices };
    this.cache = { key, membership };
    return membership;
  }

  private counts(m: Membership): Map<string, number> {
    const counts = new Map<string, number>();
    for (const g of m.groupOf.values()) counts.set(g, (counts.get(g) ?? 0) + 1);
    return counts;
  }

  async list(): Promise<DeviceGroupView[]> {
    const rows = await this.repo.list();
    const counts = this.counts(await this.membership());
    return [...rows.map((r) => this.view(r, counts, r.rank)), this.view(undefined, counts, rows.length + 1)];
  }

  async get(id: string): Promise<DeviceGroupView> {
    const all = await this.list();
    const g = all.find((x) => x.id === id);
    if (!g) throw notFound(`Device group ${id}`);
    return g;
  }

  /** Ids of every group that exists (for validating role assignments). */
  async ids(): Promise<Set<string>> {
    return new Set([...(await this.repo.list()).map((r) => r.id), ungroupedId]);
  }

  private validate(input: Partial<DeviceGroupInput>): void {
    if (input.name !== undefined && (input.name.trim() === '' || input.name.length > 100)) throw badRequest('name: a device group name must be 1 to 100 characters.');
    if (input.rules !== undefined) {
      const problem = rulesProblem(input.rules);
      if (problem) throw badRequest(problem);
    }
    if (input.remediationLevel !== undefined && !remediationLevels.includes(input.remediationLevel)) {
      throw badRequest(`remediationLevel: one of ${remediationLevels.join(', ')}.`);
    }
  }

  async create(input: DeviceGroupInput, actor: string): Promise<DeviceGroupView> {
    this.validate(input);
    const name = input.name.trim();
    if (name.toLowerCase() === ungroupedName.toLowerCase() || (await this.repo.byName(name))) throw conflict(`A device group named '${name}' already exists.`);
    const count = (await this.repo.list()).length;
    const rank = Math.min(Math.max(input.rank ?? count + 1, 1), count + 1);
    const at = this.ctx.now().toISOString();
    const row: DeviceGroupRow = {
      id: randomUUID(),
      name,
      description: input.description ?? '',
      rank,
      rules: JSON.stringify(input.rules),
      remediation_level: input.remediationLevel ?? 'noAutomatedResponse',
      created_at: at,
      updated_at: at,
    };
    await this.repo.insertAt(row);
    this.generation++;
    await this.audit.append({ at, actor, action: 'device-group.create', target: row.id, details: { name, rank, rules: input.rules } });
    return this.get(row.id);
  }

  async update(id: string, input: Partial<DeviceGroupInput>, actor: string): Promise<DeviceGroupView> {
    if (id === ungroupedId) throw new HttpError(409, 'conflict', 'The "Ungrouped devices" group cannot be changed: it holds whatever no other group takes.');
    const row = await this.repo.get(id);
    if (!row) throw notFound(`Device group ${id}`);
    this.validate(input);
    if (input.name !== undefined) {
      const other = await this.repo.byName(input.name.trim());
      if ((other && other.id !== id) || input.name.trim().toLowerCase() === ungroupedName.toLowerCase()) throw conflict(`A device group named '${input.name.trim()}' already exists.`);
    }
    const at = this.ctx.now().toISOString();
    await this.repo.update(id, {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.rules !== undefined ? { rules: JSON.stringify(input.rules) } : {}),
      ...(input.remediationLevel !== undefined ? { remediation_level: input.remediationLevel } : {}),
      updated_at: at,
    });
    if (input.rank !== undefined) {
      const ids = (await this.repo.list()).map((r) => r.id).filter((x) => x !== id);
      ids.splice(Math.min(Math.max(input.rank, 1), ids.length + 1) - 1, 0, id);
      await this.repo.setOrder(ids, at);
    }
    this.generation++;
    await this.audit.append({ at, actor, action: 'device-group.update', target: id, details: input });
    return this.get(id);
  }

  async delete(id: string, actor: string): Promise<void> {
    if (id === ungroupedId) throw new HttpError(409, 'conflict', 'The "Ungrouped devices" group cannot be deleted.');
    const row = await this.repo.get(id);
    if (!row) throw notFound(`Device group ${id}`);
    const using = await new RolesRepository(this.ctx.state).assignmentsUsingDeviceGroup(id);
    if (using.length > 0) throw conflict(`Device group '${row.name}' limits ${using.length} role assignment(s); change or remove them first.`);
    await this.repo.delete(id);
    await this.repo.setOrder((await this.repo.list()).map((r) => r.id), this.ctx.now().toISOString());
    this.generation++;
    await this.audit.append({ at: this.ctx.now().toISOString(), actor, action: 'device-group.delete', target: id, details: { name: row.name } });
  }

  /**
   * Devices a rule set would take if it were placed at `rank` (default: above Ungrouped), as Defender's
   * "Preview devices": each with the group it is in now.
   */
  async preview(rules: DeviceGroupRules, rank: number | undefined, limit: number): Promise<{ total: number; devices: (DeviceFacts & { currentGroupId: string })[] }> {
    const problem = rulesProblem(rules);
    if (problem) throw badRequest(problem);
    const m = await this.membership();
    const groups = await this.repo.list();
    const r = Math.min(Math.max(rank ?? groups.length + 1, 1), groups.length + 1);
    const above = new Set(groups.filter((g) => g.rank < r).map((g) => g.id));
    const match = compileRules(rules);
    const hits = m.devices.filter((d) => !above.has(m.groupOf.get(d.deviceId) ?? ungroupedId) && match(d));
    return { total: hits.length, devices: hits.slice(0, limit).map((d) => ({ ...d, currentGroupId: m.groupOf.get(d.deviceId) ?? ungroupedId })) };
  }

  /** Devices in one group (for the group's page). */
  async devicesOf(id: string, limit: number): Promise<{ total: number; devices: DeviceFacts[] }> {
    await this.get(id);
    const m = await this.membership();
    const hits = m.devices.filter((d) => m.groupOf.get(d.deviceId) === id);
    return { total: hits.length, devices: hits.slice(0, limit) };
  }

  /** Used by the scope helper: group ids -> their device ids and names. */
  async devicesInGroups(groupIds: readonly string[]): Promise<DeviceFacts[]> {
    const wanted = new Set(groupIds);
    const m = await this.membership();
    return m.devices.filter((d) => wanted.has(m.groupOf.get(d.deviceId) ?? ungroupedId));
  }

  static parseIds(text: string | null): string[] {
    return parseJsonArray(text);
  }
}

const services = new WeakMap<AppContext, DeviceGroupsService>();

/** The device groups service of an app context (one per context: it holds the membership cache). */
export function deviceGroupsFor(ctx: AppContext): DeviceGroupsService {
  let s = services.get(ctx);
  if (!s) {
    s = new DeviceGroupsService(ctx);
    services.set(ctx, s);
  }
  return s;
}
