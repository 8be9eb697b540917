// Accounts, orders, positions and trades: the simulated broker's books and the hub events they emit.
import type { PxAccount, PxOrder, PxPosition, PxTrade } from '../shared/projectx'
import type { SimBehaviour } from './behaviour'
import type { ContractCatalog, SimContract } from './contracts'
import { roundToTick } from './contracts'
import { applyFill, closingPnl, round2 } from './positions'

/** A user-hub event produced by the books; the hub layer wraps or strips it. */
export interface UserEvent {
  kind: 'account' | 'order' | 'position' | 'trade'
  accountId: number
  /** Wrapper action: 0 for a new trade, 1 for updates (as observed live). */
  action: number
  data: PxAccount | PxOrder | PxPosition | PxTrade
}

/** Account state beyond the wire model. */
export interface SimAccount {
  model: PxAccount
  /** "Auto OCO Brackets" mode: brackets on place are accepted and become child orders. */
  autoOco: boolean
}

/** Order state beyond the wire model. */
export interface SimOrder {
  model: PxOrder
  createdMs: number
  /** StopLimit: the stop has triggered and the order now rests as a limit. */
  triggered: boolean
  /** TrailingStop distance in ticks, fixed at placement or modify. */
  trailTicks: number
  brackets?: { sl?: number; tp?: number }
}

/** A trade plus its virtual creation time (for Trade/search windows). */
export interface SimTrade {
  model: PxTrade
  createdMs: number
}

/** Starting data for one account. */
export interface AccountSeed {
  name: string
  balance: number
  canTrade?: boolean
  simulated?: boolean
}

/** Run-time switches and the virtual-clock timer the books need. */
export interface LedgerEnv {
  behaviour: SimBehaviour
  later: (delayMs: number, fn: () => void) => void
}

const ORDER_ID_START = 2_900_000_000
const TRADE_ID_START = 2_555_000_000
const POSITION_ID_START = 703_034_494
const ACCOUNT_ID_START = 20_258_288

/** The books. Every mutation emits user events synchronously, in the order of spec §6.3. */
export class Ledger {
  readonly accounts: SimAccount[] = []
  readonly orders = new Map<number, SimOrder>()
  readonly positions = new Map<string, PxPosition>()
  readonly trades: SimTrade[] = []
  private nextOrderId = ORDER_ID_START
  private nextTradeId = TRADE_ID_START
  private nextPositionId = POSITION_ID_START
  /** 0 = off; otherwise each matching pass fills at most this many contracts of an order. */
  partialFillMax = 0
  /** The fill that opened each position (re-sent in the close sequence). */
  private readonly openingTrade = new Map<string, PxTrade>()

  constructor(
    seeds: AccountSeed[],
    readonly catalog: ContractCatalog,
    private readonly now: () => number,
    private readonly stamp: () => string,
    private readonly emit: (ev: UserEvent) => void,
    private readonly env: LedgerEnv,
  ) {
    seeds.forEach((s, i) => {
      this.accounts.push({
        autoOco: false,
        model: { id: ACCOUNT_ID_START + i * 1117, name: s.name, balance: s.balance, canTrade: s.canTrade ?? true, isVisible: true, simulated: s.simulated ?? true },
      })
    })
  }

  account(id: unknown): SimAccount | undefined {
    return this.accounts.find((a) => a.model.id === id)
  }

  newOrderId(): number {
    return this.nextOrderId++
  }

  contractOf(order: SimOrder): SimContract {
    return this.catalog.get(order.model.contractId) as SimContract
  }

  openPositions(accountId?: number): PxPosition[] {
    return [...this.positions.values()].filter((p) => accountId === undefined || p.accountId === accountId).map((p) => ({ ...p }))
  }

  position(accountId: number, contractId: string): PxPosition | undefined {
    return this.positions.get(`${accountId}|${contractId}`)
  }

  ordersOf(accountId?: number): SimOrder[] {
    return [...this.orders.values()].filter((o) => accountId === undefined || o.model.accountId === accountId)
  }

  emitAccount(a: SimAccount): void {
    this.emit({ kind: 'account', accountId: a.model.id, action: 1, data: { ...a.model } })
  }

  emitOrder(o: SimOrder): void {
    this.emit({ kind: 'order', accountId: o.model.accountId, action: 1, data: { ...o.model } })
  }

  /** Register a new order (status Pending) and emit its first frame. */
  createOrder(fields: Omit<PxOrder, 'id' | 'creationTimestamp' | 'updateTimestamp' | 'status' | 'fillVolume' | 'symbolId'>, extra: Partial<SimOrder> = {}): SimOrder {
    const c = this.catalog.get(fields.contractId) as SimContract
    const ts = this.stamp()
    const { accountId, contractId, type, side, size, ...rest } = fields
    const order: SimOrder = {
      createdMs: this.now(),
      triggered: false,
      trailTicks: 0,
      ...extra,
      // Key order as in live frames: id, accountId, contractId, symbolId, timestamps, status, type, side, size, ...
      model: {
        id: this.newOrderId(),
        accountId,
        contractId,
        symbolId: c.model.symbolId,
        creationTimestamp: ts,
        updateTimestamp: ts,
        status: 6,
        type,
        side,
        size,
        fillVolume: 0,
        ...rest,
      },
    }
    this.orders.set(order.model.id, order)
    this.emitOrder(order)
    return order
  }

  setStatus(o: SimOrder, status: PxOrder['status']): void {
    o.model.status = status
    o.model.updateTimestamp = this.stamp()
    this.emitOrder(o)
  }

  /**
   * One fill of `qty` at `price`: trade → order → position → account (twice), as observed live. A fill
   * that closes the position runs the live close sequence (see `closeSequence`). Returns the trade id.
   */
  fill(o: SimOrder, price: number, qty: number): number {
    const c = this.contractOf(o)
    const acct = this.account(o.model.accountId) as SimAccount
    const tick = c.product.tickSize
    price = roundToTick(price, tick)
    const key = `${o.model.accountId}|${o.model.contractId}`
    const pos = this.positions.get(key)
    const buy = o.model.side === 0
    const pnl = pos && (pos.type === 1) !== buy ? closingPnl(pos, price, Math.min(qty, pos.size), c.product) : null
    const fees = round2(c.product.fee * qty)
    const commissions = round2(c.product.commission * qty)
    const ts = this.stamp()
    const trade: PxTrade = {
      id: this.nextTradeId++,
      accountId: o.model.accountId,
      contractId: o.model.contractId,
      creationTimestamp: ts,
      price,
      profitAndLoss: pnl,
      fees,
      commissions,
      side: o.model.side,
      size: qty,
      voided: false,
      orderId: o.model.id,
    }
    this.trades.push({ model: trade, createdMs: this.now() })
    this.emit({ kind: 'trade', accountId: trade.accountId, action: 0, data: { ...trade } })

    const prevFilled = o.model.fillVolume ?? 0
    o.model.filledPrice = roundToTick(((o.model.filledPrice ?? 0) * prevFilled + price * qty) / (prevFilled + qty), tick / 1000)
    o.model.fillVolume = prevFilled + qty
    o.model.status = o.model.fillVolume >= o.model.size ? 2 : 1
    o.model.updateTimestamp = ts
    this.emitOrder(o)

    const flat = this.applyToPosition(key, o, c, trade)
    acct.model.balance = round2(acct.model.balance + (pnl ?? 0) - fees - commissions)
    this.emitAccount(acct)
    this.emitAccount(acct)
    if (flat && this.env.behaviour.closeSequence) this.env.later(this.env.behaviour.accountEchoMs, () => this.emitAccount(acct))
    return trade.id
  }

  /** Returns true when the fill left the position flat. */
  private applyToPosition(key: string, o: SimOrder, c: SimContract, trade: PxTrade): boolean {
    const buy = o.model.side === 0
    const pos = this.positions.get(key)
    if (!pos) {
      const created: PxPosition = {
        id: this.nextPositionId++,
        accountId: o.model.accountId,
        contractId: o.model.contractId,
        contractDisplayName: c.model.name,
        creationTimestamp: this.stamp(),
        type: buy ? 1 : 2,
        size: trade.size,
        averagePrice: trade.price,
      }
      this.positions.set(key, created)
      this.openingTrade.set(key, trade)
      this.emit({ kind: 'position', accountId: created.accountId, action: 1, data: { ...created } })
      return false
    }
    const step = applyFill(pos, buy, trade.price, trade.size)
    if (step === 'flipped') this.openingTrade.set(key, trade)
    if (step === 'flat') {
      this.positions.delete(key)
      const opening = this.openingTrade.get(key)
      this.openingTrade.delete(key)
      // Live: the opening fill comes again (no P&L) between the closing trade and the size-0 position.
      if (opening && this.env.behaviour.closeSequence) this.emit({ kind: 'trade', accountId: opening.accountId, action: 0, data: { ...opening } })
    }
    this.emit({ kind: 'position', accountId: pos.accountId, action: 1, data: { ...pos } })
    return step === 'flat'
  }

  /** Void a fill: the trade reads voided, and its P&L, fees and commissions leave the balance (§4.5: voided trades do not count). */
  voidTrade(tradeId: number): PxTrade | null {
    const t = this.trades.find((x) => x.model.id === tradeId)?.model
    if (!t || t.voided) return null
    const acct = this.account(t.accountId) as SimAccount
    t.voided = true
    acct.model.balance = round2(acct.model.balance - (t.profitAndLoss ?? 0) + t.fees + (t.commissions ?? 0))
    this.emit({ kind: 'trade', accountId: t.accountId, action: 1, data: { ...t } })
    this.emitAccount(acct)
    return { ...t }
  }

  setCanTrade(accountId: number, canTrade: boolean): boolean {
    const a = this.account(accountId)
    if (!a) return false
    a.model.canTrade = canTrade
    this.emitAccount(a)
    return true
  }
}

