// weekly_realized_loss (beyond the seed, as Tradovate/TradeReign): realized of the trading week ≤ −loss_limit
// closes all and locks until the first reset of the next trading week.
import { z } from 'zod'
import { realizedOf, round2 } from '../pnl'
import { nextWeekStartAfter } from '../trading-day'
import { NONE, acceptLegacyLimit, closeAllAndLock, finding, isLocked, money } from './common'
import { defineRule } from './types'

export const weeklyRealizedLossSchema = z.preprocess(acceptLegacyLimit, z.object({
  enabled: z.boolean().default(true),
  loss_limit: z.number().positive().default(1500),
}))

export const weeklyRealizedLoss = defineRule({
  id: 'weekly_realized_loss',
  schema: weeklyRealizedLossSchema,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const week = round2(ctx.account.weekRealizedBefore + realizedOf(ctx.account, ctx.global.pnl_basis))
    const breach = week <= -config.loss_limit
    const weekEnds = nextWeekStartAfter(ctx.now, ctx.account.tradingDaySettings)
    const reason = `Weekly realized loss ${money(week)} reached the ${money(-config.loss_limit)} limit`
    const f = finding(ctx, 'weekly_realized_loss', {
      status: breach ? 'breach' : undefined, currentValue: week, limit: -config.loss_limit,
      used: Math.round((Math.max(0, -week) / config.loss_limit) * 1000) / 10, nextChangeAt: weekEnds,
      message: breach ? reason : `Week ${money(week)} / ${money(-config.loss_limit)}`,
    })
    if (!breach || isLocked(ctx, 'weekly_realized_loss')) return { findings: [f], plan: [] }
    return { findings: [f], plan: closeAllAndLock(ctx, 'weekly_realized_loss', reason, { kind: 'until', at: weekEnds }) }
  },
})
