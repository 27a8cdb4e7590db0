import { randomUUID } from 'node:crypto';
import type { StateDb } from '../state/database.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { isPermission } from '../auth/permissions.ts';
import type { Permission } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { unrestrictedScope } from '../auth/principal.ts';
import { randomSecret, sha256 } from '../auth/secrets.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';
import { TokensRepository } from './tokens.repository.ts';
import type { TokenRow } from './tokens.repository.ts';

/** Every API token starts with this, so secret scanners and people can recognise one. */
export const tokenPrefix = 'pal_';

export interface TokenView {
  id: string;
  name: string;
  /** The first characters of the token, to tell tokens apart; never enough to use one. */
  prefix: string;
  permissions: Permission[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

const units: Record<string, number> = { m: 60_000, h: 3600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 };

/** '30d', '12h', '90m', '2w', '1y' -> milliseconds; undefined for 'never'. Throws naming the bad value. */
export function parseDuration(text: string, what = 'expiry'): number | undefined {
  if (text === 'never') return undefined;
  const m = /^(\d+)([mhdwy])$/.exec(text);
  const unit = m?.[2] !== undefined ? units[m[2]] : undefined;
  if (!m || unit === undefined || Number(m[1]) === 0) {
    throw badRequest(`The ${what} must be a number and a unit (m, h, d, w, y), e.g. 30d, or 'never'; got '${text}'.`);
  }
  return Number(m[1]) * unit;
}

/** Checks a list of permission names against the registry, naming the unknown ones. */
export function parsePermissions(names: readonly string[], where: string): Permission[] {
  const unknown = names.filter((n) => !isPermission(n));
  if (unknown.length > 0) throw badRequest(`${where}: unknown permission${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}. See GET /api/auth/permissions for the list.`);
  if (names.length === 0) throw badRequest(`${where}: give at least one permission.`);
  return [...new Set(names)].sort() as Permission[];
}

export class TokensService {
  private readonly repo: TokensRepository;
  private readonly audit: AuditRepository;
  constructor(
    db: StateDb,
    private readonly now: () => Date,
  ) {
    this.repo = new TokensRepository(db);
    this.audit = new AuditRepository(db);
  }

  view(row: TokenRow): TokenView {
    const now = this.now().toISOString();
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      permissions: (JSON.parse(row.permissions) as string[]).filter(isPermission),
      createdBy: row.created_by,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      lastUsedAt: row.last_used_at,
      status: row.revoked_at !== null ? 'revoked' : row.expires_at !== null && row.expires_at <= now ? 'expired' : 'active',
    };
  }

  /**
   * Creates a token and returns its secret, the only time it exists in clear. A person may only hand a
   * token permissions they hold themselves; `creator` undefined is the CLI (whoever can read the data dir).
   */
  async create(input: { name: string; permissions: readonly string[]; expiresIn?: string }, creator: Principal | undefined): Promise<{ token: TokenView; secret: string }> {
    const name = input.name.trim();
    if (name === '' || name.length > 100) throw badRequest('The token name must be 1 to 100 characters.');
    const permissions = parsePermissions(input.permissions, 'Token permissions');
    if (creator) {
      const missing = permissions.filter((p) => !creator.permissions.has(p));
      if (missing.length > 0) throw forbidden(`A token cannot carry permissions you do not hold: ${missing.join(', ')}.`);
    }
    const ms = parseDuration(input.expiresIn ?? '90d');
    const now = this.now();
    const secret = `${tokenPrefix}${randomSecret()}`;
    const row: TokenRow = {
      id: randomUUID(),
      name,
      secret_hash: sha256(secret),
      prefix: secret.slice(0, tokenPrefix.length + 6),
      permissions: JSON.stringify(permissions),
      created_by: creator ? actorOf(creator) : 'cli',
      created_at: now.toISOString(),
      expires_at: ms === undefined ? null : new Date(now.getTime() + ms).toISOString(),
      revoked_at: null,
      last_used_at: null,
    };
    await this.repo.insert(row);
    await this.audit.append({ at: row.created_at, actor: row.created_by, action: 'token.create', target: row.id, details: { name, permissions, expiresAt: row.expires_at } });
    return { token: this.view(row), secret };
  }

  async list(): Promise<TokenView[]> {
    return (await this.repo.list()).map((r) => this.view(r));
  }

  async get(id: string): Promise<TokenView> {
    const row = await this.repo.get(id);
    if (!row) throw notFound(`Token ${id}`);
    return this.view(row);
  }

  async revoke(id: string, actor: string): Promise<TokenView> {
    const row = await this.repo.get(id);
    if (!row) throw notFound(`Token ${id}`);
    const at = this.now().toISOString();
    if (await this.repo.revoke(id, at)) await this.audit.append({ at, actor, action: 'token.revoke', target: id, details: { name: row.name } });
    return this.get(id);
  }

  /** The principal of a bearer secret, or undefined when it is unknown, revoked or expired. */
  async resolve(secret: string): Promise<Principal | undefined> {
    if (!secret.startsWith(tokenPrefix)) return undefined;
    const row = await this.repo.bySecretHash(sha256(secret));
    if (!row || row.revoked_at !== null) return undefined;
    const now = this.now();
    if (row.expires_at !== null && row.expires_at <= now.toISOString()) return undefined;
    // last_used_at at minute precision: one write a minute per token, not one per ingest batch.
    if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) > 60_000) await this.repo.touch(row.id, now.toISOString());
    return {
      kind: 'token',
      id: row.id,
      name: row.name,
      permissions: new Set((JSON.parse(row.permissions) as string[]).filter(isPermission)),
      scope: unrestrictedScope,
    };
  }
}

/** How a principal is named in the audit log. */
export function actorOf(p: Principal): string {
  return `${p.kind}:${p.name}`;
}
