// The dashboard's view of what the core decided: status, P&L, each rule's headroom and the lockouts, per
// account. Pure functions of the core's state and last evaluations; the renderer only displays these.
import type { AccountRiskView, LockoutView, RuleHeadroomView, RuleStanding } from '../../shared/domain/risk'
import { nextResetAfter, positionPnls, realizedOf, type AccountEvaluation, type RiskConfig, type RiskState } from '../risk'
import type { Finding } from '../risk/rules/types'
import type { AccountState } from '../risk/state'
import type { Lockout } from '../risk/plan'

const RULE_LABELS: Readonly<Record<string, { label: string; unit: RuleHeadroomView['unit'] }>> = {
  max_contracts: { label: 'Max contracts', unit: 'contracts' },
  max_contracts_per_instrument: { label: 'Max contracts per instrument', unit: 'contracts' },
  daily_realized_loss: { label: 'Daily loss limit', unit: 'usd' },
  weekly_realized_loss: { label: 'Weekly loss limit', unit: 'usd' },
  daily_unrealized_loss: { label: 'Floating loss limit', unit: 'usd' },
  max_unrealized_profit: { label: 'Take profit', unit: 'usd' },
  trade_frequency_limit: { label: 'Trade frequency', unit: 'trades' },
  cooldown_after_loss: { label: 'Cooldown after loss', unit: 'seconds' },
  no_stop_loss_grace: { label: 'Stop-loss required', unit: 'seconds' },
  session_block_outside: { label: 'Trading hours', unit: 'none' },
  auth_loss_guard: { label: 'Platform trading permission', unit: 'none' },
  symbol_blocks: { label: 'Blocked symbols', unit: 'none' },
  trade_management: { label: 'Trade management', unit: 'ticks' },
  kill_switch: { label: 'Kill switch', unit: 'none' },
}

export function ruleLabel(ruleId: string): string {
  return RULE_LABELS[ruleId]?.label ?? ruleId
}

export interface RiskViewInput {
  readonly state: RiskState
  readonly config: RiskConfig
  readonly evaluation: AccountEvaluation | undefined
  readonly accountId: number
  readonly shadow: boolean
  readonly now: number
  /** Last breach per rule of this account today. */
  readonly lastFiredAt: Readonly<Record<string, number>>
  /** Some open position is priced from REST bars (polling). */
  readonly pricedFromBars: boolean
}

export function accountRiskView(input: RiskViewInput): AccountRiskView | null {
  const account = input.state.accounts[input.accountId]
  if (!account) return null
  const { config, now } = input
  const realizedGross = realizedOf(account, 'gross')
  const maxAgeMs = config.global.max_quote_age_seconds * 1000
  const pnls = positionPnls(input.state, account, now, maxAgeMs)
  const unrealized = round2(pnls.reduce((sum, p) => sum + (p.unrealized ?? 0), 0))
  const fees = round2(realizedGross - realizedOf(account, 'net'))
  const dailyLoss = ruleConfig(config, 'daily_realized_loss')
  const profit = ruleConfig(config, 'max_unrealized_profit')
  return {
    accountId: account.accountId,
    status: input.evaluation?.status ?? (account.halted ? 'HALTED' : Object.keys(account.lockouts).length > 0 ? 'LOCKED' : 'ACTIVE'),
    shadow: input.shadow,
    pnl: {
      realized: realizedGross,
      unrealized,
      fees,
      net: round2(realizedGross - fees + unrealized),
      dailyLossLimit: numberField(dailyLoss, 'loss_limit'),
      profitTarget: numberField(profit, 'profit_target'),
      unrealizedStale: pnls.some((p) => p.stale),
      priceSource: pnls.length === 0 || pnls.every((p) => p.unrealized === null) ? 'none' : input.pricedFromBars ? 'bars' : 'live',
    },
    rules: headroom(input, account),
    lockouts: lockoutViews(account),
    tradingDay: account.tradingDay.key,
    nextResetAt: nextResetAfter(now, account.tradingDaySettings),
    problems: (input.evaluation?.errors ?? []).map((e) => `${ruleLabel(e.ruleId)} could not be evaluated: ${e.message}`),
  }
}

function headroom(input: RiskViewInput, account: AccountState): RuleHeadroomView[] {
  const findings = input.evaluation?.findings ?? []
  const byRule = new Map<string, Finding[]>()
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f])
  const configured = Object.entries(input.config.rules as Record<string, { enabled?: boolean } | undefined>).filter(([, c]) => c !== undefined)
  return configured.map(([ruleId, c]) => {
    const enabled = c?.enabled !== false
    // The finding closest to its limit speaks for the rule (e.g. the most-used symbol of a per-symbol limit).
    const worst = [...(byRule.get(ruleId) ?? [])].sort((a, b) => rank(b) - rank(a))[0]
    const locked = Object.values(account.lockouts).some((l) => l.ruleId === ruleId)
    const standing: RuleStanding = !enabled ? 'inactive' : locked || worst?.status === 'breach' ? 'breached' : worst?.status === 'warning' ? 'warning' : worst === undefined ? 'inactive' : 'ok'
    return {
      ruleId,
      label: ruleLabel(ruleId),
      enabled,
      shadow: input.shadow,
      standing,
      currentValue: worst?.currentValue ?? null,
      limit: worst?.limit ?? null,
      percentUsed: worst?.percentUsed ?? null,
      unit: RULE_LABELS[ruleId]?.unit ?? 'none',
      message: worst?.message ?? (enabled ? 'Nothing to measure yet' : 'Disabled'),
      subject: worst?.subject ?? null,
      lastFiredAt: input.lastFiredAt[ruleId] ?? null,
    }
  })
}

function rank(f: Finding): number {
  const base = f.status === 'breach' ? 3000 : f.status === 'warning' ? 2000 : f.status === 'ok' ? 1000 : 0
  return base + Math.min(999, f.percentUsed ?? 0)
}

export function lockoutViews(account: AccountState): LockoutView[] {
  const views: LockoutView[] = Object.values(account.lockouts).map(toLockoutView)
  if (account.halted) {
    views.push({
      accountId: account.accountId,
      ruleId: 'kill_switch',
      label: ruleLabel('kill_switch'),
      symbol: null,
      reason: 'Kill switch pressed: every new order is cancelled and every new position closed',
      setAt: 0,
      expiry: account.haltedUntilReset ? 'daily_reset' : 'indefinite',
      endsAt: account.haltedUntilReset ? account.tradingDay.endsAt : null,
    })
  }
  // LOCK-5: the longest first; indefinite ones outrank any time.
  return views.sort((a, b) => (b.endsAt ?? Number.POSITIVE_INFINITY) - (a.endsAt ?? Number.POSITIVE_INFINITY))
}

export function toLockoutView(l: Lockout): LockoutView {
  return {
    accountId: l.accountId,
    ruleId: l.ruleId,
    label: ruleLabel(l.ruleId),
    symbol: l.scope.kind === 'symbol' ? l.scope.root : null,
    reason: l.reason,
    setAt: l.setAt,
    expiry: l.expiry.kind,
    endsAt: l.expiry.kind === 'indefinite' ? null : l.expiry.at,
  }
}

function ruleConfig(config: RiskConfig, ruleId: string): Record<string, unknown> | null {
  const c = (config.rules as Record<string, Record<string, unknown> | undefined>)[ruleId]
  return c === undefined || c.enabled === false ? null : c
}

function numberField(c: Record<string, unknown> | null, key: string): number | null {
  const v = c?.[key]
  return typeof v === 'number' ? Math.abs(v) : null
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}
