// Starts what the benchmarks measure on the simulator: the whole engine (as the hosts run it) or one
// GatewaySession composed the way the engine composes it, so its mirror can be observed directly.

import { fileURLToPath } from 'node:url'
import { createEngine, type Engine } from '../src/main/app/create-engine'
import type { SessionTuning } from '../src/main/app/session-config'
import { GatewaySession } from '../src/main/app/session/gateway-session'
import { wireGatewaySession, type GatewaySessionDeps, type SessionParts } from '../src/main/app/session/wire-session'
import type { RiskConfig } from '../src/main/risk'
import { createAppLogger } from '../src/main/log'
import { systemClock } from '../src/main/ports/clock'
import type { Logger } from '../src/main/ports/logger'
import type { Notifier } from '../src/main/ports/notifier'
import { MemorySecretStore } from '../src/main/secrets/memory-secret-store'
import { openStore, type Store } from '../src/main/store'
import type { EventName, EventPayload } from '../src/shared/ipc/contract'
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../src/sim'
import { tempDir, waitFor } from './support'

const quietNotifier: Notifier = { notify: () => undefined }

/** The engine's JSON file logger in a temp dir (no stderr), so logging costs what it costs in the app. */
function fileLogger(dir: string): Logger & { close(): void } {
  return createAppLogger({ logsDir: `${dir}/logs`, version: 'bench', stderr: false })
}

export interface RunningEngine {
  readonly engine: Engine
  readonly sim: SimulatorHandle
  /** Registers a listener for one pushed event; returns its remover. */
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>, at: number) => void): () => void
  stop(): Promise<void>
}

/** createEngine in simulator mode with the simulator handle captured, started and FRESH. */
export async function startEngine(simulator: SimulatorOptions = {}): Promise<RunningEngine> {
  const dir = tempDir('engine')
  const logger = fileLogger(dir.path)
  let handle: SimulatorHandle | null = null
  const engine = createEngine(
    { dataDir: dir.path, host: 'headless', simulator: { quiet: true, ...simulator }, exampleRulesFile: fileURLToPath(new URL('../test/support/rules/no-rules.yaml', import.meta.url)) },
    {
      logger,
      notifier: quietNotifier,
      secretStore: new MemorySecretStore(),
      startSimulator: async (options) => (handle = await startSimulator(options)),
    },
  )
  const listeners = new Map<EventName, Set<(payload: unknown, at: number) => void>>()
  engine.attach({
    emit: (name, payload) => {
      const at = Date.now()
      for (const l of listeners.get(name) ?? []) l(payload, at)
    },
  })
  await engine.start()
  const sim = handle as SimulatorHandle | null
  if (sim === null) throw new Error('the engine did not start its simulator')
  await waitFor(() => {
    const s = engine.status()
    return s.overall === 'OK'
  }, 15_000, 'engine OK on the simulator', 20)
  return {
    engine,
    sim,
    on(name, listener) {
      const set = listeners.get(name) ?? new Set()
      listeners.set(name, set)
      const l = listener as (payload: unknown, at: number) => void
      set.add(l)
      return () => set.delete(l)
    },
    async stop() {
      await engine.stop()
      logger.close()
      dir.remove()
    },
  }
}

export interface RunningSession {
  readonly session: GatewaySession
  /** The session's parts, so a bench can watch its mirror and risk runtime directly. */
  readonly parts: SessionParts
  readonly sim: SimulatorHandle
  /** The session's store (enforcement log, lockouts) for reading what the engine recorded. */
  readonly store: Store
  stop(): Promise<void>
}

/** One GatewaySession on a fresh simulator with a SQLite store, signed in, hubs up, reconciled; `rules` in force if given. */
export async function startSession(simulator: SimulatorOptions = {}, rules?: RiskConfig, tuning?: SessionTuning): Promise<RunningSession> {
  const dir = tempDir('session')
  const logger = fileLogger(dir.path)
  const sim = await startSimulator({ quiet: true, ...simulator })
  const store = await openStore({ path: `${dir.path}/bench.db`, logger })
  const secrets = new MemorySecretStore()
  await secrets.set('userName', sim.userName)
  await secrets.set('apiKey', sim.apiKey)
  const deps: GatewaySessionDeps = {
    mode: 'simulator',
    endpoints: { restUrl: sim.restUrl, userHubUrl: sim.userHubUrl, marketHubUrl: sim.marketHubUrl },
    secrets,
    store,
    clock: systemClock,
    logger,
    notifier: quietNotifier,
    onHealth: () => undefined,
    rules,
    ...(tuning !== undefined ? { tuning } : {}),
  }
  const parts = wireGatewaySession(deps)
  const session = new GatewaySession(deps, parts)
  await session.start({})
  await waitFor(
    () => parts.reconciler.status().freshness === 'FRESH' && parts.userHub.health().state === 'CONNECTED',
    15_000,
    'session FRESH on the simulator',
    20,
  )
  return {
    session,
    parts,
    sim,
    store,
    async stop() {
      await session.stop()
      await sim.close()
      store.close()
      logger.close()
      dir.remove()
    },
  }
}

/** Virtual time (≈ epoch ms) at which the simulator sent the user-hub frame `target` for `orderId`, or null. */
export function frameTime(sim: SimulatorHandle, target: string, orderId: number): number | null {
  const frames = sim.control.frames({ hub: 'user', excludePings: true })
  const needle = new RegExp(`"orderId":${orderId}[,}]`)
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]
    if (f !== undefined && f.text.includes(`"${target}"`) && needle.test(f.text)) return f.timeMs
  }
  return null
}
