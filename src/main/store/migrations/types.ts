// The shape of one schema migration: a numbered, named, synchronous step run inside the runner's transaction.
import type Database from 'better-sqlite3'

export interface Migration {
  /** Strictly increasing, in steps of 10 so a fix can be slotted in between (style.md point 11). */
  readonly version: number
  /** kebab-case, matching the file name after the number. */
  readonly name: string
  /** Applies the step. Runs inside the runner's transaction: never BEGIN/COMMIT or VACUUM here. */
  up(db: Database.Database): void
}
