// The state reducer: (state, event, config) → state. Runs before any rule (PIPE-1). Applies the daily reset
// when an event's time reaches the boundary (once per boundary, RESET-4/5) and expires timed lockouts (LOCK-1).
import { TERMINAL_ORDER_STATUSES } from '../../shared/projectx/enums'
import { assertNever } from '../../shared/assert-never'
import type { RiskConfig } from './config/schema'
import { tradingDaySettingsFor } from './config/schema'
import type { OrderEvent, PositionEvent, RiskEvent, TradeEvent } from './events'
import type { Lockout } from './plan'
import { netOf, realizedOf, round2 } from './pnl'
import { createAccountState, type AccountState, type FillState, type OrderState, type PositionState, type RiskState } from './state'
import { tradingDayAt, tradingWeekKey } from './trading-day'

export function reduce(state: RiskState, event: RiskEvent, config: RiskConfig): RiskState {
  switch (event.kind) {
    case 'quote': {
      const quotes = { ...state.quotes, [event.contractId]: { lastPrice: event.lastPrice, quotedAt: event.quotedAt } }
      // Only accounts the price touches (or whose time-driven changes are due) are settled: a quote per
      // tick must not cost a pass over every account.
      return settleAll({ ...state, quotes }, event.at, config, (a) => a.positions[event.contractId] !== undefined || timeDue(a, event.at))
    }
    case 'tick':
      return settleAll(state, event.at, config)
    case 'config': {
      const accounts: Record<number, AccountState> = {}
      for (const account of Object.values(state.accounts)) {
        const settings = tradingDaySettingsFor(event.config, account.accountId)
        accounts[account.accountId] = { ...account, tradingDaySettings: settings, tradingDay: tradingDayAt(Math.max(event.at, account.lastResetAt), settings) }
      }
      return settleAll({ ...state, accounts }, event.at, event.config)
    }
    case 'position':
    case 'order':
    case 'trade':
    case 'account':
    case 'reconcile':
    case 'admin': {
      const before = settle(accountOf(state, event.accountId, event.at, config), state, event.at, config)
      const after = settleWater(applyAccountEvent(before, event), state, event.at, config)
      return { ...state, accounts: { ...state.accounts, [event.accountId]: after } }
    }
    default:
      return assertNever(event, 'risk event')
  }
}

function accountOf(state: RiskState, accountId: number, at: number, config: RiskConfig): AccountState {
  return state.accounts[accountId] ?? createAccountState(accountId, at, tradingDaySettingsFor(config, accountId))
}

type AccountScopedEvent = Extract<RiskEvent, { readonly accountId: number }>

function applyAccountEvent(account: AccountState, event: AccountScopedEvent): AccountState {
  switch (event.kind) {
    case 'position':
      return withPosition(account, event)
    case 'order':
      return withOrder(account, event)
    case 'trade':
      return withFill(account, event)
    case 'account':
      return { ...account, canTrade: event.canTrade }
    case 'reconcile': {
      let next: AccountState = { ...account, positions: {}, orders: {}, canTrade: event.canTrade }
      for (const p of event.positions) next = withPosition(next, { ...p, kind: 'position', at: event.at, accountId: event.accountId })
      for (const o of event.orders) next = withOrder(next, { ...o, kind: 'order', at: event.at, accountId: event.accountId })
      for (const t of event.trades) next = withFill(next, { ...t, kind: 'trade', at: event.at, accountId: event.accountId })
      return next
    }
    case 'admin': {
      const action = event.action
      switch (action.kind) {
        case 'unlock': {
          const key = `${action.ruleId}|${action.scope.kind === 'account' ? 'account' : `symbol:${action.scope.root.toUpperCase()}`}`
          const { [key]: _removed, ...rest } = account.lockouts
          return { ...account, lockouts: rest, adminCleared: { ...account.adminCleared, [key]: event.at } }
        }
        case 'halt':
          return { ...account, halted: true, haltedUntilReset: action.until === 'daily_reset' }
        case 'resume':
          return { ...account, halted: false, haltedUntilReset: false }
        default:
          return assertNever(action, 'admin action')
      }
    }
    default:
      return assertNever(event, 'account event')
  }
}

function withPosition(account: AccountState, e: PositionEvent): AccountState {
  if (e.size <= 0) {
    const { [e.contractId]: _p, ...positions } = account.positions
    const { [e.contractId]: _k, ...peakProfitTicks } = account.peakProfitTicks
    const { [e.contractId]: _m, ...managedStops } = account.managedStops
    return { ...account, positions, peakProfitTicks, managedStops }
  }
  const position: PositionState = {
    positionId: e.positionId, contractId: e.contractId, side: e.side, size: e.size,
    averagePrice: e.averagePrice, openedAt: e.openedAt, tickSize: e.tickSize, tickValue: e.tickValue,
  }
  return { ...account, positions: { ...account.positions, [e.contractId]: position } }
}

function withOrder(account: AccountState, e: OrderEvent): AccountState {
  if (TERMINAL_ORDER_STATUSES.includes(e.status)) {
    const { [e.orderId]: _o, ...orders } = account.orders
    return { ...account, orders }
  }
  const order: OrderState = {
    orderId: e.orderId, contractId: e.contractId, status: e.status, type: e.type, side: e.side,
    size: e.size, limitPrice: e.limitPrice, stopPrice: e.stopPrice, customTag: e.customTag,
  }
  return { ...account, orders: { ...account.orders, [e.orderId]: order } }
}

/** Dedupe by trade id; voided removes (and so un-counts, CORE-7); fills of an earlier trading day are ignored. */
function withFill(account: AccountState, e: TradeEvent): AccountState {
  if (e.voided) {
    const { [e.tradeId]: _f, ...fills } = account.fills
    return { ...account, fills }
  }
  if (e.executedAt < account.tradingDay.startsAt || e.executedAt >= account.tradingDay.endsAt) return account
  const fill: FillState = {
    tradeId: e.tradeId, contractId: e.contractId, executedAt: e.executedAt, profitAndLoss: e.profitAndLoss,
    fees: e.fees, commissions: e.commissions, countsForFrequency: !e.sentByTiltguard,
  }
  return { ...account, fills: { ...account.fills, [e.tradeId]: fill } }
}

function settleAll(state: RiskState, at: number, config: RiskConfig, only?: (account: AccountState) => boolean): RiskState {
  const accounts: Record<number, AccountState> = {}
  for (const account of Object.values(state.accounts)) {
    accounts[account.accountId] = only === undefined || only(account) ? settleWater(settle(account, state, at, config), state, at, config) : account
  }
  return { ...state, accounts }
}

/** A reset or a timed lockout's end is due for this account at `at`. */
function timeDue(account: AccountState, at: number): boolean {
  if (at >= account.tradingDay.endsAt) return true
  return Object.values(account.lockouts).some((l) => l.expiry.kind === 'until' && at >= l.expiry.at)
}

/** Time-driven changes: the daily reset at a boundary, then expiry of `until` lockouts. */
function settle(account: AccountState, _state: RiskState, at: number, config: RiskConfig): AccountState {
  let next = account
  if (at >= account.tradingDay.endsAt) next = applyReset(account, at, config)
  const lockouts: Record<string, Lockout> = {}
  let changed = false
  for (const [key, lockout] of Object.entries(next.lockouts)) {
    if (lockout.expiry.kind === 'until' && at >= lockout.expiry.at) changed = true
    else lockouts[key] = lockout
  }
  return changed ? { ...next, lockouts } : next
}

/** RESET-1..3: zero the day, clear only daily_reset lockouts (RESET-2, I-7); positions stay (RESET-7). */
export function applyReset(account: AccountState, at: number, config: RiskConfig): AccountState {
  const basis = config.global.pnl_basis
  const tradingDay = tradingDayAt(at, account.tradingDaySettings)
  const previousRealized = realizedOf(account, basis)
  const weekKey = tradingWeekKey(tradingDay.key)
  const weekRealizedBefore = weekKey === account.weekKey ? round2(account.weekRealizedBefore + previousRealized) : 0
  const lockouts: Record<string, Lockout> = {}
  for (const [key, lockout] of Object.entries(account.lockouts)) if (lockout.expiry.kind !== 'daily_reset') lockouts[key] = lockout
  const priorFillTimes = [...account.priorFillTimes, ...Object.values(account.fills).filter((f) => f.countsForFrequency).map((f) => f.executedAt)].filter((t) => t > at - 3_600_000)
  return {
    ...account, tradingDay, lastResetAt: tradingDay.startsAt, fills: {}, priorFillTimes, weekKey, weekRealizedBefore,
    dayHighWater: 0, dayLowWater: 0, lockouts, adminCleared: {},
    ...(account.haltedUntilReset ? { halted: false, haltedUntilReset: false } : {}),
    lastReset: { at: tradingDay.startsAt, previousRealized, previousTradeCount: Object.keys(account.fills).length },
  }
}

function settleWater(account: AccountState, state: RiskState, at: number, config: RiskConfig): AccountState {
  const net = netOf(state, account, at, config.global.pnl_basis)
  const peakProfitTicks: Record<string, number> = { ...account.peakProfitTicks }
  for (const p of Object.values(account.positions)) {
    const quote = state.quotes[p.contractId]
    if (!quote) continue
    const ticks = ((quote.lastPrice - p.averagePrice) / p.tickSize) * (p.side === 'long' ? 1 : -1)
    peakProfitTicks[p.contractId] = Math.max(peakProfitTicks[p.contractId] ?? 0, ticks)
  }
  return { ...account, dayHighWater: Math.max(account.dayHighWater, net), dayLowWater: Math.min(account.dayLowWater, net), peakProfitTicks }
}
