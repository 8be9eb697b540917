// RULE-004 DailyUnrealizedLoss: per position (close it, no lockout) or total (close all and lock).
// Breach at ≤ −loss_limit (D-1). Positions without a fresh quote never breach (CORE-3/4, R4-6).
import { z } from 'zod'
import type { PlannedAction } from '../plan'
import { positionPnls, round2 } from '../pnl'
import { NONE, acceptLegacyLimit, closeAllAndLock, dailyResetExpiry, finding, isLocked, money } from './common'
import { defineRule, type Finding } from './types'

export const dailyUnrealizedLossSchema = z.preprocess(acceptLegacyLimit, z.object({
  enabled: z.boolean().default(true),
  loss_limit: z.number().positive().default(300),
  scope: z.enum(['per_position', 'total']).default('per_position'),
  action: z.enum(['CLOSE_POSITION', 'CLOSE_ALL_AND_LOCKOUT']).default('CLOSE_POSITION'),
  lockout_until: z.enum(['daily_reset', 'permanent']).default('daily_reset'),
}))

export const dailyUnrealizedLoss = defineRule({
  id: 'daily_unrealized_loss',
  schema: dailyUnrealizedLossSchema,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const pnls = positionPnls(ctx.state, ctx.account, ctx.now, ctx.global.max_quote_age_seconds * 1000)
    const findings: Finding[] = []
    const plan: PlannedAction[] = []
    const limit = -config.loss_limit
    for (const p of pnls) if (p.unrealized === null) findings.push(finding(ctx, 'daily_unrealized_loss', { status: 'info', currentValue: null, limit, message: `Missing quote data for ${p.position.contractId}`, subject: p.position.contractId }))
    else if (p.stale) findings.push(finding(ctx, 'daily_unrealized_loss', { status: 'info', currentValue: p.unrealized, limit, message: `Stale quote for ${p.position.contractId}`, subject: p.position.contractId }))
    const fresh = pnls.filter((p) => p.unrealized !== null && !p.stale)
    if (config.scope === 'per_position') {
      for (const p of fresh) {
        const value = p.unrealized ?? 0
        const breach = value <= limit
        // Only a breach needs its reason: this runs per position on every quote.
        const reason = breach ? `Unrealized loss ${money(value)} on ${p.position.contractId} reached ${money(limit)}` : ''
        findings.push(finding(ctx, 'daily_unrealized_loss', { status: breach ? 'breach' : undefined, currentValue: value, limit, used: round2((Math.max(0, -value) / config.loss_limit) * 100), message: breach ? reason : `Unrealized ${money(value)} / ${money(limit)}`, subject: p.position.contractId }))
        if (breach) plan.push({ ruleId: 'daily_unrealized_loss', reason, action: { kind: 'close_position', accountId: ctx.account.accountId, contractId: p.position.contractId } })
      }
      return { findings, plan }
    }
    const total = round2(fresh.reduce((s, p) => s + (p.unrealized ?? 0), 0))
    const breach = total <= limit
    const reason = `Daily unrealized loss limit hit (${money(total)} / ${money(limit)})`
    findings.push(finding(ctx, 'daily_unrealized_loss', { status: breach ? 'breach' : undefined, currentValue: total, limit, used: round2((Math.max(0, -total) / config.loss_limit) * 100), message: breach ? reason : `Unrealized ${money(total)} / ${money(limit)}` }))
    if (!breach || isLocked(ctx, 'daily_unrealized_loss')) return { findings, plan }
    const lock = config.action === 'CLOSE_POSITION' ? null : config.lockout_until === 'permanent' ? { kind: 'indefinite' as const } : dailyResetExpiry(ctx)
    return { findings, plan: closeAllAndLock(ctx, 'daily_unrealized_loss', reason, lock) }
  },
})
