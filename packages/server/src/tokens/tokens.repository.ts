import type { Selectable } from 'kysely';
import type { StateDb } from '../state/database.ts';
import type { ApiTokensTable } from '../state/schema.ts';

export type TokenRow = Selectable<ApiTokensTable>;

/** API tokens: only the SHA-256 of each secret is stored. */
export class TokensRepository {
  constructor(private readonly db: StateDb) {}

  list(): Promise<TokenRow[]> {
    return this.db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
  }

  get(id: string): Promise<TokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  bySecretHash(hash: string): Promise<TokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('secret_hash', '=', hash).executeTakeFirst();
  }

  async insert(row: TokenRow): Promise<void> {
    await this.db.insertInto('api_tokens').values(row).execute();
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
