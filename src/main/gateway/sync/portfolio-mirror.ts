// The engine's live view of every account: applies gateway events idempotently (journal first), keeps
// the quote cache in memory, persists entities through PortfolioRepository and answers live-size asks.

import type { Clock } from '../../ports/clock'
import type { GatewayEvent } from '../../ports/hub-events'
import type { Logger } from '../../ports/logger'
import type { EventJournal, EventSource, PortfolioRepository } from '../../ports/repositories'
import type { AccountView, OrderView, PortfolioSnapshot, PositionView } from '../../../shared/domain/portfolio'
import { OrderStatus, TERMINAL_ORDER_STATUSES, WORKING_ORDER_STATUSES } from '../../../shared/projectx/enums'
import type { PxAccount, PxOrder, PxPosition, PxTrade } from '../../../shared/projectx/models'
import type { AccountDiff, AccountSnapshotInput, FieldChange, LiveSize, MirrorChange, MirrorListener, QuoteEntry } from './sync-types'
import { diffFields, mergeDefined, parseGatewayTime } from './sync-util'

/** Prefix of every customTag Tiltguard writes (`rm:{accountId}:{reason}:{ulid}`). */
export const TILTGUARD_TAG_PREFIX = 'rm:'

export interface PortfolioMirrorOptions {
  readonly repo: PortfolioRepository
  readonly journal: EventJournal
  readonly clock: Clock
  readonly logger: Logger
}

type UserEvent = Extract<GatewayEvent, { kind: 'account' | 'order' | 'position' | 'trade' }>

interface Buffered {
  readonly event: UserEvent
  readonly receivedAt: number
}

const positionKey = (accountId: number, contractId: string): string => `${accountId}:${contractId}`
const isUserEvent = (e: GatewayEvent): e is UserEvent => e.kind === 'account' || e.kind === 'order' || e.kind === 'position' || e.kind === 'trade'
export const isWorkingStatus = (status: number): boolean => (WORKING_ORDER_STATUSES as readonly number[]).includes(status)
export const isTerminalStatus = (status: number): boolean => (TERMINAL_ORDER_STATUSES as readonly number[]).includes(status)

/**
 * Mirror of accounts, positions, orders, fills and quotes. Hub events enter through `ingest`, which the
 * reconciler can hold back while a REST snapshot is in flight (RECON-4); everything else applies at once.
 */
export class PortfolioMirror {
  private readonly accounts = new Map<number, PxAccount>()
  private readonly orders = new Map<number, PxOrder>()
  private readonly positions = new Map<string, PxPosition>()
  private readonly trades = new Map<number, PxTrade>()
  private readonly quotes = new Map<string, QuoteEntry>()
  /** Last time a frame or a snapshot confirmed each position key (present or flat). */
  private readonly positionConfirmedAt = new Map<string, number>()
  private readonly snapshotAt = new Map<number, number>()
  /** Per account: the latest fill time seen, used as the Trade/search window start (FILL-5). */
  private readonly lastTradeAt = new Map<number, number>()
  private readonly listeners = new Set<MirrorListener>()
  private buffer: Buffered[] | null = null
  private bufferLimit = 1000
  private bufferOverflowed = false
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
    for (const t of stored.trades) {
      this.trades.set(t.id, t)
      this.noteTradeTime(t)
    }
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
    if (this.buffer !== null && isUserEvent(event)) {
      this.journal(event, 'user-hub', receivedAt)
      if (this.buffer.length >= this.bufferLimit) {
        this.bufferOverflowed = true
        this.buffer = []
        return
      }
      if (!this.bufferOverflowed) this.buffer.push({ event, receivedAt })
      return
    }
    this.apply(event, receivedAt, event.kind === 'quote' || event.kind === 'market-trade' || event.kind === 'depth' ? 'market-hub' : 'user-hub')
  }

  /** Starts holding back user-hub events (RECON-4). */
  startBuffering(limit = 1000): void {
    this.buffer = []
    this.bufferLimit = limit
    this.bufferOverflowed = false
  }

  /**
   * Stops buffering. With `apply` the held events are applied in arrival order (already journaled);
   * on overflow the buffer was dropped and the caller must reconcile again.
   */
  stopBuffering(apply: boolean): { readonly events: readonly GatewayEvent[]; readonly overflowed: boolean } {
    const held = this.buffer ?? []
    const overflowed = this.bufferOverflowed
    this.buffer = null
    this.bufferOverflowed = false
    if (apply && !overflowed) for (const b of held) this.applyUser(b.event, b.receivedAt, 'user-hub')
    return { events: held.map((b) => b.event), overflowed }
  }

  get isBuffering(): boolean {
    return this.buffer !== null
  }

  /** Journals then applies one event. Market data is not journaled: that would be a write per tick (DB-10). */
  apply(event: GatewayEvent, receivedAt: number, source: EventSource): void {
    if (isUserEvent(event)) {
      this.journal(event, source, receivedAt)
      this.applyUser(event, receivedAt, source)
      return
    }
    switch (event.kind) {
      case 'quote':
        this.mergeQuote(event.contractId, receivedAt, {
          bestBid: event.data.bestBid,
          bestAsk: event.data.bestAsk,
          lastPrice: event.data.lastPrice,
          source: 'quote',
        })
        return
      case 'market-trade': {
        // Trade prints are the fallback last price when quotes stall (projectx-api.md §12 #21).
        const current = this.quotes.get(event.contractId)
        const stale = current === undefined || current.lastPriceSource !== 'quote' || receivedAt - current.updatedAt > 5_000
        if (stale) this.mergeQuote(event.contractId, receivedAt, { lastPrice: event.data.price, source: 'trade-print' })
        return
      }
      case 'depth':
      case 'logout':
        return
    }
  }

  /** Polling-mode price from the last REST bar, labelled delayed (POLL-4); never overrides a live quote newer than it. */
  applyBarPrice(contractId: string, price: number, at: number): void {
    const current = this.quotes.get(contractId)
    if (current !== undefined && current.lastPriceSource === 'quote' && current.updatedAt >= at) return
    this.mergeQuote(contractId, at, { lastPrice: price, source: 'bars' })
  }

  /**
   * Applies a REST view of one account (reconcile or poll): positions and open orders replace the
   * local ones, resolved orders close locally-working ones, fills are de-duplicated. Persisted through
   * `PortfolioRepository.applySnapshot` (one transaction). Returns what differed (RECON-5/6).
   */
  applySnapshot(accountId: number, input: AccountSnapshotInput, source: EventSource, at: number = this.opts.clock.now()): AccountDiff {
    this.opts.journal.append({ source, kind: 'snapshot', accountId, payload: input, at })
    const changes: MirrorChange[] = []

    let accountDiff: AccountDiff['account'] = null
    if (input.account) {
      const before = this.accounts.get(accountId) ?? null
      const fields = before === null ? diffFields({} as PxAccount, input.account) : diffFields(before, input.account)
      if (fields.length > 0) {
        accountDiff = { before, after: input.account, fields }
        this.accounts.set(accountId, input.account)
        changes.push({ kind: 'account', accountId, before, after: input.account, source, at })
      }
    }

    const posAdded: PxPosition[] = []
    const posRemoved: PxPosition[] = []
    const posModified: { before: PxPosition; after: PxPosition; fields: FieldChange[] }[] = []
    const seen = new Set<string>()
    for (const p of input.positions) {
      if (p.accountId !== accountId || p.size <= 0) continue
      const key = positionKey(accountId, p.contractId)
      seen.add(key)
      const before = this.positions.get(key) ?? null
      const after = before === null ? p : mergeDefined(before, p)
      if (before === null) posAdded.push(after)
      else {
        const fields = diffFields(before, after)
        if (fields.length === 0) continue
        posModified.push({ before, after, fields })
      }
      this.positions.set(key, after)
      changes.push({ kind: 'position', accountId, contractId: p.contractId, before, after, source, at })
    }
    for (const [key, p] of [...this.positions]) {
      if (p.accountId !== accountId || seen.has(key)) continue
      this.positions.delete(key)
      posRemoved.push(p)
      changes.push({ kind: 'position', accountId, contractId: p.contractId, before: p, after: null, source, at })
    }
    for (const key of [...this.positionConfirmedAt.keys()]) if (key.startsWith(`${accountId}:`)) this.positionConfirmedAt.set(key, at)
    for (const key of seen) this.positionConfirmedAt.set(key, at)
    this.snapshotAt.set(accountId, at)

    const ordAdded: PxOrder[] = []
    const ordRemoved: PxOrder[] = []
    const ordModified: { before: PxOrder; after: PxOrder; fields: FieldChange[] }[] = []
    const restOrders = [...input.openOrders, ...(input.resolvedOrders ?? [])]
    const openIds = new Set(input.openOrders.map((o) => o.id))
    for (const o of restOrders) {
      if (o.accountId !== accountId) continue
      const before = this.orders.get(o.id) ?? null
      const after = this.upsertOrderState(o, source, at, true, changes)
      if (after === null) continue
      if (before === null) ordAdded.push(after)
      else if (!openIds.has(o.id) && isWorkingStatus(before.status) && !isWorkingStatus(after.status)) ordRemoved.push(after)
      else {
        const fields = diffFields(before, after)
        if (fields.length > 0) ordModified.push({ before, after, fields })
      }
    }

    // The gateway lists these in neither search: they are not working there, whatever they became.
    const vanished: PxOrder[] = []
    for (const id of input.vanishedOrderIds ?? []) {
      const before = this.orders.get(id)
      if (before === undefined || before.accountId !== accountId || !isWorkingStatus(before.status) || openIds.has(id)) continue
      const after: PxOrder = { ...before, status: OrderStatus.None }
      this.orders.set(id, after)
      changes.push({ kind: 'order', accountId, before, after, source, at })
      ordRemoved.push(after)
      vanished.push(after)
    }

    const newTrades: PxTrade[] = []
    for (const t of input.trades ?? []) {
      if (t.accountId !== accountId) continue
      if (this.addTrade(t, source, at, changes)) newTrades.push(t)
    }

    // Orders as the mirror now holds them (merged, older updates refused), in the same transaction.
    const touched = new Set([...restOrders.filter((o) => o.accountId === accountId).map((o) => o.id), ...vanished.map((o) => o.id)])
    const orders = [...touched].map((id) => this.orders.get(id)).filter((o): o is PxOrder => o !== undefined)
    this.opts.repo.applySnapshot(accountId, { account: input.account ?? null, positions: [...input.positions], orders, trades: newTrades }, at)
    for (const c of changes) this.emit(c)

    const missedPnlUsd = newTrades.reduce((sum, t) => sum + netPnl(t), 0)
    return {
      accountId,
      account: accountDiff,
      positions: { added: posAdded, removed: posRemoved, modified: posModified },
      orders: { added: ordAdded, removed: ordRemoved, modified: ordModified },
      newTrades,
      missedPnlUsd,
    }
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

  account(accountId: number): PxAccount | null {
    return this.accounts.get(accountId) ?? null
  }
  accountIds(): number[] {
    return [...this.accounts.keys()]
  }
  order(orderId: number): PxOrder | null {
    return this.orders.get(orderId) ?? null
  }
  allOrders(accountId?: number): PxOrder[] {
    return [...this.orders.values()].filter((o) => accountId === undefined || o.accountId === accountId)
  }
  workingOrders(accountId?: number): PxOrder[] {
    return this.allOrders(accountId).filter((o) => isWorkingStatus(o.status))
  }
  openPositions(accountId?: number): PxPosition[] {
    return [...this.positions.values()].filter((p) => accountId === undefined || p.accountId === accountId)
  }
  /** Non-voided fills (FILL-1). */
  fills(accountId?: number): PxTrade[] {
    return [...this.trades.values()].filter((t) => !t.voided && (accountId === undefined || t.accountId === accountId))
  }
  trade(tradeId: number): PxTrade | null {
    return this.trades.get(tradeId) ?? null
  }
  quote(contractId: string): QuoteEntry | null {
    return this.quotes.get(contractId) ?? null
  }
  /** Latest fill time seen for the account (epoch ms), the base of the Trade/search window (FILL-5). */
  lastTradeTime(accountId: number): number | null {
    return this.lastTradeAt.get(accountId) ?? null
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
        const after = before === null ? event.data : mergeDefined(before, event.data)
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
        const after = before === null ? p : mergeDefined(before, p)
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

  /**
   * ORD-6: an order update applies when its updateTimestamp ≥ the stored one (last-write-wins, CONC-5).
   * With equal or missing timestamps a hub frame may not move a terminal order back to working nor
   * lower fillVolume (Filled-before-Open, S2); REST snapshots win ties because REST is the truth.
   */
  private upsertOrderState(incoming: PxOrder, source: EventSource, at: number, fromRest: boolean, out: MirrorChange[]): PxOrder | null {
    const before = this.orders.get(incoming.id) ?? null
    if (before !== null) {
      const storedTs = parseGatewayTime(before.updateTimestamp)
      const incomingTs = parseGatewayTime(incoming.updateTimestamp)
      if (storedTs !== null && incomingTs !== null && incomingTs < storedTs) {
        this.log.debug('older order update ignored', { orderId: incoming.id, status: incoming.status })
        return null
      }
      const tie = storedTs === null || incomingTs === null || incomingTs === storedTs
      if (tie && !fromRest) {
        const regresses = isTerminalStatus(before.status) && !isTerminalStatus(incoming.status)
        const shrinks = (incoming.fillVolume ?? before.fillVolume ?? 0) < (before.fillVolume ?? 0)
        if (regresses || shrinks) {
          this.log.info('order update would regress a newer state; kept the stored one', { orderId: incoming.id, from: before.status, to: incoming.status })
          return null
        }
      }
      if (isTerminalStatus(before.status) && !isTerminalStatus(incoming.status) && !tie) {
        this.log.warn('order left a terminal state', { orderId: incoming.id, from: before.status, to: incoming.status })
      }
    }
    const after = before === null ? incoming : mergeDefined(before, incoming)
    if (before !== null && diffFields(before, after).length === 0) return null
    this.orders.set(after.id, after)
    out.push({ kind: 'order', accountId: after.accountId, before, after, source, at })
    return after
  }

  /** FILL-1: fills deduped by id; voided fills never count. Returns true for a newly stored fill. */
  private addTrade(trade: PxTrade, source: EventSource, at: number, out: MirrorChange[], persist = false): boolean {
    const known = this.trades.get(trade.id)
    if (known !== undefined) {
      if (trade.voided && !known.voided) {
        // A later void of a fill we counted: exclude it from now on (the port cannot delete the row).
        this.trades.set(trade.id, { ...known, voided: true })
        this.log.warn('fill voided after it was recorded', { tradeId: trade.id, orderId: trade.orderId })
        this.opts.repo.markTradeVoided(trade.id, at)
        out.push({ kind: 'trade', accountId: trade.accountId, trade: { ...known, voided: true }, source, at })
      }
      return false
    }
    this.trades.set(trade.id, trade)
    if (trade.voided) return false
    this.noteTradeTime(trade)
    if (persist) this.opts.repo.insertTrade(trade, at)
    out.push({ kind: 'trade', accountId: trade.accountId, trade, source, at })
    return true
  }

  private noteTradeTime(t: PxTrade): void {
    const ts = parseGatewayTime(t.creationTimestamp)
    if (ts === null) return
    const prev = this.lastTradeAt.get(t.accountId)
    if (prev === undefined || ts > prev) this.lastTradeAt.set(t.accountId, ts)
  }

  private mergeQuote(
    contractId: string,
    at: number,
    patch: { bestBid?: number | undefined; bestAsk?: number | undefined; lastPrice?: number | undefined; source: 'quote' | 'trade-print' | 'bars' },
  ): void {
    const prev = this.quotes.get(contractId)
    const next: QuoteEntry = {
      contractId,
      bestBid: patch.bestBid ?? prev?.bestBid ?? null,
      bestAsk: patch.bestAsk ?? prev?.bestAsk ?? null,
      lastPrice: patch.lastPrice ?? prev?.lastPrice ?? null,
      lastPriceSource: patch.lastPrice !== undefined ? patch.source : (prev?.lastPriceSource ?? null),
      delayed: patch.lastPrice !== undefined ? patch.source === 'bars' : (prev?.delayed ?? false),
      updatedAt: at,
    }
    this.quotes.set(contractId, next)
    this.emit({ kind: 'quote', contractId, at })
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

/** Realized P&L of one fill net of costs; opening fills carry no profitAndLoss. */
export function netPnl(t: PxTrade): number {
  if (t.voided) return 0
  return (t.profitAndLoss ?? 0) - t.fees - (t.commissions ?? 0)
}

function toAccountView(a: PxAccount): AccountView {
  return { id: a.id, name: a.name, balance: a.balance, canTrade: a.canTrade, simulated: a.simulated ?? false }
}

function toPositionView(p: PxPosition): PositionView {
  return {
    accountId: p.accountId,
    contractId: p.contractId,
    contractName: p.contractDisplayName ?? null,
    side: p.type === 2 ? 'short' : 'long',
    size: p.size,
    averagePrice: p.averagePrice,
    openedAt: p.creationTimestamp,
  }
}

function toOrderView(o: PxOrder): OrderView {
  return {
    id: o.id,
    accountId: o.accountId,
    contractId: o.contractId,
    status: o.status,
    type: o.type,
    side: o.side,
    size: o.size,
    fillVolume: o.fillVolume ?? 0,
    limitPrice: o.limitPrice ?? null,
    stopPrice: o.stopPrice ?? null,
    filledPrice: o.filledPrice ?? null,
    customTag: o.customTag ?? null,
    placedByTiltguard: (o.customTag ?? '').startsWith(TILTGUARD_TAG_PREFIX),
    updatedAt: o.updateTimestamp ?? o.creationTimestamp,
  }
}
