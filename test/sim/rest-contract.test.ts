// Contract suite, REST side: every PX_PATHS endpoint against spec §2–§3 (envelope, codes, statuses, ids).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PX_PATHS } from '../../src/shared/projectx'
import type { SimulatorHandle } from '../../src/sim/index'
import { MNQ, call, login, sim } from './helpers'

let s: SimulatorHandle
let token: string
let acct: number

beforeAll(async () => {
  s = await sim({ seed: 5 })
  token = await login(s)
  acct = s.accountIds[0] as number
})
afterAll(() => s.close())

const envelopeOk = { success: true, errorCode: 0, errorMessage: null }

describe('auth (spec §1.2–1.5)', () => {
  it('loginKey returns a JWT-shaped token with exp/iat/sub', async () => {
    const r = await call(s, PX_PATHS.loginKey, { userName: s.userName.toUpperCase(), apiKey: s.apiKey })
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject(envelopeOk)
    const parts = String(r.json.token).split('.')
    expect(parts).toHaveLength(3)
    const claims = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString()) as Record<string, number | string>
    expect(claims.sub).toBe(s.userName)
    expect(Number(claims.exp) - Number(claims.iat)).toBe(24 * 3600)
  })

  it('wrong key → HTTP 200 {token:null, success:false, errorCode:3}', async () => {
    const r = await call(s, PX_PATHS.loginKey, { userName: s.userName, apiKey: 'nope' })
    expect(r.status).toBe(200)
    expect(r.json).toEqual({ token: null, success: false, errorCode: 3, errorMessage: null })
  })

  it('missing field → 400 ProblemDetails, malformed JSON → 400', async () => {
    const r = await call(s, PX_PATHS.loginKey, { userName: 'x' })
    expect(r.status).toBe(400)
    expect(r.json).toMatchObject({ status: 400, title: expect.any(String), errors: { apiKey: expect.any(Array) } })
    expect(r.json.success).toBeUndefined()
    const bad = await call(s, PX_PATHS.placeOrder, '{"accountId":', token)
    expect(bad.status).toBe(400)
    const wrongType = await call(s, PX_PATHS.searchOpenOrders, { accountId: 'abc' }, token)
    expect(wrongType.status).toBe(400)
  })

  it('validate returns a fresh newToken and the old one stays valid', async () => {
    const r = await call(s, PX_PATHS.validate, undefined, token)
    expect(r.json).toMatchObject(envelopeOk)
    expect(typeof r.json.newToken).toBe('string')
    expect(r.json.newToken).not.toBe(token)
    expect((await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, token)).status).toBe(200)
    expect((await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, r.json.newToken as string)).status).toBe(200)
  })

  it('401 with empty body for missing, garbage and forged tokens', async () => {
    for (const t of [null, 'garbage', `${token.slice(0, -3)}abc`]) {
      const r = await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, t)
      expect(r.status).toBe(401)
      expect(r.text).toBe('')
    }
    expect((await call(s, PX_PATHS.validate, undefined, null)).status).toBe(401)
  })

  it('logout ends that token only', async () => {
    const t2 = await login(s)
    expect((await call(s, PX_PATHS.logout, undefined, t2)).json).toMatchObject(envelopeOk)
    expect((await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, t2)).status).toBe(401)
    expect((await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, token)).status).toBe(200)
  })

  it('tokens() lists issued tokens in order', () => {
    const list = s.control.tokens()
    expect(list[0]?.token).toBe(token)
    expect(list.map((t) => t.source)).toContain('validate')
  })
})

describe('routing (spec §2)', () => {
  it('ping is GET → "pong"; unknown path 404; wrong method 405', async () => {
    const ping = await call(s, PX_PATHS.ping, undefined, null, 'GET')
    expect(ping).toMatchObject({ status: 200, text: 'pong' })
    expect((await call(s, '/api/Position/search', { accountId: acct }, token)).status).toBe(404)
    expect((await call(s, PX_PATHS.searchAccounts, undefined, token, 'GET')).status).toBe(405)
    expect((await call(s, PX_PATHS.ping, {}, null, 'POST')).status).toBe(405)
  })
})

describe('accounts and contracts (§3.1–3.4)', () => {
  it('Account/search: 8-digit ids, all TradingAccountModel fields', async () => {
    const r = await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, token)
    const accounts = r.json.accounts as Array<Record<string, unknown>>
    expect(accounts).toHaveLength(2)
    for (const a of accounts) {
      expect(String(a.id)).toMatch(/^\d{8}$/)
      expect(Object.keys(a).sort()).toEqual(['balance', 'canTrade', 'id', 'isVisible', 'name', 'simulated'])
    }
  })

  it('Contract/search is fuzzy and capped at 20; searchById; available', async () => {
    const r = await call(s, PX_PATHS.searchContracts, { searchText: 'MNQ', live: false }, token)
    expect(r.json.contracts).toContainEqual({ id: MNQ, name: 'MNQZ6', description: expect.any(String), tickSize: 0.25, tickValue: 0.5, activeContract: true, symbolId: 'F.US.MNQ' })
    const es = await call(s, PX_PATHS.searchContracts, { searchText: 'ES', live: false }, token)
    const ids = (es.json.contracts as Array<{ symbolId: string }>).map((c) => c.symbolId)
    expect(ids).toContain('F.US.MES')
    const all = await call(s, PX_PATHS.searchContracts, { searchText: '', live: false }, token)
    expect((all.json.contracts as unknown[]).length).toBeLessThanOrEqual(20)
    const byId = await call(s, PX_PATHS.searchContractById, { contractId: 'CON.F.US.EP.Z26' }, token)
    expect(byId.json.contract).toMatchObject({ tickSize: 0.25, tickValue: 12.5, symbolId: 'F.US.EP' })
    const expired = await call(s, PX_PATHS.searchContractById, { contractId: 'CON.F.US.MNQ.U26' }, token)
    expect(expired.json.contract).toMatchObject({ activeContract: false })
    const missing = await call(s, PX_PATHS.searchContractById, { contractId: 'CON.F.US.NOPE.Z26' }, token)
    expect(missing.json).toMatchObject({ success: false, errorCode: 1, contract: null })
    const avail = await call(s, PX_PATHS.availableContracts, { live: false }, token)
    const table = Object.fromEntries((avail.json.contracts as Array<{ symbolId: string; tickSize: number; tickValue: number }>).map((c) => [c.symbolId, [c.tickSize, c.tickValue]]))
    expect(table).toMatchObject({ 'F.US.ENQ': [0.25, 5], 'F.US.RTY': [0.1, 5], 'F.US.M2K': [0.1, 0.5], 'F.US.YM': [1, 5], 'F.US.MYM': [1, 0.5], 'F.US.CLE': [0.01, 10], 'F.US.MCLE': [0.01, 1], 'F.US.GCE': [0.1, 10], 'F.US.MGC': [0.1, 1], 'F.US.MES': [0.25, 1.25] })
  })
})

describe('History/retrieveBars (§3.5)', () => {
  const req = (over: Record<string, unknown> = {}): Record<string, unknown> => {
    const now = s.control.now()
    return { contractId: MNQ, live: false, startTime: new Date(now - 3_600_000).toISOString(), endTime: new Date(now).toISOString(), unit: 2, unitNumber: 1, limit: 10, includePartialBar: false, ...over }
  }
  it('newest first; limit keeps the latest bars', async () => {
    const r = await call(s, PX_PATHS.retrieveBars, req(), token)
    const bars = r.json.bars as Array<{ t: string; o: number; h: number; l: number; c: number; v: number }>
    expect(bars).toHaveLength(10)
    const times = bars.map((b) => Date.parse(b.t))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    expect(Date.now() - (times[0] as number)).toBeLessThan(3 * 60_000)
    for (const b of bars) expect(b.h).toBeGreaterThanOrEqual(Math.max(b.o, b.c))
  })
  it('codes 1–4', async () => {
    expect((await call(s, PX_PATHS.retrieveBars, req({ contractId: 'X' }), token)).json.errorCode).toBe(1)
    expect((await call(s, PX_PATHS.retrieveBars, req({ unit: 9 }), token)).json.errorCode).toBe(2)
    expect((await call(s, PX_PATHS.retrieveBars, req({ unitNumber: 0 }), token)).json.errorCode).toBe(3)
    expect((await call(s, PX_PATHS.retrieveBars, req({ limit: 20_001 }), token)).json.errorCode).toBe(4)
  })
})

describe('orders, positions, trades (§3.6–3.15)', () => {
  it('place: int64 ids above 2^31, searchOpen/searchById/search/v2 query shapes', async () => {
    const lim = await call(s, PX_PATHS.placeOrder, { accountId: acct, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 20000, customTag: 'rest-1' }, token)
    expect(lim.json).toMatchObject(envelopeOk)
    const id = lim.json.orderId as number
    expect(id).toBeGreaterThan(2 ** 31)
    const open = await call(s, PX_PATHS.searchOpenOrders, { accountId: acct }, token)
    const order = (open.json.orders as Array<Record<string, unknown>>).find((o) => o.id === id)
    expect(order).toMatchObject({ id, accountId: acct, contractId: MNQ, status: 1, type: 1, side: 0, size: 1, limitPrice: 20000, stopPrice: null, filledPrice: null, customTag: 'rest-1', fillVolume: 0 })
    expect(order?.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/)
    expect((await call(s, PX_PATHS.searchOrderById, { accountId: acct, orderId: id }, token)).json.order).toMatchObject({ id })
    expect((await call(s, PX_PATHS.searchOrderById, { accountId: acct, orderId: 1 }, token)).json).toMatchObject({ success: false, errorCode: 1 })
    const since = new Date(s.control.now() - 60_000).toISOString()
    const found = await call(s, PX_PATHS.searchOrders, { accountId: acct, startTimestamp: since }, token)
    expect((found.json.orders as Array<{ id: number }>).map((o) => o.id)).toContain(id)
    const future = await call(s, PX_PATHS.searchOrders, { accountId: acct, startTimestamp: new Date(s.control.now() + 60_000).toISOString() }, token)
    expect(future.json.orders).toEqual([])
    const q = await call(s, PX_PATHS.queryOrders, { filter: { accountId: acct, statuses: [1, 8] }, includeTotalCount: true, sortBy: 1, sortDirection: 1 }, token)
    expect(q.json).toMatchObject({ success: true, totalCount: 1 })
    expect((await call(s, PX_PATHS.queryOrders, { filter: {} }, token)).status).toBe(400)
    expect((await call(s, PX_PATHS.searchOpenOrders, { accountId: 1 }, token)).json).toMatchObject({ success: false, errorCode: 1 })
    // modify and cancel
    expect((await call(s, PX_PATHS.modifyOrder, { accountId: acct, orderId: id, limitPrice: 19990 }, token)).json).toMatchObject(envelopeOk)
    expect((await call(s, PX_PATHS.searchOrderById, { accountId: acct, orderId: id }, token)).json.order).toMatchObject({ limitPrice: 19990 })
    expect((await call(s, PX_PATHS.cancelOrder, { accountId: acct, orderId: id }, token)).json).toMatchObject(envelopeOk)
    expect((await call(s, PX_PATHS.cancelOrder, { accountId: acct, orderId: id }, token)).json).toMatchObject({ success: false, errorCode: 2 })
    expect((await call(s, PX_PATHS.modifyOrder, { accountId: acct, orderId: id, size: 2 }, token)).json).toMatchObject({ success: false, errorCode: 2 })
    expect((await call(s, PX_PATHS.cancelOrder, { accountId: 1, orderId: id }, token)).json).toMatchObject({ success: false, errorCode: 1 })
  })

  it('place error codes: 1, 2 (size, duplicate tag, brackets), 8, 9', async () => {
    const base = { accountId: acct, contractId: MNQ, type: 2, side: 0, size: 1 }
    expect((await call(s, PX_PATHS.placeOrder, { ...base, accountId: 1 }, token)).json).toMatchObject({ success: false, errorCode: 1 })
    expect((await call(s, PX_PATHS.placeOrder, { ...base, size: 0 }, token)).json).toMatchObject({ success: false, errorCode: 2 })
    expect((await call(s, PX_PATHS.placeOrder, { ...base, contractId: 'CON.F.US.ZZZ.Z26' }, token)).json).toMatchObject({ success: false, errorCode: 8 })
    expect((await call(s, PX_PATHS.placeOrder, { ...base, contractId: 'CON.F.US.MNQ.U26' }, token)).json).toMatchObject({ success: false, errorCode: 9 })
    expect((await call(s, PX_PATHS.placeOrder, { ...base, customTag: 'rest-1' }, token)).json).toMatchObject({ success: false, errorCode: 2, errorMessage: expect.stringMatching(/tag/i) })
    const br = await call(s, PX_PATHS.placeOrder, { ...base, stopLossBracket: { ticks: -10, type: 4 } }, token)
    expect(br.json).toMatchObject({ success: false, errorCode: 2, errorMessage: 'Brackets cannot be used with Position Brackets. You must enable Auto OCO Brackets.' })
    expect(br.json.orderId).toBeGreaterThan(2 ** 31)
  })

  it('positions and trades after a round trip; close codes', async () => {
    expect((await call(s, PX_PATHS.placeOrder, { accountId: acct, contractId: 'CON.F.US.EP.Z26', type: 2, side: 1, size: 3 }, token)).json).toMatchObject(envelopeOk)
    const pos = await call(s, PX_PATHS.searchOpenPositions, { accountId: acct }, token)
    expect(pos.json.positions).toEqual([expect.objectContaining({ contractId: 'CON.F.US.EP.Z26', type: 2, size: 3, averagePrice: 6000, contractDisplayName: 'ESZ6' })])
    expect((await call(s, PX_PATHS.partialClosePosition, { accountId: acct, contractId: 'CON.F.US.EP.Z26', size: 4 }, token)).json).toMatchObject({ success: false, errorCode: 5 })
    expect((await call(s, PX_PATHS.partialClosePosition, { accountId: acct, contractId: 'CON.F.US.EP.Z26', size: 1 }, token)).json).toMatchObject(envelopeOk)
    expect((await call(s, PX_PATHS.closePosition, { accountId: acct, contractId: 'CON.F.US.EP.Z26' }, token)).json).toMatchObject(envelopeOk)
    expect((await call(s, PX_PATHS.closePosition, { accountId: acct, contractId: 'CON.F.US.EP.Z26' }, token)).json).toMatchObject({ success: false, errorCode: 2 })
    expect((await call(s, PX_PATHS.closePosition, { accountId: acct, contractId: 'NOPE' }, token)).json).toMatchObject({ success: false, errorCode: 3 })
    const trades = await call(s, PX_PATHS.searchTrades, { accountId: acct, startTimestamp: new Date(s.control.now() - 60_000).toISOString() }, token)
    const rows = trades.json.trades as Array<Record<string, unknown>>
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatchObject({ price: 6000, profitAndLoss: null, side: 1, size: 3, voided: false, fees: 4.2, commissions: 1.5 })
    expect(rows[0]?.id as number).toBeGreaterThan(2 ** 31)
    // bought back at the ask (6000.25): −1 tick × $12.50 per contract
    expect(rows[1]).toMatchObject({ price: 6000.25, profitAndLoss: -12.5, size: 1, side: 0 })
    expect(rows[2]).toMatchObject({ profitAndLoss: -25, size: 2 })
    const none = await call(s, PX_PATHS.searchTrades, { accountId: acct, startTimestamp: new Date(s.control.now() + 1000).toISOString() }, token)
    expect(none.json.trades).toEqual([])
    expect((await call(s, PX_PATHS.searchTrades, { accountId: 1, startTimestamp: new Date().toISOString() }, token)).json.errorCode).toBe(1)
  })
})

describe('rate limits (§7)', () => {
  it('429 with empty body over the per-token budget; bars have their own budget', async () => {
    const r = await sim({ rateLimits: { general: { limit: 5, windowMs: 60_000 }, bars: { limit: 2, windowMs: 30_000 } } })
    try {
      const t = await login(r) // login counts against the anonymous key, not the token
      const statuses: number[] = []
      for (let i = 0; i < 6; i++) statuses.push((await call(r, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, t)).status)
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
      const last = await call(r, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, t)
      expect(last).toMatchObject({ status: 429, text: '' })
      const bars = { contractId: MNQ, live: false, startTime: new Date(0).toISOString(), endTime: new Date().toISOString(), unit: 3, unitNumber: 1, limit: 1, includePartialBar: false }
      const b: number[] = []
      for (let i = 0; i < 3; i++) b.push((await call(r, PX_PATHS.retrieveBars, bars, t)).status)
      expect(b).toEqual([200, 200, 429])
      r.control.advanceClock({ ms: 60_001 })
      expect((await call(r, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, t)).status).toBe(200)
    } finally {
      await r.close()
    }
  })
})
