// Order entry and matching: place/modify/cancel/close with the gateway's per-endpoint error codes.
import type {
  CancelOrderRequest,
  ClosePositionRequest,
  ModifyOrderRequest,
  PartialClosePositionRequest,
  PlaceOrderRequest,
  PlaceOrderResponse,
  PxEnvelope,
} from '../shared/projectx'
import type { SimBehaviour } from './behaviour'
import { roundToTick } from './contracts'
import type { Ledger, SimOrder } from './ledger'
import type { Market } from './market'
import { priceProblem } from './order-checks'
import type { VirtualScheduler } from './util/scheduler'

const BRACKET_MESSAGE = 'Brackets cannot be used with Position Brackets. You must enable Auto OCO Brackets.'

/** A pending "reject the next N orders" fault. */
export interface RejectRule {
  remaining: number
  errorCode: number
  errorMessage: string
}

function ok(): PxEnvelope {
  return { success: true, errorCode: 0, errorMessage: null }
}
function fail(errorCode: number, errorMessage: string | null = null): PxEnvelope {
  return { success: false, errorCode, errorMessage }
}

/** Executes trading requests against the ledger; prices come from the market. */
export class Trading {
  rejectRule: RejectRule | null = null
  /** Per-order fill caps (contracts per matching pass), beside the ledger's global cap. */
  readonly orderFillCaps = new Map<number, number>()
  /** 0 = off; otherwise the contracts one price level offers per quote, shared by every order there. */
  levelFillCap = 0
  private readonly levelFilled = new Map<string, { version: number; byPrice: Map<number, number> }>()

  constructor(
    private readonly ledger: Ledger,
    private readonly market: Market,
    private readonly behaviour: SimBehaviour,
    private readonly scheduler: VirtualScheduler,
  ) {}

  place(req: PlaceOrderRequest): PlaceOrderResponse {
    const L = this.ledger
    const acct = L.account(req.accountId)
    if (!acct) return { ...fail(1, 'Account not found'), orderId: null }
    const c = L.catalog.get(req.contractId)
    if (!c) return { ...fail(8, 'Invalid symbol'), orderId: null }
    if (!c.model.activeContract) return { ...fail(9, 'Contract is not active'), orderId: null }
    if (![1, 2, 3, 4, 5, 6, 7].includes(req.type)) return { ...fail(2, 'Invalid order type'), orderId: null }
    if (req.side !== 0 && req.side !== 1) return { ...fail(2, 'Invalid order side'), orderId: null }
    if (!Number.isInteger(req.size) || req.size <= 0) return { ...fail(2, 'Invalid order size'), orderId: null }
    if (!this.market.isOpen(c.model.id)) return { ...fail(5, 'Outside of trading hours'), orderId: null }
    if (req.customTag) {
      const dup = L.ordersOf(acct.model.id).some((o) => o.model.customTag === req.customTag)
      if (dup) return { ...fail(2, `Custom tag '${req.customTag}' is already in use for this account.`), orderId: null }
    }
    const tick = c.product.tickSize
    const q = this.market.quote(c.model.id)
    const hasBrackets = Boolean(req.stopLossBracket || req.takeProfitBracket)
    let reject: string | null = null
    let rejectCode = 2
    // canTrade false is a platform rejection: a real orderId and order frames 6 → 5 (spec §3.6).
    if (!acct.model.canTrade) {
      reject = 'Account is not allowed to trade'
      rejectCode = 4
    } else if (hasBrackets && !acct.autoOco) reject = BRACKET_MESSAGE
    else if ((req.type === 1 || req.type === 3) && typeof req.limitPrice !== 'number') reject = 'Limit price not set.'
    else if ((req.type === 4 || req.type === 3) && typeof req.stopPrice !== 'number') reject = 'Stop price not set.'
    else if (req.type === 5 && typeof req.trailPrice !== 'number') reject = 'Trail Distance not set.'
    else if (this.rejectRule && this.rejectRule.remaining > 0) {
      this.rejectRule.remaining -= 1
      reject = this.rejectRule.errorMessage
      rejectCode = this.rejectRule.errorCode
    }
    if (!reject && req.type !== 5) {
      // Only the prices the type uses are checked (a market order may carry a stale limitPrice).
      const limitPrice = req.type === 1 || req.type === 3 ? req.limitPrice : null
      const stopPrice = req.type === 4 || req.type === 3 ? req.stopPrice : null
      reject = priceProblem({ type: req.type, side: req.side, limitPrice, stopPrice }, tick, q, this.behaviour.priceBandPercent)
    }
    let trailTicks = 0
    if (!reject && req.type === 5 && q) {
      trailTicks = Math.floor(Math.abs(q.last - (req.trailPrice as number)) / tick + 1e-9)
      if (trailTicks < 1) reject = 'Trail Distance not set.'
      else if (trailTicks > 1000) reject = 'Trail Distance exceeds maximum (1000)'
    }
    if (!reject && hasBrackets) {
      const buy = req.side === 0
      const sl = req.stopLossBracket?.ticks
      const tp = req.takeProfitBracket?.ticks
      if (sl !== undefined && (buy ? sl >= 0 : sl <= 0)) reject = `Invalid stop loss ticks (${sl}). Ticks should be ${buy ? 'less' : 'greater'} than zero when ${buy ? 'longing' : 'shorting'}.`
      else if (tp !== undefined && (buy ? tp <= 0 : tp >= 0)) reject = `Invalid take profit ticks (${tp}). Ticks should be ${buy ? 'greater' : 'less'} than zero when ${buy ? 'longing' : 'shorting'}.`
    }
    let limitPrice = typeof req.limitPrice === 'number' ? roundToTick(req.limitPrice, tick) : null
    if (req.type === 6 && q) limitPrice = q.bid
    if (req.type === 7 && q) limitPrice = q.ask
    let stopPrice = typeof req.stopPrice === 'number' ? roundToTick(req.stopPrice, tick) : null
    if (req.type === 5 && q && !reject) stopPrice = roundToTick(req.side === 1 ? q.last - trailTicks * tick : q.last + trailTicks * tick, tick)
    const order = L.createOrder(
      {
        accountId: acct.model.id,
        contractId: c.model.id,
        type: req.type,
        side: req.side,
        size: req.size,
        limitPrice,
        stopPrice,
        customTag: req.customTag ?? null,
        trailPrice: req.type === 5 ? roundToTick(trailTicks * tick, tick) : null,
        trailDistance: req.type === 5 ? trailTicks : null,
        filledPrice: null,
      },
      { trailTicks, brackets: hasBrackets ? { sl: req.stopLossBracket?.ticks, tp: req.takeProfitBracket?.ticks } : undefined },
    )
    if (reject) {
      L.setStatus(order, 5)
      return { ...fail(rejectCode, reject), orderId: order.model.id }
    }
    if (hasBrackets) this.createBracketChildren(order, req)
    this.work(order, true)
    return { ...ok(), orderId: order.model.id }
  }

  private createBracketChildren(parent: SimOrder, req: PlaceOrderRequest): void {
    const L = this.ledger
    const side = parent.model.side === 0 ? 1 : 0
    const legs: SimOrder[] = []
    for (const [br, isSl] of [[req.stopLossBracket, true], [req.takeProfitBracket, false]] as const) {
      if (!br) continue
      const child = L.createOrder({ accountId: parent.model.accountId, contractId: parent.model.contractId, type: br.type, side, size: parent.model.size, limitPrice: null, stopPrice: null, customTag: null, parentOrderId: parent.model.id, filledPrice: null }, { brackets: isSl ? { sl: br.ticks } : { tp: br.ticks } })
      L.setStatus(child, 8)
      legs.push(child)
    }
    const [a, b] = legs
    if (a && b) {
      a.model.linkedOrderId = b.model.id
      b.model.linkedOrderId = a.model.id
    }
  }

  /** First pass after placement: Open, or an immediate fill when marketable. */
  private work(o: SimOrder, fresh: boolean): void {
    const filled = this.tryMatch(o)
    if (!filled && fresh && o.model.status === 6) this.ledger.setStatus(o, 1)
  }

  /** Check one working order against the current quote; fills as much as allowed. */
  tryMatch(o: SimOrder): boolean {
    const q = this.market.quote(o.model.contractId)
    if (!q || !this.market.isOpen(o.model.contractId)) return false
    const m = o.model
    const buy = m.side === 0
    const tick = this.ledger.contractOf(o).product.tickSize
    let price: number | null = null
    const limitHit = (lim: number): boolean => (buy ? q.ask <= lim : q.bid >= lim)
    switch (m.type) {
      case 2:
        price = buy ? q.ask : q.bid
        break
      case 1:
      case 6:
      case 7:
        if (m.limitPrice != null && limitHit(m.limitPrice)) price = buy ? q.ask : q.bid
        break
      case 4:
      case 5:
        if (m.type === 5 && m.stopPrice != null) {
          // Trail the stop behind favourable moves.
          const trail = buy ? roundToTick(q.last + o.trailTicks * tick, tick) : roundToTick(q.last - o.trailTicks * tick, tick)
          const moved = buy ? Math.min(m.stopPrice, trail) : Math.max(m.stopPrice, trail)
          if (moved !== m.stopPrice) {
            m.stopPrice = moved
            this.ledger.setStatus(o, m.status) // live sends an order event each time the trailing stop moves
          }
        }
        if (m.stopPrice != null && (buy ? q.ask >= m.stopPrice : q.bid <= m.stopPrice)) price = buy ? q.ask : q.bid
        break
      case 3:
        if (!o.triggered && m.stopPrice != null && (buy ? q.ask >= m.stopPrice : q.bid <= m.stopPrice)) o.triggered = true
        if (o.triggered && m.limitPrice != null && limitHit(m.limitPrice)) price = buy ? q.ask : q.bid
        break
      default:
        break
    }
    if (price === null) return false
    const qty = this.fillable(o, price)
    if (qty <= 0) return false
    if (this.levelFillCap > 0) this.levelUsed(m.contractId, price, qty)
    this.ledger.fill(o, price, qty)
    if (m.status === 2) this.afterFilled(o)
    return true
  }

  /** Contracts this pass may fill: the rest of the order, within the global, per-order and per-level caps. */
  private fillable(o: SimOrder, price: number): number {
    let qty = o.model.size - (o.model.fillVolume ?? 0)
    if (this.ledger.partialFillMax > 0) qty = Math.min(qty, this.ledger.partialFillMax)
    const own = this.orderFillCaps.get(o.model.id)
    if (own !== undefined && own > 0) qty = Math.min(qty, own)
    if (this.levelFillCap > 0) qty = Math.min(qty, this.levelFillCap - this.levelUsed(o.model.contractId, price))
    return qty
  }

  /** Contracts already filled at `price` since the contract's last quote (a new quote renews every level). */
  private levelUsed(contractId: string, price: number, add = 0): number {
    const version = this.market.version(contractId)
    let lv = this.levelFilled.get(contractId)
    if (!lv || lv.version !== version) this.levelFilled.set(contractId, (lv = { version, byPrice: new Map() }))
    const used = (lv.byPrice.get(price) ?? 0) + add
    lv.byPrice.set(price, used)
    return used
  }

  private afterFilled(o: SimOrder): void {
    const L = this.ledger
    const m = o.model
    const tick = L.contractOf(o).product.tickSize
    const fillPrice = m.filledPrice ?? 0
    for (const child of L.ordersOf(m.accountId)) {
      if (child.model.parentOrderId === m.id && child.model.status === 8) {
        const ticks = child.brackets?.sl ?? child.brackets?.tp ?? 0
        const level = roundToTick(fillPrice + ticks * tick, tick)
        if (child.model.type === 1) child.model.limitPrice = level
        else child.model.stopPrice = level
        L.setStatus(child, 1)
      }
    }
    // OCO: a filled bracket leg cancels its sibling.
    if (m.linkedOrderId != null) {
      const sib = L.orders.get(m.linkedOrderId)
      if (sib && [1, 6, 8].includes(sib.model.status)) L.setStatus(sib, 3)
    }
  }

  /** Re-evaluate every open order of a contract after a price change (oldest first). */
  onQuote(contractId: string): void {
    const working = [...this.ledger.orders.values()].filter((o) => o.model.contractId === contractId && o.model.status === 1)
    for (const o of working) if (o.model.status === 1) this.tryMatch(o) // an earlier fill may have cancelled an OCO sibling
  }

  modify(req: ModifyOrderRequest): PxEnvelope {
    const L = this.ledger
    if (!L.account(req.accountId)) return fail(1, 'Account not found')
    const o = L.orders.get(req.orderId)
    if (!o || o.model.accountId !== req.accountId || ![1, 6, 8].includes(o.model.status)) return fail(2, 'Order not found')
    const tick = L.contractOf(o).product.tickSize
    // Checked before anything changes, so a refused modify leaves the order as it was. Suspended bracket
    // legs have no price relative to the market yet.
    const problem = priceProblem({ type: o.model.type, side: o.model.side, limitPrice: req.limitPrice, stopPrice: req.stopPrice }, tick, this.market.quote(o.model.contractId), this.behaviour.priceBandPercent)
    if (problem && o.model.status !== 8) return fail(3, problem)
    if (req.size != null) {
      if (!Number.isInteger(req.size) || req.size <= 0 || req.size < (o.model.fillVolume ?? 0)) return fail(3, 'Invalid order size')
      o.model.size = req.size
    }
    if (req.limitPrice != null) o.model.limitPrice = roundToTick(req.limitPrice, tick)
    if (req.stopPrice != null) o.model.stopPrice = roundToTick(req.stopPrice, tick)
    if (req.trailPrice != null) {
      if (Math.abs(req.trailPrice / tick - Math.round(req.trailPrice / tick)) > 1e-6) return fail(3, 'Invalid trail price. Price is not aligned to tick size.')
      const q = this.market.quote(o.model.contractId)
      if (q) {
        o.trailTicks = Math.max(1, Math.floor(Math.abs(q.last - req.trailPrice) / tick + 1e-9))
        o.model.trailDistance = o.trailTicks
        o.model.trailPrice = roundToTick(o.trailTicks * tick, tick)
        o.model.stopPrice = roundToTick(o.model.side === 1 ? q.last - o.trailTicks * tick : q.last + o.trailTicks * tick, tick)
      }
    }
    L.setStatus(o, o.model.status)
    if (o.model.status === 1) this.tryMatch(o)
    return ok()
  }

  cancel(req: CancelOrderRequest): PxEnvelope {
    const L = this.ledger
    if (!L.account(req.accountId)) return fail(1, 'Account not found')
    const o = L.orders.get(req.orderId)
    if (!o || o.model.accountId !== req.accountId || ![1, 6, 7, 8].includes(o.model.status)) return fail(2, 'Order not found')
    if (o.model.status === 7) return ok() // already on its way out
    const done = (): void => {
      if (![1, 6, 7, 8].includes(o.model.status)) return // filled or expired meanwhile
      L.setStatus(o, 3)
      for (const child of L.ordersOf(req.accountId)) {
        if (child.model.parentOrderId === o.model.id && child.model.status === 8) L.setStatus(child, 3)
      }
    }
    // With exchange latency the order shows PendingCancellation (7) until the cancel is confirmed.
    if (this.behaviour.cancelLatencyMs > 0) {
      L.setStatus(o, 7)
      this.scheduler.after(this.behaviour.cancelLatencyMs, done)
    } else done()
    return ok()
  }

  /** Session end: every working order is a day order and expires (status 4). */
  expireDayOrders(): void {
    for (const o of this.ledger.orders.values()) if ([1, 6, 8].includes(o.model.status)) this.ledger.setStatus(o, 4)
  }

  /** canTrade false with the cancel switch on: the account's resting orders are cancelled. */
  cancelResting(accountId: number): void {
    for (const o of this.ledger.ordersOf(accountId)) if ([1, 6, 8].includes(o.model.status)) this.cancel({ accountId, orderId: o.model.id })
  }

  /** closeContract (partial = false) or partialCloseContract; codes differ between the two (spec §3.13/§3.14). */
  close(req: ClosePositionRequest | PartialClosePositionRequest, partial: boolean): PxEnvelope {
    const L = this.ledger
    if (!L.account(req.accountId)) return fail(1, 'Account not found')
    const c = L.catalog.get(req.contractId)
    if (!c) return fail(3, 'Contract not found')
    const pos = L.position(req.accountId, req.contractId)
    if (!pos) return fail(2, 'Position not found')
    if (!c.model.activeContract) return fail(4, 'Contract is not active')
    let size = pos.size
    if (partial) {
      size = (req as PartialClosePositionRequest).size
      if (!Number.isInteger(size) || size <= 0 || size > pos.size) return fail(5, 'Invalid close size')
    }
    if (!this.market.isOpen(c.model.id)) return fail(partial ? 6 : 5, null)
    const o = L.createOrder({ accountId: req.accountId, contractId: req.contractId, type: 2, side: pos.type === 1 ? 1 : 0, size, limitPrice: null, stopPrice: null, customTag: null, filledPrice: null })
    this.work(o, true)
    return ok()
  }
}
