// The domain events the risk core folds. The engine normalises gateway frames into these (one place, I-21);
// the core never sees wire shapes. Prices are numbers, times are epoch ms, every event carries `at`.
import type { Fill, Order } from '../portfolio/model'
import type { LockoutScope } from './plan'
import type { RiskConfig } from './config/schema'

export type PositionSide = 'long' | 'short'

/** A position snapshot for one contract. size 0 means closed. Tick specs ride along from the contract cache. */
export interface PositionEvent {
  readonly kind: 'position'
  readonly at: number
  readonly accountId: number
  readonly positionId: number
  readonly contractId: string
  readonly side: PositionSide
  readonly size: number
  readonly averagePrice: number
  /** creationTimestamp of the position: the grace clock of RULE-008 starts here (R8-8). */
  readonly openedAt: number
  readonly tickSize: number
  readonly tickValue: number
}

/** The order fields the rules read, as the portfolio's domain record holds them. */
export interface OrderEvent
  extends Pick<Order, 'accountId' | 'contractId' | 'status' | 'type' | 'side' | 'size' | 'limitPrice' | 'stopPrice' | 'customTag'> {
  readonly kind: 'order'
  readonly at: number
  readonly orderId: number
}

/**
 * One fill (the portfolio's Fill): profitAndLoss is null on a half-turn (opening fill), and windows count
 * executedAt, never the receipt time (R6-8).
 */
export interface TradeEvent
  extends Pick<
    Fill,
    'accountId' | 'orderId' | 'contractId' | 'executedAt' | 'price' | 'size' | 'side' | 'profitAndLoss' | 'fees' | 'commissions' | 'voided'
  > {
  readonly kind: 'trade'
  readonly at: number
  readonly tradeId: number
  /** true when Tiltguard itself sent the order (recognised by customTag): not counted for frequency (D-4). */
  readonly sentByTiltguard: boolean
}

export interface AccountEvent {
  readonly kind: 'account'
  readonly at: number
  readonly accountId: number
  readonly name: string
  readonly balance: number
  /** null when the gateway omitted it: treated as true with a warning (R10-4). */
  readonly canTrade: boolean | null
}

export interface QuoteEvent {
  readonly kind: 'quote'
  readonly at: number
  readonly contractId: string
  readonly lastPrice: number
  /** Exchange timestamp of the quote, used for the age. */
  readonly quotedAt: number
}

/** The engine's clock: lets time-driven verdicts (grace, session end, lockout expiry, reset) happen. */
export interface ClockTickEvent {
  readonly kind: 'tick'
  readonly at: number
}

export interface ConfigChangeEvent {
  readonly kind: 'config'
  readonly at: number
  readonly config: RiskConfig
}

/** A REST resync after startup or reconnect: replaces positions and orders of one account (PIPE-10, I-33). */
export interface ReconciliationEvent {
  readonly kind: 'reconcile'
  readonly at: number
  readonly accountId: number
  readonly positions: readonly Omit<PositionEvent, 'kind' | 'at' | 'accountId'>[]
  readonly orders: readonly Omit<OrderEvent, 'kind' | 'at' | 'accountId'>[]
  /** Fills since the last reset (Trade/search), to rebuild P&L and counts; deduped by trade id. */
  readonly trades: readonly Omit<TradeEvent, 'kind' | 'at' | 'accountId'>[]
  readonly canTrade: boolean | null
}

export type AdminAction =
  | { readonly kind: 'unlock'; readonly ruleId: string; readonly scope: LockoutScope; readonly reason: string }
  /** The kill switch. `until: 'daily_reset'` lifts it at the next trading-day reset; otherwise an admin resumes. */
  | { readonly kind: 'halt'; readonly reason: string; readonly until?: 'daily_reset' | 'indefinite' }
  | { readonly kind: 'resume'; readonly reason: string }

export interface AdminEvent {
  readonly kind: 'admin'
  readonly at: number
  readonly accountId: number
  readonly action: AdminAction
}

export type RiskEvent =
  | PositionEvent
  | OrderEvent
  | TradeEvent
  | AccountEvent
  | QuoteEvent
  | ClockTickEvent
  | ConfigChangeEvent
  | ReconciliationEvent
  | AdminEvent

export type RiskEventKind = RiskEvent['kind']
