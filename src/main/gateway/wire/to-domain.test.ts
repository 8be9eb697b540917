// The gateway edge: wire records become domain records once, with epoch-ms times and explicit nulls.
import { describe, expect, it } from 'vitest'
import type { PxOrder, PxPosition, PxTrade } from '../../../shared/projectx/models'
import { accountFromWire, fillFromWire, orderFromWire, parseGatewayTime, positionFromWire, upgradeStored, WireFormatError } from './to-domain'

const AT = Date.UTC(2026, 10, 25, 14, 30, 0, 123)
const BIG_ID = 3_000_000_001 // above 2^31: ids must survive as plain numbers

const wireOrder: PxOrder = {
  id: BIG_ID,
  accountId: 7,
  contractId: 'CON.F.US.MES.Z26',
  creationTimestamp: '2026-11-25T14:30:00.1234567+00:00',
  status: 1,
  type: 1,
  side: 0,
  size: 2,
  limitPrice: 6000.25,
}
const wirePosition: PxPosition = {
  id: 11,
  accountId: 7,
  contractId: 'CON.F.US.MES.Z26',
  creationTimestamp: '2026-11-25T14:30:00.123Z',
  type: 1,
  size: 2,
  averagePrice: 6000.25,
}
const wireTrade: PxTrade = {
  id: BIG_ID + 1,
  accountId: 7,
  contractId: 'CON.F.US.MES.Z26',
  creationTimestamp: '2026-11-25T14:30:00.123Z',
  price: 6000.25,
  fees: 0.37,
  side: 0,
  size: 1,
  voided: false,
  orderId: BIG_ID,
}

describe('parseGatewayTime', () => {
  it("reads .NET's seven fractional digits as milliseconds and an offset as UTC", () => {
    expect(parseGatewayTime('2026-11-25T14:30:00.1234567+00:00')).toBe(AT)
    expect(parseGatewayTime('2026-11-25T09:30:00.123-05:00')).toBe(AT)
  })

  it('gives null for a missing, empty or unparseable time (never NaN)', () => {
    expect(parseGatewayTime(undefined)).toBeNull()
    expect(parseGatewayTime(null)).toBeNull()
    expect(parseGatewayTime('')).toBeNull()
    expect(parseGatewayTime('yesterday')).toBeNull()
  })
})

describe('wire → domain', () => {
  it('an order: epoch-ms times, every optional field present as null, the big id intact', () => {
    const o = orderFromWire(wireOrder)
    expect(o).toMatchObject({ id: BIG_ID, createdAt: AT, updatedAt: null, limitPrice: 6000.25, stopPrice: null })
    expect(o).toMatchObject({ fillVolume: null, filledPrice: null, customTag: null, symbolId: null, parentOrderId: null })
    expect(Object.values(o)).not.toContain(undefined)
  })

  it('a frame that leaves a field out and a REST reply that writes null give the same order', () => {
    expect(orderFromWire({ ...wireOrder, stopPrice: null, customTag: null, updateTimestamp: null })).toEqual(orderFromWire(wireOrder))
  })

  it('a position opens at its creation time; a fill keeps opening-fill P&L null and absent commissions 0', () => {
    expect(positionFromWire(wirePosition)).toMatchObject({ openedAt: AT, contractDisplayName: null, size: 2 })
    const f = fillFromWire(wireTrade)
    expect(f).toMatchObject({ executedAt: AT, profitAndLoss: null, commissions: 0, orderId: BIG_ID })
    expect(fillFromWire({ ...wireTrade, profitAndLoss: 0 }).profitAndLoss).toBe(0) // broke even ≠ no P&L
  })

  it('an account without `simulated` keeps null, so an update cannot overwrite what an earlier one said', () => {
    expect(accountFromWire({ id: 7, name: 'A', balance: 50_000, canTrade: true, isVisible: true }).simulated).toBeNull()
  })

  it('a live record whose required time does not parse is a typed WireFormatError naming the field, not the value', () => {
    const bad = () => fillFromWire({ ...wireTrade, creationTimestamp: 'garbage-secret' })
    expect(bad).toThrow(WireFormatError)
    expect(bad).toThrow('trade.creationTimestamp')
    expect(bad).not.toThrow(/garbage-secret/)
  })
})

describe('upgradeStored (rows and journal payloads of earlier versions)', () => {
  it('reads a wire-shaped record as the domain record the live path would give', () => {
    expect(upgradeStored.order(wireOrder, 1)).toEqual(orderFromWire(wireOrder))
    expect(upgradeStored.position(wirePosition, 1)).toEqual(positionFromWire(wirePosition))
    expect(upgradeStored.fill(wireTrade, 1)).toEqual(fillFromWire(wireTrade))
  })

  it('passes a domain-shaped record through unchanged', () => {
    const domain = fillFromWire(wireTrade)
    expect(upgradeStored.fill(domain, 1)).toBe(domain)
  })

  it("a stored record with an unparseable time takes the row's own time instead of stopping the load", () => {
    expect(upgradeStored.order({ ...wireOrder, creationTimestamp: 'x' }, 42).createdAt).toBe(42)
  })
})
