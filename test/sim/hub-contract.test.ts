// Contract suite, hub side: SignalR JSON protocol, auth on upgrade, subscriptions, wrapped/bare payloads (spec §6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../src/sim/index'
import { MNQ, connectHub, data, login, rawHub, sim, sleep, until, upgradeStatus } from './helpers'

let s: SimulatorHandle
let token: string
let acct: number

beforeAll(async () => {
  s = await sim({ pingIntervalMs: 50 })
  token = await login(s)
  acct = s.accountIds[0] as number
})
afterAll(() => s.close())

describe('transport and protocol (§6.1)', () => {
  it('@microsoft/signalr connects with skipNegotiation (header token) and with negotiation', async () => {
    const a = await connectHub(s.userHubUrl, token)
    const b = await connectHub(s.marketHubUrl, token, { negotiate: true, market: true })
    expect(a.conn.state).toBe('Connected')
    expect(b.conn.state).toBe('Connected')
    const log = s.control.hubLog()
    expect(log.filter((l) => l.accepted).map((l) => [l.hub, l.phase, l.via])).toEqual([
      ['user', 'connect', 'header'],
      ['market', 'negotiate', 'header'],
      ['market', 'connect', 'header'],
    ])
    await a.conn.stop()
    await b.conn.stop()
  })

  it('handshake, several records per WS message, completion vs send, unknown method, pings', async () => {
    const h = await rawHub(`${s.userHubUrl}?access_token=${token}&access_token=${token}`)
    expect(h.texts[0]).toBe('{}\u001e')
    h.send({ type: 1, invocationId: '1', target: 'SubscribeAccounts', arguments: [] }, { type: 1, target: 'SubscribeOrders', arguments: [acct] }, { type: 1, invocationId: '2', target: 'DoesNotExist', arguments: [] })
    await until(() => h.records.filter((r) => r.type === 3).length >= 2)
    const completions = h.records.filter((r) => r.type === 3)
    expect(completions[0]).toEqual({ type: 3, invocationId: '1' })
    expect(completions[1]).toMatchObject({ type: 3, invocationId: '2', error: expect.stringContaining('DoesNotExist') })
    expect(completions).toHaveLength(2) // the send (no invocationId) got no reply
    h.send({ type: 1, invocationId: '3', target: 'SubscribeTrades', arguments: ['x'] }, { type: 1, invocationId: '4', target: 'subscribepositions', arguments: [acct] })
    await until(() => h.records.filter((r) => r.type === 3).length >= 4)
    expect(h.records.find((r) => r.invocationId === '3')).toMatchObject({ error: expect.any(String) })
    expect(h.records.find((r) => r.invocationId === '4')).toEqual({ type: 3, invocationId: '4' })
    const conn = s.control.connections().find((c) => c.hub === 'user')
    expect(conn).toMatchObject({ accounts: true, orders: [acct], positions: [acct], trades: [] })
    expect(s.control.hubLog().at(-1)).toMatchObject({ via: 'query', accepted: true })
    await until(() => h.records.some((r) => r.type === 6))
    h.ws.close()
  })

  it('refuses the upgrade with 401 for missing, invalid or expired tokens; query token accepted', async () => {
    expect(await upgradeStatus(s.userHubUrl)).toBe(401)
    expect(await upgradeStatus(`${s.userHubUrl}?access_token=bad`)).toBe(401)
    expect(await upgradeStatus(s.marketHubUrl, { authorization: 'Bearer bad' })).toBe(401)
    expect(await upgradeStatus(`${s.marketHubUrl}?access_token=bad&access_token=${token}`)).toBe(0)
    const short = await sim({ tokenTtlMs: 1000 })
    try {
      const t = await login(short)
      expect(await upgradeStatus(short.userHubUrl, { authorization: `Bearer ${t}` })).toBe(0)
      short.control.advanceClock({ ms: 1001 })
      expect(await upgradeStatus(short.userHubUrl, { authorization: `Bearer ${t}` })).toBe(401)
      expect(short.control.hubLog().at(-1)).toMatchObject({ accepted: false, status: 401, via: 'header' })
    } finally {
      await short.close()
    }
  })

  it('negotiate requires a token and returns a WebSockets transport', async () => {
    const bad = await fetch(`${s.userHubUrl}/negotiate?negotiateVersion=1`, { method: 'POST' })
    expect(bad.status).toBe(401)
    const ok = await fetch(`${s.userHubUrl}/negotiate?negotiateVersion=1`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    const body = (await ok.json()) as Record<string, unknown>
    expect(body).toMatchObject({ negotiateVersion: 1, connectionId: expect.any(String), connectionToken: expect.any(String), availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }] })
  })
})

describe('user hub events (§6.3)', () => {
  it('wrapped {action,data}, one argument, nulls omitted, only subscribed accounts', async () => {
    const h = await connectHub(s.userHubUrl, token)
    await h.conn.invoke('SubscribeOrders', acct)
    s.control.placeOrder({ accountId: s.accountIds[1] as number, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 20000 })
    s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 20000 })
    await until(() => h.events.length >= 2)
    await sleep(30)
    expect(h.events).toHaveLength(2)
    for (const e of h.events) {
      expect(e.target).toBe('GatewayUserOrder')
      expect(e.args).toHaveLength(1)
      const arg = e.args[0] as Record<string, unknown>
      expect(Object.keys(arg).sort()).toEqual(['action', 'data'])
      expect(arg.action).toBe(1)
      const d = data(arg)
      expect(d.accountId).toBe(acct)
      expect(d).not.toHaveProperty('stopPrice')
      expect(d).not.toHaveProperty('customTag')
      expect(d.id as number).toBeGreaterThan(2 ** 31)
    }
    expect(h.events.map((e) => data(e.args[0]).status)).toEqual([6, 1])
    await h.conn.stop()
  })

  it('bare payloads when wrapUserEvents is false; subscriptions are lost on reconnect', async () => {
    const bare = await sim({ wrapUserEvents: false })
    try {
      const t = await login(bare)
      const a = bare.accountIds[0] as number
      const h = await connectHub(bare.userHubUrl, t)
      await h.conn.invoke('SubscribeAccounts')
      bare.control.setCanTrade({ accountId: a, canTrade: false })
      await until(() => h.events.length === 1)
      expect(h.events[0]?.args[0]).toEqual({ id: a, name: expect.any(String), balance: 50_000, canTrade: false, isVisible: true, simulated: true })
      await h.conn.stop()
      const again = await connectHub(bare.userHubUrl, t)
      bare.control.setCanTrade({ accountId: a, canTrade: true })
      await sleep(50)
      expect(again.events).toHaveLength(0)
      await again.conn.stop()
    } finally {
      await bare.close()
    }
  })
})

describe('market hub (§6.4–6.5)', () => {
  it('GatewayQuote(contractId, quote), GatewayTrade(contractId, [prints]), GatewayDepth(contractId, [entries])', async () => {
    const m = await connectHub(s.marketHubUrl, token, { market: true })
    await m.conn.invoke('SubscribeContractQuotes', MNQ)
    await m.conn.invoke('SubscribeContractTrades', MNQ)
    await m.conn.invoke('SubscribeContractMarketDepth', MNQ)
    s.control.setQuote({ contractId: MNQ, bid: 21010, ask: 21010.25, last: 21010.25 })
    await until(() => m.events.length >= 3)
    const [q, t, d] = m.events
    expect(q).toMatchObject({ target: 'GatewayQuote', args: [MNQ, expect.objectContaining({ symbol: 'F.US.MNQ', bestBid: 21010, bestAsk: 21010.25, lastPrice: 21010.25 })] })
    expect(t?.target).toBe('GatewayTrade')
    expect(t?.args[0]).toBe(MNQ)
    expect(t?.args[1]).toEqual([expect.objectContaining({ symbolId: 'F.US.MNQ', price: 21010.25, type: 0, volume: expect.any(Number) })])
    expect(d?.target).toBe('GatewayDepth')
    expect(Array.isArray(d?.args[1])).toBe(true)
    await m.conn.invoke('UnsubscribeContractQuotes', MNQ)
    await m.conn.invoke('UnsubscribeContractTrades', MNQ)
    await m.conn.invoke('UnsubscribeContractMarketDepth', MNQ)
    const n = m.events.length
    s.control.stepMarket({ contractId: MNQ })
    await sleep(30)
    expect(m.events).toHaveLength(n)
    await m.conn.stop()
  })

  it('automatic random-walk quotes tick subscribed contracts', async () => {
    const live = await sim({ quoteIntervalMs: 10 })
    try {
      const m = await connectHub(live.marketHubUrl, await login(live), { market: true })
      await m.conn.invoke('SubscribeContractQuotes', 'CON.F.US.GCE.Z26')
      await until(() => m.events.length >= 3)
      for (const e of m.events) expect(e.args[0]).toBe('CON.F.US.GCE.Z26')
      await m.conn.stop()
    } finally {
      await live.close()
    }
  })
})
