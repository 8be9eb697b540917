// Unit tests of the hub frame normalizer (SUB-3, S2, S7, DB-8); its records leave as domain records.
import { describe, expect, it } from 'vitest'
import { FrameNormalizer } from './frame-normalizer'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import type { Account, Fill, Order } from '../../portfolio/model'

// Real frames from the LIVELOG capture (spec projectx-api.md §6.3).
const ORDER = { id: 2934939764, accountId: 20258288, contractId: 'CON.F.US.MYM.M26', symbolId: 'F.US.MYM', creationTimestamp: '2026-05-06T13:36:03.4962794+00:00', updateTimestamp: '2026-05-06T13:36:03.4962794+00:00', status: 6, type: 2, side: 0, size: 15, fillVolume: 0 }
const TRADE = { id: 2555492505, accountId: 20258288, contractId: 'CON.F.US.MYM.M26', creationTimestamp: '2026-05-06T13:36:03.6185676+00:00', price: 49909, fees: 5.55, commissions: 3.75, side: 0, size: 15, voided: false, orderId: 2934939816 }
const POSITION = { id: 703034494, accountId: 20258288, contractId: 'CON.F.US.MYM.M26', contractDisplayName: 'MYMM26', creationTimestamp: '2026-05-06T13:36:03.6247335+00:00', type: 1, size: 15, averagePrice: 49909 }
const ACCOUNT = { id: 20258288, name: '150KTC-V2-478426-52758441', balance: 150175.38, canTrade: true, isVisible: true, simulated: true }

// The same records as the engine holds them: times in epoch ms (fraction cut to ms), left-out fields null.
const ORDER_RECORD: Order = {
  id: 2934939764, accountId: 20258288, contractId: 'CON.F.US.MYM.M26', symbolId: 'F.US.MYM',
  createdAt: Date.UTC(2026, 4, 6, 13, 36, 3, 496), updatedAt: Date.UTC(2026, 4, 6, 13, 36, 3, 496),
  status: 6, type: 2, side: 0, size: 15, limitPrice: null, stopPrice: null, fillVolume: 0, filledPrice: null,
  customTag: null, trailPrice: null, trailDistance: null, parentOrderId: null, linkedOrderId: null,
}
const TRADE_RECORD: Fill = {
  id: 2555492505, accountId: 20258288, contractId: 'CON.F.US.MYM.M26', orderId: 2934939816, executedAt: Date.UTC(2026, 4, 6, 13, 36, 3, 618),
  price: 49909, size: 15, side: 0, profitAndLoss: null, fees: 5.55, commissions: 3.75, voided: false,
}
const ACCOUNT_RECORD: Account = ACCOUNT

const make = () => {
  const log = new MemoryLogger()
  return { n: new FrameNormalizer('user', log), log }
}

describe('FrameNormalizer user hub', () => {
  it('SUB-3 accepts wrapped {action,data} and bare payloads alike', () => {
    const { n } = make()
    const wrapped = n.user('GatewayUserOrder', { action: 1, data: ORDER })
    const bare = n.user('GatewayUserOrder', ORDER)
    expect(wrapped).toEqual([{ kind: 'order', data: ORDER_RECORD }])
    expect(bare).toEqual(wrapped)
    expect(n.user('GatewayUserTrade', { action: 0, data: TRADE })).toEqual([{ kind: 'trade', data: TRADE_RECORD }])
    expect(n.user('GatewayUserPosition', { action: 1, data: POSITION })[0]?.kind).toBe('position')
    expect(n.user('GatewayUserAccount', { action: 1, data: ACCOUNT })).toEqual([{ kind: 'account', data: ACCOUNT_RECORD }])
    expect(n.stats().malformed).toBe(0)
  })

  it('SUB-3 accepts an array mixing wrapped and bare items, in order', () => {
    const { n } = make()
    const second = { ...ORDER, status: 2 }
    const out = n.user('GatewayUserOrder', [{ action: 1, data: ORDER }, second])
    expect(out.map((e) => (e.kind === 'order' ? e.data.status : -1))).toEqual([6, 2])
  })

  it('S2 gives an omitted and a null field alike as null, accepts a size-0 position and event names case-insensitively', () => {
    const { n } = make()
    const out = n.user('gatewayusertrade', { action: 0, data: { ...TRADE, profitAndLoss: null } })
    expect(out).toEqual([{ kind: 'trade', data: TRADE_RECORD }])
    expect(n.user('GatewayUserTrade', TRADE)).toEqual(out)
    const flat = n.user('GatewayUserPosition', { action: 1, data: { ...POSITION, size: 0 } })
    expect(flat[0]?.kind === 'position' && flat[0].data.size).toBe(0)
    // duplicates and reordering pass straight through: dedupe is the mirror's job (F23)
    expect(n.user('GatewayUserTrade', [TRADE, TRADE])).toHaveLength(2)
  })

  it('S7/DB-8 counts and skips garbage without throwing and keeps the good items of a batch', () => {
    const { n, log } = make()
    const garbage: unknown[] = [null, undefined, 42, 'x', [], {}, { action: 1 }, { action: 1, data: null }, { ...ORDER, id: 'abc' }, { ...ORDER, status: 99 }, { ...ORDER, creationTimestamp: 'yesterday' }, { ...TRADE, size: -1 }]
    for (const g of garbage) expect(() => n.user('GatewayUserOrder', g)).not.toThrow()
    const mixed = n.user('GatewayUserOrder', [ORDER, { bad: true }, null])
    expect(mixed).toHaveLength(1)
    expect(n.stats().malformed).toBeGreaterThanOrEqual(garbage.length - 1 + 2)
    expect(n.user('GatewaySomethingElse', ORDER)).toEqual([])
    expect(log.dump()).not.toContain('20258288') // values never logged
  })
})

describe('FrameNormalizer market hub', () => {
  const mk = () => new FrameNormalizer('market', new MemoryLogger())
  const Q = { symbol: 'F.US.EP', lastPrice: 2100.25, bestBid: 2100, bestAsk: 2100.5, timestamp: '2024-07-21T13:45:00.1234567Z' }

  it('S2 accepts (contractId, data) and one [contractId, data] list', () => {
    const n = mk()
    const a = n.market('GatewayQuote', ['CON.F.US.EP.U24', Q])
    const b = n.market('GatewayQuote', [['CON.F.US.EP.U24', Q]])
    expect(a).toEqual([{ kind: 'quote', contractId: 'CON.F.US.EP.U24', data: Q }])
    expect(b).toEqual(a)
  })

  it('S2 GatewayTrade and GatewayDepth accept a single object or an array, skipping null entries', () => {
    const n = mk()
    const print = { symbolId: 'F.US.EP', price: 2100.25, timestamp: '2024-07-21T13:45:00Z', type: 0, volume: 2 }
    expect(n.market('GatewayTrade', ['C', print])).toHaveLength(1)
    expect(n.market('GatewayTrade', ['C', [print, null, { ...print, type: 1 }]])).toHaveLength(2)
    const level = { timestamp: '2024-07-21T13:45:00Z', type: 6, price: 0, volume: 0, currentVolume: 0 }
    expect(n.market('GatewayDepth', ['C', [null, level, level]])).toHaveLength(2)
    expect(n.stats().malformed).toBe(0)
  })

  it('S7/DB-8 a crossed quote is accepted and flagged; garbage quotes are counted and skipped', () => {
    const n = mk()
    expect(n.market('GatewayQuote', ['C', { ...Q, bestBid: 2101, bestAsk: 2100 }])).toHaveLength(1)
    expect(n.stats().anomalies).toBe(1)
    expect(n.market('GatewayQuote', ['C', { lastPrice: 'abc' }])).toEqual([])
    expect(n.market('GatewayQuote', [42, Q])).toEqual([])
    expect(n.market('GatewayQuote', [])).toEqual([])
    expect(n.market('GatewayTrade', ['C', null])).toEqual([])
    expect(n.stats().malformed).toBe(4)
  })
})
