// RULE-012 TradeManagement: automation, never a close or a lock (R12-7). Breakeven moves the stop to
// entry ± offset once profit ≥ trigger; trailing keeps it distance ticks behind the best price once profit
// ≥ activation; optional initial stop. Stops only tighten; at most one modification per second (R12-6).
import { z } from 'zod'
import type { PlannedAction } from '../plan'
import { NONE, finding } from './common'
import { protectiveStops } from './no-stop-loss-grace'
import { defineRule, type Finding } from './types'

export const tradeManagementSchema = z.object({
  enabled: z.boolean().default(false),
  auto_breakeven: z.object({
    enabled: z.boolean().default(true),
    profit_trigger_ticks: z.number().int().positive().default(10),
    offset_ticks: z.number().int().min(0).default(0),
    respect_manual_stops: z.boolean().default(false),
  }).default({ enabled: true, profit_trigger_ticks: 10, offset_ticks: 0, respect_manual_stops: false }),
  trailing_stop: z.object({
    enabled: z.boolean().default(true),
    activation_ticks: z.number().int().positive().default(20),
    trail_distance_ticks: z.number().int().positive().default(10),
  }).default({ enabled: true, activation_ticks: 20, trail_distance_ticks: 10 }),
  auto_stop_loss: z.object({
    enabled: z.boolean().default(false),
    stop_loss_ticks: z.number().int().positive().default(10),
  }).default({ enabled: false, stop_loss_ticks: 10 }),
})

const MIN_MODIFY_INTERVAL_MS = 1_000

function onGrid(price: number, tick: number): number {
  return Math.round(Math.round(price / tick) * tick * 1e6) / 1e6
}

export const tradeManagement = defineRule({
  id: 'trade_management',
  schema: tradeManagementSchema,
  automation: true,
  evaluate(ctx, config) {
    if (!config.enabled) return NONE
    const findings: Finding[] = []
    const plan: PlannedAction[] = []
    const accountId = ctx.account.accountId
    for (const p of Object.values(ctx.account.positions)) {
      const dir = p.side === 'long' ? 1 : -1
      const tighter = (a: number, b: number): boolean => (a - b) * dir > 1e-9
      const peak = ctx.account.peakProfitTicks[p.contractId] ?? 0
      let desired: number | null = null
      const consider = (price: number): void => {
        const onTick = onGrid(price, p.tickSize)
        if (desired === null || tighter(onTick, desired)) desired = onTick
      }
      if (config.auto_stop_loss.enabled) consider(p.averagePrice - dir * config.auto_stop_loss.stop_loss_ticks * p.tickSize)
      if (config.auto_breakeven.enabled && peak >= config.auto_breakeven.profit_trigger_ticks) consider(p.averagePrice + dir * config.auto_breakeven.offset_ticks * p.tickSize)
      if (config.trailing_stop.enabled && peak >= config.trailing_stop.activation_ticks) {
        const best = p.averagePrice + dir * Math.floor(peak + 1e-9) * p.tickSize
        consider(best - dir * config.trailing_stop.trail_distance_ticks * p.tickSize)
      }
      if (desired === null) continue
      const target: number = desired
      const stopIds = protectiveStops(ctx.account, p)
      const stop = stopIds.length ? ctx.account.orders[stopIds[0] ?? -1] : undefined
      const managed = ctx.account.managedStops[p.contractId]
      const current = stop?.stopPrice ?? managed?.stopPrice ?? null
      findings.push(finding(ctx, 'trade_management', { status: 'info', currentValue: current, limit: target, used: null, message: `managed stop ${target}`, subject: p.contractId }))
      if (current !== null && !tighter(target, current)) continue
      if (managed?.lastModifiedAt !== undefined && managed.lastModifiedAt !== null && ctx.now - managed.lastModifiedAt < MIN_MODIFY_INTERVAL_MS) continue
      const reason = `Stop to ${target} on ${p.contractId} (${Math.floor(peak)} ticks in profit)`
      if (stop) {
        const manual = stop.customTag === null || !stop.customTag.startsWith('tiltguard')
        if (manual && config.auto_breakeven.respect_manual_stops) continue
        plan.push({ ruleId: 'trade_management', reason, action: { kind: 'modify_stop', accountId, orderId: stop.orderId, stopPrice: target } })
      } else {
        plan.push({ ruleId: 'trade_management', reason, action: { kind: 'place_stop', accountId, contractId: p.contractId, side: p.side === 'long' ? 'sell' : 'buy', size: p.size, stopPrice: target } })
      }
    }
    return { findings, plan }
  },
})
