// RULE-008 NoStopLossGrace: a position must be covered by a stop within the grace period, counted from the
// position's creationTimestamp (R8-8). Any stop-type order on the closing side covering the size counts
// (I-30): breakeven and profit-locking stops included. Breach at elapsed ≥ grace (D-1); close that position only.
import { z } from 'zod'
import { OrderSide, OrderType } from '../../../shared/projectx/enums'
import type { PlannedAction } from '../plan'
import type { AccountState, PositionState } from '../state'
import { NONE, finding } from './common'
import { defineRule, type Finding } from './types'

export const noStopLossGraceSchema = z.object({
  enabled: z.boolean().default(true),
  grace_period_seconds: z.number().int().positive().default(30),
  action: z.literal('CLOSE_POSITION').default('CLOSE_POSITION'),
})

const STOP_TYPES: readonly number[] = [OrderType.StopLimit, OrderType.Stop, OrderType.TrailingStop]

/** The working stop orders protecting a position: closing side, stop type, same contract. */
export function protectiveStops(account: AccountState, position: PositionState): number[] {
  const closingSide = position.side === 'long' ? OrderSide.Ask : OrderSide.Bid
  return Object.values(account.orders)
    .filter((o) => o.contractId === position.contractId && o.side === closingSide && STOP_TYPES.includes(o.type))
    .map((o) => o.orderId)
}

export function isProtected(account: AccountState, position: PositionState): boolean {
  const covered = protectiveStops(account, position).reduce((s, id) => s + (account.orders[id]?.size ?? 0), 0)
  return covered >= position.size
}

export const noStopLossGrace = defineRule({
  id: 'no_stop_loss_grace',
  schema: noStopLossGraceSchema,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const findings: Finding[] = []
    const plan: PlannedAction[] = []
    const graceMs = config.grace_period_seconds * 1000
    for (const p of Object.values(ctx.account.positions)) {
      const elapsed = ctx.now - p.openedAt
      const ok = isProtected(ctx.account, p)
      const breach = !ok && elapsed >= graceMs
      const reason = `Position closed – no stop-loss within ${config.grace_period_seconds} s (${p.contractId})`
      findings.push(finding(ctx, 'no_stop_loss_grace', {
        status: breach ? 'breach' : ok ? 'ok' : 'warning', currentValue: Math.floor(elapsed / 1000), limit: config.grace_period_seconds,
        used: ok ? 0 : null, nextChangeAt: ok || breach ? null : p.openedAt + graceMs, message: ok ? 'protected' : breach ? reason : 'no stop yet', subject: p.contractId,
      }))
      if (breach) plan.push({ ruleId: 'no_stop_loss_grace', reason, action: { kind: 'close_position', accountId: ctx.account.accountId, contractId: p.contractId } })
    }
    return { findings, plan }
  },
})
