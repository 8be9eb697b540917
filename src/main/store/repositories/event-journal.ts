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
  private readonly rangeStmt: Database.Statement<[number, number], EventRow>
  private readonly accountsStmt: Database.Statement<[number, number], { account_id: number }>
  private readonly firstAtStmt: Database.Statement<[number], { id: number | null }>
  private readonly lastSnapshotStmt: Database.Statement<[number, number], { id: number | null }>

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare('INSERT INTO events (at, source, kind, account_id, payload) VALUES (@at, @source, @kind, @accountId, @payload)')
    this.recentStmt = db.prepare('SELECT * FROM events ORDER BY id DESC LIMIT ?')
    this.rangeStmt = db.prepare('SELECT * FROM events WHERE id >= ? AND at < ? ORDER BY id')
    this.accountsStmt = db.prepare('SELECT DISTINCT account_id FROM events WHERE at >= ? AND at < ? AND account_id IS NOT NULL ORDER BY account_id')
    this.firstAtStmt = db.prepare('SELECT MIN(id) AS id FROM events WHERE at >= ?')
    this.lastSnapshotStmt = db.prepare("SELECT MAX(id) AS id FROM events WHERE kind = 'snapshot' AND account_id = ? AND at < ?")
  }

  append(event: JournalEvent): void {
    this.insertStmt.run({ ...event, payload: toJson(event.payload) })
  }

  /** The newest `limit` events, oldest first (diagnostics, tests). */
  recent(limit: number): StoredJournalEvent[] {
    return this.recentStmt
      .all(limit)
      .reverse()
      .map(toStored)
  }

  /** Events from id `fromId` on, received before `beforeAt`, in journal (arrival) order; streamed. */
  *from(fromId: number, beforeAt: number): IterableIterator<StoredJournalEvent> {
    for (const row of this.rangeStmt.iterate(fromId, beforeAt)) yield toStored(row)
  }

  /** Id of the account's last REST snapshot received before `at`, or null (where a replay warms up). */
  lastSnapshotBefore(accountId: number, at: number): number | null {
    return this.lastSnapshotStmt.get(accountId, at)?.id ?? null
  }

  /** Accounts with an event received in [fromAt, beforeAt). */
  accountIdsBetween(fromAt: number, beforeAt: number): number[] {
    return this.accountsStmt.all(fromAt, beforeAt).map((r) => r.account_id)
  }

  /** Smallest id received at or after `at` (null when none). */
  firstIdAt(at: number): number | null {
    return this.firstAtStmt.get(at)?.id ?? null
  }
}

function toStored(r: EventRow): StoredJournalEvent {
  return { id: r.id, at: r.at, source: r.source, kind: r.kind, accountId: r.account_id, payload: fromJson<unknown>(r.payload) }
}
