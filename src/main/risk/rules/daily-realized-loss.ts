// RULE-003 DailyRealizedLoss: breach at P&L ≤ −loss_limit (D-1). Options beyond the seed: include_unrealized
// (realized + unrealized, as TopstepX's PDLL) and trailing (measured down from the day's high-water net).
import { z } from 'zod'
import { realizedOf, unrealizedOf } from '../pnl'
import { NONE, acceptLegacyLimit, closeAllAndLock, dailyResetExpiry, finding, isLocked, money } from './common'
import { defineRule } from './types'

export const dailyRealizedLossSchema = z.preprocess(acceptLegacyLimit, z.object({
  enabled: z.boolean().default(true),
  loss_limit: z.number().positive().default(500),
  action: z.enum(['CLOSE_ALL_AND_LOCKOUT', 'CLOSE_ALL_POSITIONS']).default('CLOSE_ALL_AND_LOCKOUT'),
  lockout_until: z.enum(['daily_reset', 'permanent']).default('daily_reset'),
  include_unrealized: z.boolean().default(false),
  trailing: z.boolean().default(false),
}))

export const dailyRealizedLoss = defineRule({
  id: 'daily_realized_loss',
  schema: dailyRealizedLossSchema,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const realized = realizedOf(ctx.account, ctx.global.pnl_basis)
    // A stale or missing quote never breaches by itself: only fresh unrealized counts (CORE-3/4).
    const value = config.include_unrealized ? realized + unrealizedOf(ctx.state, ctx.account, ctx.now, ctx.global.max_quote_age_seconds * 1000).breachable : realized
    const floor = config.trailing ? Math.max(0, ctx.account.dayHighWater) - config.loss_limit : -config.loss_limit
    const drawdown = Math.max(0, (config.trailing ? Math.max(0, ctx.account.dayHighWater) : 0) - value)
    const breach = value <= floor
    const reason = `Daily realized loss ${money(value)} reached the ${money(floor)} limit`
    const f = finding(ctx, 'daily_realized_loss', {
      status: breach ? 'breach' : undefined, currentValue: value, limit: floor, used: Math.round((drawdown / config.loss_limit) * 1000) / 10,
      nextChangeAt: ctx.account.tradingDay.endsAt, message: breach ? reason : `Daily P&L ${money(value)} / ${money(floor)}`,
    })
    if (!breach || isLocked(ctx, 'daily_realized_loss')) return { findings: [f], plan: [] }
    const lock = config.action === 'CLOSE_ALL_POSITIONS' ? null : config.lockout_until === 'permanent' ? { kind: 'indefinite' as const } : dailyResetExpiry(ctx)
    return { findings: [f], plan: closeAllAndLock(ctx, 'daily_realized_loss', reason, lock) }
  },
})
