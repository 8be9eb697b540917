// Gateway-shaped fixtures for sync tests (field names and enum values exactly as on the wire).

import type { PxAccount, PxOrder, PxPosition, PxTrade } from '../../../src/shared/projectx/models'

export const T0 = Date.UTC(2026, 10, 25, 14, 30)
export const iso = (ms: number): string => new Date(ms).toISOString()

export function account(over: Partial<PxAccount> = {}): PxAccount {
  return { id: 101, name: '50KTC-V2-1', balance: 50_000, canTrade: true, isVisible: true, simulated: true, ...over }
}

export function order(over: Partial<PxOrder> = {}): PxOrder {
  return {
    id: 9001,
    accountId: 101,
    contractId: 'CON.F.US.MES.Z26',
    creationTimestamp: iso(T0),
    updateTimestamp: iso(T0),
    status: 1,
    type: 1,
    side: 0,
    size: 2,
    limitPrice: 6000,
    stopPrice: null,
    fillVolume: 0,
    filledPrice: null,
    customTag: null,
    ...over,
  }
}

export function position(over: Partial<PxPosition> = {}): PxPosition {
  return { id: 501, accountId: 101, contractId: 'CON.F.US.MES.Z26', contractDisplayName: 'MESZ26', creationTimestamp: iso(T0), type: 1, size: 2, averagePrice: 6000, ...over }
}

export function trade(over: Partial<PxTrade> = {}): PxTrade {
  return { id: 7001, accountId: 101, contractId: 'CON.F.US.MES.Z26', creationTimestamp: iso(T0), price: 6000, profitAndLoss: null, fees: 0.74, commissions: 0, side: 0, size: 1, voided: false, orderId: 9001, ...over }
}
