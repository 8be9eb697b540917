// Supervisor decisions at production defaults, with a fake connection and a manual clock (HUB-4/5/7/8/12).
import { describe, expect, it } from 'vitest'
import type { HubConnectionState } from '@microsoft/signalr'
import { ManualClock, flushMicrotasks } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { HubSubscriptions } from './hub-subscriptions'
import { HubSupervisor } from './hub-supervisor'
import type { ConnectionRequest, HubConnectionLike } from './signalr-connection-factory'
import { Recorder } from '../../../../test/support/hubs/wire-harness'
import type { TokenSource } from '../../ports/gateway'
import { DEFAULT_REBUILD_INTERVAL_MS } from './hub-supervisor-options'

type StartScript = 'ok' | 'fail' | '401'

class FakeConnection {
  state = 'Disconnected' as HubConnectionState
  readonly handlers = new Map<string, unknown[]>()
  closeCbs: ((e?: Error) => void)[] = []
  reconnectingCbs: ((e?: Error) => void)[] = []
  reconnectedCbs: ((id?: string) => void)[] = []
  constructor(
    readonly request: ConnectionRequest,
    private readonly script: () => StartScript,
  ) {}
  on(name: string, fn: unknown): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), fn])
  }
  off(name: string, fn: unknown): void {
    this.handlers.set(name, (this.handlers.get(name) ?? []).filter((f) => f !== fn))
  }
  onclose(cb: (e?: Error) => void): void {
    this.closeCbs.push(cb)
  }
  onreconnecting(cb: (e?: Error) => void): void {
    this.reconnectingCbs.push(cb)
  }
  onreconnected(cb: (id?: string) => void): void {
    this.reconnectedCbs.push(cb)
  }
  async start(): Promise<void> {
    const s = this.script()
    if (s === '401') this.request.onUpgradeRejected(401)
    if (s !== 'ok') throw new Error('WebSocket failed to connect')
    this.state = 'Connected' as HubConnectionState
  }
  async stop(): Promise<void> {
    this.state = 'Disconnected' as HubConnectionState
    for (const cb of this.closeCbs) cb()
  }
  async invoke(): Promise<unknown> {
    return null
  }
  /** What the library does on a transport loss, minus its own timers. */
  loseTransport(): void {
    this.state = 'Reconnecting' as HubConnectionState
    for (const cb of this.reconnectingCbs) cb(new Error('WebSocket closed with status code: 1006'))
  }
  giveUp(): void {
    this.state = 'Disconnected' as HubConnectionState
    for (const cb of this.closeCbs) cb()
  }
}

function setup(script: StartScript[] = []) {
  const clock = new ManualClock()
  const rec = new Recorder()
  const conns: FakeConnection[] = []
  const refreshes: string[] = []
  const tokens: TokenSource = {
    current: () => 'tok',
    refresh: async (reason) => {
      refreshes.push(reason)
      return 'tok2'
    },
    onTokenSwapped: () => () => {},
  }
  const logger = new MemoryLogger()
  const subs = new HubSubscriptions({ hub: 'user', clock, logger })
  subs.set([7])
  const sup = new HubSupervisor({
    hub: 'user',
    createConnection: (req) => {
      const c = new FakeConnection(req, () => script.shift() ?? 'ok')
      conns.push(c)
      return c as unknown as HubConnectionLike
    },
    tokenSource: tokens,
    clock,
    logger,
    subscriptions: subs,
    listener: rec,
    random: () => 0.5, // zero jitter
  })
  return { clock, rec, conns, sup, refreshes }
}

describe('HubSupervisor decisions (fake connection, manual clock)', () => {
  it('HUB-5 HUB-12 RECONNECTING once per outage; polling requested exactly 10 s into it', async () => {
    const { clock, rec, conns, sup } = setup()
    sup.start()
    await clock.advanceAsync(0)
    expect(sup.state).toBe('CONNECTED')
    conns[0]!.loseTransport()
    conns[0]!.loseTransport()
    expect(rec.statesOf('user').filter((s) => s === 'RECONNECTING')).toHaveLength(1)
    expect(rec.outages).toEqual(['user'])
    await clock.advanceAsync(9_999)
    expect(rec.polling).toEqual([])
    await clock.advanceAsync(1)
    expect(rec.polling).toEqual([{ hub: 'user', needed: true }])
    expect(sup.state).toBe('POLLING')
    conns[0]!.state = 'Connected' as HubConnectionState
    for (const cb of conns[0]!.reconnectedCbs) cb()
    await clock.advanceAsync(0)
    expect(sup.state).toBe('CONNECTED')
    expect(rec.connected.at(-1)).toEqual({ hub: 'user', reason: 'reconnect' })
    expect(rec.polling.at(-1)).toEqual({ hub: 'user', needed: false })
  })

  it('BACKOFF-1 HUB-4 H12-11 start failures retried at 0/2/10 s (policy ladder), then within the 7 s ±25 % rebuild interval once polling, handlers registered before start', async () => {
    const { clock, conns, sup } = setup(['fail', 'fail', 'fail', 'fail', 'fail', 'fail'])
    sup.start()
    await clock.advanceAsync(0)
    expect(conns).toHaveLength(2) // first retry at 0 ms
    expect([...conns[0]!.handlers.keys()]).toEqual(expect.arrayContaining(['GatewayUserOrder', 'GatewayLogout']))
    await clock.advanceAsync(1_999)
    expect(conns).toHaveLength(2)
    await clock.advanceAsync(1)
    expect(conns).toHaveLength(3)
    await clock.advanceAsync(10_000)
    expect(conns).toHaveLength(4)
    expect(sup.state).toBe('POLLING')
    // The ladder's 30 s and 60 s steps are capped while polling: REST answers, so the hub is retried every ~7 s.
    await clock.advanceAsync(8_750)
    expect(conns).toHaveLength(5)
    await clock.advanceAsync(8_750)
    expect(conns).toHaveLength(6)
    expect(sup.state).toBe('POLLING')
    // failed connections had their handlers removed with the exact references (SUB-4)
    expect(conns[0]!.handlers.get('GatewayUserOrder')).toEqual([])
  })

  it('HUB-7 RETRY-7 H12-11 policy gives up → PERMANENTLY_DISCONNECTED, polling at once, rebuild every 7 s ±25 % forever', async () => {
    const { clock, rec, conns, sup } = setup(['ok', 'fail', 'fail', 'fail'])
    sup.start()
    await clock.advanceAsync(0)
    conns[0]!.loseTransport()
    expect(conns[0]!.request.retryPolicy.nextRetryDelayInMilliseconds({ previousRetryCount: 10, elapsedMilliseconds: 400_000, retryReason: new Error('x') })).toBeNull()
    conns[0]!.giveUp()
    expect(sup.state).toBe('PERMANENTLY_DISCONNECTED')
    expect(rec.polling).toEqual([{ hub: 'user', needed: true }])
    for (let i = 1; i <= 3; i++) {
      await clock.advanceAsync(DEFAULT_REBUILD_INTERVAL_MS - 1)
      expect(conns).toHaveLength(i)
      await clock.advanceAsync(1)
      expect(conns).toHaveLength(i + 1)
      expect(sup.state).toBe('PERMANENTLY_DISCONNECTED')
    }
    await clock.advanceAsync(DEFAULT_REBUILD_INTERVAL_MS)
    expect(sup.state).toBe('CONNECTED')
    expect(rec.connected.at(-1)?.reason).toBe('rebuild')
  })

  it('HUB-8 BACKOFF-6 a 401 stops the library loop, refreshes once and rebuilds without consuming start attempts', async () => {
    const { clock, rec, conns, sup, refreshes } = setup(['ok', '401', 'ok'])
    sup.start()
    await clock.advanceAsync(0)
    conns[0]!.loseTransport()
    conns[0]!.request.onUpgradeRejected(401)
    expect(conns[0]!.request.retryPolicy.nextRetryDelayInMilliseconds({ previousRetryCount: 1, elapsedMilliseconds: 10, retryReason: new Error('x') })).toBeNull()
    conns[0]!.giveUp()
    // the rebuild itself got a 401 → one more refresh, then success; no backoff wait in between
    await clock.advanceAsync(0)
    expect(refreshes).toEqual(['hub-401', 'hub-401'])
    expect(rec.statesOf('user')).toContain('AUTH_REFRESH')
    expect(sup.state).toBe('CONNECTED')
    expect(conns).toHaveLength(3)
  })

  it('F25 HEALTH-6 stop() during an outage clears every timer and fires no polling', async () => {
    const { clock, rec, conns, sup } = setup()
    sup.start()
    await clock.advanceAsync(0)
    conns[0]!.loseTransport()
    await sup.stop()
    await flushMicrotasks()
    expect(clock.pendingCount).toBe(0)
    expect(sup.pendingTimers).toBe(0)
    await clock.advanceAsync(600_000)
    expect(conns).toHaveLength(1)
    expect(rec.polling).toEqual([])
    expect(sup.state).toBe('DISCONNECTED')
  })
})
