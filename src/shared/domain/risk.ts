// What the risk engine decides, as the dashboard shows it. Built in main from the risk core's state and
// findings; the renderer only displays these figures and never computes risk itself.

/** ACTIVE → WARNING (a rule ≥ 70 % used) → LOCKED (a lockout) → HALTED (kill switch). */
export type AccountRiskStatus = 'ACTIVE' | 'WARNING' | 'LOCKED' | 'HALTED'

/** How a rule stands right now. `inactive`: disabled, or nothing to measure yet. */
export type RuleStanding = 'ok' | 'warning' | 'breached' | 'inactive'

export interface RuleHeadroomView {
  /** Rule id as in the rules file, e.g. `daily_loss_limit`. */
  readonly ruleId: string
  /** Trader-readable name, e.g. "Daily loss limit". */
  readonly label: string
  readonly enabled: boolean
  /** The account is in shadow mode: breaches are recorded, nothing is sent. */
  readonly shadow: boolean
  readonly standing: RuleStanding
  readonly currentValue: number | null
  readonly limit: number | null
  /** 0–100+, null when the rule has no gauge (e.g. blocked symbols). */
  readonly percentUsed: number | null
  readonly unit: 'usd' | 'contracts' | 'trades' | 'seconds' | 'ticks' | 'none'
  /** The core's sentence, e.g. "Net −$312.50 of −$500 (62 %)". */
  readonly message: string
  /** Symbol or contract the figure is about, when scoped. */
  readonly subject: string | null
  /** epoch ms of the last breach of this rule today, null if none. */
  readonly lastFiredAt: number | null
}

export interface LockoutView {
  readonly accountId: number
  readonly ruleId: string
  readonly label: string
  /** null = whole account; otherwise the symbol root (ES, MNQ…). */
  readonly symbol: string | null
  readonly reason: string
  readonly setAt: number
  /** `until`: a time; `daily_reset`: the next trading-day reset; `indefinite`: until an admin clears it. */
  readonly expiry: 'until' | 'daily_reset' | 'indefinite'
  /** epoch ms when it ends; null for indefinite. */
  readonly endsAt: number | null
}

export interface PnlView {
  readonly realized: number
  readonly unrealized: number
  /** Fees and commissions of today's fills (positive number). */
  readonly fees: number
  /** realized + unrealized − fees. */
  readonly net: number
  /** The daily loss limit in force (a positive number of dollars), null when none. */
  readonly dailyLossLimit: number | null
  readonly profitTarget: number | null
  /** True when some open position has no price younger than max_quote_age_seconds. */
  readonly unrealizedStale: boolean
  /** Where the prices of open positions come from. */
  readonly priceSource: 'live' | 'bars' | 'none'
}

export interface AccountRiskView {
  readonly accountId: number
  readonly status: AccountRiskStatus
  readonly shadow: boolean
  readonly pnl: PnlView
  readonly rules: readonly RuleHeadroomView[]
  /** Longest first (LOCK-5). */
  readonly lockouts: readonly LockoutView[]
  /** YYYY-MM-DD of the trading day in force. */
  readonly tradingDay: string
  /** epoch ms of the next daily reset. */
  readonly nextResetAt: number
  /** Problems evaluating rules, in words (a throwing rule, a missing price). */
  readonly problems: readonly string[]
}

export type RulesSource = 'file' | 'saved' | 'example' | 'none'

export interface RiskSnapshot {
  readonly accounts: readonly AccountRiskView[]
  /** Where the rules in force come from; `none` means "No rules active". */
  readonly rulesSource: RulesSource
  readonly rulesVersion: number
  readonly activeRuleCount: number
  /** IANA zone of exchange time, e.g. America/Chicago. */
  readonly exchangeTimeZone: string
  readonly adminPasswordSet: boolean
  /** epoch ms of this view. */
  readonly at: number
}

/** One point of the intraday net P&L curve (the engine keeps the day's series). */
export interface PnlPoint {
  readonly at: number
  readonly net: number
}

export interface FillView {
  readonly id: number
  readonly accountId: number
  readonly orderId: number
  readonly contractId: string
  readonly contractName: string
  readonly at: number
  readonly side: 'buy' | 'sell'
  readonly size: number
  readonly price: number
  /** null on an opening fill. */
  readonly profitAndLoss: number | null
  readonly fees: number
  readonly voided: boolean
  readonly placedByTiltguard: boolean
}

/** A rules-file problem, for the editor to show next to the field. */
export interface RulesProblemView {
  readonly line: number | null
  readonly column: number | null
  /** Dotted path, e.g. `rules.daily_loss_limit.limit`. */
  readonly path: string
  readonly message: string
}

export interface RulesDocument {
  readonly yaml: string
  readonly source: RulesSource
  readonly version: number
  readonly updatedAt: number | null
}

export interface RulesCheck {
  readonly ok: boolean
  readonly problems: readonly RulesProblemView[]
  /** Lines of a unified diff against the rules in force ("+ …", "- …", "  …"). */
  readonly diff: readonly string[]
  /** True when the edit loosens a rule: saving it needs the admin password. */
  readonly loosens: boolean
  /** Why it loosens, in words. */
  readonly loosening: readonly string[]
}

export interface AuditChainView {
  readonly ok: boolean
  readonly checked: number
  /** Id of the first row that does not verify, with why. */
  readonly brokenAt: { readonly id: number; readonly reason: string } | null
}

/** Progress of the kill switch for one account, pushed while it runs. */
export interface KillSwitchProgress {
  readonly accountId: number
  readonly phase: 'started' | 'cancelling' | 'closing' | 'verifying' | 'done' | 'failed'
  readonly ordersCancelled: number
  readonly positionsClosed: number
  readonly elapsedMs: number
}
