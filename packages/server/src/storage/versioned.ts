/**
 * Numbered migrations for both stores. A store records the version it was last migrated to; opening it
 * applies the missing migrations in order, and refuses a store written by a newer Palisade with a message
 * that says what to do. Migrations only add: they never drop data a user may still want.
 */
export interface Migration<Db> {
  readonly version: number;
  readonly name: string;
  up(db: Db): Promise<void> | void;
}

export class StoreTooNewError extends Error {
  override readonly name = 'StoreTooNewError';
  constructor(store: string, path: string, found: number, known: number) {
    super(
      `The ${store} store at ${path} is at schema version ${found}, written by a newer Palisade; this version knows versions up to ${known}. ` +
        'Upgrade Palisade to open it, or point --data at another directory. Nothing was changed.',
    );
  }
}

/** Checks that the list is 1..n with no gaps or repeats, so the order of upgrades is never ambiguous. */
export function checkMigrationList<Db>(store: string, migrations: readonly Migration<Db>[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`${store} migrations must be numbered 1..n in order; #${i + 1} is ${m.version} (${m.name})`);
  });
  return migrations.length;
}
