// Persistence ports. Only src/main/store implements them (better-sqlite3); services depend on these
// interfaces so their tests can use in-memory fakes.

import type { OrderStatus } from '../../shared/projectx/enums'
import type { Account, Fill, Order, Position } from '../portfolio/model'

/** Lifecycle of an order we send ourselves (resilience.md ORD-1..5, IDEM-1..4). */
export type IntentStatus = 'created' | 'sent' | 'acknowledged' | 'rejected' | 'unknown' | 'failed' | 'manual_review'

export type IntentKind = 'place' | 'cancel' | 'close' | 'partial_close' | 'modify'

export interface OrderIntent {
  /** `rm:{accountId}:{reason}:{ulid}`; also the gateway customTag for place intents. */
  readonly customTag: string
  readonly accountId: number
  readonly kind: IntentKind
  readonly contractId: string | null
  /** Why we act, e.g. 'kill-switch', 'RULE-003'. */
  readonly reason: string
  /** The request body as sent (never contains secrets). */
  readonly request: Readonly<Record<string, unknown>>
  readonly status: IntentStatus
  readonly orderId: number | null
  readonly sendCount: number
  readonly createdAt: number
  readonly updatedAt: number
  readonly lastError: string | null
}

export interface IntentRepository {
  /** Commits the row before the HTTP call is made (IDEM-2). Throws if the tag exists (IDEM-1). */
  insert(intent: OrderIntent): void
  update(customTag: string, patch: Partial<Pick<OrderIntent, 'status' | 'orderId' | 'sendCount' | 'lastError'>>, at: number): void
  get(customTag: string): OrderIntent | null
  /** Intents in 'created', 'sent' or 'unknown': resolved at start-up before new enforcement (IDEM-2, S5). */
  listUnresolved(): OrderIntent[]
}

export interface OrderTransition {
  readonly orderId: number | null
  readonly customTag: string | null
  readonly from: OrderStatus | IntentStatus | null
  readonly to: OrderStatus | IntentStatus
  /** What caused it: 'hub', 'reconcile', 'poll', 'intent'. */
  readonly trigger: string
  readonly reason: string | null
  readonly at: number
}

export interface TransitionRepository {
  record(transition: OrderTransition): void
}

/** Where an inbound fact came from; every event is journaled before it changes state. */
export type EventSource = 'user-hub' | 'market-hub' | 'rest' | 'reconcile' | 'poll' | 'engine'

export interface JournalEvent {
  readonly source: EventSource
  readonly kind: string
  readonly accountId: number | null
  readonly payload: unknown
  readonly at: number
}

export interface EventJournal {
  append(event: JournalEvent): void
}

/** The local mirror of the gateway's state, per account, in the portfolio's domain records. */
export interface PortfolioRepository {
  upsertAccount(account: Account, at: number): void
  upsertOrder(order: Order, at: number): void
  /** size 0 removes the position (CONC-5). */
  upsertPosition(position: Position, at: number): void
  /** False when the trade id was already stored (FILL-1 dedupe). */
  insertTrade(trade: Fill, at: number): boolean
  /** A fill that was stored and later arrived voided: it must stop counting after a restart too (FILL-1). */
  markTradeVoided(tradeId: number, at: number): void
  /**
   * One transaction (RECON-5): replaces the account's positions and upserts `orders` (the open ones and
   * those that closed during the gap, as the mirror now holds them) and new trades.
   */
  applySnapshot(
    accountId: number,
    snapshot: { account: Account | null; positions: Position[]; orders: Order[]; trades: Fill[] },
    at: number,
  ): void
  /** Domain records, also for rows an earlier version stored in the gateway's wire shape. */
  load(): { accounts: Account[]; positions: Position[]; orders: Order[]; trades: Fill[] }
}

/** Small typed key/value settings: token expiry metadata, limiter and breaker state, subscriptions. */
export interface MetaRepository {
  get<T>(key: string): T | null
  set<T>(key: string, value: T): void
}

export interface AuditEntry {
  readonly id: number
  readonly at: number
  readonly category: 'session' | 'connection' | 'enforcement' | 'order' | 'settings' | 'system'
  readonly severity: 'info' | 'warning' | 'critical'
  readonly message: string
  readonly accountId: number | null
  readonly detail: Readonly<Record<string, unknown>> | null
}

export interface AuditRepository {
  append(entry: Omit<AuditEntry, 'id'>): AuditEntry
  list(limit: number, beforeId?: number): AuditEntry[]
}
