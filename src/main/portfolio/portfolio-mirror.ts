// The engine's live view of every account: applies gateway events idempotently (journal first), keeps
// the quote cache in memory, persists entities through PortfolioRepository and answers live-size asks.

import type { Clock } from '../ports/clock'
import type { GatewayEvent } from '../ports/hub-events'
import type { Logger } from '../ports/logger'
import type { EventJournal, EventSource, PortfolioRepository } from '../ports/repositories'
import type { PortfolioSnapshot } from '../../shared/domain/portfolio'
import { OrderStatus } from '../../shared/projectx/enums'
import type { Account, Fill, Order, Position } from './model'
import { FillBook } from './fill-book'
import { decideOrderUpdate, isWorkingStatus } from './order-update'
import { toAccountView, toOrderView, toPositionView } from './portfolio-views'
import { QuoteBook } from './quote-book'
import { AccountDiffBuilder } from './snapshot-diff'
import type { AccountDiff, AccountSnapshotInput, LiveSize, MirrorChange, MirrorListener, QuoteEntry, SyncCompletion } from './mirror-types'
import { diffFields, mergeReported } from './field-util'
import { UserEventBuffer, isUserEvent, type UserEvent } from './user-event-buffer'

// Moved out of this file; re-exported so importers keep their paths.
export { isTerminalStatus, isWorkingStatus } from './order-update'
export { TILTGUARD_TAG_PREFIX } from './portfolio-views'
export { netPnl } from './snapshot-diff'

export interface PortfolioMirrorOptions {
  readonly repo: PortfolioRepository
  readonly journal: EventJournal
  readonly clock: Clock
  readonly logger: Logger
  /**
   * Runs a state change and its listeners in one store transaction (DB-1: lockouts, P&L and counters
   * commit with the event that changed them). Absent in tests that need no durability.
   */
  readonly transaction?: <T>(fn: () => T) => T
}

const positionKey = (accountId: number, contractId: string): string => `${accountId}:${contractId}`

/**
 * Mirror of accounts, positions, orders, fills and quotes. Hub events enter through `ingest`, which the
 * reconciler can hold back while a REST snapshot is in flight (RECON-4); everything else applies at once.
 */
export class PortfolioMirror {
  private readonly accounts = new Map<number, Account>()
  private readonly orders = new Map<number, Order>()
  private readonly positions = new Map<string, Position>()
  private readonly trades = new FillBook()
  private readonly quotes = new QuoteBook((quote) =>
    this.emit({ kind: 'quote', contractId: quote.contractId, quote, ageMs: Math.max(0, this.opts.clock.now() - quote.updatedAt), at: quote.updatedAt }),
  )
  /** Last time a frame or a snapshot confirmed each position key (present or flat). */
  private readonly positionConfirmedAt = new Map<string, number>()
  private readonly snapshotAt = new Map<number, number>()
  private readonly listeners = new Set<MirrorListener>()
  private readonly held = new UserEventBuffer()
  private readonly log: Logger

  constructor(private readonly opts: PortfolioMirrorOptions) {
    this.log = opts.logger.child('portfolio-mirror')
  }

  /** Loads the persisted mirror at start-up. Data stays STALE until the first reconciliation. */
  load(): void {
    const stored = this.opts.repo.load()
    for (const a of stored.accounts) this.accounts.set(a.id, a)
    for (const p of stored.positions) if (p.size > 0) this.positions.set(positionKey(p.accountId, p.contractId), p)
    for (const o of stored.orders) this.orders.set(o.id, o)
    for (const t of stored.trades) this.trades.restore(t)
  }

  /** Subscribes to every change; returns the unsubscribe function. */
  onChange(listener: MirrorListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Entry point for hub events. User-hub entities are journaled on arrival; while buffering they are
   * held back (market data never is: the snapshot carries no prices).
   */
  ingest(event: GatewayEvent, receivedAt: number): void {
    if (this.held.active && isUserEvent(event)) {
      this.journal(event, 'user-hub', receivedAt)
      this.held.hold(event, receivedAt)
      return
    }
    this.apply(event, receivedAt, event.kind === 'quote' || event.kind === 'market-trade' || event.kind === 'depth' ? 'market-hub' : 'user-hub')
  }

  /** Starts holding back user-hub events (RECON-4). */
  startBuffering(limit = 1000): void {
    this.held.start(limit)
  }

  /**
   * Stops buffering. With `apply` the held events are applied in arrival order (already journaled);
   * on overflow the buffer was dropped and the caller must reconcile again.
   */
  stopBuffering(apply: boolean): { readonly events: readonly GatewayEvent[]; readonly overflowed: boolean } {
    const { held, overflowed } = this.held.stop()
    if (apply && !overflowed) for (const b of held) this.applyUser(b.event, b.receivedAt, 'user-hub')
    return { events: held.map((b) => b.event), overflowed }
  }

  get isBuffering(): boolean {
    return this.held.active
  }

  /** Journals then applies one event. Market data is not journaled: that would be a write per tick (DB-10). */
  apply(event: GatewayEvent, receivedAt: number, source: EventSource): void {
    if (isUserEvent(event)) {
      // DB-1: the journal row, the mirror's rows and whatever listeners write (risk state) commit together.
      this.inTransaction(() => {
        this.journal(event, source, receivedAt)
        this.applyUser(event, receivedAt, source)
      })
      return
    }
    switch (event.kind) {
      case 'quote':
        this.quotes.applyQuote(event.contractId, receivedAt, event.data)
        return
      case 'market-trade':
        this.quotes.applyTradePrint(event.contractId, event.data.price, receivedAt)
        return
      case 'depth':
      case 'logout':
        return
    }
  }

  /** The gateway reports a finished reconciliation or poll; listeners get it as a `synced` change. */
  noteSynced(sync: SyncCompletion): void {
    this.emit({ kind: 'synced', sync, at: this.opts.clock.now() })
  }

  /** Polling-mode price from the last REST bar, labelled delayed (POLL-4); never overrides a live quote newer than it. */
  applyBarPrice(contractId: string, price: number, at: number): void {
    this.quotes.applyBarPrice(contractId, price, at)
  }

  /**
   * Applies a REST view of one account (reconcile or poll): positions and open orders replace the
   * local ones, resolved orders close locally-working ones, fills are de-duplicated. Persisted through
   * `PortfolioRepository.applySnapshot` (one transaction). Returns what differed (RECON-5/6).
   */
  applySnapshot(accountId: number, input: AccountSnapshotInput, source: EventSource, at: number = this.opts.clock.now()): AccountDiff {
    return this.inTransaction(() => this.applySnapshotNow(accountId, input, source, at))
  }

  private inTransaction<T>(fn: () => T): T {
    return this.opts.transaction === undefined ? fn() : this.opts.transaction(fn)
  }

  private applySnapshotNow(accountId: number, input: AccountSnapshotInput, source: EventSource, at: number): AccountDiff {
    this.opts.journal.append({ source, kind: 'snapshot', accountId, payload: input, at })
    const changes: MirrorChange[] = []
    const diff = new AccountDiffBuilder(accountId)

    const heldAccount = this.accounts.get(accountId) ?? null
    if (input.account && diff.account(heldAccount, input.account)) {
      this.accounts.set(accountId, input.account)
      changes.push({ kind: 'account', accountId, before: heldAccount, after: input.account, source, at })
    }

    // RECON-5: the listed positions are the complete open set; anything held and not listed closed.
    const seen = new Set<string>()
    for (const p of input.positions) {
      if (p.accountId !== accountId || p.size <= 0) continue
      const key = positionKey(accountId, p.contractId)
      seen.add(key)
      const before = this.positions.get(key) ?? null
      const after = before === null ? p : mergeReported(before, p)
      if (!diff.position(before, after)) continue
      this.positions.set(key, after)
      changes.push({ kind: 'position', accountId, contractId: p.contractId, before, after, source, at })
    }
    for (const [key, p] of [...this.positions]) {
      if (p.accountId !== accountId || seen.has(key)) continue
      this.positions.delete(key)
      diff.positionClosed(p)
      changes.push({ kind: 'position', accountId, contractId: p.contractId, before: p, after: null, source, at })
    }
    for (const key of [...this.positionConfirmedAt.keys()]) if (key.startsWith(`${accountId}:`)) this.positionConfirmedAt.set(key, at)
    for (const key of seen) this.positionConfirmedAt.set(key, at)
    this.snapshotAt.set(accountId, at)

    const openIds = new Set(input.openOrders.map((o) => o.id))
    // Ids of this account's orders the snapshot listed or vanished: persisted as the mirror now holds them.
    const touched = new Set<number>()
    for (const o of [...input.openOrders, ...(input.resolvedOrders ?? [])]) {
      if (o.accountId !== accountId) continue
      touched.add(o.id)
      const before = this.orders.get(o.id) ?? null
      const after = this.upsertOrderState(o, source, at, true, changes)
      if (after !== null) diff.order(before, after, openIds.has(o.id))
    }

    // The gateway lists these in neither search: they are not working there, whatever they became.
    for (const id of input.vanishedOrderIds ?? []) {
      const before = this.orders.get(id)
      if (before === undefined || before.accountId !== accountId || !isWorkingStatus(before.status) || openIds.has(id)) continue
      const after: Order = { ...before, status: OrderStatus.None }
      this.orders.set(id, after)
      changes.push({ kind: 'order', accountId, before, after, source, at })
      diff.orderVanished(after)
      touched.add(id)
    }

    for (const t of input.trades ?? []) {
      if (t.accountId === accountId && this.addTrade(t, source, at, changes)) diff.trade(t)
    }
    const result = diff.build()

    // Orders as the mirror now holds them (merged, older updates refused), in the same transaction.
    const orders = [...touched].map((id) => this.orders.get(id)).filter((o): o is Order => o !== undefined)
    this.opts.repo.applySnapshot(accountId, { account: input.account ?? null, positions: [...input.positions], orders, trades: [...result.newTrades] }, at)
    for (const c of changes) this.emit(c)
    return result
  }

  // ---- reads ---------------------------------------------------------------------------------------

  /** The UI view of every account, position and order the mirror holds. */
  snapshot(): PortfolioSnapshot {
    return {
      accounts: [...this.accounts.values()].map(toAccountView),
      positions: [...this.positions.values()].map(toPositionView),
      orders: [...this.orders.values()].map(toOrderView),
    }
  }

  /** Live position size for the enforcement closer, with how long ago it was confirmed. */
  liveSize(accountId: number, contractId: string): LiveSize {
    const key = positionKey(accountId, contractId)
    const p = this.positions.get(key)
    const confirmedAt = this.positionConfirmedAt.get(key) ?? this.snapshotAt.get(accountId) ?? null
    const ageMs = confirmedAt === null ? null : Math.max(0, this.opts.clock.now() - confirmedAt)
    if (p === undefined || p.size <= 0) return { signedSize: 0, size: 0, side: 'flat', confirmedAt, ageMs }
    const short = p.type === 2
    return { signedSize: short ? -p.size : p.size, size: p.size, side: short ? 'short' : 'long', confirmedAt, ageMs }
  }

  account(accountId: number): Account | null {
    return this.accounts.get(accountId) ?? null
  }
  accountIds(): number[] {
    return [...this.accounts.keys()]
  }
  order(orderId: number): Order | null {
    return this.orders.get(orderId) ?? null
  }
  allOrders(accountId?: number): Order[] {
    return [...this.orders.values()].filter((o) => accountId === undefined || o.accountId === accountId)
  }
  workingOrders(accountId?: number): Order[] {
    return this.allOrders(accountId).filter((o) => isWorkingStatus(o.status))
  }
  openPositions(accountId?: number): Position[] {
    return [...this.positions.values()].filter((p) => accountId === undefined || p.accountId === accountId)
  }
  /** Non-voided fills (FILL-1). */
  fills(accountId?: number): Fill[] {
    return this.trades.fills(accountId)
  }
  trade(tradeId: number): Fill | null {
    return this.trades.get(tradeId)
  }
  quote(contractId: string): QuoteEntry | null {
    return this.quotes.get(contractId)
  }
  /** Latest fill time seen for the account (epoch ms), the base of the Trade/search window (FILL-5). */
  lastTradeTime(accountId: number): number | null {
    return this.trades.lastTradeTime(accountId)
  }
  lastSnapshotAt(accountId: number): number | null {
    return this.snapshotAt.get(accountId) ?? null
  }

  // ---- internals -----------------------------------------------------------------------------------

  private journal(event: UserEvent, source: EventSource, at: number): void {
    const accountId = event.kind === 'account' ? event.data.id : event.data.accountId
    this.opts.journal.append({ source, kind: event.kind, accountId, payload: event.data, at })
  }

  private applyUser(event: UserEvent, at: number, source: EventSource): void {
    const changes: MirrorChange[] = []
    switch (event.kind) {
      case 'account': {
        const before = this.accounts.get(event.data.id) ?? null
        const after = before === null ? event.data : mergeReported(before, event.data)
        // Duplicate account frames are common (projectx-api.md §6.3): identical → no write, no change (F23).
        if (before !== null && diffFields(before, after).length === 0) return
        this.accounts.set(after.id, after)
        this.opts.repo.upsertAccount(after, at)
        changes.push({ kind: 'account', accountId: after.id, before, after, source, at })
        break
      }
      case 'order': {
        const after = this.upsertOrderState(event.data, source, at, false, changes)
        if (after !== null) this.opts.repo.upsertOrder(after, at)
        break
      }
      case 'position': {
        const p = event.data
        const key = positionKey(p.accountId, p.contractId)
        const before = this.positions.get(key) ?? null
        this.positionConfirmedAt.set(key, at)
        if (p.size <= 0) {
          // A size-0 frame means the position closed (CONC-5).
          if (before === null) return
          this.positions.delete(key)
          this.opts.repo.upsertPosition({ ...p, size: 0 }, at)
          changes.push({ kind: 'position', accountId: p.accountId, contractId: p.contractId, before, after: null, source, at })
          break
        }
        const after = before === null ? p : mergeReported(before, p)
        if (before !== null && diffFields(before, after).length === 0) return
        this.positions.set(key, after)
        this.opts.repo.upsertPosition(after, at)
        changes.push({ kind: 'position', accountId: p.accountId, contractId: p.contractId, before, after, source, at })
        break
      }
      case 'trade':
        this.addTrade(event.data, source, at, changes, true)
        break
    }
    for (const c of changes) this.emit(c)
  }

  /** Applies an order update under the ORD-6 rule (see decideOrderUpdate); null when it was not applied. */
  private upsertOrderState(incoming: Order, source: EventSource, at: number, fromRest: boolean, out: MirrorChange[]): Order | null {
    const before = this.orders.get(incoming.id) ?? null
    const update = decideOrderUpdate(before, incoming, fromRest)
    const transition = { orderId: incoming.id, from: before?.status, to: incoming.status }
    if (update.kind === 'older') this.log.debug('older order update ignored', { orderId: incoming.id, status: incoming.status })
    if (update.kind === 'regresses') this.log.info('order update would regress a newer state; kept the stored one', transition)
    if ((update.kind === 'unchanged' || update.kind === 'apply') && update.leftTerminal) this.log.warn('order left a terminal state', transition)
    if (update.kind !== 'apply') return null
    this.orders.set(update.after.id, update.after)
    out.push({ kind: 'order', accountId: update.after.accountId, before, after: update.after, source, at })
    return update.after
  }

  /** Stores a fill through the FillBook (FILL-1) and records the change. Returns true for a newly counted fill. */
  private addTrade(trade: Fill, source: EventSource, at: number, out: MirrorChange[], persist = false): boolean {
    const added = this.trades.add(trade)
    if (added.kind === 'voided') {
      this.log.warn('fill voided after it was recorded', { tradeId: trade.id, orderId: trade.orderId })
      this.opts.repo.markTradeVoided(trade.id, at)
      out.push({ kind: 'trade', accountId: trade.accountId, trade: added.trade, source, at })
    }
    if (added.kind !== 'new') return false
    if (persist) this.opts.repo.insertTrade(trade, at)
    out.push({ kind: 'trade', accountId: trade.accountId, trade, source, at })
    return true
  }

  private emit(change: MirrorChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change)
      } catch (error) {
        this.log.error('mirror listener failed', { error: String(error), kind: change.kind })
      }
    }
  }
}
