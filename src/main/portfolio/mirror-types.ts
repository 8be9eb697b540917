// Types shared by the mirror, order tracker, reconciler and poller: change notifications, snapshot
// input, sync completions, per-account reconcile diffs and the live-size answer the enforcement closer relies on.

import type { EventSource } from '../ports/repositories'
import type { Account, Fill, Order, Position } from './model'

/** One state change inside the mirror; listeners get them synchronously, in apply order. */
export type MirrorChange =
  | { readonly kind: 'account'; readonly accountId: number; readonly before: Account | null; readonly after: Account; readonly source: EventSource; readonly at: number }
  | { readonly kind: 'order'; readonly accountId: number; readonly before: Order | null; readonly after: Order; readonly source: EventSource; readonly at: number }
  | {
      readonly kind: 'position'
      readonly accountId: number
      readonly contractId: string
      readonly before: Position | null
      /** Null when the position closed (size-0 frame or absent from a snapshot). */
      readonly after: Position | null
      readonly source: EventSource
      readonly at: number
    }
  | { readonly kind: 'trade'; readonly accountId: number; readonly trade: Fill; readonly source: EventSource; readonly at: number }
  /** A price merge: the merged entry and its age when emitted (now − updatedAt), so consumers need not pull. */
  | { readonly kind: 'quote'; readonly contractId: string; readonly quote: QuoteEntry; readonly ageMs: number; readonly at: number }
  /** A REST read finished (reconciler or poller): the state of `accountIds` is now confirmed as of `at`. */
  | { readonly kind: 'synced'; readonly sync: SyncCompletion; readonly at: number }

/** Completion of one reconciliation or poll cycle, as the gateway reports it to the mirror. */
export interface SyncCompletion {
  readonly source: 'reconcile' | 'poll'
  /** False when some call of the cycle failed (the accounts that succeeded were still applied). */
  readonly ok: boolean
  readonly accountIds: readonly number[]
}

/** The entity kinds of MirrorChange (what the portfolio view shows); quotes and sync signals are not. */
export function isEntityChange(change: MirrorChange): boolean {
  return change.kind === 'account' || change.kind === 'order' || change.kind === 'position' || change.kind === 'trade'
}

export type MirrorListener = (change: MirrorChange) => void

/** What a REST read of one account returned; fields left out were not fetched and stay untouched. */
export interface AccountSnapshotInput {
  /** Null/undefined: not fetched (or the account is no longer active). */
  readonly account?: Account | null
  /** Complete list of open positions: anything local and absent is closed. */
  readonly positions: readonly Position[]
  /** Complete list of open orders as `Order/searchOpen` returns them. */
  readonly openOrders: readonly Order[]
  /** Final state of orders that were working locally but are no longer open (from `Order/search`). */
  readonly resolvedOrders?: readonly Order[]
  /**
   * Orders that were working locally but that neither `Order/searchOpen` nor `Order/search` returned:
   * the gateway no longer has them working, so they leave the working set with status None (unknown).
   */
  readonly vanishedOrderIds?: readonly number[]
  /** Fills in the fetched window; de-duplicated by trade id (RECON-6, FILL-5). */
  readonly trades?: readonly Fill[]
}

export interface FieldChange {
  readonly field: string
  readonly before: unknown
  readonly after: unknown
}

export interface EntityDiff<T> {
  readonly added: readonly T[]
  readonly removed: readonly T[]
  readonly modified: readonly { readonly before: T; readonly after: T; readonly fields: readonly FieldChange[] }[]
}

/** NEW / DELETED / MODIFIED between the mirror and one REST snapshot of an account (RECON-6). */
export interface AccountDiff {
  readonly accountId: number
  readonly account: { readonly before: Account | null; readonly after: Account; readonly fields: readonly FieldChange[] } | null
  readonly positions: EntityDiff<Position>
  /** Orders new to the mirror, open orders that closed, and orders whose fields changed. */
  readonly orders: EntityDiff<Order>
  /** Fills the mirror had not seen (already de-duplicated by id). */
  readonly newTrades: readonly Fill[]
  /** Net realized P&L of `newTrades`: profitAndLoss − fees − commissions, voided skipped. */
  readonly missedPnlUsd: number
}

/** The mirror's answer to "how many contracts are open here right now, and how sure are we". */
export interface LiveSize {
  /** Signed: positive long, negative short, 0 flat. */
  readonly signedSize: number
  readonly size: number
  readonly side: 'long' | 'short' | 'flat'
  /** Epoch ms when this value was last confirmed by a frame or a REST snapshot, null if never. */
  readonly confirmedAt: number | null
  /** now − confirmedAt, or null if never confirmed. */
  readonly ageMs: number | null
}

/** Per-contract merged price cache entry (never persisted per tick: DB-10). */
export interface QuoteEntry {
  readonly contractId: string
  readonly bestBid: number | null
  readonly bestAsk: number | null
  readonly lastPrice: number | null
  /** 'quote': GatewayQuote; 'trade-print': GatewayTrade fallback; 'bars': polling-mode last bar. */
  readonly lastPriceSource: 'quote' | 'trade-print' | 'bars' | null
  /** True when the price comes from REST bars, not the live feed (POLL-4). */
  readonly delayed: boolean
  readonly updatedAt: number
}

export function isEmptyDiff(diff: AccountDiff): boolean {
  return (
    diff.account === null &&
    diff.positions.added.length + diff.positions.removed.length + diff.positions.modified.length === 0 &&
    diff.orders.added.length + diff.orders.removed.length + diff.orders.modified.length === 0 &&
    diff.newTrades.length === 0
  )
}
