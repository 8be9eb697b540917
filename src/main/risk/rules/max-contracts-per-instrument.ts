// RULE-002 MaxContractsPerInstrument: per-root limits aggregated across expiries (I-24); no lockout (R2-6).
import { z } from 'zod'
import type { PlannedAction } from '../plan'
import { symbolMatches, symbolOf } from '../symbols'
import type { PositionState } from '../state'
import { NONE, finding } from './common'
import { defineRule, type Finding } from './types'

export const maxContractsPerInstrumentSchema = z.object({
  enabled: z.boolean().default(true),
  limits: z.record(z.string(), z.number().int().positive()).default({}),
  enforcement: z.enum(['reduce_to_limit', 'close_all']).default('reduce_to_limit'),
  unknown_symbol_action: z.string().regex(/^(block|allow_unlimited|allow_with_limit:\d+)$/, 'expected block, allow_unlimited or allow_with_limit:N').default('block'),
})

export const maxContractsPerInstrument = defineRule({
  id: 'max_contracts_per_instrument',
  schema: maxContractsPerInstrumentSchema,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const byRoot = new Map<string, PositionState[]>()
    for (const p of Object.values(ctx.account.positions)) {
      const root = symbolOf(p.contractId, ctx.aliases)
      byRoot.set(root, [...(byRoot.get(root) ?? []), p])
    }
    const findings: Finding[] = []
    const plan: PlannedAction[] = []
    const accountId = ctx.account.accountId
    for (const [root, positions] of byRoot) {
      const size = positions.reduce((s, p) => s + p.size, 0)
      const listed = Object.entries(config.limits).find(([sym]) => positions.some((p) => symbolMatches(sym, p.contractId, ctx.aliases)))
      let limit: number | null
      let fullClose = config.enforcement === 'close_all'
      if (listed) limit = listed[1]
      else if (config.unknown_symbol_action === 'block') [limit, fullClose] = [0, true]
      else if (config.unknown_symbol_action === 'allow_unlimited') limit = null
      else limit = Number(config.unknown_symbol_action.split(':')[1])
      if (limit === null || size <= limit) {
        findings.push(finding(ctx, 'max_contracts_per_instrument', { currentValue: size, limit, message: `${root} ${size}/${limit ?? '∞'}`, subject: root }))
        continue
      }
      const reason = `${root} ${size} > ${limit}: reduced from ${size} to ${fullClose ? 0 : limit}`
      findings.push(finding(ctx, 'max_contracts_per_instrument', { status: 'breach', currentValue: size, limit, message: reason, subject: root }))
      let excess = size - limit
      for (const p of [...positions].sort((a, b) => b.size - a.size)) {
        if (!fullClose && excess <= 0) break
        if (fullClose || p.size <= excess) plan.push({ ruleId: 'max_contracts_per_instrument', reason, action: { kind: 'close_position', accountId, contractId: p.contractId } })
        else plan.push({ ruleId: 'max_contracts_per_instrument', reason, action: { kind: 'reduce_position', accountId, contractId: p.contractId, by: excess } })
        excess -= p.size
      }
    }
    return { findings, plan }
  },
})
