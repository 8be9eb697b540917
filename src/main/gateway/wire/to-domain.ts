// The one place wire records become domain records (portfolio/model.ts). Hub frames and REST replies are
// validated first (the zod schemas in hubs/frame-normalizer.ts, reused by rest/reply-schemas.ts) and then
// converted here, so both give the same domain object whether the gateway left a null field out (hubs) or
// wrote it as null (REST). Also reads records earlier versions stored in wire shape (store rows, journal).

import type { PxAccount, PxOrder, PxPosition, PxTrade } from '../../../shared/projectx/models'
import type { Account, Fill, Order, Position } from '../../portfolio/model'

/**
 * Parses a gateway timestamp. .NET writes 7 fractional digits, which ECMAScript's date format does not
 * guarantee, so the fraction is trimmed to milliseconds first. Null when absent or unparseable.
 */
export function parseGatewayTime(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'))
  return Number.isNaN(ms) ? null : ms
}

/** A record that passed no validation and cannot be converted: a required timestamp does not parse. */
export class WireFormatError extends Error {
  constructor(
    readonly record: 'order' | 'position' | 'trade',
    readonly field: string,
  ) {
    // Field names only, never values: records carry account data.
    super(`${record}.${field}: unparseable timestamp`)
    this.name = 'WireFormatError'
  }
}

/**
 * What to do with a required timestamp that does not parse: throw a WireFormatError (live records, which
 * the schemas already checked), or use this epoch ms (stored records, see `upgradeStored`).
 */
type Fallback = number | undefined

function requiredTime(value: string, record: WireFormatError['record'], field: string, fallback: Fallback): number {
  const ms = parseGatewayTime(value)
  if (ms !== null) return ms
  if (fallback === undefined) throw new WireFormatError(record, field)
  return fallback
}

export function accountFromWire(a: PxAccount): Account {
  return { id: a.id, name: a.name, balance: a.balance, canTrade: a.canTrade, isVisible: a.isVisible, simulated: a.simulated ?? null }
}

export function orderFromWire(o: PxOrder, fallbackAt?: number): Order {
  return {
    id: o.id,
    accountId: o.accountId,
    contractId: o.contractId,
    symbolId: o.symbolId ?? null,
    createdAt: requiredTime(o.creationTimestamp, 'order', 'creationTimestamp', fallbackAt),
    updatedAt: parseGatewayTime(o.updateTimestamp),
    status: o.status,
    type: o.type,
    side: o.side,
    size: o.size,
    limitPrice: o.limitPrice ?? null,
    stopPrice: o.stopPrice ?? null,
    fillVolume: o.fillVolume ?? null,
    filledPrice: o.filledPrice ?? null,
    customTag: o.customTag ?? null,
    trailPrice: o.trailPrice ?? null,
    trailDistance: o.trailDistance ?? null,
    parentOrderId: o.parentOrderId ?? null,
    linkedOrderId: o.linkedOrderId ?? null,
  }
}

export function positionFromWire(p: PxPosition, fallbackAt?: number): Position {
  return {
    id: p.id,
    accountId: p.accountId,
    contractId: p.contractId,
    contractDisplayName: p.contractDisplayName ?? null,
    openedAt: requiredTime(p.creationTimestamp, 'position', 'creationTimestamp', fallbackAt),
    type: p.type,
    size: p.size,
    averagePrice: p.averagePrice,
  }
}

export function fillFromWire(t: PxTrade, fallbackAt?: number): Fill {
  return {
    id: t.id,
    accountId: t.accountId,
    contractId: t.contractId,
    orderId: t.orderId,
    executedAt: requiredTime(t.creationTimestamp, 'trade', 'creationTimestamp', fallbackAt),
    price: t.price,
    size: t.size,
    side: t.side,
    profitAndLoss: t.profitAndLoss ?? null,
    fees: t.fees,
    commissions: t.commissions ?? 0,
    voided: t.voided,
  }
}

/** Wire-shaped records carry `creationTimestamp`; no domain record has it. */
function isWireShaped(record: object): boolean {
  return 'creationTimestamp' in record
}

/**
 * Records persisted by earlier versions (portfolio rows, journal payloads) hold the wire shape; newer ones
 * the domain shape. Each reader takes either and gives the domain shape. Wire-shaped ones were validated
 * when they arrived; should a timestamp still not parse, `fallbackAt` stands in (the row's own time), as
 * the store's key columns always did, so one odd row cannot stop a start-up or a replay.
 */
export const upgradeStored = {
  // Wire and domain accounts differ only in `simulated` being optional; normalising either is the same.
  account: (record: object): Account => accountFromWire(record as PxAccount),
  order: (record: object, fallbackAt: number): Order => (isWireShaped(record) ? orderFromWire(record as PxOrder, fallbackAt) : (record as Order)),
  position: (record: object, fallbackAt: number): Position =>
    isWireShaped(record) ? positionFromWire(record as PxPosition, fallbackAt) : (record as Position),
  fill: (record: object, fallbackAt: number): Fill => (isWireShaped(record) ? fillFromWire(record as PxTrade, fallbackAt) : (record as Fill)),
} as const
