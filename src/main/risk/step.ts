// One event through the core: reduce, evaluate the affected accounts, record the plan's lockouts and
// managed stops in state so the next event sees them. The engine executes the returned plans.
import { assertNever } from '../../shared/assert-never'
import type { RiskConfig } from './config/schema'
import { evaluateAccount, statusOf, type AccountEvaluation } from './evaluate'
import type { RiskEvent } from './events'
import type { Plan } from './plan'
import { reduce } from './reduce'
import { lockoutKey, type AccountState, type RiskState } from './state'

export interface StepResult {
  readonly state: RiskState
  readonly config: RiskConfig
  readonly evaluations: readonly AccountEvaluation[]
  readonly plans: readonly Plan[]
}

export function step(state: RiskState, config: RiskConfig, event: RiskEvent): StepResult {
  const nextConfig = event.kind === 'config' ? event.config : config
  let next = reduce(state, event, nextConfig)
  const ids = affectedAccounts(next, event)
  const evaluations: AccountEvaluation[] = []
  for (const id of ids) {
    const evaluation = evaluateAccount(next, id, nextConfig, event.at)
    next = applyPlan(next, evaluation.plan, event.at)
    const account = next.accounts[id]
    // The status reflects the lockouts this very plan set or cleared.
    evaluations.push(account ? { ...evaluation, status: statusOf(account, evaluation.findings) } : evaluation)
  }
  return { state: next, config: nextConfig, evaluations, plans: evaluations.map((e) => e.plan).filter((p) => p.actions.length > 0) }
}

/**
 * Who an event can change: its own account; for a quote only the accounts holding that contract (a price
 * moves nobody else's P&L, and a quote names no account, so evaluating every account on every tick would
 * cost the same work once per account); clock ticks and config changes reach everyone.
 */
function affectedAccounts(state: RiskState, event: RiskEvent): number[] {
  if ('accountId' in event) return [event.accountId]
  const all = Object.values(state.accounts)
  if (event.kind !== 'quote') return all.map((a) => a.accountId)
  return all.filter((a) => a.positions[event.contractId] !== undefined).map((a) => a.accountId)
}

/** The state side of a plan: lockouts set and cleared, stops the core asked for (R12-6 rate limit). */
export function applyPlan(state: RiskState, plan: Plan, now: number): RiskState {
  const account = state.accounts[plan.accountId]
  // Most events plan nothing: keep the same objects, so a quote allocates no new account and later
  // comparisons by reference stay cheap.
  if (!account || plan.actions.length === 0) return state
  let lockouts = { ...account.lockouts }
  let managedStops = { ...account.managedStops }
  for (const { action } of plan.actions) {
    switch (action.kind) {
      case 'set_lockout':
        lockouts[lockoutKey(action.lockout.ruleId, action.lockout.scope)] = action.lockout
        break
      case 'clear_lockout': {
        const { [lockoutKey(action.ruleId, action.scope)]: _gone, ...rest } = lockouts
        lockouts = rest
        break
      }
      case 'place_stop':
        managedStops = { ...managedStops, [action.contractId]: { bestPrice: action.stopPrice, stopPrice: action.stopPrice, breakevenDone: true, lastModifiedAt: now } }
        break
      case 'modify_stop': {
        const order = account.orders[action.orderId]
        if (order) managedStops = { ...managedStops, [order.contractId]: { bestPrice: action.stopPrice, stopPrice: action.stopPrice, breakevenDone: true, lastModifiedAt: now } }
        break
      }
      case 'close_all':
      case 'close_position':
      case 'reduce_position':
      case 'cancel_order':
      case 'cancel_all_orders':
        break
      default:
        assertNever(action, 'plan action')
    }
  }
  const updated: AccountState = { ...account, lockouts, managedStops }
  return { ...state, accounts: { ...state.accounts, [plan.accountId]: updated } }
}
