// Observed-order bookkeeping on top of the mirror: status transitions recorded (ORD-7), fills aggregated
// per order and cross-checked against fillVolume (FILL-2..4), and stuck working orders flagged (ORD-8).

import type { Clock, TimerHandle } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import type { EventSource, TransitionRepository } from '../../ports/repositories'
import type { Fill, Order } from '../../portfolio/model'
import { isTerminalStatus, isWorkingStatus, type PortfolioMirror } from '../../portfolio/portfolio-mirror'
import type { MirrorChange } from '../../portfolio/mirror-types'

export interface OrderTrackerOptions {
  readonly mirror: PortfolioMirror
  readonly transitions: TransitionRepository
  readonly clock: Clock
  readonly logger: Logger
  /** FILL-2: fills and fillVolume disagree after settling; the reconciler runs Trade/search + Order/search. */
  readonly onFillMismatch?: (accountId: number, orderId: number) => void
  /** ORD-8: working orders without an update for `stuckAfterMs`; the reconciler runs Order/searchOpen. */
  readonly onStuckOrders?: (accountId: number, orderIds: readonly number[]) => void
  /** How long fills and order frames may disagree before it counts as a mismatch (they arrive apart). */
  readonly fillSettleMs?: number
  /** Tick size per contract for the FILL-3 one-tick check; unknown contracts are not checked. */
  readonly tickSize?: (contractId: string) => number | null
  readonly stuckAfterMs?: number
  readonly stuckCheckIntervalMs?: number
}

/** Aggregated fills of one order (FILL-3). */
export interface FillSummary {
  readonly orderId: number
  /** Sum of non-voided fill sizes. */
  readonly filledSize: number
  /** sum(price × size) / sum(size); null before the first fill. Independent of arrival order. */
  readonly averagePrice: number | null
  readonly fillCount: number
  /** The order's own cumulative fillVolume, null when the order is unknown or omits it. */
  readonly reportedFillVolume: number | null
  readonly reportedFilledPrice: number | null
  /** Filled contracts that count for the position: fills win over a missing or lagging fillVolume (FILL-4). */
  readonly effectiveFilledSize: number
}

const TRIGGER: Record<EventSource, string> = {
  'user-hub': 'hub',
  'market-hub': 'hub',
  rest: 'reconcile',
  reconcile: 'reconcile',
  poll: 'poll',
  engine: 'intent',
}

/** Tracks observed orders (never refuses a server status; only records and checks it). */
export class OrderTracker {
  private readonly fillsByOrder = new Map<number, Map<number, Fill>>()
  private readonly lastChangeAt = new Map<number, number>()
  private readonly lastStuckFlagAt = new Map<number, number>()
  private readonly settleTimers = new Map<number, TimerHandle>()
  private readonly mismatchReported = new Set<number>()
  private stuckTimer: TimerHandle | null = null
  private unsubscribe: (() => void) | null = null
  private readonly log: Logger
  private readonly fillSettleMs: number
  private readonly stuckAfterMs: number
  private readonly stuckCheckIntervalMs: number

  constructor(private readonly opts: OrderTrackerOptions) {
    this.log = opts.logger.child('order-tracker')
    this.fillSettleMs = opts.fillSettleMs ?? 2_000
    this.stuckAfterMs = opts.stuckAfterMs ?? 3_600_000
    this.stuckCheckIntervalMs = opts.stuckCheckIntervalMs ?? 60_000
  }

  /** Seeds from what the mirror already holds (loaded from SQLite) and starts listening. */
  start(): void {
    if (this.unsubscribe) return
    const now = this.opts.clock.now()
    for (const t of this.opts.mirror.fills()) this.addFill(t)
    for (const o of this.opts.mirror.allOrders()) this.lastChangeAt.set(o.id, now)
    this.unsubscribe = this.opts.mirror.onChange((c) => this.onChange(c))
    this.scheduleStuckCheck()
  }

  stop(): void {
    this.unsubscribe?.()
    this.unsubscribe = null
    if (this.stuckTimer !== null) this.opts.clock.clearTimeout(this.stuckTimer)
    this.stuckTimer = null
    for (const t of this.settleTimers.values()) this.opts.clock.clearTimeout(t)
    this.settleTimers.clear()
  }

  /** Fills of one order aggregated; FILL-3 average, FILL-4 filled size kept after cancel/expiry. */
  fillSummary(orderId: number): FillSummary {
    const fills = [...(this.fillsByOrder.get(orderId)?.values() ?? [])].sort((a, b) => a.id - b.id)
    // Summing in trade-id order makes the float result identical for any arrival order.
    let size = 0
    let notional = 0
    for (const f of fills) {
      size += f.size
      notional += f.price * f.size
    }
    const order = this.opts.mirror.order(orderId)
    const reported = order?.fillVolume ?? null
    return {
      orderId,
      filledSize: size,
      averagePrice: size > 0 ? notional / size : null,
      fillCount: fills.length,
      reportedFillVolume: reported,
      reportedFilledPrice: order?.filledPrice ?? null,
      effectiveFilledSize: Math.max(size, reported ?? 0),
    }
  }

  /** Working orders with no observed change for longer than the stuck threshold. */
  stuckOrders(now = this.opts.clock.now()): Order[] {
    return this.opts.mirror.workingOrders().filter((o) => now - (this.lastChangeAt.get(o.id) ?? now) >= this.stuckAfterMs)
  }

  private onChange(c: MirrorChange): void {
    if (c.kind === 'order') {
      this.lastChangeAt.set(c.after.id, c.at)
      this.lastStuckFlagAt.delete(c.after.id)
      const from = c.before?.status ?? null
      if (from !== c.after.status) {
        // ORD-7: every observed status change is written, including odd jumps (logged, never refused).
        this.opts.transitions.record({
          orderId: c.after.id,
          customTag: c.after.customTag,
          from,
          to: c.after.status,
          trigger: TRIGGER[c.source],
          reason: from !== null && isTerminalStatus(from) ? 'left terminal state' : null,
          at: c.at,
        })
      }
      if ((c.after.fillVolume ?? 0) !== (c.before?.fillVolume ?? 0) || isTerminalStatus(c.after.status)) this.scheduleFillCheck(c.after.id)
    } else if (c.kind === 'trade') {
      if (c.trade.voided) this.fillsByOrder.get(c.trade.orderId)?.delete(c.trade.id)
      else this.addFill(c.trade)
      this.scheduleFillCheck(c.trade.orderId)
    }
  }

  private addFill(t: Fill): void {
    if (t.voided) return
    let fills = this.fillsByOrder.get(t.orderId)
    if (fills === undefined) {
      fills = new Map()
      this.fillsByOrder.set(t.orderId, fills)
    }
    fills.set(t.id, t)
  }

  /** Trades and order frames arrive apart; judge the pair only once things have settled. */
  private scheduleFillCheck(orderId: number): void {
    const prev = this.settleTimers.get(orderId)
    if (prev !== undefined) this.opts.clock.clearTimeout(prev)
    this.settleTimers.set(
      orderId,
      this.opts.clock.setTimeout(() => {
        this.settleTimers.delete(orderId)
        this.checkFills(orderId)
      }, this.fillSettleMs),
    )
  }

  private checkFills(orderId: number): void {
    const order = this.opts.mirror.order(orderId)
    if (order === null || order.fillVolume === null) return
    const s = this.fillSummary(orderId)
    if (s.filledSize === order.fillVolume) {
      this.mismatchReported.delete(orderId)
      // FILL-3: our average should sit within one tick of the gateway's filledPrice; flag it when not.
      const tick = this.opts.tickSize?.(order.contractId) ?? null
      const reported = order.filledPrice
      if (tick !== null && reported !== null && s.averagePrice !== null && Math.abs(s.averagePrice - reported) > tick + 1e-9) {
        this.log.warn('average fill differs from filledPrice by more than a tick', { orderId, average: s.averagePrice, filledPrice: reported })
      }
      return
    }
    // FILL-2: log every time, ask for a reconcile once per order so an unrecoverable gap (fills older than
    // the search window) cannot loop.
    this.log.warn('fills do not add up to fillVolume', { orderId, accountId: order.accountId, fills: s.filledSize, fillVolume: order.fillVolume })
    if (this.mismatchReported.has(orderId)) return
    this.mismatchReported.add(orderId)
    this.opts.onFillMismatch?.(order.accountId, orderId)
  }

  private scheduleStuckCheck(): void {
    this.stuckTimer = this.opts.clock.setTimeout(() => {
      this.checkStuck()
      if (this.unsubscribe) this.scheduleStuckCheck()
    }, this.stuckCheckIntervalMs)
  }

  private checkStuck(): void {
    const now = this.opts.clock.now()
    const byAccount = new Map<number, number[]>()
    for (const o of this.stuckOrders(now)) {
      if (!isWorkingStatus(o.status)) continue
      // Flag again only after another full threshold, so a long-resting limit is not re-queried every minute.
      const flagged = this.lastStuckFlagAt.get(o.id)
      if (flagged !== undefined && now - flagged < this.stuckAfterMs) continue
      this.lastStuckFlagAt.set(o.id, now)
      const ids = byAccount.get(o.accountId) ?? []
      ids.push(o.id)
      byAccount.set(o.accountId, ids)
    }
    for (const [accountId, ids] of byAccount) {
      this.log.info('working orders without an update for an hour; reconciling', { accountId, orderIds: ids })
      this.opts.onStuckOrders?.(accountId, ids)
    }
  }
}
