// Mappers from the gateway's account, position and order records to the UI views of
// PortfolioSnapshot, plus the customTag prefix that marks orders Tiltguard placed itself.

import type { AccountView, OrderView, PositionView } from '../../shared/domain/portfolio'
import type { PxAccount, PxOrder, PxPosition } from '../../shared/projectx/models'

/** Prefix of every customTag Tiltguard writes (`rm:{accountId}:{reason}:{ulid}`). */
export const TILTGUARD_TAG_PREFIX = 'rm:'

export function toAccountView(a: PxAccount): AccountView {
  return { id: a.id, name: a.name, balance: a.balance, canTrade: a.canTrade, simulated: a.simulated ?? false }
}

export function toPositionView(p: PxPosition): PositionView {
  return {
    accountId: p.accountId,
    contractId: p.contractId,
    contractName: p.contractDisplayName ?? null,
    side: p.type === 2 ? 'short' : 'long',
    size: p.size,
    averagePrice: p.averagePrice,
    openedAt: p.creationTimestamp,
    lastPrice: null,
    unrealizedPnl: null,
    priceAgeMs: null,
    priceDelayed: false,
  }
}

export function toOrderView(o: PxOrder): OrderView {
  return {
    id: o.id,
    accountId: o.accountId,
    contractId: o.contractId,
    contractName: o.contractId,
    status: o.status,
    type: o.type,
    side: o.side,
    size: o.size,
    fillVolume: o.fillVolume ?? 0,
    limitPrice: o.limitPrice ?? null,
    stopPrice: o.stopPrice ?? null,
    filledPrice: o.filledPrice ?? null,
    customTag: o.customTag ?? null,
    createdAt: Date.parse(o.creationTimestamp),
    placedByTiltguard: (o.customTag ?? '').startsWith(TILTGUARD_TAG_PREFIX),
    updatedAt: o.updateTimestamp ?? o.creationTimestamp,
  }
}
