// Evaluation: every rule for every event (I-25), a throwing rule reported without stopping the others
// (PIPE-4), the lockout gate (PIPE-5), strict mode (CFG-3), the protective-stop guard, the merge by
// severity into one Plan per account, and the wake-up query for the engine's timer.
import { ACTION_SEVERITY, type Lockout, type Plan, type PlannedAction } from './plan'
import { aliasesOf, holidayDates, rulesFor, type RiskConfig } from './config/schema'
import { protectiveStops } from './rules/no-stop-loss-grace'
import type { Finding, RuleContext } from './rules/types'
import { symbolMatches } from './symbols'
import type { AccountState, RiskState } from './state'

export type AccountStatus = 'ACTIVE' | 'WARNING' | 'LOCKED' | 'HALTED'

export interface RuleError {
  readonly ruleId: string
  readonly accountId: number
  readonly message: string
}

export interface AccountEvaluation {
  readonly accountId: number
  readonly status: AccountStatus
  readonly findings: readonly Finding[]
  readonly errors: readonly RuleError[]
  readonly plan: Plan
}

export function evaluateAccount(state: RiskState, accountId: number, config: RiskConfig, now: number): AccountEvaluation {
  const account = state.accounts[accountId]
  if (!account) return { accountId, status: 'ACTIVE', findings: [], errors: [], plan: { accountId, actions: [] } }
  const ctx: RuleContext = { state, account, global: config.global, aliases: aliasesOf(config), holidays: holidayDates(config), now }
  const findings: Finding[] = []
  const errors: RuleError[] = []
  let actions: PlannedAction[] = []
  for (const { rule, config: ruleConfig } of rulesFor(config, accountId)) {
    try {
      const result = rule.evaluate(ctx, ruleConfig)
      findings.push(...result.findings)
      const ruleActions = config.global.strict_mode && !rule.automation ? strict(ctx, rule.id, result.plan) : result.plan
      actions.push(...ruleActions)
    } catch (error) {
      errors.push({ ruleId: rule.id, accountId, message: error instanceof Error ? error.message : String(error) })
    }
  }
  actions = actions.filter((a) => !suppressedByAdmin(account, a))
  actions.push(...lockoutGate(ctx, actions))
  actions = guardProtectiveStops(account, actions)
  const plan: Plan = { accountId, actions: mergeBySeverity(actions) }
  return { accountId, status: statusOf(account, findings), findings, errors, plan }
}

/** LOCK-7: after an admin clear the same lockout is not re-set until the reset, unless a newer cause appears
 * (a lockout whose `setAt` cause is later) or the rule mirrors platform state (auth_loss_guard, R10-7). */
function suppressedByAdmin(account: AccountState, planned: PlannedAction): boolean {
  if (planned.action.kind !== 'set_lockout' || planned.action.lockout.ruleId === 'auth_loss_guard') return false
  const lockout = planned.action.lockout
  const clearedAt = account.adminCleared[`${lockout.ruleId}|${lockout.scope.kind === 'account' ? 'account' : `symbol:${lockout.scope.root}`}`]
  return clearedAt !== undefined && (lockout.causedAt ?? lockout.setAt) <= clearedAt
}

/** CFG-3: any breach (an action other than a clear) becomes close all, cancel all, indefinite lockout. */
function strict(ctx: RuleContext, ruleId: string, plan: readonly PlannedAction[]): PlannedAction[] {
  const breach = plan.find((a) => a.action.kind !== 'clear_lockout')
  if (!breach) return [...plan]
  const accountId = ctx.account.accountId
  const reason = `Strict mode: ${breach.reason}`
  const lockout: Lockout = { accountId, ruleId, scope: { kind: 'account' }, expiry: { kind: 'indefinite' }, reason, setAt: ctx.now }
  return [
    { ruleId, reason, action: { kind: 'close_all', accountId } },
    { ruleId, reason, action: { kind: 'cancel_all_orders', accountId } },
    { ruleId, reason, action: { kind: 'set_lockout', lockout } },
  ]
}

/** PIPE-5: while locked, every new position in the locked scope is flattened and every non-protective order cancelled. */
function lockoutGate(ctx: RuleContext, pending: readonly PlannedAction[]): PlannedAction[] {
  const lockouts = [...Object.values(ctx.account.lockouts), ...pending.flatMap((a) => (a.action.kind === 'set_lockout' ? [a.action.lockout] : []))]
  const cleared = new Set(pending.flatMap((a) => (a.action.kind === 'clear_lockout' ? [`${a.action.ruleId}|${JSON.stringify(a.action.scope)}`] : [])))
  const active = lockouts.filter((l) => !cleared.has(`${l.ruleId}|${JSON.stringify(l.scope)}`))
  if (ctx.account.halted) active.push({ accountId: ctx.account.accountId, ruleId: 'kill_switch', scope: { kind: 'account' }, expiry: { kind: 'indefinite' }, reason: 'HALTED', setAt: 0 })
  const gate: PlannedAction[] = []
  const accountId = ctx.account.accountId
  for (const lockout of active) {
    const inScope = (contractId: string): boolean => lockout.scope.kind === 'account' || symbolMatches(lockout.scope.root, contractId, ctx.aliases)
    const reason = `Locked: ${lockout.reason}`
    // I-5: positions opened before the lockout (and their stops) are left alone; new ones are flattened.
    for (const p of Object.values(ctx.account.positions)) if (inScope(p.contractId) && p.openedAt >= lockout.setAt) gate.push({ ruleId: lockout.ruleId, reason, action: { kind: 'close_position', accountId, contractId: p.contractId } })
    for (const o of Object.values(ctx.account.orders)) {
      const position = ctx.account.positions[o.contractId]
      const protective = position !== undefined && protectiveStops(ctx.account, position).includes(o.orderId)
      if (inScope(o.contractId) && !protective) gate.push({ ruleId: lockout.ruleId, reason, action: { kind: 'cancel_order', accountId, orderId: o.orderId } })
    }
  }
  return gate
}

/** Never cancel a protective stop of a position the plan leaves open (D-5, issue decision). */
export function guardProtectiveStops(account: AccountState, actions: readonly PlannedAction[]): PlannedAction[] {
  const closesAll = actions.some((a) => a.action.kind === 'close_all')
  const closed = new Set(actions.flatMap((a) => (a.action.kind === 'close_position' ? [a.action.contractId] : [])))
  const staysOpen = (contractId: string): boolean => !closesAll && !closed.has(contractId) && account.positions[contractId] !== undefined
  return actions.filter((a) => {
    if (a.action.kind === 'cancel_order') {
      const order = account.orders[a.action.orderId]
      const position = order ? account.positions[order.contractId] : undefined
      return !(order && position && staysOpen(order.contractId) && protectiveStops(account, position).includes(order.orderId))
    }
    if (a.action.kind === 'cancel_all_orders') {
      const contract = a.action.contractId
      const affected = Object.values(account.positions).filter((p) => contract === undefined || p.contractId === contract)
      return !affected.some((p) => staysOpen(p.contractId) && protectiveStops(account, p).length > 0)
    }
    return true
  })
}

/** Dedupe identical actions (first reason wins) and order by ACTION_SEVERITY, highest first (stable). */
export function mergeBySeverity(actions: readonly PlannedAction[]): PlannedAction[] {
  const seen = new Set<string>()
  const unique: PlannedAction[] = []
  for (const a of actions) {
    const key = a.action.kind === 'set_lockout' ? `set_lockout|${a.action.lockout.ruleId}|${JSON.stringify(a.action.lockout.scope)}` : JSON.stringify(a.action)
    if (seen.has(key)) continue
    seen.add(key)
    unique.push(a)
  }
  const closesAll = unique.some((a) => a.action.kind === 'close_all')
  // A close_all makes per-position closes and reductions redundant.
  const merged = closesAll ? unique.filter((a) => a.action.kind !== 'close_position' && a.action.kind !== 'reduce_position') : unique
  return merged.map((a, i) => ({ a, i })).sort((x, y) => ACTION_SEVERITY[y.a.action.kind] - ACTION_SEVERITY[x.a.action.kind] || x.i - y.i).map((x) => x.a)
}

export function statusOf(account: AccountState, findings: readonly Finding[]): AccountStatus {
  if (account.halted) return 'HALTED'
  if (Object.keys(account.lockouts).length > 0) return 'LOCKED'
  if (findings.some((f) => f.status === 'warning' || f.status === 'breach')) return 'WARNING'
  return 'ACTIVE'
}

/** The next instant a verdict can change without an event: lockout/grace/session/reset/window edges. */
export function nextWakeAt(state: RiskState, config: RiskConfig, now: number): number | null {
  const candidates: number[] = []
  for (const account of Object.values(state.accounts)) {
    candidates.push(account.tradingDay.endsAt)
    for (const l of Object.values(account.lockouts)) if (l.expiry.kind !== 'indefinite') candidates.push(l.expiry.at)
    for (const f of Object.values(account.fills)) candidates.push(f.executedAt + 60_000, f.executedAt + 3_600_000)
    for (const finding of evaluateAccount(state, account.accountId, config, now).findings) if (finding.nextChangeAt !== null) candidates.push(finding.nextChangeAt)
  }
  const future = candidates.filter((t) => t > now)
  return future.length ? Math.min(...future) : null
}
