// RULE-005 MaxUnrealizedProfit: take profit at ≥ target (D-1), or breakeven mode armed after +arm_ticks (I-15).
import { z } from 'zod'
import type { PlannedAction } from '../plan'
import { positionPnls, round2 } from '../pnl'
import { NONE, closeAllAndLock, dailyResetExpiry, finding, isLocked, money } from './common'
import { defineRule, type Finding } from './types'

export const maxUnrealizedProfitSchema = z.object({
  enabled: z.boolean().default(true),
  mode: z.enum(['profit_target', 'breakeven']).default('profit_target'),
  profit_target: z.number().positive().default(1000),
  scope: z.enum(['per_position', 'total']).default('per_position'),
  action: z.enum(['CLOSE_POSITION', 'CLOSE_ALL_AND_LOCKOUT']).default('CLOSE_POSITION'),
  /** I-15: breakeven mode arms only after the position was this many ticks in profit. */
  arm_ticks: z.number().int().positive().default(4),
})

export const maxUnrealizedProfit = defineRule({
  id: 'max_unrealized_profit',
  schema: maxUnrealizedProfitSchema,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const fresh = positionPnls(ctx.state, ctx.account, ctx.now, ctx.global.max_quote_age_seconds * 1000).filter((p) => p.unrealized !== null && !p.stale)
    const findings: Finding[] = []
    const plan: PlannedAction[] = []
    const accountId = ctx.account.accountId
    if (config.mode === 'breakeven') {
      for (const p of fresh) {
        const armed = (ctx.account.peakProfitTicks[p.position.contractId] ?? 0) >= config.arm_ticks
        const value = p.unrealized ?? 0
        // Tolerance of a tenth of a tick's value absorbs float noise at exactly entry.
        const back = armed && value <= p.position.tickValue * 0.1 * p.position.size
        const reason = back ? `Breakeven exit on ${p.position.contractId}: profit returned to ${money(value)}` : ''
        findings.push(finding(ctx, 'max_unrealized_profit', { status: back ? 'breach' : armed ? 'info' : 'ok', currentValue: value, limit: 0, used: null, message: back ? reason : armed ? 'breakeven armed' : 'breakeven not armed', subject: p.position.contractId }))
        if (back) plan.push({ ruleId: 'max_unrealized_profit', reason, action: { kind: 'close_position', accountId, contractId: p.position.contractId } })
      }
      return { findings, plan }
    }
    if (config.scope === 'per_position') {
      for (const p of fresh) {
        const value = p.unrealized ?? 0
        const hit = value >= config.profit_target
        // Only a hit needs its reason: this runs per position on every quote.
        const reason = hit ? `Profit target ${money(config.profit_target)} reached on ${p.position.contractId} (${money(value)})` : ''
        findings.push(finding(ctx, 'max_unrealized_profit', { status: hit ? 'breach' : 'ok', currentValue: value, limit: config.profit_target, used: round2((Math.max(0, value) / config.profit_target) * 100), message: hit ? reason : `Unrealized ${money(value)} / target ${money(config.profit_target)}`, subject: p.position.contractId }))
        if (hit) plan.push({ ruleId: 'max_unrealized_profit', reason, action: { kind: 'close_position', accountId, contractId: p.position.contractId } })
      }
      return { findings, plan }
    }
    const total = round2(fresh.reduce((s, p) => s + (p.unrealized ?? 0), 0))
    const hit = total >= config.profit_target
    const reason = `Daily profit target hit (${money(total)} ≥ ${money(config.profit_target)})`
    // A profit target is not a danger: the gauge shows progress, never a warning colour.
    findings.push(finding(ctx, 'max_unrealized_profit', { status: hit ? 'breach' : 'ok', currentValue: total, limit: config.profit_target, used: round2((Math.max(0, total) / config.profit_target) * 100), message: hit ? reason : `Unrealized ${money(total)} / target ${money(config.profit_target)}` }))
    if (!hit || isLocked(ctx, 'max_unrealized_profit')) return { findings, plan }
    return { findings, plan: closeAllAndLock(ctx, 'max_unrealized_profit', reason, config.action === 'CLOSE_ALL_AND_LOCKOUT' ? dailyResetExpiry(ctx) : null) }
  },
})
