// Typed failures of the local database. Startup code shows each one differently (update the app,
// restore a backup, report a bug), so they are distinct named classes rather than message strings.

/** Base class of every store failure; `name` is set so callers may compare it after serialisation. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** The database was written by a newer app (DB-2). Nothing is written; the trader must update the app. */
export class DatabaseFromFutureError extends StoreError {
  constructor(
    readonly path: string,
    readonly databaseVersion: number,
    readonly appVersion: number,
  ) {
    super(`database schema v${databaseVersion} is newer than this app supports (v${appVersion}); update the app`)
  }
}

/** `PRAGMA quick_check` failed or the file is not a database (DB-4). `backups` lists restore candidates, newest first. */
export class DatabaseCorruptError extends StoreError {
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
    readonly backups: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`database ${path} failed its integrity check: ${problems.slice(0, 3).join('; ')}`, options)
  }
}

/** A migration threw; the transaction was rolled back and the database is unchanged at `fromVersion`. */
export class MigrationFailedError extends StoreError {
  constructor(
    readonly version: number,
    readonly migrationName: string,
    readonly fromVersion: number,
    options?: { cause?: unknown },
  ) {
    super(`migration ${version} ${migrationName} failed; database left at v${fromVersion}`, options)
  }
}

/** The migration registry itself is broken (a programming error, caught by tests). */
export class MigrationRegistryError extends StoreError {}

/** An intent with this customTag already exists (IDEM-1): the caller must mint a new tag. */
export class IntentExistsError extends StoreError {
  constructor(readonly customTag: string) {
    super(`intent ${customTag} exists`)
  }
}

/** An update named an intent that was never inserted. */
export class IntentNotFoundError extends StoreError {
  constructor(readonly customTag: string) {
    super(`no intent ${customTag}`)
  }
}
