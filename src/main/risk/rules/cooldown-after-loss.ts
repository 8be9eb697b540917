// RULE-007 CooldownAfterLoss: a losing fill at or beyond a tier sets a timed cooldown; the most severe tier
// reached wins; a new cooldown keeps the later expiry (R7-3). No close (I-5).
import { z } from 'zod'
import { NONE, finding, lockoutAction, money } from './common'
import { defineRule } from './types'

export const cooldownAfterLossSchema = z.object({
  enabled: z.boolean().default(true),
  loss_thresholds: z.array(z.object({
    /** Negative dollars; a positive value is read as its loss (I-1). */
    loss_amount: z.number().transform((v) => -Math.abs(v)),
    cooldown_duration: z.number().int().positive(),
  })).min(1).default([
    { loss_amount: -100, cooldown_duration: 300 },
    { loss_amount: -200, cooldown_duration: 900 },
    { loss_amount: -300, cooldown_duration: 1800 },
  ]),
})

export const cooldownAfterLoss = defineRule({
  id: 'cooldown_after_loss',
  schema: cooldownAfterLossSchema,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const tiers = [...config.loss_thresholds].sort((a, b) => a.loss_amount - b.loss_amount)
    let best: { at: number; reason: string; causedAt: number } | null = null
    for (const fill of Object.values(ctx.account.fills)) {
      if (fill.profitAndLoss === null || fill.profitAndLoss >= 0) continue
      const tier = tiers.find((t) => (fill.profitAndLoss ?? 0) <= t.loss_amount)
      if (!tier) continue
      const at = fill.executedAt + tier.cooldown_duration * 1000
      if (!best || at > best.at) best = { at, causedAt: fill.executedAt, reason: `${money(fill.profitAndLoss)} loss – take a break (${tier.cooldown_duration} s)` }
    }
    const existing = ctx.account.lockouts['cooldown_after_loss|account']
    const f = finding(ctx, 'cooldown_after_loss', { status: existing ? 'breach' : 'ok', currentValue: null, limit: null, used: null, nextChangeAt: existing?.expiry.kind === 'until' ? existing.expiry.at : null, message: existing?.reason ?? 'no cooldown' })
    if (!best || best.at <= ctx.now) return { findings: [f], plan: [] }
    if (existing && existing.expiry.kind === 'until' && existing.expiry.at >= best.at) return { findings: [f], plan: [] }
    return { findings: [f], plan: [lockoutAction(ctx, 'cooldown_after_loss', { kind: 'account' }, { kind: 'until', at: best.at }, best.reason, best.causedAt)] }
  },
})
