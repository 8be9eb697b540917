// The whole engine on its embedded simulator: discovery, hubs, reconciliation, the pushed events the UI
// relies on, and the kill switch flattening what another trader's hands opened in "the web app".

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../src/main/app/create-engine'
import { MemorySecretStore } from '../../src/main/secrets/memory-secret-store'
import type { EventName } from '../../src/shared/ipc/contract'
import { startSimulator, type SimControl, type SimulatorHandle } from '../../src/sim'
import { MemoryLogger } from '../fakes/memory-logger'
import { waitFor } from './wait-for'

interface Running {
  engine: Engine
  sim: SimControl
  events: { name: EventName; payload: unknown }[]
  dataDir: string
  logger: MemoryLogger
}

const running: Running[] = []
const handles: SimulatorHandle[] = []

async function startEngine(): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tiltguard-engine-'))
  const logger = new MemoryLogger()
  let handle: SimulatorHandle | null = null
  const engine = createEngine(
    // No rules: these tests watch the wire layer; enforcement has its own tests (enforcement*.test.ts).
    { dataDir, host: 'headless', simulator: { quoteIntervalMs: 50, seed: 7 }, exampleRulesFile: fileURLToPath(new URL('../support/rules/no-rules.yaml', import.meta.url)) },
    {
      logger,
      secretStore: new MemorySecretStore(),
      startSimulator: async (options) => {
        handle = await startSimulator(options)
        handles.push(handle)
        return handle
      },
    },
  )
  const events: Running['events'] = []
  engine.attach({ emit: (name, payload) => events.push({ name, payload }) })
  await engine.start()
  if (handle === null) throw new Error('the engine did not start its simulator')
  const run = { engine, sim: (handle as SimulatorHandle).control, events, dataDir, logger }
  running.push(run)
  return run
}

afterEach(async () => {
  for (const run of running.splice(0)) {
    await run.engine.stop()
    rmSync(run.dataDir, { recursive: true, force: true })
  }
})


describe('engine on the embedded simulator', () => {
  it('the embedded simulator serves no HTTP control API; it is controlled in process only (issue 12)', async () => {
    const { sim } = await startEngine()
    const restUrl = (handles.at(-1) as SimulatorHandle).restUrl
    const res = await fetch(`${restUrl}/_sim/quote`, { method: 'POST', body: '{}' })
    await res.text()
    expect(res.status).toBe(404)
    expect(sim).toBeDefined()
  })

  it('an unhandled rejection is logged and the engine keeps serving (issue 7 item 9)', async () => {
    const { engine, logger } = await startEngine()
    void Promise.reject(new Error('a fire-and-forget promise failed'))
    await waitFor(async () => (logger.lines.some((l) => l.message.startsWith('unhandled promise rejection')) ? true : null))
    const snapshot = await engine.handlers.getSnapshot({})
    expect(snapshot.session).toBeDefined()
  })

  it('with no account configured it watches the simulator and reaches OK with fresh data (HUB-6, RECON-2)', async () => {
    const { engine } = await startEngine()
    const snapshot = await waitFor(async () => {
      const s = await engine.handlers.getSnapshot({})
      return s.health.overall === 'OK' && s.health.freshness === 'FRESH' ? s : null
    })
    expect(snapshot.session.mode).toBe('simulator')
    expect(snapshot.session.state).toBe('VALID')
    expect(snapshot.health.userHub.state).toBe('CONNECTED')
    expect(snapshot.health.marketHub.state).toBe('CONNECTED')
    expect(snapshot.portfolio.accounts.length).toBeGreaterThanOrEqual(2)
    expect(engine.status()).toEqual({ overall: 'OK', hasOpenPositions: false })
    expect(snapshot.audit.map((a) => a.message)).toContain('Watching the built-in simulator')
  })

  it('mirrors an order filled in "the web app" and pushes it to the UI', async () => {
    const { engine, events, sim } = await startEngine()
    const first = await waitFor(async () => {
      const s = await engine.handlers.getSnapshot({})
      return s.health.freshness === 'FRESH' ? s : null
    })
    const accountId = first.portfolio.accounts[0]?.id ?? 0
    sim.placeOrder({ accountId, contractId: 'CON.F.US.MNQ.Z26', type: 2, side: 0, size: 2 })
    const position = await waitFor(async () => {
      const s = await engine.handlers.getSnapshot({})
      return s.portfolio.positions.find((p) => p.accountId === accountId) ?? null
    })
    expect(position).toMatchObject({ contractId: 'CON.F.US.MNQ.Z26', side: 'long', size: 2 })
    await waitFor(() => events.some((e) => e.name === 'portfolioChanged' && JSON.stringify(e.payload).includes('MNQ')))
    expect(engine.status().hasOpenPositions).toBe(true)

    // FILL-6 / issue 11: quotes of the held contract (every 50 ms here) move the position's last price and
    // unrealized P&L, and reach the UI coalesced to about 10 pushes a second, the latest state last.
    await waitFor(() => sim.frames({ hub: 'market', excludePings: true }).length > 0)
    await new Promise((r) => setTimeout(r, 300))
    const pushesBefore = events.filter((e) => e.name === 'portfolioChanged').length
    const quotesBefore = sim.frames({ hub: 'market', excludePings: true }).length
    await new Promise((r) => setTimeout(r, 1_000))
    expect(sim.frames({ hub: 'market', excludePings: true }).length).toBeGreaterThan(quotesBefore + 8)
    const pushes = events.filter((e) => e.name === 'portfolioChanged').length - pushesBefore
    expect(pushes).toBeGreaterThan(0)
    expect(pushes).toBeLessThanOrEqual(12)
    const latest = (await engine.handlers.getSnapshot({})).portfolio.positions.find((p) => p.accountId === accountId)
    expect(latest?.lastPrice).not.toBeNull()
    expect(latest?.unrealizedPnl).not.toBeNull()
    expect(latest?.contractName).toBe('MNQZ6')
  })

  it('kill switch flattens positions and cancels working orders the engine did not place (CONC-3)', async () => {
    const { engine, events, sim: control } = await startEngine()
    const first = await waitFor(async () => {
      const s = await engine.handlers.getSnapshot({})
      return s.health.freshness === 'FRESH' ? s : null
    })
    const accountId = first.portfolio.accounts[0]?.id ?? 0
    control.placeOrder({ accountId, contractId: 'CON.F.US.EP.Z26', type: 2, side: 1, size: 3 })
    // A resting stop far away: closing the position leaves it working on the gateway.
    const quote = control.quote({ contractId: 'CON.F.US.EP.Z26' })
    control.placeOrder({ accountId, contractId: 'CON.F.US.EP.Z26', type: 4, side: 0, size: 3, stopPrice: (quote?.ask ?? 6000) + 50 })
    await waitFor(async () => {
      const s = await engine.handlers.getSnapshot({})
      return s.portfolio.positions.length > 0 && s.portfolio.orders.some((o) => o.status === 1) ? s : null
    })

    const report = await engine.handlers.flattenAll({ accountId, confirm: true })

    expect(report.accounts).toHaveLength(1)
    expect(report.accounts[0]).toMatchObject({ accountId, verifiedFlat: true, positionsClosed: 1, ordersCancelled: 1 })
    expect(control.positions({ accountId })).toEqual([])
    expect(control.orders({ accountId, openOnly: true })).toEqual([])
    await waitFor(() => events.some((e) => e.name === 'auditAppended' && JSON.stringify(e.payload).includes('Kill switch')))
  })

  it('CFG-1 an invalid settings.json stops start-up with the key named; secrets there are refused (CFG-4)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tiltguard-engine-'))
    try {
      const start = () => createEngine({ dataDir, host: 'headless' }, { logger: new MemoryLogger() })
      writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ hubs: { reconnectDelaysMs: [5, 1] } }))
      expect(start).toThrow(/settings\.json: hubs\.reconnectDelaysMs: must be ascending/)
      writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ apiKey: 'k' }))
      expect(start).toThrow(/apiKey: credentials never go in settings/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('refuses the kill switch for an account it does not monitor, with a typed error', async () => {
    const { engine } = await startEngine()
    await waitFor(async () => ((await engine.handlers.getSnapshot({})).health.freshness === 'FRESH' ? true : null))
    await expect(engine.handlers.flattenAll({ accountId: 1, confirm: true })).rejects.toMatchObject({
      name: 'RequestRefused',
      code: 'VALIDATION_FAILED',
    })
  })
})
