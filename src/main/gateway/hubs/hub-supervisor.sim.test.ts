// Integration against the project simulator (src/sim): header auth on the upgrade and live user events (HUB-1, SUB-2).
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator } from '../../../sim/index'
import type { SimulatorHandle } from '../../../sim/index'
import { systemClock } from '../../ports/clock'
import type { TokenSource } from '../../ports/gateway'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { HubSubscriptions } from './hub-subscriptions'
import { HubSupervisor } from './hub-supervisor'
import { createSignalrConnectionFactory } from './signalr-connection-factory'
import { Recorder, waitFor } from '../../../../test/support/hubs/wire-harness'

let sim: SimulatorHandle | null = null
let sup: HubSupervisor | null = null
afterEach(async () => {
  await sup?.dispose()
  await sim?.close()
  sup = sim = null
})

describe('HubSupervisor against the simulator', () => {
  it('HUB-1 SUB-2 the simulator sees the token by header only and the user hub connects and subscribes', async () => {
    sim = await startSimulator({ quiet: true, pingIntervalMs: 100 })
    const res = await fetch(`${sim.restUrl}/api/Auth/loginKey`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: sim.userName, apiKey: sim.apiKey }),
    })
    const token = ((await res.json()) as { token: string }).token
    const tokens: TokenSource = { current: () => token, refresh: async () => token, onTokenSwapped: () => () => {} }
    const logger = new MemoryLogger()
    const rec = new Recorder()
    const subs = new HubSubscriptions({ hub: 'user', clock: systemClock, logger })
    subs.set([...sim.accountIds])
    sup = new HubSupervisor({
      hub: 'user',
      createConnection: createSignalrConnectionFactory({ url: sim.userHubUrl, tokenSource: tokens, logger, keepAliveIntervalMs: 100, serverTimeoutMs: 1000 }),
      tokenSource: tokens,
      clock: systemClock,
      logger,
      subscriptions: subs,
      listener: rec,
    })
    sup.start()
    await waitFor(() => sup?.state === 'CONNECTED', 'CONNECTED')
    const connects = sim.control.hubLog().filter((h) => h.phase === 'connect')
    expect(connects).toHaveLength(1)
    expect(connects[0]).toMatchObject({ hub: 'user', via: 'header', token, accepted: true })
    expect(rec.connected).toEqual([{ hub: 'user', reason: 'start' }])
    expect(logger.dump()).not.toContain(token)
  })
})
