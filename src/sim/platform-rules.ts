// Prop-firm platform rules (off by default, per account): the server-side backstops Tiltguard tells traders to
// configure at their firm. Flatten at 15:10 CT; at the firm's daily loss limit liquidate and set canTrade false
// until 17:00 CT. Evaluated on the virtual clock (quotes, clock moves, fills), never on wall-time sleeps.
import { TradingCalendar, minutesOf } from './calendar'
import type { Ledger, SimAccount } from './ledger'
import type { Market } from './market'
import type { Trading } from './trading'

/** One account's platform rules (SimulatorOptions.accounts[].platformRules, control setPlatformRules). */
export interface PlatformRules {
  /** CT wall time at which positions are flattened and working orders cancelled (default '15:10'); null = never. */
  flattenAt?: string | null
  /** Daily loss limit in dollars, realized net of fees plus open P&L since 17:00 CT; null/omitted = none. */
  dailyLossLimit?: number | null
}

/** Where an account stands against its rules, for the control API and tests. */
export interface PlatformRuleState {
  accountId: number
  rules: { flattenAt: string | null; dailyLossLimit: number | null }
  tradingDay: string
  dayStartBalance: number
  /** Day P&L as the platform counts it: balance change since the day started plus open P&L. */
  dayPnl: number
  /** Virtual ms until which the platform holds canTrade false (null when not locked). */
  lockedUntilMs: number | null
}

const DAY_BOUNDARY = '17:00'
const WORKING = [1, 6, 8]

/** Applies every account's rules; `evaluate()` is cheap and idempotent, so it may be called as often as wanted. */
export class PlatformRuleEngine {
  private readonly states = new Map<number, PlatformRuleState>()
  private evaluating = false

  constructor(
    private readonly ledger: Ledger,
    private readonly market: Market,
    private readonly trading: Trading,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
  ) {}

  /** Switch rules on (or off with null) for one account; the day's starting balance is the balance now. */
  set(accountId: number, rules: PlatformRules | null): boolean {
    const a = this.ledger.account(accountId)
    if (!a) return false
    if (rules === null) {
      const st = this.states.get(accountId)
      this.states.delete(accountId)
      if (st?.lockedUntilMs != null) this.ledger.setCanTrade(accountId, true)
      return true
    }
    if (rules.flattenAt) minutesOf(rules.flattenAt) // refuse a malformed time now, not at evaluation
    const now = this.now()
    this.states.set(accountId, {
      accountId,
      rules: { flattenAt: rules.flattenAt === undefined ? '15:10' : rules.flattenAt, dailyLossLimit: rules.dailyLossLimit ?? null },
      tradingDay: TradingCalendar.tradingDay(now, DAY_BOUNDARY),
      dayStartBalance: a.model.balance,
      dayPnl: 0,
      lockedUntilMs: null,
    })
    this.evaluate()
    return true
  }

  list(): PlatformRuleState[] {
    return [...this.states.values()].map((s) => ({ ...s, rules: { ...s.rules } }))
  }

  get active(): boolean {
    return this.states.size > 0
  }

  evaluate(): void {
    if (this.evaluating || this.states.size === 0) return
    this.evaluating = true
    try {
      for (const st of this.states.values()) this.evaluateOne(st)
    } finally {
      this.evaluating = false
    }
  }

  private evaluateOne(st: PlatformRuleState): void {
    const a = this.ledger.account(st.accountId)
    if (!a) return
    const now = this.now()
    const day = TradingCalendar.tradingDay(now, DAY_BOUNDARY)
    if (day !== st.tradingDay) {
      st.tradingDay = day
      st.dayStartBalance = a.model.balance
    }
    if (st.lockedUntilMs !== null && now >= st.lockedUntilMs) {
      st.lockedUntilMs = null
      this.log(`platform: account ${st.accountId} may trade again`)
      this.ledger.setCanTrade(st.accountId, true)
    }
    st.dayPnl = Math.round((a.model.balance - st.dayStartBalance + this.openPnl(st.accountId)) * 100) / 100
    const limit = st.rules.dailyLossLimit
    if (limit !== null && st.lockedUntilMs === null && st.dayPnl <= -limit) {
      st.lockedUntilMs = TradingCalendar.nextWallTime(now, DAY_BOUNDARY)
      this.log(`platform: account ${st.accountId} hit the daily loss limit (${st.dayPnl}); liquidating`)
      this.liquidate(a)
      this.ledger.setCanTrade(st.accountId, false)
      return
    }
    const minute = TradingCalendar.minuteOfDay(now)
    if (st.rules.flattenAt && minute >= minutesOf(st.rules.flattenAt) && minute < minutesOf(DAY_BOUNDARY)) this.liquidate(a)
  }

  /** Cancel working orders first (a resting stop must not reopen what the close flattens), then close positions. */
  private liquidate(a: SimAccount): void {
    const id = a.model.id
    for (const o of this.ledger.ordersOf(id)) if (WORKING.includes(o.model.status)) this.trading.cancel({ accountId: id, orderId: o.model.id })
    for (const p of this.ledger.openPositions(id)) this.trading.close({ accountId: id, contractId: p.contractId }, false)
  }

  /** Open P&L at the prices a liquidation would get (bid for longs, ask for shorts). */
  private openPnl(accountId: number): number {
    let sum = 0
    for (const p of this.ledger.openPositions(accountId)) {
      const c = this.ledger.catalog.get(p.contractId)
      const q = this.market.quote(p.contractId)
      if (!c || !q) continue
      const mark = p.type === 1 ? q.bid : q.ask
      const dir = p.type === 1 ? 1 : -1
      sum += (dir * (mark - p.averagePrice) * p.size * c.product.tickValue) / c.product.tickSize
    }
    return sum
  }
}
