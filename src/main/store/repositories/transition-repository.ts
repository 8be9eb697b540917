// SQLite implementation of TransitionRepository: an append-only history of order and intent state changes.
import type Database from 'better-sqlite3'
import type { OrderTransition, TransitionRepository } from '../../ports/repositories'

/** A stored transition with its row id; for diagnostics and tests. */
export interface StoredTransition extends OrderTransition {
  readonly id: number
}

interface TransitionRow {
  id: number
  order_id: number | null
  custom_tag: string | null
  from_state: OrderTransition['from']
  to_state: OrderTransition['to']
  trigger: string
  reason: string | null
  at: number
}

export class SqliteTransitionRepository implements TransitionRepository {
  private readonly insertStmt: Database.Statement
  private readonly listStmt: Database.Statement<[number | null, number | null, string | null, string | null], TransitionRow>

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO order_state_transitions (order_id, custom_tag, from_state, to_state, trigger, reason, at)
      VALUES (@orderId, @customTag, @from, @to, @trigger, @reason, @at)`)
    this.listStmt = db.prepare(`SELECT * FROM order_state_transitions
      WHERE (?1 IS NULL OR order_id = ?2) AND (?3 IS NULL OR custom_tag = ?4) ORDER BY id`)
  }

  record(transition: OrderTransition): void {
    this.insertStmt.run(transition)
  }

  /** Transitions of one order and/or intent, oldest first. */
  list(filter: { orderId?: number; customTag?: string } = {}): StoredTransition[] {
    const orderId = filter.orderId ?? null
    const tag = filter.customTag ?? null
    return this.listStmt.all(orderId, orderId, tag, tag).map((r) => ({
      id: r.id,
      orderId: r.order_id,
      customTag: r.custom_tag,
      from: r.from_state,
      to: r.to_state,
      trigger: r.trigger,
      reason: r.reason,
      at: r.at,
    }))
  }
}
