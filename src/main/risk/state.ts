// The risk core's state: one immutable snapshot per event. Quotes are shared across accounts; everything
// else is per account. Rules only read it (I-35); only reduce.ts and applyPlan build new snapshots.
import type { Order } from '../portfolio/model'
import type { Lockout, LockoutScope } from './plan'
import type { PositionSide } from './events'
import { DEFAULT_TRADING_DAY, tradingDayAt, tradingWeekKey, type TradingDay, type TradingDaySettings } from './trading-day'

export interface PositionState {
  readonly positionId: number
  readonly contractId: string
  readonly side: PositionSide
  readonly size: number
  readonly averagePrice: number
  readonly openedAt: number
  readonly tickSize: number
  readonly tickValue: number
}

export interface OrderState
  extends Pick<Order, 'contractId' | 'status' | 'type' | 'side' | 'size' | 'limitPrice' | 'stopPrice' | 'customTag'> {
  readonly orderId: number
}

export interface FillState {
  readonly tradeId: number
  readonly contractId: string
  readonly executedAt: number
  readonly profitAndLoss: number | null
  readonly fees: number
  readonly commissions: number
  readonly countsForFrequency: boolean
}

export interface QuoteState {
  readonly lastPrice: number
  readonly quotedAt: number
}

/** RULE-012 per-position memory: best price seen, stop we placed, last modification (R12-6). */
export interface ManagedStop {
  readonly bestPrice: number
  readonly stopPrice: number | null
  readonly breakevenDone: boolean
  readonly lastModifiedAt: number | null
}

export interface AccountState {
  readonly accountId: number
  readonly tradingDaySettings: TradingDaySettings
  readonly tradingDay: TradingDay
  /** Last applied reset (epoch ms); a reset runs only for a boundary later than this (RESET-4/5, I-8). */
  readonly lastResetAt: number
  /** Keyed by contractId: ProjectX nets one position per contract. */
  readonly positions: Readonly<Record<string, PositionState>>
  readonly orders: Readonly<Record<number, OrderState>>
  /** The current trading day's fills keyed by trade id (dedupe: the hub re-sends fills). Voided removed. */
  readonly fills: Readonly<Record<number, FillState>>
  /** Frequency-counted fill times of the last hour before the reset: the minute/hour windows roll across
   * the boundary while the session count restarts (I-13). */
  readonly priorFillTimes: readonly number[]
  /** Realized of earlier days of this trading week, for weekly_realized_loss. */
  readonly weekKey: string
  readonly weekRealizedBefore: number
  /** Net P&L extremes of the day, for trailing limits and the UI. */
  readonly dayHighWater: number
  readonly dayLowWater: number
  readonly canTrade: boolean | null
  readonly halted: boolean
  /** The halt ends at the next reset (kill switch with the default setting). */
  readonly haltedUntilReset: boolean
  readonly lockouts: Readonly<Record<string, Lockout>>
  /** Lockout key → when an admin cleared it: the same cause does not re-lock before the next reset (LOCK-7). */
  readonly adminCleared: Readonly<Record<string, number>>
  /** Best profit seen per contract, arms breakeven mode of RULE-005 (I-15), in ticks. */
  readonly peakProfitTicks: Readonly<Record<string, number>>
  readonly managedStops: Readonly<Record<string, ManagedStop>>
  /** Reset history for the daily_reset push: previous day's figures. */
  readonly lastReset: { readonly at: number; readonly previousRealized: number; readonly previousTradeCount: number } | null
}

export interface RiskState {
  readonly accounts: Readonly<Record<number, AccountState>>
  readonly quotes: Readonly<Record<string, QuoteState>>
}

export function createRiskState(): RiskState {
  return { accounts: {}, quotes: {} }
}

export function createAccountState(
  accountId: number,
  now: number,
  settings: TradingDaySettings = DEFAULT_TRADING_DAY,
  lastResetAt?: number,
): AccountState {
  const tradingDay = tradingDayAt(now, settings)
  return {
    accountId,
    tradingDaySettings: settings,
    tradingDay,
    lastResetAt: lastResetAt ?? tradingDay.startsAt,
    positions: {},
    orders: {},
    fills: {},
    priorFillTimes: [],
    weekKey: tradingWeekKey(tradingDay.key),
    weekRealizedBefore: 0,
    dayHighWater: 0,
    dayLowWater: 0,
    canTrade: null,
    halted: false,
    haltedUntilReset: false,
    lockouts: {},
    adminCleared: {},
    peakProfitTicks: {},
    managedStops: {},
    lastReset: null,
  }
}

export function scopeKey(scope: LockoutScope): string {
  return scope.kind === 'account' ? 'account' : `symbol:${scope.root.toUpperCase()}`
}

export function lockoutKey(ruleId: string, scope: LockoutScope): string {
  return `${ruleId}|${scopeKey(scope)}`
}

