// The one place gateway state becomes risk events (I-21): every portfolio change (hub frame, REST
// snapshot, poll, quote, price from bars) is turned into the core's domain events, in arrival order
// (PIPE-2). A position whose contract figures are not known yet holds the stream back until the catalog
// answers, so the core never prices a position with a guessed tick value and never sees events reordered.
import type { Clock, TimerHandle } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import type { MirrorChange, QuoteEntry } from '../../portfolio'
import type { Account, Fill, Order, Position } from '../../portfolio/model'
import type { OrderEvent, PositionEvent, RiskEvent, TradeEvent } from '../../risk/events'
import { CUSTOM_TAG_PREFIX } from '../executor/ports'
import { TILTGUARD_TAG_PREFIX } from '../../portfolio/portfolio-views'
import type { ContractCatalog } from './contract-catalog'
import type { OwnCloses } from './own-closes'

/** What the feed reads of the mirror to build a reconciliation event after a REST sync. */
export interface MirrorReader {
  account(accountId: number): Account | null
  openPositions(accountId?: number): Position[]
  workingOrders(accountId?: number): Order[]
  fills(accountId?: number): Fill[]
  order(orderId: number): Order | null
}

export interface RiskFeedDeps {
  readonly mirror: MirrorReader
  readonly catalog: ContractCatalog
  readonly clock: Clock
  readonly logger: Logger
  /** Receives the events, one at a time, in order. */
  readonly deliver: (event: RiskEvent) => void
  /** Wait before asking again for a contract the gateway could not describe. */
  readonly retryMs?: number
  /** Fills of Tiltguard's own untagged closes (see own-closes.ts). */
  readonly ownCloses?: OwnCloses
}

const DEFAULT_RETRY_MS = 2_000

/** True for an order Tiltguard placed itself: its fills never count against the trader (D-4). */
export function isTiltguardTag(tag: string | null | undefined): boolean {
  return tag != null && (tag.startsWith(CUSTOM_TAG_PREFIX) || tag.startsWith(TILTGUARD_TAG_PREFIX))
}

export class RiskFeed {
  private readonly backlog: MirrorChange[] = []
  private waitingFor: string | null = null
  private retryTimer: TimerHandle | null = null
  private stopped = false

  constructor(private readonly deps: RiskFeedDeps) {}

  /** The mirror's change listener. */
  readonly onChange = (change: MirrorChange): void => {
    if (this.stopped) return
    if (this.backlog.length > 0) {
      this.hold(change)
      return
    }
    this.process(change)
  }

  /** Changes held back while a contract's figures are looked up. */
  get pending(): number {
    return this.backlog.length
  }

  stop(): void {
    this.stopped = true
    if (this.retryTimer !== null) this.deps.clock.clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.backlog.length = 0
  }

  private process(change: MirrorChange): boolean {
    const missing = this.missingContract(change)
    if (missing !== null) {
      this.backlog.unshift(change)
      this.lookUp(missing)
      return false
    }
    for (const event of this.toEvents(change)) this.deps.deliver(event)
    return true
  }

  /** Quotes of one contract are coalesced while held: only the latest price matters, and the backlog stays small. */
  private hold(change: MirrorChange): void {
    if (change.kind === 'quote') {
      const index = this.backlog.findIndex((c) => c.kind === 'quote' && c.contractId === change.contractId)
      if (index >= 0) this.backlog.splice(index, 1)
    }
    this.backlog.push(change)
  }

  private drain(): void {
    while (this.backlog.length > 0 && !this.stopped) {
      const next = this.backlog.shift() as MirrorChange
      if (!this.process(next)) return
    }
  }

  private lookUp(contractId: string): void {
    if (this.waitingFor === contractId) return
    this.waitingFor = contractId
    this.deps.catalog.resolve(contractId).then(
      (spec) => {
        this.waitingFor = null
        if (spec !== null) return this.drain()
        this.deps.logger.warn('contract unknown to the gateway; retrying before pricing its position', { contractId })
        this.retryLater()
      },
      (error: unknown) => {
        this.waitingFor = null
        this.deps.logger.warn('contract lookup failed; retrying', { contractId, error })
        this.retryLater()
      },
    )
  }

  private retryLater(): void {
    if (this.stopped || this.retryTimer !== null) return
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = null
      this.drain()
    }, this.deps.retryMs ?? DEFAULT_RETRY_MS)
  }

  private missingContract(change: MirrorChange): string | null {
    const { catalog, mirror } = this.deps
    if (change.kind === 'position') {
      const id = (change.after ?? change.before)?.contractId ?? change.contractId
      return catalog.get(id) === null ? id : null
    }
    if (change.kind === 'synced') {
      for (const accountId of change.sync.accountIds)
        for (const p of mirror.openPositions(accountId)) if (catalog.get(p.contractId) === null) return p.contractId
    }
    return null
  }

  private toEvents(change: MirrorChange): RiskEvent[] {
    const at = change.at
    switch (change.kind) {
      case 'account': {
        const a = change.after
        return [{ kind: 'account', at, accountId: a.id, name: a.name, balance: a.balance, canTrade: typeof a.canTrade === 'boolean' ? a.canTrade : null }]
      }
      case 'order':
        return [{ kind: 'order', at, accountId: change.accountId, ...this.orderFields(change.after) }]
      case 'position': {
        const p = change.after ?? change.before
        if (p === null) return []
        return [{ kind: 'position', at, accountId: change.accountId, ...this.positionFields(p, change.after === null ? 0 : p.size) }]
      }
      case 'trade':
        return [{ kind: 'trade', at, accountId: change.accountId, ...this.tradeFields(change.trade, at) }]
      case 'quote':
        return quoteEvent(change.quote, at)
      case 'synced':
        return change.sync.accountIds.map((accountId) => this.reconciliation(accountId, at))
    }
  }

  private reconciliation(accountId: number, at: number): RiskEvent {
    const { mirror } = this.deps
    const account = mirror.account(accountId)
    return {
      kind: 'reconcile',
      at,
      accountId,
      positions: mirror.openPositions(accountId).map((p) => this.positionFields(p, p.size)),
      orders: mirror.workingOrders(accountId).map((o) => this.orderFields(o)),
      trades: mirror.fills(accountId).map((t) => this.tradeFields(t, at)),
      canTrade: account === null || typeof account.canTrade !== 'boolean' ? null : account.canTrade,
    }
  }

  private positionFields(p: Position, size: number): Omit<PositionEvent, 'kind' | 'at' | 'accountId'> {
    const spec = this.deps.catalog.get(p.contractId)
    return {
      positionId: p.id,
      contractId: p.contractId,
      side: p.type === 2 ? 'short' : 'long',
      size,
      averagePrice: p.averagePrice,
      openedAt: p.openedAt,
      // missingContract() guarantees the spec before a position is mapped.
      tickSize: spec?.tickSize ?? Number.NaN,
      tickValue: spec?.tickValue ?? Number.NaN,
    }
  }

  private orderFields(o: Order): Omit<OrderEvent, 'kind' | 'at' | 'accountId'> {
    return {
      orderId: o.id,
      contractId: o.contractId,
      status: o.status,
      type: o.type,
      side: o.side,
      size: o.size,
      limitPrice: o.limitPrice,
      stopPrice: o.stopPrice,
      customTag: o.customTag,
    }
  }

  private tradeFields(t: Fill, at: number): Omit<TradeEvent, 'kind' | 'at' | 'accountId'> {
    const tag = this.deps.mirror.order(t.orderId)?.customTag ?? null
    // Reconciliation re-reads old fills: judge them by their execution time, not the read's.
    const when = Math.min(at, t.executedAt)
    const own = isTiltguardTag(tag) || (this.deps.ownCloses?.claims({ accountId: t.accountId, contractId: t.contractId, orderId: t.orderId, customTag: tag }, when) ?? false)
    return {
      tradeId: t.id,
      orderId: t.orderId,
      contractId: t.contractId,
      executedAt: t.executedAt,
      price: t.price,
      size: t.size,
      side: t.side,
      profitAndLoss: t.profitAndLoss,
      fees: t.fees,
      commissions: t.commissions,
      voided: t.voided,
      sentByTiltguard: own,
    }
  }
}

/** A quote without a last price yet (partial frames) tells the core nothing it prices with. */
function quoteEvent(quote: QuoteEntry, at: number): RiskEvent[] {
  if (quote.lastPrice === null) return []
  return [{ kind: 'quote', at, contractId: quote.contractId, lastPrice: quote.lastPrice, quotedAt: quote.updatedAt }]
}
