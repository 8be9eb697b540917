// RULE-001 MaxContracts: cap total exposure. Breach at count > limit; close all or reduce largest first; no lockout.
import { z } from 'zod'
import type { PlannedAction } from '../plan'
import { NONE, finding } from './common'
import { defineRule } from './types'

export const maxContractsSchema = z.object({
  enabled: z.boolean().default(true),
  limit: z.number().int().positive().default(5),
  /** I-23: gross = Σ size (default); net = |Σ signed size| across contracts. */
  count_type: z.enum(['net', 'gross']).default('gross'),
  close_all: z.boolean().default(true),
  reduce_to_limit: z.boolean().default(false),
})

export const maxContracts = defineRule({
  id: 'max_contracts',
  schema: maxContractsSchema,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const positions = Object.values(ctx.account.positions)
    const count = config.count_type === 'gross'
      ? positions.reduce((s, p) => s + p.size, 0)
      : Math.abs(positions.reduce((s, p) => s + (p.side === 'long' ? p.size : -p.size), 0))
    const over = count > config.limit
    const reason = `Max contracts exceeded (${config.count_type}=${count}, limit=${config.limit}): ${count} > ${config.limit}`
    const f = finding(ctx, 'max_contracts', { status: over ? 'breach' : undefined, currentValue: count, limit: config.limit, message: over ? reason : `Max Contracts ${count}/${config.limit}` })
    if (!over) return { findings: [f], plan: [] }
    const accountId = ctx.account.accountId
    if (config.reduce_to_limit) {
      const plan: PlannedAction[] = []
      let remaining = count
      for (const p of [...positions].sort((a, b) => b.size - a.size)) {
        if (remaining <= config.limit) break
        plan.push({ ruleId: 'max_contracts', reason, action: { kind: 'close_position', accountId, contractId: p.contractId } })
        remaining -= p.size
      }
      return { findings: [f], plan }
    }
    return { findings: [f], plan: config.close_all ? [{ ruleId: 'max_contracts', reason, action: { kind: 'close_all', accountId } }] : [] }
  },
})
