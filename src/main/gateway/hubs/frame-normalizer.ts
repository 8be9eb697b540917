// Turns raw hub handler arguments into validated GatewayEvents: unwraps {action,data}, flattens arrays,
// drops omitted/null fields, counts malformed frames instead of throwing (SUB-3, DB-8, S2, S7). Accounts,
// orders, positions and fills leave as domain records (wire/to-domain.ts); market data stays wire-shaped.

import { z } from 'zod'
import type { GatewayEvent, HubName } from '../../ports/hub-events'
import type { Logger } from '../../ports/logger'
import type { PxAccount, PxDepth, PxMarketTrade, PxOrder, PxPosition, PxQuote, PxTrade } from '../../../shared/projectx/models'
import { PX_MARKET_HUB, PX_USER_HUB } from '../../../shared/projectx/endpoints'
import { accountFromWire, fillFromWire, orderFromWire, parseGatewayTime, positionFromWire } from '../wire/to-domain'

export const timestamp = z.string().refine((s) => parseGatewayTime(s) !== null, 'unparseable timestamp')
const int = z.number().int()
const num = z.number().finite()
const oneOf = <T extends number>(values: readonly T[]) => int.refine((v): v is T => (values as readonly number[]).includes(v), 'unknown enum value') as unknown as z.ZodType<T>

export const accountSchema = z.object({ id: int, name: z.string(), balance: num, canTrade: z.boolean(), isVisible: z.boolean(), simulated: z.boolean().optional() })
export const orderSchema = z.object({
  id: int,
  accountId: int,
  contractId: z.string().min(1),
  symbolId: z.string().optional(),
  creationTimestamp: timestamp,
  updateTimestamp: timestamp.optional(),
  status: oneOf([0, 1, 2, 3, 4, 5, 6, 7, 8] as const),
  type: oneOf([0, 1, 2, 3, 4, 5, 6, 7] as const),
  side: oneOf([0, 1] as const),
  size: num,
  limitPrice: num.optional(),
  stopPrice: num.optional(),
  fillVolume: num.optional(),
  filledPrice: num.optional(),
  customTag: z.string().optional(),
  trailPrice: num.optional(),
  trailDistance: num.optional(),
  parentOrderId: int.optional(),
  linkedOrderId: int.optional(),
})
export const positionSchema = z.object({
  id: int,
  accountId: int,
  contractId: z.string().min(1),
  contractDisplayName: z.string().optional(),
  creationTimestamp: timestamp,
  type: oneOf([0, 1, 2] as const),
  size: num.nonnegative(),
  averagePrice: num,
})
export const tradeSchema = z.object({
  id: int,
  accountId: int,
  contractId: z.string().min(1),
  creationTimestamp: timestamp,
  price: num,
  profitAndLoss: num.optional(),
  fees: num,
  commissions: num.optional(),
  side: oneOf([0, 1] as const),
  size: num.positive(),
  voided: z.boolean(),
  orderId: int,
})
const quoteSchema = z.object({
  symbol: z.string().optional(),
  symbolName: z.string().optional(),
  lastPrice: num.optional(),
  bestBid: num.optional(),
  bestAsk: num.optional(),
  change: num.optional(),
  changePercent: num.optional(),
  open: num.optional(),
  high: num.optional(),
  low: num.optional(),
  volume: num.optional(),
  lastUpdated: timestamp.optional(),
  timestamp: timestamp.optional(),
})
const marketTradeSchema = z.object({ symbolId: z.string(), price: num, timestamp, type: oneOf([0, 1] as const), volume: num })
const depthSchema = z.object({ timestamp, type: oneOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const), price: num, volume: num, currentVolume: num })

/** Counters exposed to health (HealthSnapshot.malformedFrames). */
export interface NormalizerStats {
  /** Frames or items rejected for structure (missing fields, wrong types, unknown enums). */
  readonly malformed: number
  /** Accepted items with a semantic anomaly (e.g. crossed quote). */
  readonly anomalies: number
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Null means "omitted" on the gateway: drop those keys so optional fields validate (spec §6.3). */
function dropNulls(v: unknown): unknown {
  if (!isRecord(v)) return v
  const out: Record<string, unknown> = {}
  for (const [k, val] of Object.entries(v)) if (val !== null && val !== undefined) out[k] = val
  return out
}

/** `{action, data}` → data; anything else unchanged. */
function unwrap(v: unknown): unknown {
  if (isRecord(v) && 'data' in v && 'action' in v) return v['data']
  return v
}

/** Logs at most this many malformed-frame lines per normalizer so garbage cannot flood the log. */
const MAX_DETAIL_LOGS = 20

/** Stateless apart from counters; one instance per hub supervisor. */
export class FrameNormalizer {
  private malformedCount = 0
  private anomalyCount = 0
  private logged = 0

  constructor(
    private readonly hub: HubName,
    private readonly logger: Logger,
  ) {}

  /** Current counters. */
  stats(): NormalizerStats {
    return { malformed: this.malformedCount, anomalies: this.anomalyCount }
  }

  /** Handles one user-hub event argument (bare, wrapped, or an array of either). */
  user(target: string, arg: unknown): GatewayEvent[] {
    const t = target.toLowerCase()
    const items = Array.isArray(arg) ? arg : [arg]
    const out: GatewayEvent[] = []
    for (const raw of items) {
      const data = dropNulls(unwrap(raw))
      // The schemas checked the timestamps, so the conversions cannot throw.
      if (t === PX_USER_HUB.onAccount.toLowerCase()) this.push(out, target, accountSchema, data, (d) => ({ kind: 'account', data: accountFromWire(d as PxAccount) }))
      else if (t === PX_USER_HUB.onOrder.toLowerCase()) this.push(out, target, orderSchema, data, (d) => ({ kind: 'order', data: orderFromWire(d as PxOrder) }))
      else if (t === PX_USER_HUB.onPosition.toLowerCase()) this.push(out, target, positionSchema, data, (d) => ({ kind: 'position', data: positionFromWire(d as PxPosition) }))
      else if (t === PX_USER_HUB.onTrade.toLowerCase()) this.push(out, target, tradeSchema, data, (d) => ({ kind: 'trade', data: fillFromWire(d as PxTrade) }))
      else this.malformed(target, 'unknown user-hub event')
    }
    return out
  }

  /** Handles market-hub handler arguments: `(contractId, data)` or one `[contractId, data]` list. */
  market(target: string, args: readonly unknown[]): GatewayEvent[] {
    let contractId: unknown = args[0]
    let payload: unknown = args[1]
    if (args.length === 1 && Array.isArray(args[0]) && args[0].length === 2) {
      contractId = args[0][0]
      payload = args[0][1]
    }
    if (typeof contractId !== 'string' || contractId.length === 0) {
      this.malformed(target, 'missing contractId')
      return []
    }
    const id = contractId
    const t = target.toLowerCase()
    const out: GatewayEvent[] = []
    payload = unwrap(payload)
    if (t === PX_MARKET_HUB.onQuote.toLowerCase()) {
      this.push(out, target, quoteSchema, dropNulls(payload), (d) => {
        const q = d as PxQuote
        if (q.bestBid !== undefined && q.bestAsk !== undefined && q.bestBid > q.bestAsk) this.anomaly(target, 'crossed quote', id)
        return { kind: 'quote', contractId: id, data: q }
      })
    } else if (t === PX_MARKET_HUB.onTrade.toLowerCase() || t === PX_MARKET_HUB.onDepth.toLowerCase()) {
      const isTrade = t === PX_MARKET_HUB.onTrade.toLowerCase()
      if (payload === null || payload === undefined) {
        this.malformed(target, 'missing data')
        return out
      }
      // Arrays are the observed shape; null entries inside them have been seen and are skipped.
      for (const item of Array.isArray(payload) ? payload : [payload]) {
        if (item === null || item === undefined) continue
        if (isTrade) this.push(out, target, marketTradeSchema, dropNulls(item), (d) => ({ kind: 'market-trade', contractId: id, data: d as PxMarketTrade }))
        else this.push(out, target, depthSchema, dropNulls(item), (d) => ({ kind: 'depth', contractId: id, data: d as PxDepth }))
      }
    } else this.malformed(target, 'unknown market-hub event')
    return out
  }

  private push(out: GatewayEvent[], target: string, schema: z.ZodType, data: unknown, make: (d: unknown) => GatewayEvent): void {
    const parsed = schema.safeParse(data)
    if (!parsed.success) {
      this.malformed(target, parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
      return
    }
    out.push(make(parsed.data))
  }

  private malformed(target: string, reason: string): void {
    this.malformedCount++
    // Only field paths and messages are logged, never payload values (they can carry account data).
    if (this.logged++ < MAX_DETAIL_LOGS) this.logger.warn('malformed hub frame skipped', { hub: this.hub, target, reason, total: this.malformedCount })
  }

  private anomaly(target: string, reason: string, contractId: string): void {
    this.anomalyCount++
    if (this.logged++ < MAX_DETAIL_LOGS) this.logger.info('hub frame anomaly accepted', { hub: this.hub, target, reason, contractId })
  }
}
