// RULE-009 SessionBlockOutside: positions outside their session (or on a holiday) are closed with their
// orders and the account (global session) or symbol (per-instrument session) locks until the next start.
import { z } from 'zod'
import type { LockoutScope, PlannedAction } from '../plan'
import { symbolMatches, symbolOf } from '../symbols'
import { hhmm, timeZone } from '../config/global'
import { NONE, finding, lockoutAction } from './common'
import { holidayOn, isInSession, nextSessionEnd, nextSessionStart, type SessionSchedule } from './session-schedule'
import { defineRule, type Finding } from './types'

const weekday = z.number().int().min(1).max(7)
const sessionSchema = z.object({
  start: hhmm,
  end: hhmm,
  timezone: timeZone,
  days: z.array(weekday).default([1, 2, 3, 4, 5]),
  start_day: weekday.optional(),
  end_day: weekday.optional(),
})

export const sessionBlockOutsideSchema = z.object({
  enabled: z.boolean().default(true),
  global_session: sessionSchema.extend({ enabled: z.boolean().default(true) }).default({ enabled: true, start: '09:30', end: '16:00', timezone: 'America/New_York', days: [1, 2, 3, 4, 5] }),
  per_instrument_sessions: z.record(z.string(), sessionSchema).default({}),
  close_positions_at_session_end: z.boolean().default(true),
  lockout_outside_session: z.boolean().default(true),
  respect_holidays: z.boolean().default(true),
})

export const sessionBlockOutside = defineRule({
  id: 'session_block_outside',
  schema: sessionBlockOutsideSchema,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const holidays = config.respect_holidays ? ctx.holidays : []
    const findings: Finding[] = []
    const plan: PlannedAction[] = []
    const accountId = ctx.account.accountId
    const locked = new Set<string>()
    const judge = (schedule: SessionSchedule, scope: LockoutScope, contracts: readonly string[], label: string): void => {
      const holiday = holidayOn(ctx.now, schedule, holidays)
      const open = holiday === null && isInSession(ctx.now, schedule)
      const next = open ? nextSessionEnd(ctx.now, schedule) : nextSessionStart(ctx.now, schedule, holidays)
      const reason = holiday ? `Market closed (Holiday: ${holiday})` : `Trading outside session hours (${label} ${schedule.start}–${schedule.end} ${schedule.timezone})`
      findings.push(finding(ctx, 'session_block_outside', { status: open ? 'ok' : contracts.length ? 'breach' : 'info', currentValue: null, limit: null, used: null, nextChangeAt: next, message: open ? `${label} session OPEN` : reason, subject: label }))
      if (open || contracts.length === 0) return
      for (const contractId of contracts) {
        if (ctx.account.positions[contractId] && config.close_positions_at_session_end) plan.push({ ruleId: 'session_block_outside', reason, action: { kind: 'close_position', accountId, contractId } })
        plan.push({ ruleId: 'session_block_outside', reason, action: { kind: 'cancel_all_orders', accountId, contractId } })
      }
      const key = scope.kind === 'account' ? 'account' : `symbol:${scope.root}`
      if (config.lockout_outside_session && next !== null && !locked.has(key) && !ctx.account.lockouts[`session_block_outside|${key}`]) {
        locked.add(key)
        plan.push(lockoutAction(ctx, 'session_block_outside', scope, { kind: 'until', at: next }, reason))
      }
    }
    const overrides = Object.entries(config.per_instrument_sessions)
    const contractsOf = new Map<string, string[]>()
    const globalContracts: string[] = []
    const active = [...Object.keys(ctx.account.positions), ...Object.values(ctx.account.orders).map((o) => o.contractId)]
    for (const contractId of new Set(active)) {
      const override = overrides.find(([sym]) => symbolMatches(sym, contractId, ctx.aliases))
      if (override) contractsOf.set(override[0], [...(contractsOf.get(override[0]) ?? []), contractId])
      else globalContracts.push(contractId)
    }
    if (config.global_session.enabled) judge(config.global_session, { kind: 'account' }, globalContracts, 'global')
    for (const [sym, schedule] of overrides) judge(schedule, { kind: 'symbol', root: symbolOf(`CON.F.US.${(ctx.aliases[sym.toUpperCase()] ?? sym).toUpperCase()}.X`, ctx.aliases) }, contractsOf.get(sym) ?? [], sym.toUpperCase())
    return { findings, plan }
  },
})
