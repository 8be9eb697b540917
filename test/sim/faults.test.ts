// Every fault switch, observed on the wire (resilience.md F1–F26, T1–T5, I1, S1–S7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PX_PATHS } from '../../src/shared/projectx'
import type { SimulatorHandle } from '../../src/sim/index'
import { MNQ, call, connectHub, data, login, rawHub, sim, sleep, until, upgradeStatus } from './helpers'

let s: SimulatorHandle
let token: string
let acct: number
beforeAll(async () => {
  s = await sim({ pingIntervalMs: 25 })
  token = await login(s)
  acct = s.accountIds[0] as number
})
afterAll(() => s.close())

const place = (over: Record<string, unknown> = {}) => call(s, PX_PATHS.placeOrder, { accountId: acct, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 20000, ...over }, token)

describe('hub socket faults (F9, F10, F11, F12, F14, F15, F18)', () => {
  it('F10: TCP reset, clean close frame {type:7, allowReconnect:true}, close code 1011', async () => {
    const a = await rawHub(s.userHubUrl, { header: token })
    s.control.dropHubs({ mode: 'reset', hub: 'user' })
    expect((await a.closed).code).toBe(1006)
    const b = await rawHub(s.userHubUrl, { header: token })
    s.control.dropHubs({ mode: 'close' })
    expect((await b.closed).code).toBe(1000)
    expect(b.records.at(-1)).toEqual({ type: 7, allowReconnect: true })
    const c = await rawHub(s.marketHubUrl, { header: token })
    expect(s.control.dropHubs({ mode: 'error1011', hub: 'market' })).toBe(1)
    expect((await c.closed).code).toBe(1011)
  })

  it('F9: drop after N more frames while the books keep changing', async () => {
    const h = await connectHub(s.userHubUrl, token)
    await h.conn.invoke('SubscribeOrders', acct)
    let closed = false
    h.conn.onclose(() => {
      closed = true
    })
    s.control.dropHubs({ mode: 'reset', hub: 'user', afterFrames: 3 })
    for (let i = 0; i < 5; i++) s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 20000 + i })
    await until(() => closed)
    expect(h.events.length).toBe(3)
    expect(s.control.orders({ accountId: acct, openOnly: true }).length).toBeGreaterThanOrEqual(5)
  })

  it('F14/F15: refuse hub connects for N ms with a status, then accept', async () => {
    s.control.refuseHubConnects({ ms: 150, status: 503 })
    expect(await upgradeStatus(s.userHubUrl, { authorization: `Bearer ${token}` })).toBe(503)
    const neg = await fetch(`${s.marketHubUrl}/negotiate?negotiateVersion=1`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    expect(neg.status).toBe(503)
    await sleep(170)
    expect(await upgradeStatus(s.userHubUrl, { authorization: `Bearer ${token}` })).toBe(0)
    s.control.refuseHubConnects({ ms: 100, status: 401, hub: 'market' })
    expect(await upgradeStatus(s.marketHubUrl, { authorization: `Bearer ${token}` })).toBe(401)
    expect(await upgradeStatus(s.userHubUrl, { authorization: `Bearer ${token}` })).toBe(0)
    expect(s.control.hubLog().filter((l) => !l.accepted).map((l) => l.status)).toEqual(expect.arrayContaining([503, 401]))
    await sleep(110)
  })

  it('F11: silent stall (socket open, no pings, invocations ignored)', async () => {
    const h = await rawHub(s.userHubUrl, { header: token })
    await until(() => h.records.some((r) => r.type === 6))
    s.control.stallHubs({ stalled: true, hub: 'user' })
    await sleep(30)
    const n = h.records.length
    h.send({ type: 1, invocationId: 'x', target: 'SubscribeAccounts', arguments: [] })
    await sleep(100)
    expect(h.records.length).toBe(n)
    expect(h.ws.readyState).toBe(h.ws.OPEN)
    s.control.stallHubs({ stalled: false })
    await until(() => h.records.length > n)
    h.ws.close()
  })

  it('F12: half-dead feed (quotes stop, pings continue)', async () => {
    const h = await rawHub(s.marketHubUrl, { header: token })
    h.send({ type: 1, invocationId: '1', target: 'SubscribeContractQuotes', arguments: [MNQ] })
    await until(() => h.records.some((r) => r.type === 3))
    s.control.stopQuotes({ stopped: true })
    h.records.length = 0
    s.control.stepMarket({ contractId: MNQ, steps: 3 })
    await sleep(80)
    expect(h.records.some((r) => r.type === 6)).toBe(true)
    expect(h.records.some((r) => r.target === 'GatewayQuote')).toBe(false)
    s.control.stopQuotes({ stopped: false })
    s.control.setQuote({ contractId: MNQ, bid: 21001, ask: 21001.25 })
    await until(() => h.records.some((r) => r.target === 'GatewayQuote'))
    h.ws.close()
  })

  it('F18: Subscribe* ignored for N ms, or answered with an error completion', async () => {
    const h = await rawHub(s.userHubUrl, { header: token })
    s.control.subscribeFaults({ hub: 'user', ignoreMs: 100 })
    h.send({ type: 1, invocationId: 'a', target: 'SubscribeAccounts', arguments: [] })
    await sleep(50)
    expect(h.records.some((r) => r.invocationId === 'a')).toBe(false)
    await sleep(60)
    s.control.subscribeFaults({ hub: 'user', errorCount: 1 })
    h.send({ type: 1, invocationId: 'b', target: 'SubscribeAccounts', arguments: [] }, { type: 1, invocationId: 'c', target: 'SubscribeAccounts', arguments: [] })
    await until(() => h.records.some((r) => r.invocationId === 'c'))
    expect(h.records.find((r) => r.invocationId === 'b')).toMatchObject({ error: expect.any(String) })
    expect(h.records.find((r) => r.invocationId === 'c')).toEqual({ type: 3, invocationId: 'c' })
    h.ws.close()
  })
})

describe('user event faults (F23, S2)', () => {
  it('duplicate, reorder and delay user events; GatewayLogout', async () => {
    const h = await connectHub(s.userHubUrl, token)
    await h.conn.invoke('SubscribeOrders', acct)
    s.control.userEventFaults({ duplicate: 1 })
    s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 20050 })
    await until(() => h.events.length >= 3)
    expect(h.events.map((e) => data(e.args[0]).status)).toEqual([6, 6, 1])
    h.events.length = 0
    s.control.userEventFaults({ reorder: 2 })
    s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 20051 })
    await until(() => h.events.length >= 2)
    expect(h.events.map((e) => data(e.args[0]).status)).toEqual([1, 6])
    h.events.length = 0
    s.control.userEventFaults({ delayMs: 80 })
    s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 20052 })
    await sleep(30)
    expect(h.events).toHaveLength(0)
    await until(() => h.events.length === 2)
    s.control.userEventFaults({ delayMs: 0 })
    expect(s.control.sendLogout()).toBe(1)
    await until(() => h.events.some((e) => e.target === 'GatewayLogout'))
    await h.conn.stop()
  })
})

describe('REST faults (F3–F8, F19, F20, F22, T1, T5, I1, S3, S4)', () => {
  it('429/500/503 for the next N requests, filtered by path', async () => {
    s.control.failRequests({ kind: 500, count: 2, path: '/api/Order/searchOpen' })
    const body = { accountId: acct }
    expect((await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, token)).status).toBe(200)
    const st: number[] = []
    for (let i = 0; i < 3; i++) st.push((await call(s, PX_PATHS.searchOpenOrders, body, token)).status)
    expect(st).toEqual([500, 500, 200])
    s.control.failRequests({ kind: 429, count: 1 })
    s.control.failRequests({ kind: 503, count: 1 })
    expect((await call(s, PX_PATHS.searchOpenOrders, body, token)).status).toBe(429)
    expect((await call(s, PX_PATHS.searchOpenOrders, body, token)).status).toBe(503)
    expect((await call(s, PX_PATHS.searchOpenOrders, body, token)).status).toBe(200)
    s.control.failRequests({ kind: 503, fraction: 0.5, count: 100 })
    const mixed: number[] = []
    for (let i = 0; i < 20; i++) mixed.push((await call(s, PX_PATHS.searchOpenOrders, body, token)).status)
    expect(mixed).toContain(503)
    expect(mixed).toContain(200)
    s.control.clearRequestFaults()
  })

  it('T1/I1/F22: reply lost after commit (order exists) vs lost before commit (no order)', async () => {
    s.control.failRequests({ kind: 'lostAfterCommit', count: 1, path: PX_PATHS.placeOrder })
    await expect(place({ customTag: 'lost-after' })).rejects.toThrow()
    expect(s.control.orders().filter((o) => o.customTag === 'lost-after')).toHaveLength(1)
    expect((await place({ customTag: 'lost-after' })).json).toMatchObject({ success: false, errorCode: 2 }) // S6
    s.control.failRequests({ kind: 'lostBeforeCommit', count: 1, path: PX_PATHS.placeOrder })
    await expect(place({ customTag: 'lost-before' })).rejects.toThrow()
    expect(s.control.orders().filter((o) => o.customTag === 'lost-before')).toHaveLength(0)
    expect(s.control.requestLog({ path: PX_PATHS.placeOrder }).slice(-3).map((r) => r.outcome)).toEqual(['reset', 'answered', 'reset'])
    expect(s.control.requestLog({ path: PX_PATHS.placeOrder }).filter((r) => r.outcome === 'reset')).toHaveLength(2)
  })

  it('S3/F20: timeout hangs until the client gives up; latency per path', async () => {
    s.control.failRequests({ kind: 'timeout', count: 1, path: PX_PATHS.searchOpenPositions })
    const hang = fetch(s.restUrl + PX_PATHS.searchOpenPositions, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ accountId: acct }), signal: AbortSignal.timeout(100) })
    await expect(hang).rejects.toThrow()
    expect(s.control.requestLog({ path: PX_PATHS.searchOpenPositions }).at(-1)).toMatchObject({ outcome: 'hang', status: 0 })
    s.control.setLatency({ ms: 400, path: PX_PATHS.searchOpenPositions })
    const slow = fetch(s.restUrl + PX_PATHS.searchOpenPositions, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ accountId: acct }), signal: AbortSignal.timeout(50) })
    await expect(slow).rejects.toThrow()
    expect((await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, token)).status).toBe(200)
    s.control.setLatency({ ms: 0 })
    expect((await call(s, PX_PATHS.searchOpenPositions, { accountId: acct }, token)).status).toBe(200)
  })

  it('S4: rate limits can be lowered at runtime', async () => {
    s.control.setRateLimits({ general: { limit: 2, windowMs: 60_000 } })
    const st: number[] = []
    for (let i = 0; i < 3; i++) st.push((await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, token)).status)
    expect(st).toEqual([200, 200, 429])
    s.control.setRateLimits({ general: { limit: 200, windowMs: 60_000 } })
  })

  it('F7 and friends: loginKey fails with errorCode 3/7/9/10', async () => {
    for (const code of [3, 7, 9, 10]) {
      s.control.failLogin({ errorCode: code, count: 1 })
      const r = await call(s, PX_PATHS.loginKey, { userName: s.userName, apiKey: s.apiKey })
      expect(r.json).toMatchObject({ token: null, success: false, errorCode: code })
    }
    expect((await call(s, PX_PATHS.loginKey, { userName: s.userName, apiKey: s.apiKey })).json.success).toBe(true)
  })

  it('F3/F5/F6: validate fails with HTTP 500/503 or success:false', async () => {
    s.control.failValidate({ mode: 500, count: 1 })
    expect((await call(s, PX_PATHS.validate, undefined, token)).status).toBe(500)
    s.control.failValidate({ mode: 503, count: 1 })
    expect((await call(s, PX_PATHS.validate, undefined, token)).status).toBe(503)
    s.control.failValidate({ mode: 'envelope', errorCode: 1, count: 1 })
    expect((await call(s, PX_PATHS.validate, undefined, token)).json).toMatchObject({ success: false, errorCode: 1, newToken: null })
    expect((await call(s, PX_PATHS.validate, undefined, token)).json.success).toBe(true)
  })
})

describe('session faults (F1, F8, F21, T2)', () => {
  it('expireTokens: REST 401 and validate 401; a new login works', async () => {
    const t = await login(s)
    s.control.expireTokens()
    expect((await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, t)).status).toBe(401)
    expect((await call(s, PX_PATHS.validate, undefined, t)).status).toBe(401)
    token = await login(s)
    expect((await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, token)).status).toBe(200)
  })

  it('advanceClock expires tokens by TTL (F21)', async () => {
    const short = await sim({ tokenTtlMs: 5_000 })
    try {
      const t = await login(short)
      short.control.advanceClock({ ms: 4_000 })
      const v = await call(short, PX_PATHS.validate, undefined, t)
      short.control.advanceClock({ ms: 1_500 })
      expect((await call(short, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, t)).status).toBe(401)
      expect((await call(short, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, v.json.newToken as string)).status).toBe(200)
    } finally {
      await short.close()
    }
  })

  it('F8: revokeSession → REST 401, validate code 1, GatewayLogout, hub closed', async () => {
    const h = await rawHub(s.userHubUrl, { header: token })
    s.control.revokeSession()
    const closed = await h.closed
    expect(closed.code).toBe(1000)
    const targets = h.records.map((r) => r.target ?? `type${String(r.type)}`)
    expect(targets).toContain('GatewayLogout')
    expect(h.records.at(-1)).toMatchObject({ type: 7 })
    expect((await call(s, PX_PATHS.searchAccounts, { onlyActiveAccounts: true }, token)).status).toBe(401)
    expect((await call(s, PX_PATHS.validate, undefined, token)).json).toMatchObject({ success: false, errorCode: 1 })
    expect(await upgradeStatus(s.userHubUrl, { authorization: `Bearer ${token}` })).toBe(401)
    token = await login(s)
  })
})

describe('garbage frames (S7)', () => {
  it('injects missing fields, wrong types, crossed quotes, null depth, unknown targets, malformed JSON', async () => {
    const u = await rawHub(s.userHubUrl, { header: token })
    const m = await rawHub(s.marketHubUrl, { header: token })
    for (const kind of ['missingFields', 'wrongTypes', 'unknownTarget'] as const) s.control.injectGarbage({ kind })
    for (const kind of ['crossedQuote', 'nullDepth'] as const) s.control.injectGarbage({ kind, contractId: MNQ })
    await until(() => u.records.filter((r) => r.type === 1).length >= 3 && m.records.filter((r) => r.type === 1).length >= 2)
    const order = u.records.find((r) => r.target === 'GatewayUserOrder') as { arguments: Array<{ data: Record<string, unknown> }> }
    expect(order.arguments[0]?.data.id).toBeUndefined()
    const trade = u.records.find((r) => r.target === 'GatewayUserTrade') as { arguments: Array<{ data: Record<string, unknown> }> }
    expect(typeof trade.arguments[0]?.data.price).toBe('string')
    const quote = m.records.find((r) => r.target === 'GatewayQuote') as { arguments: [string, { bestBid: number; bestAsk: number }] }
    expect(quote.arguments[1].bestBid).toBeGreaterThan(quote.arguments[1].bestAsk)
    const depth = m.records.find((r) => r.target === 'GatewayDepth') as { arguments: [string, unknown[]] }
    expect(depth.arguments[1][0]).toBeNull()
    s.control.injectFrame({ hub: 'user', target: 'GatewayUserPosition', arguments: [[{ action: 1, data: { id: 1 } }]] })
    await until(() => u.records.some((r) => r.target === 'GatewayUserPosition'))
    u.records.length = 0
    u.ws.removeAllListeners('message')
    const raw: string[] = []
    u.ws.on('message', (d) => raw.push(String(d)))
    s.control.injectGarbage({ kind: 'malformedJson' })
    await until(() => raw.length > 0)
    expect(() => JSON.parse(raw[0]?.split('\u001e')[0] ?? '')).toThrow()
    u.ws.close()
    m.ws.close()
  })
})
