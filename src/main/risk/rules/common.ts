// Helpers shared by the rule files: findings, the close-all-and-lock pattern, lockout construction.
import type { LockoutExpiry, LockoutScope, PlannedAction } from '../plan'
import { nextResetAfter } from '../trading-day'
import type { Finding, FindingStatus, RuleContext, RuleResult } from './types'

export const WARNING_RATIO = 0.7
export const NONE: RuleResult = { findings: [], plan: [] }

export function usage(current: number, limit: number): number {
  return limit === 0 ? 0 : Math.round((current / limit) * 1000) / 10
}

export function finding(
  ctx: RuleContext,
  ruleId: string,
  fields: { status?: FindingStatus; currentValue: number | null; limit: number | null; used?: number | null; nextChangeAt?: number | null; message: string; subject?: string },
): Finding {
  const percentUsed = fields.used ?? (fields.currentValue !== null && fields.limit ? usage(fields.currentValue, fields.limit) : null)
  const status = fields.status ?? (percentUsed !== null && percentUsed >= WARNING_RATIO * 100 ? 'warning' : 'ok')
  return {
    ruleId, accountId: ctx.account.accountId, status, currentValue: fields.currentValue, limit: fields.limit,
    percentUsed, nextChangeAt: fields.nextChangeAt ?? null, message: fields.message,
    ...(fields.subject === undefined ? {} : { subject: fields.subject }),
  }
}

export function dailyResetExpiry(ctx: RuleContext): LockoutExpiry {
  return { kind: 'daily_reset', at: nextResetAfter(ctx.now, ctx.account.tradingDaySettings) }
}

export function lockoutAction(ctx: RuleContext, ruleId: string, scope: LockoutScope, expiry: LockoutExpiry, reason: string, causedAt?: number): PlannedAction {
  const lockout = { accountId: ctx.account.accountId, ruleId, scope, expiry, reason, setAt: ctx.now, ...(causedAt === undefined ? {} : { causedAt }) }
  return { ruleId, reason, action: { kind: 'set_lockout', lockout } }
}

/** Flatten, cancel every order, and (optionally) lock: the CLOSE_ALL_AND_LOCKOUT of §4. */
export function closeAllAndLock(ctx: RuleContext, ruleId: string, reason: string, expiry: LockoutExpiry | null): PlannedAction[] {
  const accountId = ctx.account.accountId
  const plan: PlannedAction[] = [
    { ruleId, reason, action: { kind: 'close_all', accountId } },
    { ruleId, reason, action: { kind: 'cancel_all_orders', accountId } },
  ]
  if (expiry) plan.push(lockoutAction(ctx, ruleId, { kind: 'account' }, expiry, reason))
  return plan
}

export function isLocked(ctx: RuleContext, ruleId: string, scopeKey = 'account'): boolean {
  return ctx.account.lockouts[`${ruleId}|${scopeKey}`] !== undefined
}

export function money(value: number): string {
  // Integer cents instead of toFixed: this runs for every finding on every quote, and toFixed was a third
  // of the core's time (bench ENF-2).
  const cents = Math.round(Math.abs(value) * 100)
  if (!Number.isFinite(cents)) return `${value < 0 ? '−' : ''}$${Math.abs(value)}`
  const rest = cents % 100
  return `${value < 0 && cents > 0 ? '−' : ''}$${(cents - rest) / 100}.${rest < 10 ? '0' : ''}${rest}`
}


/** I-1: accept the legacy negative `limit: -500` as `loss_limit: 500`. */
export function acceptLegacyLimit(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input
  const { limit, ...rest } = input as Record<string, unknown>
  if (typeof limit === 'number' && !('loss_limit' in rest)) return { ...rest, loss_limit: Math.abs(limit) }
  return input
}
