// RULE-011 SymbolBlocks: blocked roots (exact, case-insensitive, through the alias table, across expiries).
// A position is closed with its orders and one indefinite symbol lockout is set per root; an order is
// cancelled on arrival; a root removed from the list gets its lockout cleared (R11-5).
import { z } from 'zod'
import type { PlannedAction } from '../plan'
import { symbolMatches } from '../symbols'
import { NONE, finding, lockoutAction } from './common'
import { defineRule } from './types'

export const symbolBlocksSchema = z.object({
  enabled: z.boolean().default(true),
  blocked_symbols: z.array(z.string().min(1)).default([]),
  action: z.literal('CANCEL_ORDER').default('CANCEL_ORDER'),
  close_existing: z.boolean().default(true),
})

export const symbolBlocks = defineRule({
  id: 'symbol_blocks',
  schema: symbolBlocksSchema,
  evaluate(ctx, config) {
    const accountId = ctx.account.accountId
    const blocked = config.enabled ? config.blocked_symbols.map((s) => s.toUpperCase()) : []
    const plan: PlannedAction[] = []
    for (const lockout of Object.values(ctx.account.lockouts)) {
      if (lockout.ruleId === 'symbol_blocks' && lockout.scope.kind === 'symbol' && !blocked.includes(lockout.scope.root)) {
        plan.push({ ruleId: 'symbol_blocks', reason: `${lockout.scope.root} no longer blocked`, action: { kind: 'clear_lockout', accountId, ruleId: 'symbol_blocks', scope: lockout.scope } })
      }
    }
    if (!config.enabled) return plan.length ? { findings: [], plan } : NONE
    for (const root of blocked) {
      const reason = `BLOCKED SYMBOL – ${root} is blacklisted`
      const positions = Object.values(ctx.account.positions).filter((p) => symbolMatches(root, p.contractId, ctx.aliases))
      if (config.close_existing) {
        for (const p of positions) {
          plan.push({ ruleId: 'symbol_blocks', reason: `${reason} – position closed`, action: { kind: 'close_position', accountId, contractId: p.contractId } })
          plan.push({ ruleId: 'symbol_blocks', reason, action: { kind: 'cancel_all_orders', accountId, contractId: p.contractId } })
        }
      }
      for (const o of Object.values(ctx.account.orders)) {
        if (symbolMatches(root, o.contractId, ctx.aliases) && !ctx.account.positions[o.contractId]) plan.push({ ruleId: 'symbol_blocks', reason: `Order in blocked symbol ${root}`, action: { kind: 'cancel_order', accountId, orderId: o.orderId } })
      }
      if (positions.length > 0 && !ctx.account.lockouts[`symbol_blocks|symbol:${root}`]) plan.push(lockoutAction(ctx, 'symbol_blocks', { kind: 'symbol', root }, { kind: 'indefinite' }, reason))
    }
    const findings = blocked.map((root) => finding(ctx, 'symbol_blocks', { status: 'info', currentValue: null, limit: null, used: null, message: `${root} blocked`, subject: root }))
    return { findings, plan }
  },
})
