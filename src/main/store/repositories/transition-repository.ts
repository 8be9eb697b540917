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
  private readonly listStmt: Database.Statement<[{ orderId: number | null; tag: string | null }], TransitionRow>

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO order_state_transitions (order_id, custom_tag, from_state, to_state, trigger, reason, at)
      VALUES (@orderId, @customTag, @from, @to, @trigger, @reason, @at)`)
    this.listStmt = db.prepare(`SELECT * FROM order_state_transitions
      WHERE (@orderId IS NULL OR order_id = @orderId) AND (@tag IS NULL OR custom_tag = @tag) ORDER BY id`)
  }

  record(transition: OrderTransition): void {
    this.insertStmt.run(transition)
  }

  /** Transitions of one order and/or intent, oldest first. */
  list(filter: { orderId?: number; customTag?: string } = {}): StoredTransition[] {
    return this.listStmt.all({ orderId: filter.orderId ?? null, tag: filter.customTag ?? null }).map((r) => ({
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
