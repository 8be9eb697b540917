// RULE-010 AuthLossGuard: mirror the platform's canTrade. false → close all, cancel all, indefinite lock;
// true → clear only this rule's lockout (R10-2). Reacts to the state, not only transitions (I-18), so an
// admin clear is re-applied on the next event (R10-7); a missing flag is read as true (R10-4).
import { z } from 'zod'
import { NONE, closeAllAndLock, finding, isLocked } from './common'
import { defineRule } from './types'

export const authLossGuardSchema = z.object({
  enabled: z.boolean().default(true),
  action: z.literal('CLOSE_ALL_AND_LOCKOUT').default('CLOSE_ALL_AND_LOCKOUT'),
  auto_unlock_on_restore: z.boolean().default(true),
  check_on_startup: z.boolean().default(true),
})

export const authLossGuard = defineRule({
  id: 'auth_loss_guard',
  schema: authLossGuardSchema,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const canTrade = ctx.account.canTrade
    const restricted = canTrade === false
    const locked = isLocked(ctx, 'auth_loss_guard')
    const f = finding(ctx, 'auth_loss_guard', {
      status: restricted ? 'breach' : canTrade === null ? 'info' : 'ok', currentValue: null, limit: null, used: null,
      message: restricted ? 'ACCOUNT RESTRICTED – contact TopstepX support' : canTrade === null ? 'canTrade missing: treated as true' : 'TRADING ENABLED',
    })
    if (restricted && !locked) return { findings: [f], plan: closeAllAndLock(ctx, 'auth_loss_guard', 'ACCOUNT RESTRICTED – contact TopstepX support', { kind: 'indefinite' }) }
    if (!restricted && locked && config.auto_unlock_on_restore) {
      return { findings: [f], plan: [{ ruleId: 'auth_loss_guard', reason: 'TRADING ENABLED – account restrictions lifted', action: { kind: 'clear_lockout', accountId: ctx.account.accountId, ruleId: 'auth_loss_guard', scope: { kind: 'account' } } }] }
    }
    return { findings: [f], plan: [] }
  },
})
