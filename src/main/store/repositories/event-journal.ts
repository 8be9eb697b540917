// SQLite implementation of EventJournal: every inbound fact is appended before it changes state.
// Callers must not journal every quote tick (DB-10); the journal is for state-changing events.
import type Database from 'better-sqlite3'
import type { EventJournal, EventSource, JournalEvent } from '../../ports/repositories'
import { fromJson, toJson } from './json'

/** A journaled event with its sequence number. */
export interface StoredJournalEvent extends JournalEvent {
  readonly id: number
}

interface EventRow {
  id: number
  at: number
  source: EventSource
  kind: string
  account_id: number | null
  payload: string
}

export class SqliteEventJournal implements EventJournal {
  private readonly insertStmt: Database.Statement
  private readonly recentStmt: Database.Statement<[number], EventRow>

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare('INSERT INTO events (at, source, kind, account_id, payload) VALUES (@at, @source, @kind, @accountId, @payload)')
    this.recentStmt = db.prepare('SELECT * FROM events ORDER BY id DESC LIMIT ?')
  }

  append(event: JournalEvent): void {
    this.insertStmt.run({ ...event, payload: toJson(event.payload) })
  }

  /** The newest `limit` events, oldest first (diagnostics, tests). */
  recent(limit: number): StoredJournalEvent[] {
    return this.recentStmt
      .all(limit)
      .reverse()
      .map((r) => ({ id: r.id, at: r.at, source: r.source, kind: r.kind, accountId: r.account_id, payload: fromJson<unknown>(r.payload) }))
  }
}
