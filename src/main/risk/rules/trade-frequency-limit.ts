// RULE-006 TradeFrequencyLimit: rolling minute/hour windows on fill time and a session counter (I-13).
// Counts > limit breach (D-1). The longest cooldown among breached windows wins (I-14); per_session locks
// until the reset (D-4). No position is closed (R6-7).
import { z } from 'zod'
import type { LockoutExpiry } from '../plan'
import { NONE, dailyResetExpiry, finding, lockoutAction } from './common'
import { defineRule, type Finding } from './types'

export const tradeFrequencyLimitSchema = z.object({
  enabled: z.boolean().default(true),
  limits: z.object({
    per_minute: z.number().int().positive().default(3),
    per_hour: z.number().int().positive().default(10),
    per_session: z.number().int().positive().default(50),
  }).default({ per_minute: 3, per_hour: 10, per_session: 50 }),
  cooldown_on_breach: z.object({
    enabled: z.boolean().default(true),
    per_minute_breach: z.number().int().positive().default(60),
    per_hour_breach: z.number().int().positive().default(1800),
    /** "until_reset" (REC, D-4) or a number of seconds (the spec's 3600). */
    per_session_breach: z.union([z.literal('until_reset'), z.number().int().positive()]).default('until_reset'),
  }).default({ enabled: true, per_minute_breach: 60, per_hour_breach: 1800, per_session_breach: 'until_reset' }),
})

/** Rolling windows over this session's and the previous hour's fills; the session counts this day only. */
export function tradeCounts(sessionTimes: readonly number[], priorTimes: readonly number[], now: number): { minute: number; hour: number; session: number } {
  const rolling = [...priorTimes, ...sessionTimes]
  return {
    minute: rolling.filter((t) => t > now - 60_000 && t <= now).length,
    hour: rolling.filter((t) => t > now - 3_600_000 && t <= now).length,
    session: sessionTimes.length,
  }
}

export const tradeFrequencyLimit = defineRule({
  id: 'trade_frequency_limit',
  schema: tradeFrequencyLimitSchema,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const times = Object.values(ctx.account.fills).filter((f) => f.countsForFrequency).map((f) => f.executedAt)
    const counts = tradeCounts(times, ctx.account.priorFillTimes, ctx.now)
    const { limits, cooldown_on_breach: cd } = config
    const windows = [
      { name: 'minute', count: counts.minute, limit: limits.per_minute, seconds: cd.per_minute_breach as number | 'until_reset' },
      { name: 'hour', count: counts.hour, limit: limits.per_hour, seconds: cd.per_hour_breach as number | 'until_reset' },
      { name: 'session', count: counts.session, limit: limits.per_session, seconds: cd.per_session_breach },
    ]
    const findings: Finding[] = windows.map((w) => finding(ctx, 'trade_frequency_limit', { status: w.count > w.limit ? 'breach' : undefined, currentValue: w.count, limit: w.limit, message: `${w.count}/${w.limit} trades this ${w.name}`, subject: w.name }))
    const breached = windows.filter((w) => w.count > w.limit)
    const latestFill = Math.max(...times, -Infinity)
    if (breached.length === 0 || !cd.enabled) return { findings, plan: [] }
    const expiries: LockoutExpiry[] = breached.map((w) => (w.seconds === 'until_reset' ? dailyResetExpiry(ctx) : { kind: 'until', at: latestFill + w.seconds * 1000 }))
    const longest = expiries.reduce((a, b) => (expiryAt(b) > expiryAt(a) ? b : a))
    const top = breached.map((w) => `${w.count}/${w.limit} trades this ${w.name}`).join(', ')
    // Cooldowns run from the breaching fill, so re-evaluation yields the same expiry and never extends it.
    const existing = ctx.account.lockouts['trade_frequency_limit|account']
    if (expiryAt(longest) <= ctx.now || (existing && expiryAt(existing.expiry) >= expiryAt(longest))) return { findings, plan: [] }
    return { findings, plan: [lockoutAction(ctx, 'trade_frequency_limit', { kind: 'account' }, longest, `COOLDOWN – ${top}`, latestFill)] }
  },
})

function expiryAt(expiry: LockoutExpiry): number {
  return expiry.kind === 'indefinite' ? Infinity : expiry.at
}
