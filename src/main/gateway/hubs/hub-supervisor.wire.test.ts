// Wire tests: real @microsoft/signalr client in Node against an in-test JSON hub server (HUB-*, F10–F17, F25).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JsonHubServer } from '../../../../test/support/hubs/json-hub-server'
import { DEFAULT_REBUILD_INTERVAL_MS } from './hub-supervisor-options'
import { jitter } from './retry-policy'
import { Recorder, TestTokens, makeRig, sleep, waitFor } from '../../../../test/support/hubs/wire-harness'
import type { Rig } from '../../../../test/support/hubs/wire-harness'

const ORDER = { id: 2934939764, accountId: 7, contractId: 'CON.F.US.MYM.M26', creationTimestamp: '2026-05-06T13:36:03.4962794+00:00', status: 6, type: 2, side: 0, size: 15, fillVolume: 0 }
/** ORDER as the engine holds it once normalised: epoch ms, the fields the frame left out as null. */
const ORDER_RECORD = {
  id: 2934939764, accountId: 7, contractId: 'CON.F.US.MYM.M26', symbolId: null, createdAt: Date.UTC(2026, 4, 6, 13, 36, 3, 496), updatedAt: null,
  status: 6, type: 2, side: 0, size: 15, limitPrice: null, stopPrice: null, fillVolume: 0, filledPrice: null, customTag: null,
  trailPrice: null, trailDistance: null, parentOrderId: null, linkedOrderId: null,
}

let server: JsonHubServer
let tokens: TestTokens
const rigs: Rig[] = []
const rig = (...args: Parameters<typeof makeRig> extends [unknown, unknown, ...infer R] ? R : never): Rig => {
  const r = makeRig(server, tokens, ...args)
  rigs.push(r)
  return r
}

beforeEach(async () => {
  server = await JsonHubServer.start(50)
  tokens = new TestTokens(server)
})
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.sup.dispose()
  await server.close()
})

describe('HubSupervisor over the wire', () => {
  it('HUB-1 HUB-2 HUB-13 SUB-2 token rides in Authorization: Bearer, URL has none; subscriptions applied in order', async () => {
    const { sup, rec, logger } = rig('user', [7, 8])
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    const up = server.upgrades[0]!
    expect(up.authorization).toBe(`Bearer ${tokens.token}`)
    expect(up.url).toBe('/hubs/user')
    const targets = server.invocations.map((i) => `${i.target}(${i.args.join()})`)
    expect(targets[0]).toBe('SubscribeAccounts()')
    expect(targets.slice(1).sort()).toEqual(['SubscribeOrders(7)', 'SubscribeOrders(8)', 'SubscribePositions(7)', 'SubscribePositions(8)', 'SubscribeTrades(7)', 'SubscribeTrades(8)'])
    expect(rec.connected).toEqual([{ hub: 'user', reason: 'start' }])
    expect(rec.statesOf('user')).toEqual(['CONNECTING', 'CONNECTED'])
    expect(logger.dump()).not.toContain(tokens.token) // LOG-2
  })

  it('HUB-1 LOG-2 hubTokenInQuery puts access_token in the URL but logs stay redacted', async () => {
    const { sup, logger } = rig('user', [7], { hubTokenInQuery: true })
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    expect(server.upgrades[0]!.url).toContain(`access_token=${encodeURIComponent(tokens.token)}`)
    expect(logger.dump()).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/)
  })

  it('HUB-3 SUB-5 events are normalized, stamp lastMessageAt, and a throwing listener stops nothing', async () => {
    const { sup, rec } = rig('user', [7])
    const seen: string[] = []
    sup.onEvent(() => {
      throw new Error('boom')
    })
    sup.onEvent((e) => {
      seen.push(e.kind)
    })
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    expect(sup.health().lastMessageAt).toBeNull()
    server.broadcast('/hubs/user', 'GatewayUserOrder', { action: 1, data: ORDER })
    server.broadcast('/hubs/user', 'GatewayUserOrder', { garbage: true })
    server.broadcast('/hubs/user', 'GatewayLogout')
    await waitFor(() => seen.length === 2, 'two events')
    expect(seen).toEqual(['order', 'logout'])
    expect(rec.events[0]).toEqual({ kind: 'order', data: ORDER_RECORD })
    expect(sup.malformedFrames).toBe(1)
    expect(sup.health().lastMessageAt).not.toBeNull()
    expect(sup.state).toBe('CONNECTED')
  })

  for (const mode of ['close7', 'reset', '1011'] as const) {
    it(`F10 HUB-5 HUB-6 ${mode} → RECONNECTING once → re-subscribe → CONNECTED('reconnect')`, async () => {
      const { sup, rec } = rig('user', [7], { pollingStartDelayMs: 5000 })
      sup.start()
      await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
      server.dropAll(mode)
      await waitFor(() => rec.connected.length === 2, 'reconnected')
      expect(rec.connected[1]).toEqual({ hub: 'user', reason: 'reconnect' })
      expect(rec.statesOf('user')).toEqual(['CONNECTING', 'CONNECTED', 'RECONNECTING', 'CONNECTED'])
      expect(rec.outages).toEqual(['user'])
      expect(server.invocations.filter((i) => i.target === 'SubscribeAccounts')).toHaveLength(2)
      expect(sup.health().reconnectCount).toBe(1)
      expect(sup.health().downtimeMs).toBeGreaterThanOrEqual(0)
    })
  }

  it('F11 HUB-9 a silent stall trips the (scaled) server timeout and reconnects', async () => {
    const { sup, rec } = rig('user', [7], { serverTimeoutMs: 250, pollingStartDelayMs: 5000 })
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    server.stalled = true
    await waitFor(() => sup.state === 'RECONNECTING', 'RECONNECTING')
    server.stalled = false
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED again')
    expect(rec.connected.map((c) => c.reason)).toEqual(['start', 'reconnect'])
  })

  it('F14 HUB-7 HUB-12 BACKOFF-3 H12-12 refused upgrades → POLLING → PERMANENTLY_DISCONNECTED → rebuild loop until it returns', async () => {
    // H12-12: every count and detail is read when the state it describes is reached, never after a delay
    // that a busy machine can stretch (a rebuild may already be under way when the test looks).
    const rec = new Recorder()
    const refused = (): number => server.upgrades.filter((u) => u.status === 503).length
    let atGiveUp: number | null = null
    const record = rec.onStateChange.bind(rec)
    rec.onStateChange = (hub, state, detail) => {
      record(hub, state, detail)
      if (state === 'PERMANENTLY_DISCONNECTED' && atGiveUp === null) atGiveUp = refused()
    }
    const { sup } = rig('user', [7], { pollingStartDelayMs: 80, rec })
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    server.refuseStatus = 503
    server.dropAll('reset')
    await waitFor(() => rec.polling.length === 1, 'polling requested')
    expect(rec.polling[0]).toEqual({ hub: 'user', needed: true })
    await waitFor(() => atGiveUp !== null, 'PERMANENTLY_DISCONNECTED')
    // 1 reconnect ladder of maxAttempts (4) refused upgrades, then rebuilds keep coming
    expect(atGiveUp).toBe(4)
    await waitFor(() => refused() >= 6, 'two rebuild attempts')
    // Between a rebuild's start and its refusal the detail reads "rebuilding connection": wait for the refusal.
    await waitFor(() => sup.health().detail?.includes('503') === true, 'the 503 reason in the health detail')
    server.refuseStatus = null
    await waitFor(() => sup.state === 'CONNECTED', 'recovered')
    expect(rec.connected.at(-1)).toEqual({ hub: 'user', reason: 'rebuild' })
    expect(rec.polling.at(-1)).toEqual({ hub: 'user', needed: false })
    expect(rec.statesOf('user')).toEqual(expect.arrayContaining(['RECONNECTING', 'POLLING', 'PERMANENTLY_DISCONNECTED']))
  })

  it('H12-11 HUB-7 hub rebuild: tryNow (a poll recovered) ends a long wait between rebuilds at once; ignored while connected', async () => {
    const { sup } = rig('user', [7], { pollingStartDelayMs: 80, rebuildIntervalMs: 60_000 })
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    sup.tryNow('no-op while connected')
    expect(server.upgrades).toHaveLength(1)
    server.refuseStatus = 503
    server.dropAll('reset')
    await waitFor(() => sup.state === 'PERMANENTLY_DISCONNECTED', 'PERMANENTLY_DISCONNECTED')
    server.refuseStatus = null
    const back = Date.now()
    sup.tryNow('poll recovered')
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED long before the 60 s rebuild')
    expect(Date.now() - back).toBeLessThan(5000)
  })

  it('H12-11 hub rebuild: the default interval is short and jittered, never above 10 s', () => {
    expect(DEFAULT_REBUILD_INTERVAL_MS * 1.25).toBeLessThanOrEqual(10_000)
    expect(new Set([0, 0.5, 1].map((r) => jitter(DEFAULT_REBUILD_INTERVAL_MS, 0.25, () => r))).size).toBe(3)
  })

  it('F17 HUB-4 hub down at launch: start() retried with backoff, polling requested, connects when it returns', async () => {
    server.refuseStatus = 503
    const { sup, rec } = rig('user', [7], { pollingStartDelayMs: 80 })
    sup.start()
    await waitFor(() => server.upgrades.length >= 3, 'three start attempts')
    await waitFor(() => rec.polling.length === 1, 'polling requested')
    expect(sup.state === 'POLLING' || sup.state === 'PERMANENTLY_DISCONNECTED').toBe(true)
    server.refuseStatus = null
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    expect(rec.connected).toEqual([{ hub: 'user', reason: 'start' }])
    expect(rec.polling.at(-1)).toEqual({ hub: 'user', needed: false })
  })

  it('F15 HUB-8 401 on a reconnect upgrade → AUTH_REFRESH, one refresh, rebuild; the 401 is not retried by the library', async () => {
    const { sup, rec } = rig('user', [7])
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    server.validTokens.clear()
    server.validTokens.add('nothing-valid-yet') // the current token is now revoked
    server.dropAll('reset')
    await waitFor(() => rec.connected.length === 2, 'rebuilt')
    expect(tokens.refreshes).toEqual(['hub-401'])
    expect(server.upgrades.filter((u) => u.status === 401)).toHaveLength(1)
    expect(server.upgrades.at(-1)!.authorization).toBe(`Bearer ${tokens.token}`)
    expect(rec.statesOf('user')).toContain('AUTH_REFRESH')
    expect(rec.connected[1]!.reason).toBe('rebuild')
  })

  it('F16 TOK-12 token swapped while reconnecting: the next attempt carries the new token', async () => {
    const { sup } = rig('user', [7])
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    server.refuseStatus = 503
    server.dropAll('reset')
    await waitFor(() => server.upgrades.length >= 2, 'a refused attempt')
    const fresh = tokens.issue()
    tokens.swap(fresh)
    server.refuseStatus = null
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    expect(server.upgrades.at(-1)!.authorization).toBe(`Bearer ${fresh}`)
  })

  it('F16 TOK-12 token swap while connected: make-before-break, deferred while a flatten is in flight', async () => {
    let flattening = true
    const { sup, rec } = rig('user', [7], { deferRestart: () => flattening, deferCheckMs: 20 })
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    const fresh = tokens.issue()
    tokens.swap(fresh)
    await sleep(100)
    expect(server.upgrades).toHaveLength(1) // deferred
    let newSubscribedBeforeOldClosed = false
    const oldConn = [...server.connections][0]!
    oldConn.socket.on('close', () => {
      const fresh = [...server.connections].find((c) => c !== oldConn)
      newSubscribedBeforeOldClosed = fresh?.invocations.some((i) => i.target === 'SubscribeTrades') ?? false
    })
    flattening = false
    await waitFor(() => rec.connected.length === 2, 'swapped')
    await waitFor(() => server.openCount === 1, 'old closed')
    expect(newSubscribedBeforeOldClosed).toBe(true)
    expect(server.upgrades[1]!.authorization).toBe(`Bearer ${fresh}`)
    expect(rec.outages).toEqual([])
    expect(rec.statesOf('user')).toEqual(['CONNECTING', 'CONNECTED'])
  })

  it('F21 TOK-12 token swapped after the attempt sent the old one but before CONNECTED: moves over make-before-break on arrival', async () => {
    const { sup, rec } = rig('user', [7])
    let fresh = ''
    server.methods.set('SubscribeAccounts', () => {
      if (fresh === '') {
        fresh = tokens.issue()
        tokens.swap(fresh) // the supervisor is still CONNECTING: subscriptions are being applied
      }
      return null
    })
    sup.start()
    await waitFor(() => server.upgrades.length === 2 && server.openCount === 1 && rec.connected.length === 2, 'swapped to the fresh token')
    expect(server.upgrades[0]!.authorization).not.toBe(`Bearer ${fresh}`)
    expect(server.upgrades[1]!.authorization).toBe(`Bearer ${fresh}`)
    expect(rec.outages).toEqual([])
    expect(sup.state).toBe('CONNECTED')
  })

  it('F25 SESS-2 sign-out while RECONNECTING: no further attempts, no polling, nothing left running', async () => {
    const { sup, rec } = rig('user', [7])
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    server.refuseStatus = 503
    server.dropAll('reset')
    await waitFor(() => sup.state === 'RECONNECTING', 'RECONNECTING')
    await sup.stop()
    const attempts = server.upgrades.length
    await sleep(300)
    expect(server.upgrades.length).toBe(attempts)
    expect(sup.state).toBe('DISCONNECTED')
    expect(sup.pendingTimers).toBe(0)
    expect(rec.polling.filter((p) => p.needed)).toHaveLength(0)
  })

  it('HUB-10 a failing market hub never restarts the user hub', async () => {
    const rec = new Recorder()
    const user = rig('user', [7], { rec })
    const market = rig('market', ['CON.F.US.EP.U25'], { rec })
    user.sup.start()
    market.sup.start()
    await waitFor(() => user.sup.state === 'CONNECTED' && market.sup.state === 'CONNECTED', 'both CONNECTED')
    server.dropAll('reset', '/hubs/market')
    await waitFor(() => rec.connected.filter((c) => c.hub === 'market').length === 2, 'market reconnected')
    expect(rec.statesOf('user')).toEqual(['CONNECTING', 'CONNECTED'])
    expect(server.upgrades.filter((u) => u.path === '/hubs/user')).toHaveLength(1)
    expect(rec.outages).toEqual(['market'])
  })
})
