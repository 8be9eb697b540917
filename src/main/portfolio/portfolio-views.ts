// Mappers from the portfolio's account, position and order records to the UI views of
// PortfolioSnapshot, plus the customTag prefix that marks orders Tiltguard placed itself.

import type { AccountView, OrderView, PositionView } from '../../shared/domain/portfolio'
import type { Account, Order, Position } from './model'

/** Prefix of every customTag Tiltguard writes (`rm:{accountId}:{reason}:{ulid}`). */
export const TILTGUARD_TAG_PREFIX = 'rm:'

/** The views keep carrying ISO strings; from epoch ms they read UTC to the millisecond (no 7-digit .NET fraction). */
const isoOf = (ms: number): string => new Date(ms).toISOString()

export function toAccountView(a: Account): AccountView {
  return { id: a.id, name: a.name, balance: a.balance, canTrade: a.canTrade, simulated: a.simulated ?? false }
}

export function toPositionView(p: Position): PositionView {
  return {
    accountId: p.accountId,
    contractId: p.contractId,
    contractName: p.contractDisplayName,
    side: p.type === 2 ? 'short' : 'long',
    size: p.size,
    averagePrice: p.averagePrice,
    openedAt: isoOf(p.openedAt),
    lastPrice: null,
    unrealizedPnl: null,
    priceAgeMs: null,
    priceDelayed: false,
  }
}

export function toOrderView(o: Order): OrderView {
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
    limitPrice: o.limitPrice,
    stopPrice: o.stopPrice,
    filledPrice: o.filledPrice,
    customTag: o.customTag,
    createdAt: o.createdAt,
    placedByTiltguard: (o.customTag ?? '').startsWith(TILTGUARD_TAG_PREFIX),
    updatedAt: isoOf(o.updatedAt ?? o.createdAt),
  }
}
