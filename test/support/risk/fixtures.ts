// Builders for the risk core's tests: events with realistic contract specs, zoned times, configs.
import { Temporal } from 'temporal-polyfill'
import { OrderSide, OrderStatus, OrderType } from '../../../src/shared/projectx/enums'
import { riskConfigSchema, type RiskConfig } from '../../../src/main/risk/config/schema'
import type { OrderEvent, PositionEvent, QuoteEvent, RiskEvent, TradeEvent } from '../../../src/main/risk/events'
import { replay } from '../../../src/main/risk/replay'

export const ACCOUNT = 7
export const MNQ = 'CON.F.US.MNQ.Z26'
export const ES = 'CON.F.US.EP.Z26'
export const ES_H27 = 'CON.F.US.EP.H27'
export const MES = 'CON.F.US.MES.Z26'
export const RTY_H25 = 'CON.F.US.RTY.H25'
export const RTY_M25 = 'CON.F.US.RTY.M25'

const SPECS: Record<string, { tickSize: number; tickValue: number }> = { MNQ: { tickSize: 0.25, tickValue: 0.5 }, EP: { tickSize: 0.25, tickValue: 12.5 }, MES: { tickSize: 0.25, tickValue: 1.25 }, RTY: { tickSize: 0.1, tickValue: 5 } }

/** Epoch ms of a wall-clock time in Chicago (or the zone given): at('2026-03-10T14:00'). */
export function at(local: string, zone = 'America/Chicago'): number {
  return Temporal.PlainDateTime.from(local).toZonedDateTime(zone).toInstant().epochMilliseconds
}

export function config(rules: Record<string, unknown>, rest: Record<string, unknown> = {}): RiskConfig {
  return riskConfigSchema.parse({ rules, ...rest })
}

let nextPositionId = 1
export function position(contractId: string, side: 'long' | 'short', size: number, averagePrice: number, when: number, openedAt = when): PositionEvent {
  const root = contractId.split('.')[3] ?? 'MNQ'
  const spec = SPECS[root] ?? { tickSize: 0.25, tickValue: 0.5 }
  return { kind: 'position', at: when, accountId: ACCOUNT, positionId: nextPositionId++, contractId, side, size, averagePrice, openedAt, ...spec }
}

export function trade(tradeId: number, profitAndLoss: number | null, when: number, extra: Partial<TradeEvent> = {}): TradeEvent {
  return { kind: 'trade', at: when, accountId: ACCOUNT, tradeId, orderId: tradeId, contractId: MNQ, executedAt: when, price: 21000, size: 1, side: OrderSide.Bid, profitAndLoss, fees: 0, commissions: 0, voided: false, sentByTiltguard: false, ...extra }
}

export function quote(contractId: string, lastPrice: number, when: number, quotedAt = when): QuoteEvent {
  return { kind: 'quote', at: when, contractId, lastPrice, quotedAt }
}

export function order(orderId: number, contractId: string, when: number, extra: Partial<OrderEvent> = {}): OrderEvent {
  return { kind: 'order', at: when, accountId: ACCOUNT, orderId, contractId, status: OrderStatus.Open, type: OrderType.Stop, side: OrderSide.Ask, size: 1, limitPrice: null, stopPrice: 20950, customTag: null, ...extra }
}

export function tick(when: number): RiskEvent {
  return { kind: 'tick', at: when }
}

/** Replay and return the last step. */
export function last(events: readonly RiskEvent[], cfg: RiskConfig) {
  const steps = replay(events, cfg)
  const final = steps[steps.length - 1]
  if (!final) throw new Error('no events')
  return final
}

export function kinds(result: ReturnType<typeof last>): string[] {
  return result.plans.flatMap((p) => p.actions.map((a) => a.action.kind))
}

export function account(result: ReturnType<typeof last>) {
  const a = result.state.accounts[ACCOUNT]
  if (!a) throw new Error('no account')
  return a
}
