// Starts the whole engine on its embedded simulator for chaos scenarios, records its IPC traffic and cleans up.

import { fileURLToPath } from 'node:url'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine, type Engine } from '../../src/main/app/create-engine'
import type { SessionTuning } from '../../src/main/app/session-config'
import type { Clock } from '../../src/main/ports/clock'
import { MemorySecretStore } from '../../src/main/secrets/memory-secret-store'
import type { ContractHandlers } from '../../src/shared/ipc/api'
import type { DashboardSnapshot } from '../../src/shared/ipc/views'
import type { HealthSnapshot } from '../../src/shared/domain/health'
import type { EventName } from '../../src/shared/ipc/contract'
import { startSimulator, type SimControl, type SimulatorHandle, type SimulatorOptions } from '../../src/sim'
import { MemoryLogger } from '../fakes/memory-logger'
import { waitFor } from '../integration/wait-for'
import { comparePortfolio, localTrades } from './compare'

const NO_RULES = fileURLToPath(new URL('../support/rules/no-rules.yaml', import.meta.url))

export interface ChaosRun {
  readonly engine: Engine
  /** The engine's handlers, each result also recorded in `trace` (JSON). */
  readonly handlers: ContractHandlers
  readonly sim: SimControl
  readonly handle: SimulatorHandle
  readonly dataDir: string
  readonly events: { name: EventName; payload: unknown }[]
  /** Every pushed event and every handler result, JSON-stringified: what crossed the IPC boundary. */
  readonly trace: string[]
  readonly logger: MemoryLogger | null
  stopped: boolean
}

/** Scaled timings: hub retries in hundreds of ms, rebuilds every ~1.5 s, polling after 1 s. */
export const FAST_TUNING: SessionTuning = {
  hubs: {
    retry: { delaysMs: [0, 200, 500, 1000], maxAttempts: 4, maxReconnectionTimeMs: 10_000, maxRetryDelayMs: 2000 },
    rebuildIntervalMs: 1500,
    pollingStartDelayMs: 1000,
  },
  poller: { baseIntervalMs: 500, accountIntervalMs: 1000 },
  reconciler: { minReconnectIntervalMs: 200, retryDelaysMs: [200, 500, 1000], driftIntervalMs: 5000 },
}

const running: ChaosRun[] = []

export interface StartOptions {
  readonly tuning?: SessionTuning
  readonly simulator?: SimulatorOptions
  /** Use createEngine's own JSON file logger in the data dir instead of a MemoryLogger. */
  readonly fileLogger?: boolean
  /** Replaces the wall clock (sleep/resume scenarios jump it). */
  readonly clock?: Clock
}

export async function startChaos(options: StartOptions = {}): Promise<ChaosRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tiltguard-chaos-'))
  const logger = options.fileLogger === true ? null : new MemoryLogger()
  let handle: SimulatorHandle | null = null
  const engine = createEngine(
    {
      dataDir,
      host: 'headless',
      // The wire layer under fault: rules would close what the scenarios open and change what they compare.
      exampleRulesFile: NO_RULES,
      simulator: { quoteIntervalMs: 100, seed: 11, ...options.simulator },
      tuning: options.tuning ?? FAST_TUNING,
    },
    {
      ...(logger !== null ? { logger } : {}),
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
      secretStore: new MemorySecretStore(),
      startSimulator: async (o) => (handle = await startSimulator(o)),
    },
  )
  const events: ChaosRun['events'] = []
  const trace: string[] = []
  engine.attach({
    emit: (name, payload) => {
      events.push({ name, payload })
      trace.push(JSON.stringify({ name, payload }))
    },
  })
  await engine.start()
  if (handle === null) throw new Error('the engine did not start its simulator')
  const run: ChaosRun = {
    engine,
    handlers: traceHandlers(engine.handlers, trace),
    sim: (handle as SimulatorHandle).control,
    handle,
    dataDir,
    events,
    trace,
    logger,
    stopped: false,
  }
  running.push(run)
  return run
}

/** Stops the engine (flushes SQLite WAL and log files); idempotent. */
export async function stopRun(run: ChaosRun): Promise<void> {
  if (run.stopped) return
  run.stopped = true
  await run.engine.stop()
}

/** afterEach: stop every engine and delete its data dir. */
export async function cleanupAll(): Promise<void> {
  for (const run of running.splice(0)) {
    await stopRun(run)
    rmSync(run.dataDir, { recursive: true, force: true })
  }
}

function traceHandlers(handlers: ContractHandlers, trace: string[]): ContractHandlers {
  const wrapped: Record<string, unknown> = {}
  for (const [name, fn] of Object.entries(handlers) as [string, (input: unknown) => Promise<unknown>][]) {
    wrapped[name] = async (input: unknown) => {
      try {
        const result = await fn(input)
        trace.push(JSON.stringify({ handler: name, result }))
        return result
      } catch (error) {
        trace.push(JSON.stringify({ handler: name, error: String(error) }))
        throw error
      }
    }
  }
  return wrapped as unknown as ContractHandlers
}

export function snapshot(run: ChaosRun): Promise<DashboardSnapshot> {
  return run.handlers.getSnapshot({})
}

/** Waits until the snapshot satisfies `accept` and returns it. */
export function waitSnapshot(run: ChaosRun, accept: (s: DashboardSnapshot) => boolean, timeoutMs = 15_000): Promise<DashboardSnapshot> {
  return waitFor(async () => {
    const s = await run.engine.handlers.getSnapshot({})
    return accept(s) ? s : null
  }, timeoutMs)
}

export const isFresh = (h: HealthSnapshot): boolean =>
  h.freshness === 'FRESH' && h.userHub.state === 'CONNECTED' && h.marketHub.state === 'CONNECTED'

export function waitFresh(run: ChaosRun, timeoutMs = 15_000): Promise<DashboardSnapshot> {
  return waitSnapshot(run, (s) => isFresh(s.health), timeoutMs)
}

/**
 * Waits until local == simulator (positions, working orders, order statuses, balances, fills) and returns the
 * last differences when it never converges (empty = converged).
 */
export async function waitConverged(run: ChaosRun, timeoutMs = 15_000): Promise<string[]> {
  let diffs: string[] = ['not compared yet']
  try {
    await waitFor(async () => {
      const s = await run.engine.handlers.getSnapshot({})
      diffs = isFresh(s.health) ? comparePortfolio(s.portfolio, run.sim, localTrades(run.dataDir)) : ['not FRESH']
      return diffs.length === 0
    }, timeoutMs, 100)
  } catch {
    // the caller asserts on the differences
  }
  return diffs
}

export const CONTRACTS = ['CON.F.US.MNQ.Z26', 'CON.F.US.EP.Z26', 'CON.F.US.MES.Z26', 'CON.F.US.MGC.Z26'] as const

/** A seeded PRNG (mulberry32) for reproducible chaos. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * One "web app" action: a market order (opens, adds to, reduces or reverses a position), a resting limit
 * order far from the market, or a cancel of a resting one.
 */
export function webAppTrade(sim: SimControl, accountIds: readonly number[], rand: () => number): void {
  const accountId = accountIds[Math.floor(rand() * accountIds.length)] ?? 0
  const contractId = CONTRACTS[Math.floor(rand() * CONTRACTS.length)] ?? CONTRACTS[0]
  const roll = rand()
  if (roll < 0.65) {
    sim.placeOrder({ accountId, contractId, type: 2, side: rand() < 0.5 ? 0 : 1, size: 1 + Math.floor(rand() * 3) })
  } else if (roll < 0.85) {
    const q = sim.quote({ contractId })
    const mid = q?.last ?? q?.bid ?? 1000
    const buy = rand() < 0.5
    sim.placeOrder({ accountId, contractId, type: 1, side: buy ? 0 : 1, size: 1, limitPrice: Math.round(buy ? mid * 0.9 : mid * 1.1) })
  } else {
    const open = sim.orders({ accountId, openOnly: true })
    const victim = open[Math.floor(rand() * open.length)]
    if (victim !== undefined) sim.cancelOrder({ accountId, orderId: victim.id })
  }
}
