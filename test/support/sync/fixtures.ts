// Portfolio records for sync and mirror tests: the domain shape the gateway edge produces (enum values
// exactly as on the wire). Wire-shaped frames belong to the simulator and the normaliser's own tests.

import type { Account, Fill, Order, Position } from '../../../src/main/portfolio/model'

export const T0 = Date.UTC(2026, 10, 25, 14, 30)
export const iso = (ms: number): string => new Date(ms).toISOString()

export function account(over: Partial<Account> = {}): Account {
  return { id: 101, name: '50KTC-V2-1', balance: 50_000, canTrade: true, isVisible: true, simulated: true, ...over }
}

export function order(over: Partial<Order> = {}): Order {
  return {
    id: 9001,
    accountId: 101,
    contractId: 'CON.F.US.MES.Z26',
    symbolId: null,
    createdAt: T0,
    updatedAt: T0,
    status: 1,
    type: 1,
    side: 0,
    size: 2,
    limitPrice: 6000,
    stopPrice: null,
    fillVolume: 0,
    filledPrice: null,
    customTag: null,
    trailPrice: null,
    trailDistance: null,
    parentOrderId: null,
    linkedOrderId: null,
    ...over,
  }
}

export function position(over: Partial<Position> = {}): Position {
  return { id: 501, accountId: 101, contractId: 'CON.F.US.MES.Z26', contractDisplayName: 'MESZ26', openedAt: T0, type: 1, size: 2, averagePrice: 6000, ...over }
}

export function trade(over: Partial<Fill> = {}): Fill {
  return { id: 7001, accountId: 101, contractId: 'CON.F.US.MES.Z26', orderId: 9001, executedAt: T0, price: 6000, size: 1, side: 0, profitAndLoss: null, fees: 0.74, commissions: 0, voided: false, ...over }
}
